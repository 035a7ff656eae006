"""The portal as gunicorn serves it, plus a hello-world route: the benchmark's yardstick.

Kept out of wsgi.py so the production app has no such route.
"""

from portal import create_app

app = create_app()


@app.route("/__hello")
def hello() -> str:
    return "hello"
