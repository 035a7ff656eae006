"""An office's own figures, with its region's and the nation's beside them."""

from __future__ import annotations

from flask import g, render_template

from portal.indicators import breakdown, display, refresh
from portal.indicators.comparison import NATIONAL, REGION
from portal.indicators.pages import period_choices, requested_period, table_for
from portal.indicators.refresh import office_today
from portal.indicators.registry import GROUPS, INDICATORS, READING_RULES
from portal.indicators.scope import all_offices_list
from portal.offices.context import office_blueprint

bp = office_blueprint("office_indicators", __name__, url_prefix="/indikator")


@bp.route("/")
def index():
    office = g.office
    today = office_today(office)
    period = requested_period(today)
    everyone = all_offices_list()
    region = [o for o in everyone if o.region_id == office.region_id]
    table = table_for(period, region, everyone, None)
    rows = [
        r
        for r in table.rows
        if (r.office is not None and r.office.id == office.id)
        or (r.kind in (REGION, NATIONAL) and not r.repeats_office)
    ]
    return render_template(
        "indicators/office_own.html",
        breakdowns=breakdown.all_lines(period, office, everyone),
        purposes=breakdown.purpose_lines(period, office, everyone),
        table=table,
        rows=rows,
        office=office,
        groups=GROUPS,
        indicators=INDICATORS,
        display=display,
        choices=period_choices(today),
        computed_at=refresh.computed_at([office.id]),
    )


@bp.route("/definisi")
def definitions():
    return render_template(
        "indicators/definitions.html",
        indicators=INDICATORS,
        groups=GROUPS,
        reading_rules=READING_RULES,
    )
