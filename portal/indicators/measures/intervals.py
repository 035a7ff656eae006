"""Counting people within date intervals, for every period at once (vectorised)."""

from __future__ import annotations

from datetime import date

import numpy as np

from portal.indicators.periods import Period


def ordinals(days: list[date | None], missing: int) -> np.ndarray:
    return np.array([d.toordinal() if d else missing for d in days], dtype=np.int64)


def active_on(starts: np.ndarray, stops: np.ndarray, day: date) -> np.ndarray:
    """Mask of intervals [start, stop] that contain `day`."""
    d = day.toordinal()
    return (starts <= d) & (stops >= d)


def overlapping(starts: np.ndarray, stops: np.ndarray, period: Period) -> np.ndarray:
    """Mask of intervals that share at least one day with the period."""
    return (starts <= period.end.toordinal()) & (stops >= period.start.toordinal())


def within(days: np.ndarray, period: Period) -> np.ndarray:
    return (days >= period.start.toordinal()) & (days <= period.end.toordinal())
