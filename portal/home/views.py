"""The office home page: where every office user lands after signing in.

What it shows follows the role: a PK's clients with what is due or late, the most
urgent first (`worklist`); staff (Bimker) their training and partner work
(`panels`); the administrator the caseload of every PK, then the staff's panels. The
office's own details come last.
"""

from __future__ import annotations

import time

from flask import current_app, g, render_template
from flask_login import current_user
from sqlalchemy import select

from portal.auth.roles import Role
from portal.clients.operations import office_today
from portal.extensions import db
from portal.home.panels import panels
from portal.home.worklist import Urgency, worklist
from portal.offices.context import office_blueprint
from portal.offices.models import Region
from portal.officeversion import CASELOAD, DATA
from portal.pagecache import kept
from portal.reporting.caseload import caseload_by_pk

bp = office_blueprint("home", __name__)


def _shown() -> tuple | str:
    """A PK's home shows their own caseload (and shared data); other roles' homes show
    the office's. See portal.pagecache: a PK's home must show no other PK's clients."""
    return (CASELOAD, current_user.id) if current_user.role == Role.PK else DATA


# Regions, like offices, change only when `flask tenants sync` reads the office files
# (portal.offices.context): a region's name is kept per process for a minute.
_REGION_SECONDS = 60


def _region_name(office) -> str:
    known = current_app.extensions.setdefault("region_names", {})
    found = known.get(office.region_id)
    if found is None or found[0] < time.monotonic():
        name = db.session.scalar(select(Region.name).where(Region.id == office.region_id))
        found = known[office.region_id] = (time.monotonic() + _REGION_SECONDS, name)
    return found[1]


@bp.route("/")
@kept(by=_shown)
def index():
    today = office_today()
    user = current_user._get_current_object()
    return render_template(
        "home/index.html",
        office=g.office,
        region_name=_region_name(g.office),
        today=today,
        Urgency=Urgency,
        worklist=worklist(user, today) if user.role == Role.PK else None,
        caseload=caseload_by_pk(user, today) if user.role == Role.ADMIN else None,
        panels=panels(user),
    )
