"""The office home page: where every office user lands after signing in.

What it shows follows the role: a PK's clients with what is due or late, the most
urgent first (`worklist`); staff (Bimker) their training and partner work
(`panels`); the administrator the caseload of every PK, then the staff's panels. The
office's own details come last.
"""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients.operations import office_today
from portal.home.panels import panels
from portal.home.worklist import Urgency, worklist
from portal.offices.context import office_blueprint
from portal.officeversion import CASELOAD, DATA
from portal.pagecache import kept
from portal.reporting.caseload import caseload_by_pk

bp = office_blueprint("home", __name__)


def _shown() -> tuple | str:
    """A PK's home shows their own caseload (and shared data); other roles' homes show
    the office's. See portal.pagecache: a PK's home must show no other PK's clients."""
    return (CASELOAD, current_user.id) if current_user.role == Role.PK else DATA


@bp.route("/")
@kept(by=_shown)
def index():
    today = office_today()
    user = current_user._get_current_object()
    return render_template(
        "home/index.html",
        office=g.office,
        today=today,
        Urgency=Urgency,
        worklist=worklist(user, today) if user.role == Role.PK else None,
        caseload=caseload_by_pk(user, today) if user.role == Role.ADMIN else None,
        panels=panels(user),
    )
