"""Indicator pages for regional and national officers (aggregates only)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.auth.roles import OVERSIGHT_ROLES
from portal.indicators import breakdown, display, export, periods, refresh
from portal.indicators.charts import Series, line_chart
from portal.indicators.comparison import build
from portal.indicators.memo import remembered
from portal.indicators.pages import (
    figures_key,
    period_choices,
    requested_group,
    requested_period,
    table_for,
)
from portal.indicators.registry import BY_ID, GROUPS, INDICATORS, RATE, READING_RULES
from portal.indicators.scope import comparison_scope, office_in_scope

bp = Blueprint("indicators", __name__, url_prefix="/pusat/indikator")


@bp.before_request
@login_required
def _oversight_only():
    if current_user.role not in OVERSIGHT_ROLES:
        abort(404)


def _today() -> date:
    return date.today()


@bp.route("/")
def comparison():
    today = _today()
    period, group = requested_period(today), requested_group() or "bimbingan"
    region = request.args.get("wilayah") or None
    shown, reference = comparison_scope(current_user, region)
    key = figures_key(period, shown, reference, group)
    table = table_for(period, shown, reference, group, key)
    # The table body is most of the page's work; it changes only with the figures.
    table_html = remembered(("html", key, str(get_locale())), lambda: _table_html(table, group))
    return render_template(
        "indicators/comparison.html",
        table=table,
        table_html=table_html,
        group=group,
        groups=GROUPS,
        region=region,
        choices=period_choices(today),
        display=display,
        computed_at=refresh.computed_at([o.id for o in shown]),
    )


def _table_html(table, group: str) -> Markup:
    html = render_template(
        "indicators/_comparison_table.html", table=table, group=group, display=display
    )
    return Markup(html)  # noqa: S704 - the output of an autoescaping template


@bp.route("/kantor/<slug>")
def office_profile(slug: str):
    office = office_in_scope(current_user, slug)
    today = _today()
    period = requested_period(today)
    _, reference = comparison_scope(current_user, None)
    table = table_for(period, [office], reference, None)
    return render_template(
        "indicators/office.html",
        breakdowns=breakdown.all_lines(period, office, reference),
        table=table,
        office=office,
        display=display,
        choices=period_choices(today),
        computed_at=refresh.computed_at([office.id]),
    )


@bp.route("/tren")
def trend():
    indicator = BY_ID.get(request.args.get("indikator", "klien_aktif")) or abort(404)
    granularity = request.args.get("granularitas", "triwulan")
    if granularity not in periods.GRANULARITIES:
        abort(400)
    today = _today()
    shown, reference = comparison_scope(current_user, request.args.get("wilayah") or None)
    slugs = request.args.getlist("kantor") or [o.slug for o in shown][:6]
    offices = [o for o in shown if o.slug in slugs]
    steps = {"tahun": 6, "triwulan": 12, "bulan": 24}[granularity]
    last = periods.series(granularity, periods.parse(today.strftime("%Y-%m")), 1)[0]
    timeline = periods.series(granularity, last, steps)
    refresh.ensure_current({o.id: o for o in [*offices, *reference]}.values())
    lines = {o.id: [] for o in offices}
    national: list[float | None] = []
    for period in timeline:
        table = build(period, offices, [indicator], reference_offices=reference)
        for row in table.rows:
            cell = row.cells[indicator.id]
            value = None if cell.hidden else cell.value
            if row.office is not None:
                lines[row.office.id].append(value)
        cell = table.national().cells[indicator.id]
        national.append(None if cell.hidden else cell.value)
    series = [Series(o.name.replace("Bapas Kelas ", ""), lines[o.id]) for o in offices]
    series.append(Series(_("Nasional"), national))
    svg = line_chart([p.short_label for p in timeline], series, percent=indicator.kind == RATE)
    return render_template(
        "indicators/trend.html",
        indicator=indicator,
        indicators=INDICATORS,
        chart=Markup(svg),  # noqa: S704 - built from escaped parts
        granularity=granularity,
        granularities=periods.GRANULARITIES,
        offices=shown,
        selected=slugs,
        timeline=timeline,
    )


@bp.route("/definisi")
def definitions():
    return render_template(
        "indicators/definitions.html",
        indicators=INDICATORS,
        groups=GROUPS,
        reading_rules=READING_RULES,
    )


@bp.route("/ekspor.<fmt>")
def export_table(fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    today = _today()
    period, group = requested_period(today), requested_group()
    shown, reference = comparison_scope(current_user, request.args.get("wilayah") or None)
    table = table_for(period, shown, reference, group)
    return export.response(table, fmt)
