"""The calendar rules of wajib lapor, as pure functions (no database).

The operations and the demo seeder both use them, so a schedule generated for a
form and one generated in bulk follow the same rules.

Rules:
- Due dates fall every interval after guidance start (the first one interval after
  start, the last on or before guidance end). Monthly steps count from the start
  date, clamped to the month's last day: a start on 31 January gives 28/29 February,
  31 March, 30 April...
- Offices are closed on Sunday: a due date on Sunday moves to Monday (to Saturday if
  that Monday would fall after guidance end).
- Tolerance window: a due date is met by a report within [due - t, due + t] days,
  t = 7, except weekly reporting where t = 3 so that consecutive windows do not
  overlap. A report meets the *earliest* open due date whose window holds it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from portal.reporting import vocab

SUNDAY = 6
TOLERANCE_DAYS = 7


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _step(start: date, frequency: vocab.Frequency, n: int) -> date:
    if frequency.weeks:
        return start + timedelta(weeks=frequency.weeks * n)
    return add_months(start, frequency.months * n)


def _office_day(day: date, end: date) -> date:
    if day.weekday() != SUNDAY:
        return day
    monday = day + timedelta(days=1)
    return monday if monday <= end else day - timedelta(days=1)


def due_dates(start: date, end: date, frequency_code: str) -> list[date]:
    frequency = vocab.FREQUENCIES[frequency_code]
    dates: list[date] = []
    n = 1
    while (day := _step(start, frequency, n)) <= end:
        dates.append(_office_day(day, end))
        n += 1
    return dates


def tolerance(frequency_code: str) -> int:
    return min(TOLERANCE_DAYS, vocab.FREQUENCIES[frequency_code].approx_days // 2)


def window(due_on: date, frequency_code: str) -> tuple[date, date]:
    t = timedelta(days=tolerance(frequency_code))
    return due_on - t, due_on + t


@lru_cache(maxsize=4096)
def dues_with_windows(
    start: date, end: date, frequency_code: str
) -> tuple[tuple[date, date, date], ...]:
    """(due date, window from, window to) of every due date of a new schedule.

    Cached: the clients of one import share a few hundred guidance periods, so a file
    of 100,000 clients computes each calendar once, not 100,000 times.
    """
    return tuple(
        (day, *window(day, frequency_code)) for day in due_dates(start, end, frequency_code)
    )


class DueLike(Protocol):
    due_on: date
    window_from: date
    window_to: date


def earliest_open(open_dues: Iterable[DueLike], on: date) -> DueLike | None:
    """The due date a report on `on` meets: the earliest open one whose window holds it."""
    fitting = [d for d in open_dues if d.window_from <= on <= d.window_to]
    return min(fitting, key=lambda d: d.due_on, default=None)


def due_status(
    due: DueLike,
    today: date,
    *,
    cancelled: bool,
    attended: bool,
    violation: bool,
    late: bool = False,
) -> str:
    if attended:
        return vocab.HADIR_TERLAMBAT if late else vocab.HADIR
    if cancelled:
        return vocab.DIBATALKAN
    if violation:
        return vocab.PELANGGARAN
    if due.window_to < today:
        return vocab.TERLAMBAT
    if due.window_from <= today:
        return vocab.JATUH_TEMPO
    return vocab.TERJADWAL
