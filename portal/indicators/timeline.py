"""Comparison tables over consecutive periods, for trend charts and sparklines.

The figures are made current once for the whole series, and each period's table is
kept like the comparison's (keyed by the figures' versions), so a trend costs one
read per period the first time and none after.
"""

from __future__ import annotations

from datetime import date

from portal.indicators import memo, periods, refresh
from portal.indicators.comparison import Table, build
from portal.indicators.registry import Indicator
from portal.offices.models import Office

STEPS = {"tahun": 6, "triwulan": 12, "bulan": 24}


def recent(granularity: str, today: date, steps: int | None = None) -> list[periods.Period]:
    """The last periods of a granularity, ending with the one that holds today."""
    last = periods.series(granularity, periods.parse(today.strftime("%Y-%m")), 1)[0]
    return periods.series(granularity, last, steps or STEPS[granularity])


def is_provisional(period: periods.Period, today: date) -> bool:
    """A period still running: its figures will change, so charts mark it."""
    return period.end >= today


def tables(
    timeline: list[periods.Period],
    offices: list[Office],
    reference: list[Office],
    indicators: list[Indicator],
) -> list[Table]:
    versions = refresh.ensure_current({o.id: o for o in [*offices, *reference]}.values())
    question = (
        tuple((o.id, o.name, o.slug, o.region_id) for o in offices),
        tuple(o.id for o in reference),
        tuple(i.id for i in indicators),
        versions,
    )
    return [
        memo.remembered(
            ("series", period, question),
            lambda period=period: build(period, offices, indicators, reference_offices=reference),
        )
        for period in timeline
    ]
