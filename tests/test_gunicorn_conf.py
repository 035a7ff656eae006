"""gunicorn's settings file (gunicorn.conf.py at the checkout's root), as gunicorn loads it."""

from __future__ import annotations

import sys
from pathlib import Path

from gunicorn.app.wsgiapp import WSGIApplication

ROOT = Path(__file__).resolve().parent.parent


def test_each_worker_hands_the_gil_over_every_10_ms(monkeypatch):
    # The README's production line, started from the checkout's root: no -c option.
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "--workers", "2", "--threads", "4", "wsgi:app"])
    server = WSGIApplication()
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        server.cfg.post_fork(None, None)  # what gunicorn runs in each forked worker
        assert sys.getswitchinterval() == 0.01
    finally:
        sys.setswitchinterval(before)
