"""The landing page of regional (Kanwil) and national (Ditjenpas) officers: the headline
figures of their scope for the last complete period, the offices that differ from the
nation, and the offices that recorded nothing."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.auth.roles import OVERSIGHT_ROLES, Role
from portal.indicators import display, landing
from portal.indicators.memo import remembered
from portal.indicators.pages import (
    figures_key,
    figures_time,
    period_choices,
    requested_period,
    table_for,
)
from portal.indicators.scope import comparison_scope

bp = Blueprint("central", __name__, url_prefix="/pusat")


@bp.before_request
@login_required
def _oversight_only():
    if current_user.role not in OVERSIGHT_ROLES:
        abort(404)


def _today() -> date:
    return date.today()


@bp.route("/")
def index():
    today = _today()
    period = requested_period(today)
    shown, reference = comparison_scope(current_user, None)
    key = figures_key(period, shown, reference, None)
    table = table_for(period, shown, reference, None, key)
    region = current_user.region.code if current_user.role == Role.REGIONAL else None
    # Headlines and lists change only with the figures: rendered once per version,
    # with the period selector above them, which changes only with the day.
    body = remembered(
        ("landing", key, region, str(get_locale()), today),
        lambda: _body(period, table, shown, region, period_choices(today)),
    )
    return render_template(
        "central/index.html",
        table=table,
        region=region,
        body=body,
        offices=len(shown),
        computed_at=figures_time(key, shown),
    )


def _body(period, table, shown, region: str | None, choices) -> Markup:
    html = render_template(
        "central/_landing_cached.html",
        table=table,
        region=region,
        choices=choices,
        headlines=landing.headlines(table, region),
        flags=landing.flags(table),
        silent=landing.silent_offices(period, table, shown),
        display=display,
    )
    return Markup(html)  # noqa: S704 - the output of an autoescaping template
