"""Uncertainty for rates, so a small office's extreme rate is not read as a real difference."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """95% Wilson score interval for a proportion; None when there are no trials.

    Wilson rather than the normal approximation because it stays inside [0, 1] and
    behaves at small denominators and at rates near 0 or 1, which offices often have.
    """
    if trials <= 0:
        return None
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    # At 0 or all successes the bound is exactly 0 or 1; rounding left ~1e-17, which
    # flagged an office at 0.0% as "above" a national 0.0%.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= trials else min(1.0, centre + half)
    return low, high


def differs_from(reference: float | None, interval: tuple[float, float] | None) -> int:
    """+1 / -1 when the reference rate lies below / above the whole interval, else 0."""
    if reference is None or interval is None:
        return 0
    low, high = interval
    return 1 if low > reference else -1 if high < reference else 0


Z998 = 3.090232306167813  # two-sided 99.8%: the funnel plot's outer ("3 sigma") limits


def funnel_limits(reference: float, trials: float, z: float) -> tuple[float, float]:
    """Control limits of a funnel plot at denominator `trials` around the `reference` rate
    (Spiegelhalter 2005): the binomial limits by the normal approximation,
    reference ± z·√(reference·(1 − reference) / trials), clipped to [0, 1].

    The normal approximation rather than exact binomial limits: it is one line, smooth
    to draw, and within a fraction of a point of the exact limits from about 30 trials;
    below that the chart's curves are only a guide (the table keeps each office's Wilson
    interval).
    """
    half = z * math.sqrt(reference * (1 - reference) / trials) if trials > 0 else 1.0
    return max(0.0, reference - half), min(1.0, reference + half)
