"""From comparison tables to charts: which values a chart gets, and their hover tips.

Values come through `ranking.shown_value`, so a figure the table shows as suppressed
or not yet reportable is never drawn and never named in a tip.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup

from portal.indicators import display, svg
from portal.indicators.charts import (
    Dot,
    FunnelPoint,
    Series,
    dot_plot,
    funnel_plot,
    line_chart,
    short_name,
    sparkline,
)
from portal.indicators.comparison import OFFICE, Cell, Table
from portal.indicators.periods import Period
from portal.indicators.ranking import Order, ordered, shown_value
from portal.indicators.registry import COUNT, RATE, RATIO, RUPIAH, Indicator
from portal.indicators.timeline import is_provisional

UNITS = {RATE: svg.PERCENT, COUNT: svg.COUNT, RUPIAH: svg.RUPIAH, RATIO: svg.RATIO}


def unit_of(indicator: Indicator) -> str:
    return UNITS[indicator.kind]


def axis_title(indicator: Indicator) -> str:
    """The value axis names what it counts and in which unit."""
    unit = {RATE: "%", RUPIAH: "Rp", RATIO: _("rasio"), COUNT: _("jumlah")}[indicator.kind]
    return f"{indicator.name} ({unit})"


def tip(indicator: Indicator, cell: Cell, who: str) -> str:
    """ "Tangerang — T3 26: 26,5% (31 / 117)": the figure as the table reads it."""
    return f"{who}: {cell_text(indicator, cell)}"


def trend(
    indicator: Indicator, timeline: list[Period], tables: list[Table], today: date
) -> tuple[Markup, list[Series]]:
    """Each office's line; the national line only beside rates and ratios (a national
    count beside single offices would flatten them)."""
    offices = [r for r in tables[0].rows if r.kind == OFFICE] if tables else []
    series = []
    for row in offices:
        cells = [
            next(r for r in t.rows if r.office == row.office).cells[indicator.id] for t in tables
        ]
        series.append(_series(indicator, short_name(row.label), cells, timeline))
    if indicator.kind != COUNT:
        cells = [t.national().cells[indicator.id] for t in tables]
        series.append(_series(indicator, _("Nasional"), cells, timeline, reference=True))
    provisional = bool(timeline) and is_provisional(timeline[-1], today)
    label = _("Tren %(indicator)s", indicator=indicator.name)
    desc = _(
        "Garis per kantor dari %(first)s sampai %(last)s.",
        first=timeline[0].label,
        last=timeline[-1].label,
    )
    if provisional:
        desc += " " + _("Periode terakhir belum selesai: angkanya sementara.")
    chart = line_chart(
        [p.short_label for p in timeline],
        series,
        unit_of(indicator),
        provisional,
        label,
        desc,
        axis_title(indicator),
    )
    return chart, series


def _series(indicator, label, cells, timeline, reference=False) -> Series:
    return Series(
        label,
        [shown_value(c) for c in cells],
        [
            tip(indicator, c, f"{label} — {p.short_label}")
            for c, p in zip(cells, timeline, strict=True)
        ],
        reference=reference,
        texts=[cell_text(indicator, c) for c in cells],
    )


def cell_text(indicator: Indicator, cell: Cell) -> str:
    """The figure with its numerator and denominator, as a tip or table cell reads it."""
    fraction = display.fraction_text(indicator, cell)
    value = display.value_text(indicator, cell)
    return f"{value} ({fraction})" if fraction else value


def dots(indicator: Indicator, table: Table) -> Markup:
    """The rate of every office with a shown value, highest first."""
    reference = shown_value(table.national().cells[indicator.id])
    items = []
    for ranked in ordered(table, Order(indicator.id, True)):
        cell = ranked.row.cells[indicator.id]
        if ranked.rank is None or cell.interval is None:
            continue
        name = short_name(ranked.row.label)
        items.append(Dot(name, cell.value, *cell.interval, tip(indicator, cell, name), cell.signal))
    label = _(
        "%(indicator)s per kantor, %(period)s", indicator=indicator.name, period=table.period.label
    )
    desc = _(
        "Titik: angka kantor; garis: selang kepercayaan 95%; garis putus-putus: angka nasional."
    )
    return dot_plot(items, reference, label, desc)


def funnel(indicator: Indicator, table: Table, uid: str) -> Markup | None:
    reference = shown_value(table.national().cells[indicator.id])
    if reference is None:
        return None
    points = []
    for row in table.rows:
        cell = row.cells[indicator.id]
        if row.kind != OFFICE or shown_value(cell) is None or not cell.denominator:
            continue
        name = short_name(row.label)
        points.append(FunnelPoint(name, cell.denominator, cell.value, tip(indicator, cell, name)))
    label = _(
        "Plot corong %(indicator)s, %(period)s", indicator=indicator.name, period=table.period.label
    )
    desc = _(
        "Tingkat tiap kantor terhadap penyebutnya, dengan batas kendali 95%% dan 99,8%% "
        "di sekitar angka nasional %(value)s.",
        value=display.value_text(indicator, table.national().cells[indicator.id]),
    )
    titles = (f"{indicator.denominator_label} ({_('jumlah')})", axis_title(indicator))
    return funnel_plot(points, reference, titles, label, desc, uid)


def sparklines(
    indicators: list[Indicator], timeline: list[Period], tables: list[Table], today: date
) -> dict[str, Markup]:
    """A small trend per indicator for the one office of these tables."""
    provisional = bool(timeline) and is_provisional(timeline[-1], today)
    result = {}
    for indicator in indicators:
        cells = [next(r for r in t.rows if r.kind == OFFICE).cells[indicator.id] for t in tables]
        tips = [tip(indicator, c, p.short_label) for c, p in zip(cells, timeline, strict=True)]
        label = _(
            "Tren %(indicator)s, %(first)s–%(last)s",
            indicator=indicator.name,
            first=timeline[0].short_label,
            last=timeline[-1].short_label,
        )
        values = [shown_value(c) for c in cells]
        result[indicator.id] = sparkline(values, tips, provisional, label)
    return result
