"""The portal as gunicorn serves it, plus hello-world routes: the benchmarks' yardsticks.

Kept out of wsgi.py so the production app has no such route.
"""

import os

from common import CHEAP_PASSWORDS
from sqlalchemy import select

from portal import create_app
from portal.audit.operations import record_read
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices, office_scope

app = create_app(CHEAP_PASSWORDS if os.environ.get("BENCH_CHEAP_PASSWORDS") else None)


@app.route("/__hello")
def hello() -> str:
    return "hello"


_OFFICES: dict[str, int] = {}


@app.route("/__hello/<slug>/dicatat")
def hello_recorded(slug: str) -> str:
    """Hello world that stores one audit event, as every view of a case file must, even
    one served kept (portal.audit.operations.record_read): the floor of a case file's
    rate while each view is committed before the page leaves."""
    if slug not in _OFFICES:  # looked up once, so each request costs only the event
        with all_offices("bench yardstick"):
            _OFFICES[slug] = db.session.scalar(select(Office.id).where(Office.slug == slug))
        db.session.rollback()  # no transaction left open: the event commits on its own
    with office_scope(_OFFICES[slug]):
        record_read("view", "client", 0, summary="Yardstick bench/pages.py")
    return "hello"
