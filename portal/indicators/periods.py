"""Reporting periods: a year ("2025"), a quarter ("2025-Q3") or a month ("2025-07")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.formatting import current_language

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
GRANULARITIES = {"tahun": _l("Tahun"), "triwulan": _l("Triwulan"), "bulan": _l("Bulan")}
_RE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    key: str

    @property
    def granularity(self) -> str:
        return "triwulan" if "Q" in self.key else "bulan" if "-" in self.key else "tahun"

    @property
    def label(self) -> str:
        """In the reader's language: "Triwulan 3 2026" / "Quarter 3 2026"."""
        return self.label_in(current_language())

    @property
    def short_label(self) -> str:
        """For chart axes: "Jan 25", "T3 25" / "Q3 25", "2025"."""
        return self.short_label_in(current_language())

    def label_in(self, language: str) -> str:
        english = language == "en"
        if self.granularity == "bulan":
            months = MONTHS_EN if english else MONTHS_ID
            return f"{months[self.start.month - 1]} {self.start.year}"
        if self.granularity == "triwulan":
            word = "Quarter" if english else "Triwulan"
            return f"{word} {self.key[-1]} {self.start.year}"
        return str(self.start.year)

    def short_label_in(self, language: str) -> str:
        english = language == "en"
        if self.granularity == "bulan":
            months = MONTHS_EN if english else MONTHS_ID
            return f"{months[self.start.month - 1][:3]} {self.start.year % 100:02d}"
        if self.granularity == "triwulan":
            return f"{'Q' if english else 'T'}{self.key[-1]} {self.start.year % 100:02d}"
        return str(self.start.year)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        return [month(self.start.year, m) for m in range(self.start.month, self.end.month + 1)]


def _month_end(year: int, m: int) -> date:
    return (date(year + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), _month_end(year, m), f"{year}-{m:02d}")


def quarter(year: int, q: int) -> Period:
    return Period(date(year, 3 * q - 2, 1), _month_end(year, 3 * q), f"{year}-Q{q}")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), str(y))


def parse(key: str) -> Period | None:
    match = _RE.match((key or "").strip())
    if not match:
        return None
    y, q, m = match.groups()
    if not 2000 <= int(y) <= 2100:
        return None
    return quarter(int(y), int(q)) if q else month(int(y), int(m)) if m else year(int(y))


def all_periods(first_year: int, today: date) -> list[Period]:
    """Every year, quarter and month from `first_year` up to the one containing today."""
    result: list[Period] = []
    for y in range(first_year, today.year + 1):
        result.append(year(y))
        result += [quarter(y, q) for q in range(1, 5) if date(y, 3 * q - 2, 1) <= today]
        result += [month(y, m) for m in range(1, 13) if date(y, m, 1) <= today]
    return result


def series(granularity: str, last: Period, count: int) -> list[Period]:
    """`count` consecutive periods of one granularity ending with the one holding `last.end`."""
    periods: list[Period] = []
    day = last.end
    for _ in range(count):
        if granularity == "tahun":
            p = year(day.year)
        elif granularity == "triwulan":
            p = quarter(day.year, (day.month - 1) // 3 + 1)
        else:
            p = month(day.year, day.month)
        periods.append(p)
        day = p.start - timedelta(days=1)
    return periods[::-1]


def default_period(today: date) -> Period:
    """The last complete quarter: recent, and no longer changing much."""
    q = (today.month - 1) // 3  # quarters fully past this year
    return quarter(today.year, q) if q else quarter(today.year - 1, 4)
