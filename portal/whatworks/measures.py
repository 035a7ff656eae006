"""What-works sums as indicator measures, kept with the office's other figures.

Registered in `portal.indicators.measures.SOURCES`, so they are recomputed by the same
refresh as every indicator (stale on any write to the office's data, recomputed on the
next page that reads figures) and stored as `IndicatorFact` rows: pages answer from
stored sums, and a region or the nation adds its offices' sums.

Measures are `ww.<group>.<field>`; groups are `all`, `s:<skill field>`, `k:<partner
kind>` ("kantor" when the office trains itself) and `p:<partner id>`. The comparison is
kept per cohort year (a training's first day); the chain of all trained clients also
per quarter and month, for the registry's indicators.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date

from portal.indicators.periods import Period
from portal.whatworks import chains
from portal.whatworks.matching import Pool, compare, count_chain

PREFIX = "ww."


def measure(group: str, field: str) -> str:
    return f"{PREFIX}{group}.{field}"


def compute(periods: list[Period], today: date) -> dict[str, dict[str, float]]:
    data = chains.load(today)
    if not data.groups:
        return {}
    pool = Pool(data)
    years = {p.start.year: p.key for p in periods if p.granularity == "tahun"}
    result: dict[str, dict[str, float]] = defaultdict(dict)
    for group, members in data.groups.items():
        cohorts = defaultdict(list)
        for member in members:
            cohorts[date.fromordinal(member.start).year].append(member)
        for year, cohort in cohorts.items():
            if year in years:
                _store(result[years[year]], group, compare(data, pool, cohort))
    trained = sorted(
        (
            (member.start, member, chains.outcomes(data, member.person, member.start))
            for member in data.groups.get("all", [])
        ),
        key=lambda t: t[0],
    )
    starts = [t[0] for t in trained]
    for period in periods:
        if period.granularity == "tahun":
            continue
        low = bisect_left(starts, period.start.toordinal())
        high = bisect_right(starts, period.end.toordinal())
        sums: dict[str, float] = defaultdict(float)
        for _start, member, values in trained[low:high]:
            count_chain(sums, member, values)
        _store(result[period.key], "all", sums)
    return result


def _store(values: dict[str, float], group: str, sums: dict[str, float]) -> None:
    for field, value in sums.items():
        if value:
            values[measure(group, field)] = float(value)
