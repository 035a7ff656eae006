"""How a cell reads on a page, in an export and in JSON (one place for all three)."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.formatting import number, percent, rupiah
from portal.indicators.comparison import Cell
from portal.indicators.registry import COUNT, RATE, RUPIAH, Indicator
from portal.indicators.suppression import THRESHOLD

SUPPRESSED = f"<{THRESHOLD}"


def _percent(value: float) -> str:
    return percent(value)


def count_text(value: float | None, hidden: bool) -> str:
    if value is None:
        return "—"
    return SUPPRESSED if hidden else number(value)


def value_text(indicator: Indicator, cell: Cell) -> str:
    """The headline figure: a count, a percentage, a ratio or rupiah."""
    if cell.not_yet:
        return _("belum dapat dilaporkan")
    if indicator.kind == COUNT:
        return count_text(cell.numerator, cell.numerator_hidden)
    if cell.hidden:
        return SUPPRESSED
    value = cell.value
    if value is None:
        return "—"
    if indicator.kind == RATE:
        return _percent(value)
    if indicator.kind == RUPIAH:
        return rupiah(value)
    return number(value, 1)


def fraction_text(indicator: Indicator, cell: Cell) -> str:
    """Numerator and denominator beside a rate, each suppressed on its own."""
    if not indicator.denominator or cell.not_yet or cell.numerator is None:
        return ""
    return (
        f"{count_text(cell.numerator, cell.numerator_hidden)} / "
        f"{count_text(cell.denominator, cell.denominator_hidden)}"
    )


def interval_text(cell: Cell) -> str:
    if cell.interval is None:
        return ""
    low, high = cell.interval
    return _(
        "95%% KI %(low)s–%(high)s",
        low=_percent(low),
        high=_percent(high),
    )


def as_json(indicator: Indicator, cell: Cell) -> dict:
    """Machine-readable cell: suppressed figures are null with a flag, never the value."""
    data: dict = {"not_yet_reportable": cell.not_yet}
    if cell.not_yet:
        return data
    data["numerator"] = None if cell.numerator_hidden else cell.numerator
    data["numerator_suppressed"] = cell.numerator_hidden
    if indicator.denominator:
        data["denominator"] = None if cell.denominator_hidden else cell.denominator
        data["denominator_suppressed"] = cell.denominator_hidden
    data["value"] = None if cell.hidden else cell.value
    if cell.interval:
        data["ci95"] = list(cell.interval)
    if indicator.kind == RATE:
        data["differs_from_national"] = cell.signal
    return data
