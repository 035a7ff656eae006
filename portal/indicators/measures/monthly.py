"""Measures that add up over months: computed per month once, summed per period."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import extract

from portal.indicators.periods import Period

MonthValues = dict[tuple[int, int], dict[str, float]]


def month_key(column):
    """(year, month) of a date column, portable across SQLite and PostgreSQL."""
    return extract("year", column), extract("month", column)


def sum_into_periods(per_month: MonthValues, periods: list[Period]) -> dict[str, dict[str, float]]:
    """Each period's measures: the sum of its months (a month with no rows adds 0)."""
    result: dict[str, dict[str, float]] = {}
    for period in periods:
        totals: dict[str, float] = defaultdict(float)
        for month in period.months():
            for measure, value in per_month.get((month.start.year, month.start.month), {}).items():
                totals[measure] += value
        result[period.key] = dict(totals)
    return result
