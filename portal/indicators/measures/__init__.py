"""Measures: the counts indicators are formed from, computed per office and period.

Each source computes its measures for one office (inside that office's scope, so
the tenancy filter applies as everywhere else) for every period at once, and
returns {period key: {measure key: value}}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from portal.indicators.measures import clients
from portal.indicators.periods import Period

Values = dict[str, dict[str, float]]
Source = Callable[[Session, list[Period], date], Values]

SOURCES: list[Source] = [clients.compute]
