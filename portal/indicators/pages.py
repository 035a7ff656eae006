"""What the indicator pages share: reading the period and group, and building tables."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, request

from portal.indicators import memo, periods, refresh
from portal.indicators.comparison import Table, build
from portal.indicators.registry import GROUPS, INDICATORS, in_group
from portal.offices.models import Office


def requested_period(today: date, future: int = 400) -> periods.Period:
    """The period asked for; a malformed one is refused (400), one not begun yet answers
    `future`: the JSON API says 404 (no figures exist for it yet), since its document can
    only describe the period's form, not the calendar."""
    key = request.args.get("periode", "")
    if not key:
        return periods.default_period(today)
    period = periods.parse(key)
    if period is None:
        abort(400)
    if period.start > today:
        abort(future)
    return period


def requested_group() -> str | None:
    group = request.args.get("kelompok", "")
    if group and group not in GROUPS:
        abort(400)
    return group or None


def figures_key(
    period: periods.Period, shown: list[Office], reference: list[Office], group: str | None
) -> tuple:
    """Make the figures current; return what a result built from them depends on."""
    versions = refresh.ensure_current({o.id: o for o in [*shown, *reference]}.values())
    return (
        period,
        group,
        tuple((o.id, o.name, o.slug, o.region_id) for o in shown),
        tuple(o.id for o in reference),
        versions,
    )


def figures_time(key: tuple, shown: list[Office]) -> datetime | None:
    """The oldest computation time among the shown offices: what the page may claim.
    Read off the versions `figures_key` found, so it costs no second query."""
    ids = {o.id for o in shown}
    return min((t for office_id, _, t in key[-1] if office_id in ids and t), default=None)


def table_for(
    period: periods.Period,
    shown: list[Office],
    reference: list[Office],
    group: str | None,
    key: tuple | None = None,
) -> Table:
    """The comparison table over current figures, built once per figures' version."""
    indicators = in_group(group) if group else INDICATORS
    return memo.remembered(
        ("table", key or figures_key(period, shown, reference, group)),
        lambda: build(period, shown, indicators, reference_offices=reference),
    )


def period_choices(today: date) -> list[periods.Period]:
    """Recent periods offered in the selector (any valid key may be typed in the URL)."""
    choices: list[periods.Period] = []
    for y in range(today.year, today.year - 5, -1):
        choices.append(periods.year(y))
        choices += [
            periods.quarter(y, q) for q in range(4, 0, -1) if periods.quarter(y, q).start <= today
        ]
    return choices
