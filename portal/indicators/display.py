"""How a cell reads on a page and in JSON (one place for both; the exports write the
same figures as typed cells, see `export.py`).

A suppressed figure reads the same everywhere — a count, a rate, a ratio, a part of
a fraction: the word "disembunyikan" ("suppressed"), with the reason in its title.
It never reads "<5" where a percentage is expected, and never claims "<5" for a
figure hidden only because a small one could be had from it by subtraction.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.formatting import number, percent, rupiah
from portal.indicators.comparison import Cell
from portal.indicators.registry import COUNT, RATE, RUPIAH, Indicator

SUPPRESSED = _l("disembunyikan")
SUPPRESSED_REASON = _l(
    "Disembunyikan untuk melindungi kerahasiaan klien: angka 1–4, atau angka yang dapat "
    "dipakai menghitung angka kecil dari totalnya."
)
NOT_YET = _l("belum dapat dilaporkan")


def suppressed_mark() -> Markup:
    return Markup('<abbr class="suppressed" title="{}">{}</abbr>').format(
        SUPPRESSED_REASON, SUPPRESSED
    )


def count_text(value: float | None, hidden: bool) -> str:
    if value is None:
        return "—"
    return suppressed_mark() if hidden else number(value)


def is_suppressed(indicator: Indicator, cell: Cell) -> bool:
    """The headline figure is withheld for privacy."""
    if cell.not_yet:
        return False
    return cell.numerator_hidden if indicator.kind == COUNT else cell.hidden


def empty_text(indicator: Indicator, cell: Cell) -> str | None:
    """Why a figure that is not suppressed has no value, in words (None: it has one)."""
    if cell.not_yet:
        return str(NOT_YET)
    if indicator.nothing_counted is not None and cell.nothing_counted:
        return str(indicator.nothing_counted)
    return None


def value_text(indicator: Indicator, cell: Cell) -> str:
    """The headline figure: a count, a percentage, a ratio or rupiah."""
    if is_suppressed(indicator, cell):
        return suppressed_mark()
    empty = empty_text(indicator, cell)
    if empty is not None:
        return empty
    if indicator.kind == COUNT:
        return count_text(cell.numerator, False)
    value = cell.value
    if value is None:
        return "—"
    if indicator.kind == RATE:
        return percent(value)
    if indicator.kind == RUPIAH:
        return rupiah(value)
    return number(value, 1)


def fraction_text(indicator: Indicator, cell: Cell) -> str:
    """Numerator and denominator beside a rate, each suppressed on its own, and what
    the rate leaves out on purpose ("3 belum jatuh tempo")."""
    if not indicator.denominator or cell.not_yet or cell.numerator is None:
        return ""
    left_out = Markup("")
    if indicator.not_counted and cell.not_counted:
        left_out = Markup("{} {}").format(
            count_text(cell.not_counted, cell.not_counted_hidden), indicator.not_counted_label
        )
        if cell.nothing_counted:  # "0 / 0" would only repeat that nothing is counted
            return left_out
    if indicator.kind == RUPIAH:
        top = rupiah(cell.numerator) if not cell.numerator_hidden else suppressed_mark()
    else:
        top = count_text(cell.numerator, cell.numerator_hidden)
    text = Markup("{} / {}").format(top, count_text(cell.denominator, cell.denominator_hidden))
    return text + Markup(" · ") + left_out if left_out else text


def interval_text(cell: Cell) -> str:
    if cell.interval is None:
        return ""
    low, high = cell.interval
    return _(
        "95%% KI %(low)s–%(high)s",
        low=percent(low),
        high=percent(high),
    )


def _whole(value: float | None) -> int | None:
    """Counts and rupiah sums are whole numbers: JSON gives 69, not 69.0."""
    return None if value is None else round(value)


def as_json(indicator: Indicator, cell: Cell) -> dict:
    """Machine-readable cell: suppressed figures are null with a flag, never the value."""
    data: dict = {"not_yet_reportable": cell.not_yet}
    if cell.not_yet:
        return data
    data["numerator"] = None if cell.numerator_hidden else _whole(cell.numerator)
    data["numerator_suppressed"] = cell.numerator_hidden
    if indicator.denominator:
        data["denominator"] = None if cell.denominator_hidden else _whole(cell.denominator)
        data["denominator_suppressed"] = cell.denominator_hidden
    if indicator.not_counted:
        data["not_counted"] = None if cell.not_counted_hidden else _whole(cell.not_counted)
        data["not_counted_suppressed"] = cell.not_counted_hidden
    value = None if cell.hidden else cell.value
    data["value"] = _whole(value) if indicator.kind == COUNT else value
    if cell.interval:
        data["ci95"] = list(cell.interval)
    if indicator.kind == RATE:
        data["differs_from_national"] = cell.signal
    return data
