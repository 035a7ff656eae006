"""The calendar rules of wajib lapor, checked by hand against a real calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.reporting import schedule


def test_monthly_dates_clamp_to_month_end_and_skip_sunday():
    # From Friday 31 Jan 2025: 28 Feb, 31 Mar, 30 Apr, 31 May (Sat), 30 Jun, 31 Jul;
    # 31 Aug is a Sunday and moves to Monday 1 Sep.
    assert schedule.due_dates(date(2025, 1, 31), date(2025, 9, 15), "bulanan") == [
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
        date(2025, 6, 30),
        date(2025, 7, 31),
        date(2025, 9, 1),
    ]
    # When that Monday is after guidance end, the due date moves back to Saturday.
    assert schedule.due_dates(date(2025, 1, 31), date(2025, 8, 31), "bulanan")[-1] == date(
        2025, 8, 30
    )


def test_leap_year_and_every_two_months():
    assert schedule.due_dates(date(2023, 12, 31), date(2024, 6, 30), "dua_bulanan") == [
        date(2024, 2, 29),
        date(2024, 4, 30),
        date(2024, 6, 29),  # 30 Jun 2024 is a Sunday
    ]


def test_weekly_dates_from_a_sunday_start_move_to_monday():
    # 6 Apr 2025 is a Sunday: every due date falls on a Sunday and moves to Monday.
    assert schedule.due_dates(date(2025, 4, 6), date(2025, 5, 4), "mingguan") == [
        date(2025, 4, 14),
        date(2025, 4, 21),
        date(2025, 4, 28),
        date(2025, 5, 3),
    ]
    assert schedule.due_dates(date(2025, 1, 6), date(2025, 2, 3), "dua_mingguan") == [
        date(2025, 1, 20),
        date(2025, 2, 3),
    ]


def test_tolerance_window_does_not_overlap_for_weekly_reporting():
    assert schedule.window(date(2025, 3, 10), "bulanan") == (date(2025, 3, 3), date(2025, 3, 17))
    assert schedule.window(date(2025, 3, 10), "mingguan") == (date(2025, 3, 7), date(2025, 3, 13))
    assert schedule.tolerance("dua_mingguan") == 7


@dataclass
class Due:
    due_on: date
    window_from: date = None
    window_to: date = None

    def __post_init__(self):
        self.window_from, self.window_to = schedule.window(self.due_on, "bulanan")


def test_a_report_meets_the_earliest_open_due_date_in_its_window():
    feb, mar = Due(date(2025, 2, 6)), Due(date(2025, 2, 18))
    assert schedule.earliest_open([mar, feb], date(2025, 2, 12)) is feb
    assert schedule.earliest_open([mar], date(2025, 2, 12)) is mar
    assert schedule.earliest_open([feb, mar], date(2025, 1, 29)) is None  # 8 days early
    assert schedule.earliest_open([feb], date(2025, 2, 13)) is feb  # last day of the window
    assert schedule.earliest_open([feb], date(2025, 2, 14)) is None
