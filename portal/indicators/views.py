"""Indicator pages for regional and national officers (aggregates only)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup

from portal.auth.roles import OVERSIGHT_ROLES
from portal.indicators import breakdown, display, export, periods, plots, ranking, refresh
from portal.indicators.memo import remembered
from portal.indicators.pages import (
    figures_key,
    figures_time,
    period_choices,
    requested_group,
    requested_period,
    table_for,
)
from portal.indicators.registry import BY_ID, GROUPS, INDICATORS, RATE, READING_RULES
from portal.indicators.scope import comparison_scope, office_in_scope
from portal.indicators.timeline import is_provisional, recent
from portal.indicators.timeline import tables as timeline_tables

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
    order = _requested_order(table)
    # Everything above the legend (the table, its tabs, links and forms) is the same for
    # every viewer of these figures in this scope (the key names the offices shown), with
    # the same region asked for (its links keep it), order, language and day (the period
    # choices): rendered once per figures' version.
    body = remembered(
        ("page", key, region, order, str(get_locale()), today),
        lambda: _body(table, group, region, order, period_choices(today)),
    )
    return render_template(
        "indicators/comparison.html",
        body=body,
        computed_at=figures_time(key, shown),
    )


def _requested_order(table) -> ranking.Order | None:
    try:
        return ranking.parse_order(
            table, request.args.get("urut", ""), request.args.get("arah", "")
        )
    except ValueError:
        abort(400)


def _body(table, group: str, region: str | None, order, choices) -> Markup:
    if order:
        rows = ranking.ordered(table, order)
    else:
        rows = [ranking.Ranked(r, None) for r in table.shown_rows]
    table_html = render_template(
        "indicators/_comparison_table.html",
        table=table,
        rows=rows,
        group=group,
        region=region,
        order=order,
        display=display,
    )
    html = render_template(
        "indicators/_comparison_body.html",
        table=table,
        table_html=Markup(table_html),  # noqa: S704 - the output of an autoescaping template
        group=group,
        groups=GROUPS,
        region=region,
        order=order,
        choices=choices,
    )
    return Markup(html)  # noqa: S704 - the output of an autoescaping template


@bp.route("/kantor/<slug>")
def office_profile(slug: str):
    office = office_in_scope(current_user, slug)
    today = _today()
    period = requested_period(today)
    shown, reference = comparison_scope(current_user, None)
    table = table_for(period, [office], reference, None)
    # Ranks among the offices the viewer compares (the region for a Kanwil officer).
    peers = table_for(period, shown, reference, None)
    ranks = {i.id: ranking.rank_of(peers, i.id, office.id) for i in INDICATORS}
    timeline = periods.series("triwulan", period, 8)
    history = timeline_tables(timeline, [office], reference, INDICATORS)
    return render_template(
        "indicators/office.html",
        breakdowns=breakdown.all_lines(period, office, reference),
        purposes=breakdown.purpose_lines(period, office, reference),
        table=table,
        office=office,
        ranks=ranks,
        sparklines=plots.sparklines(INDICATORS, timeline, history, today),
        timeline=timeline,
        display=display,
        choices=period_choices(today),
        computed_at=refresh.computed_at([office.id]),
    )


@bp.route("/grafik")
def charts():
    today = _today()
    period = requested_period(today)
    indicator = BY_ID.get(request.args.get("indikator", "kepatuhan_lapor"))
    if indicator is None or indicator.kind != RATE:
        abort(400)
    region = request.args.get("wilayah") or None
    shown, reference = comparison_scope(current_user, region)
    key = figures_key(period, shown, reference, indicator.group)
    table = table_for(period, shown, reference, indicator.group, key)
    # The drawings and the table view change only with the figures, like the comparison.
    body = remembered(
        ("charts", key, indicator.id, str(get_locale())),
        lambda: _charts_body(indicator, table),
    )
    return render_template(
        "indicators/charts.html",
        indicator=indicator,
        rates=[i for i in INDICATORS if i.kind == RATE],
        table=table,
        region=region,
        body=body,
        choices=period_choices(today),
        computed_at=figures_time(key, shown),
    )


def _charts_body(indicator, table) -> Markup:
    html = render_template(
        "indicators/_charts_body.html",
        indicator=indicator,
        ranked=ranking.ordered(table, ranking.Order(indicator.id, True)),
        dots=plots.dots(indicator, table),
        funnel=plots.funnel(indicator, table, "funnel-clip"),
        display=display,
    )
    return Markup(html)  # noqa: S704 - the output of an autoescaping template


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
    timeline = recent(granularity, today)
    tables = timeline_tables(timeline, offices, reference, [indicator])
    chart, series = plots.trend(indicator, timeline, tables, today)
    return render_template(
        "indicators/trend.html",
        indicator=indicator,
        indicators=INDICATORS,
        chart=chart,
        series=series,
        provisional=is_provisional(timeline[-1], today),
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
