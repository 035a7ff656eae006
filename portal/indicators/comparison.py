"""The comparison table: offices × indicators for one period, with region and
national totals, small-number suppression and confidence intervals.

Pages, exports and the JSON API all call `build`, so they show the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.indicators import suppression
from portal.indicators.models import IndicatorFact
from portal.indicators.periods import Period
from portal.indicators.registry import Indicator
from portal.indicators.stats import differs_from, wilson_interval
from portal.offices.models import Office
from portal.tenancy import all_offices

OFFICE, REGION, NATIONAL = "office", "region", "national"


@dataclass
class Cell:
    numerator: float | None = None
    denominator: float | None = None
    numerator_hidden: bool = False
    denominator_hidden: bool = False
    not_yet: bool = False  # a cohort whose follow-up window has not closed
    # Members the indicator leaves out on purpose (Indicator.not_counted), or None.
    not_counted: float | None = None
    not_counted_hidden: bool = False
    interval: tuple[float, float] | None = None
    signal: int = 0  # +1/-1: the national rate lies outside this cell's 95% interval

    @property
    def value(self) -> float | None:
        if self.not_yet or self.numerator is None:
            return None
        if self.denominator is None:
            return self.numerator
        return self.numerator / self.denominator if self.denominator else None

    @property
    def hidden(self) -> bool:
        """The headline value is withheld (small numbers)."""
        return self.numerator_hidden or self.denominator_hidden

    @property
    def nothing_counted(self) -> bool:
        """The denominator is empty only because every member was left out on purpose."""
        return not self.denominator and bool(self.not_counted)


@dataclass(frozen=True)
class OfficeRef:
    """What a row says of its office: plain values, so a built table can be kept and
    shown again in later requests (an ORM object would belong to one session)."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class RegionRef:
    id: int
    code: str
    name: str


@dataclass
class Row:
    kind: str
    label: str
    office: OfficeRef | None = None
    region: RegionRef | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    offices: int = 1  # how many offices the row adds up
    # An office alone in its region: its region's total is this same row, so pages and
    # exports show the office once, naming its region, and no "Total" row repeats it.
    alone_in_region: bool = False

    @property
    def repeats_office(self) -> bool:
        return self.kind == REGION and self.offices == 1

    @property
    def name(self) -> str:
        """The row's name in the reader's language (office and region names are proper
        names; only the nation's is translated)."""
        return str(_l("Nasional")) if self.kind == NATIONAL else self.label


@dataclass
class Table:
    period: Period
    indicators: list[Indicator]
    rows: list[Row]

    def national(self) -> Row:
        return next(r for r in self.rows if r.kind == NATIONAL)

    @property
    def shown_rows(self) -> list[Row]:
        """The rows a reader sees: a region of one office is not shown twice (the JSON
        keeps every region's total, marked with its number of offices)."""
        return [r for r in self.rows if not r.repeats_office]


def load_facts(period: Period, office_ids: list[int], measures: set[str]):
    """{office_id: {measure: value}} — the one cross-office read, aggregates only."""
    values: dict[int, dict[str, float]] = defaultdict(dict)
    with all_offices("indicators: aggregate figures of the offices in the viewer's scope"):
        rows = db.session.execute(
            select(IndicatorFact.office_id, IndicatorFact.measure, IndicatorFact.value).where(
                IndicatorFact.period == period.key,
                IndicatorFact.office_id.in_(office_ids),
                IndicatorFact.measure.in_(measures),
            )
        ).all()
    for office_id, measure, value in rows:
        values[office_id][measure] = value
    return values


def _cell(indicator: Indicator, facts: dict[str, float]) -> Cell:
    if indicator.window_measure and not facts.get(indicator.window_measure):
        return Cell(not_yet=True)
    numerator = facts.get(indicator.numerator, 0.0)
    denominator = facts.get(indicator.denominator, 0.0) if indicator.denominator else None
    left_out = facts.get(indicator.not_counted, 0.0) if indicator.not_counted else None
    return Cell(numerator=numerator, denominator=denominator, not_counted=left_out)


def _sum_cells(indicator: Indicator, cells: list[Cell]) -> Cell:
    if any(c.not_yet for c in cells):
        return Cell(not_yet=True)
    cell = Cell(numerator=sum(c.numerator or 0 for c in cells))
    if indicator.denominator:
        cell.denominator = sum(c.denominator or 0 for c in cells)
    if indicator.not_counted:
        cell.not_counted = sum(c.not_counted or 0 for c in cells)
    return cell


def _suppress(
    indicator: Indicator, national: Cell, regions: list[tuple[Cell, list[Cell]]], complete: bool
) -> None:
    """Apply suppression over the national → region → office hierarchy of one indicator.

    When the national total covers offices not shown (a regional view), their
    remainder (national minus the regions shown) can be had by subtraction, so it
    takes part as one more region: hidden if it is itself a small number.
    """
    parts = [("numerator", "numerator_hidden")] if indicator.numerator_is_people else []
    if indicator.denominator and indicator.denominator_is_people:
        parts.append(("denominator", "denominator_hidden"))
    for attr, flag in parts:
        _suppress_part(attr, flag, national, regions, complete)
    if indicator.not_counted:
        # Counted + left out is a total published elsewhere (named participations,
        # participations), so the left-out number tells no more than the denominator
        # does: it is shown exactly when the denominator is, and hidden with it (the
        # denominator's hierarchy then protects both).
        for total, offices in [(national, []), *regions]:
            for cell in (total, *offices):
                cell.not_counted_hidden = cell.denominator_hidden


def _suppress_part(
    attr: str, flag: str, national: Cell, regions: list[tuple[Cell, list[Cell]]], complete: bool
) -> None:
    owners: dict[int, Cell] = {}
    region_nodes = [
        _node(total, attr, owners, flag, [_node(c, attr, owners, flag) for c in offices])
        for total, offices in regions
    ]
    if not complete:
        shown = sum(getattr(total, attr) or 0 for total, _ in regions)
        remainder = (getattr(national, attr) or 0) - shown
        region_nodes.append(suppression.Node(remainder))
    root = _node(national, attr, owners, flag, region_nodes)
    suppression.suppress_tree(root)
    for n in root.walk():
        if n.hidden and id(n) in owners:
            setattr(owners[id(n)], flag, True)


def _node(
    cell: Cell,
    attr: str,
    owners: dict[int, Cell],
    flag: str,
    children: list[suppression.Node] | None = None,
) -> suppression.Node:
    """A cell's part as a node (a part hidden already stays hidden)."""
    n = suppression.Node(
        None if cell.not_yet else getattr(cell, attr), children or [], getattr(cell, flag)
    )
    owners[id(n)] = cell
    return n


def build(
    period: Period,
    offices: list[Office],
    indicators: list[Indicator],
    reference_offices: list[Office] | None = None,
) -> Table:
    """Rows: each region's offices then its total, and last the national total.

    `reference_offices` (default: `offices`) are the offices the national total is
    formed over; a regional officer sees their region's offices beside the whole
    country's total.
    """
    reference = reference_offices or offices
    measures = {m for i in indicators for m in i.measures}
    facts = load_facts(period, sorted({o.id for o in [*offices, *reference]}), measures)

    by_region: dict[int, list[Office]] = defaultdict(list)
    for office in sorted(offices, key=lambda o: (o.region.name, o.name)):
        by_region[office.region_id].append(office)

    rows: list[Row] = []
    region_rows: list[tuple[Row, list[Row]]] = []
    for region_offices in by_region.values():
        found = region_offices[0].region
        region = RegionRef(found.id, found.code, found.name)
        office_rows = [
            Row(
                OFFICE,
                o.name,
                office=OfficeRef(o.id, o.slug, o.name),
                region=region,
                cells={i.id: _cell(i, facts.get(o.id, {})) for i in indicators},
                alone_in_region=len(region_offices) == 1,
            )
            for o in region_offices
        ]
        total = Row(
            REGION,
            region.name,
            region=region,
            cells={i.id: _sum_cells(i, [r.cells[i.id] for r in office_rows]) for i in indicators},
            offices=len(office_rows),
        )
        rows += [*office_rows, total]
        region_rows.append((total, office_rows))

    national = Row(
        NATIONAL,
        "Nasional",
        offices=len(reference),
        cells={
            i.id: _sum_cells(i, [_cell(i, facts.get(o.id, {})) for o in reference])
            for i in indicators
        },
    )
    complete = {o.id for o in reference} <= {o.id for o in offices}
    for indicator in indicators:
        _suppress(
            indicator,
            national.cells[indicator.id],
            [
                (total.cells[indicator.id], [r.cells[indicator.id] for r in office_rows])
                for total, office_rows in region_rows
            ],
            complete,
        )
    rows.append(national)
    _add_intervals(indicators, rows, national)
    return Table(period, indicators, rows)


def _add_intervals(indicators: list[Indicator], rows: list[Row], national: Row) -> None:
    for indicator in indicators:
        if indicator.kind != "rate":
            continue
        reference = national.cells[indicator.id].value
        for row in rows:
            cell = row.cells[indicator.id]
            if cell.value is None or cell.hidden:
                continue
            cell.interval = wilson_interval(int(cell.numerator), int(cell.denominator))
            if row.kind != NATIONAL:
                cell.signal = differs_from(reference, cell.interval)
