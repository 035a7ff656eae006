"""The office home page: where every office user lands after signing in."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user
from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.extensions import db
from portal.home.worklist import sections
from portal.offices.context import office_blueprint
from portal.officeversion import CASELOAD, DATA
from portal.pagecache import kept

bp = office_blueprint("home", __name__)


def _shown() -> tuple | str:
    """A PK's home shows their own caseload (and shared data); other roles' homes show
    the office's. See portal.pagecache: a PK's home must show no other PK's clients."""
    return (CASELOAD, current_user.id) if current_user.role == Role.PK else DATA


@bp.route("/")
@kept(by=_shown)
def index():
    # The tenancy filter limits this count to the office in the URL.
    staff_by_role = dict(
        db.session.execute(
            select(User.role, func.count()).where(User.active.is_(True)).group_by(User.role)
        ).all()
    )
    return render_template(
        "home/index.html",
        office=g.office,
        staff_by_role=staff_by_role,
        worklist=sections(current_user),
    )
