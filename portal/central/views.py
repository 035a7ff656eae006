"""The landing page of regional (Kanwil) and national (Ditjenpas) officers."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from portal.auth.roles import OVERSIGHT_ROLES
from portal.central.scope import offices_in_scope
from portal.indicators.overview import staff_counts

bp = Blueprint("central", __name__, url_prefix="/pusat")


@bp.before_request
@login_required
def _oversight_only():
    if current_user.role not in OVERSIGHT_ROLES:
        abort(404)


@bp.route("/")
def index():
    offices = offices_in_scope(current_user)
    by_region = [
        (region, list(items))
        for region, items in groupby(
            sorted(offices, key=lambda o: (o.region.name, o.name)), key=lambda o: o.region
        )
    ]
    return render_template(
        "central/index.html",
        by_region=by_region,
        counts=staff_counts(offices),
        total=len(offices),
    )
