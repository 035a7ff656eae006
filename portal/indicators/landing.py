"""What a regional or national officer sees first: the headline figures of their scope,
the offices that differ from the nation, and the offices that recorded nothing.

Everything comes from the comparison table the indicator pages build (kept per
figures' version) and one read of the offices' activity measures: no query per office.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.indicators.comparison import NATIONAL, OFFICE, REGION, Cell, Row, Table, load_facts
from portal.indicators.periods import Period
from portal.indicators.registry import BY_ID, RATE, Indicator
from portal.offices.models import Office

HEADLINES = (
    "klien_aktif",
    "kepatuhan_lapor",
    "cakupan_pelatihan",
    "bekerja_atau_usaha",
    "residivis_selama_bimbingan",
    "litmas_tepat_waktu",
)
# What an office records itself in a period: without any, its figures are empty, not low.
ACTIVITY = {
    "reporting.attended": _l("laporan wajib lapor"),
    "guidance.sessions": _l("sesi bimbingan"),
    "train.sessions": _l("sesi pelatihan"),
}


@dataclass
class Headline:
    indicator: Indicator
    scope: Cell
    national: Cell | None  # beside a region's figure; None when the scope is the nation


@dataclass
class Flag:
    indicator: Indicator
    row: Row
    cell: Cell


@dataclass
class Silent:
    office: Row
    missing: list[str]  # what the office recorded none of
    nothing: bool  # recorded nothing at all


def scope_row(table: Table, region_code: str | None) -> Row:
    """The region's total for a regional officer, else the national total."""
    if region_code:
        for row in table.rows:
            if row.kind == REGION and row.region.code == region_code:
                return row
    return table.national()


def headlines(table: Table, region_code: str | None) -> list[Headline]:
    scope = scope_row(table, region_code)
    national = table.national()
    return [
        Headline(
            BY_ID[key],
            scope.cells[key],
            None if scope.kind == NATIONAL else national.cells[key],
        )
        for key in HEADLINES
    ]


@dataclass
class Flags:
    """One rate's offices above and below the nation, highest first."""

    indicator: Indicator
    national: Cell
    above: list[Flag]
    below: list[Flag]


def flags(table: Table) -> list[Flags]:
    """Offices whose rate's 95% interval excludes the national rate, by indicator."""
    result = []
    for indicator in table.indicators:
        if indicator.kind != RATE:
            continue
        found = [
            Flag(indicator, row, row.cells[indicator.id])
            for row in table.rows
            if row.kind == OFFICE and row.cells[indicator.id].signal
        ]
        found.sort(key=lambda f: -f.cell.value)
        if found:
            result.append(
                Flags(
                    indicator,
                    table.national().cells[indicator.id],
                    [f for f in found if f.cell.signal > 0],
                    [f for f in found if f.cell.signal < 0],
                )
            )
    return result


def silent_offices(period: Period, table: Table, offices: list[Office]) -> list[Silent]:
    """Offices that recorded no wajib lapor report, guidance session or training session
    in the period: a reader should not take their empty figures for a real zero."""
    facts = load_facts(period, [o.id for o in offices], set(ACTIVITY))
    result = []
    for row in table.rows:
        if row.kind != OFFICE:
            continue
        recorded = facts.get(row.office.id, {})
        missing = [str(label) for key, label in ACTIVITY.items() if not recorded.get(key)]
        if missing:
            result.append(Silent(row, missing, len(missing) == len(ACTIVITY)))
    return sorted(result, key=lambda s: (not s.nothing, s.office.label))
