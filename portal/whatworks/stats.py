"""From stored sums to rates, differences, intervals and balance.

The difference's 95% interval is Newcombe's hybrid score interval (Newcombe 1998,
method 10): the Wilson interval of each rate, combined. It stays inside [-1, 1] and
behaves at small counts and at rates near 0 or 1, where the normal approximation does
not. The comparison rate is a weighted mean, so its Wilson interval uses the
comparison group's effective size (Kish): mn² / Σ n_t² / n_c, which is smaller than
the number of comparison clients when a few of them stand in for many trained ones.
Both rates are treated as independent; comparison clients serving several strata make
the interval slightly too narrow, which the page says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from portal.indicators.stats import Z95

MIN_GROUP = 60  # the Justice Data Lab's minimum: no comparison for smaller groups


def wilson(successes: float, trials: float, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion; counts may be weighted (not whole)."""
    if trials <= 0:
        return None
    p = min(1.0, max(0.0, successes / trials))
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Estimate:
    """One outcome of one group: trained against comparison, over matched clients."""

    matched: float  # trained clients matched, with a known outcome (mn)
    trained_rate: float
    comparison_rate: float
    effective_comparison: float
    difference: float
    low: float
    high: float

    @property
    def signal(self) -> int:
        """+1 / -1 when the whole interval lies above / below no difference."""
        return 1 if self.low > 0 else -1 if self.high < 0 else 0


def estimate(mn: float, mt: float, mc: float, mq: float, z: float = Z95) -> Estimate | None:
    """The difference and its interval (95% unless `z` says otherwise)."""
    if mn <= 0 or mq <= 0:
        return None
    p_t, p_c = mt / mn, mc / mn
    n_c = mn * mn / mq
    l_t, u_t = wilson(mt, mn, z)
    l_c, u_c = wilson(p_c * n_c, n_c, z)
    d = p_t - p_c
    low = d - math.sqrt((p_t - l_t) ** 2 + (u_c - p_c) ** 2)
    high = d + math.sqrt((u_t - p_t) ** 2 + (p_c - l_c) ** 2)
    return Estimate(mn, p_t, p_c, n_c, d, max(-1.0, low), min(1.0, high))


def mean_and_variance(s1: float, s2: float, n: float) -> tuple[float, float] | None:
    if n <= 0:
        return None
    mean = s1 / n
    return mean, max(0.0, s2 / n - mean * mean)


def standardised_difference(
    trained: tuple[float, float] | None, comparison: tuple[float, float] | None
) -> float | None:
    """(mean_t − mean_c) / √((var_t + var_c) / 2): under 0.1 reads as balanced."""
    if trained is None or comparison is None:
        return None
    spread = math.sqrt((trained[1] + comparison[1]) / 2)
    if spread == 0:
        return 0.0 if trained[0] == comparison[0] else None
    return (trained[0] - comparison[0]) / spread
