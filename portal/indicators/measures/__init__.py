"""Measures: the counts indicators are formed from, computed per office and period.

Each source computes its measures for one office, through `db.session` inside that
office's scope (so the tenancy filter applies as everywhere else), for every period
at once, and returns {period key: {measure key: value}}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from portal.indicators.measures import clients, guidance, litmas, partners, reporting, trainings
from portal.indicators.periods import Period

Values = dict[str, dict[str, float]]
Source = Callable[[list[Period], date], Values]


def _what_works(periods: list[Period], today: date) -> Values:
    """Imported when called: the what-works module itself reads this package's measures."""
    from portal.whatworks.measures import compute

    return compute(periods, today)


# Sources recomputed once a day per office rather than after every write: what works
# follows outcomes over months, and matching every trained client doubles an office's
# refresh (1.1 s to 2.3 s at 11,000 clients), which the first page after a write waits for.
DAILY: frozenset[Source] = frozenset({_what_works})
DAILY_PREFIXES = ("ww.",)

SOURCES: list[Source] = [
    clients.compute,
    guidance.compute,
    reporting.compute,
    trainings.compute,
    partners.compute,
    litmas.compute,
    _what_works,
]
