"""Sorting the comparison by a column and ranking offices by an indicator.

Only what a page shows takes part: a suppressed or not-yet-reportable figure has no
place in an order (its position would tell how small it is), so such offices come
last, by name, without a rank. Region and national totals are not ranked: they stay
pinned below the offices.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.indicators.comparison import OFFICE, Cell, Row, Table

BY_NAME = "kantor"
DIRECTIONS = ("turun", "naik")  # descending (highest first), ascending


@dataclass(frozen=True)
class Order:
    key: str  # an indicator id of the table, or BY_NAME
    descending: bool

    @property
    def direction(self) -> str:
        return DIRECTIONS[0] if self.descending else DIRECTIONS[1]


def parse_order(table: Table, key: str, direction: str) -> Order | None:
    """The order asked for in `?urut=&arah=`; None when absent; ValueError when invalid."""
    if not key and not direction:
        return None
    if key != BY_NAME and key not in {i.id for i in table.indicators}:
        raise ValueError(key)
    if direction and direction not in DIRECTIONS:
        raise ValueError(direction)
    # Names read A to Z only; an indicator defaults to the highest first.
    return Order(key, key != BY_NAME and direction != "naik")


def shown_value(cell: Cell) -> float | None:
    """The figure as the page shows it, or None when the page shows no number."""
    if cell.not_yet or cell.hidden:
        return None
    return cell.value


@dataclass
class Ranked:
    row: Row
    rank: int | None  # 1 for the first in the order; ties share a rank


def ordered(table: Table, order: Order) -> list[Ranked]:
    """Offices in the order asked for with their ranks, then the totals as they were."""
    offices = [r for r in table.rows if r.kind == OFFICE]
    totals = [r for r in table.shown_rows if r.kind != OFFICE]
    if order.key == BY_NAME:
        offices.sort(key=lambda r: r.label)
        return [Ranked(r, None) for r in offices] + [Ranked(r, None) for r in totals]
    valued = [(shown_value(r.cells[order.key]), r) for r in offices]
    known = sorted(
        ((v, r) for v, r in valued if v is not None),
        key=lambda vr: (-vr[0] if order.descending else vr[0], vr[1].label),
    )
    unknown = sorted((r for v, r in valued if v is None), key=lambda r: r.label)
    result: list[Ranked] = []
    for position, (value, row) in enumerate(known, start=1):
        tied = result and known[position - 2][0] == value
        result.append(Ranked(row, result[-1].rank if tied else position))
    return result + [Ranked(r, None) for r in unknown] + [Ranked(r, None) for r in totals]


def rank_of(table: Table, indicator_id: str, office_id: int) -> tuple[int | None, int]:
    """(rank, offices ranked) of one office, highest value first."""
    ranks = ordered(table, Order(indicator_id, True))
    offices = [r for r in ranks if r.rank is not None]
    rank = next((r.rank for r in offices if r.row.office and r.row.office.id == office_id), None)
    return rank, len(offices)
