"""gunicorn's settings for the portal.

gunicorn reads this file from the directory it starts in: the checkout's root, where
the README's production line and the benchmarks under bench/ start it. Workers and
threads stay on that command line.
"""

import sys

# Each worker runs 4 threads, and a thread that comes back from the database must wait
# for the GIL while another renders a page. Python makes a running thread give the GIL
# up every switch interval (5 ms by default), so a page is cut into many slices, each
# handover costs a wait, and under load a request's latency grows with the number of
# handovers more than with its CPU. A 10 ms interval halves them. bench/workday.py,
# load (a), p95 of all requests, alternating runs on fresh copies of one database:
# 5 ms 131 and 103 ms, 10 ms 90 and 54 ms (1 ms: 240 ms; load (b) unchanged).
SWITCH_INTERVAL = 0.010


def post_fork(server, worker):
    sys.setswitchinterval(SWITCH_INTERVAL)
