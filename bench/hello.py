"""The portal as gunicorn serves it, plus a hello-world route: the benchmark's yardstick.

Kept out of wsgi.py so the production app has no such route.
"""

import os

from common import CHEAP_PASSWORDS

from portal import create_app

app = create_app(CHEAP_PASSWORDS if os.environ.get("BENCH_CHEAP_PASSWORDS") else None)


@app.route("/__hello")
def hello() -> str:
    return "hello"
