"""The comparison group: exact matching on coarsened case-file facts (CEM), with weights.

Why this method: every trained client is set beside clients of the same office, in the
same quarter, who are alike on every matched fact at once (a stratum). It is exact
(no model to fit, nothing random: the same data give the same answer), explainable in
one sentence on the page, additive (an office's sums add up to a region's and the
nation's without re-matching), and fast (a dictionary look-up per client). Propensity
score matching, which the Justice Data Lab uses, balances the facts only on average
and needs a model fitted per group; its matches change with the model and the order
of ties, which is harder to explain and to check on paper.

Within a stratum the comparison clients stand in for the trained ones with weight
n_trained / n_comparison each (Iacus, King and Porro 2012), so the comparison rate is
the trained group's own mix of strata. A trained client whose stratum holds no
comparison client is "not matched" and left out of the comparison (counted on the page).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date

from portal.whatworks.chains import (
    NOT_YET,
    OUTCOMES,
    WORK_FROM,
    WORK_TO,
    YES,
    Membership,
    OfficeData,
    Person,
    outcomes,
)

# Coarse on purpose: every extra cut splits the comparison clients of an office and a
# quarter further, and a trained client alone in a stratum cannot be matched. The
# balance check shows what the coarsening leaves (age and months under guidance as
# numbers, not bands).
AGE_BANDS = (18, 30)  # under 18, 18-29, 30 and over
GUIDANCE_BANDS = (183,)  # under 6 months, 6 months and over
PRISON_PROGRAMS = frozenset({"pb", "cb", "cmb", "asimilasi"})
# Comparison clients took no training from 4 months before to 8 months after their
# reference day: a training's own window (months 4 to 8 after it) then never overlaps
# theirs, while a client trained long ago can still stand in for others.
BEFORE_DAYS = WORK_TO - WORK_FROM
REFERENCE_DAY = 45  # comparison clients are measured from the middle of the quarter
BALANCE = ("age", "months", "male", "worked", "narkotika", "from_prison")


def _band(value: float, edges: tuple[int, ...]) -> int:
    return sum(value >= edge for edge in edges)


def _years(person: Person, day: int) -> float:
    return (day - person.birth) / 365.25


def stratum(person: Person, day: int) -> tuple:
    """The coarsened facts a trained and a comparison client must share."""
    return (
        person.sex,
        person.category,
        _band(_years(person, day), AGE_BANDS),
        person.offence == "narkotika",
        person.program in PRISON_PROGRAMS,
        _band(day - person.start, GUIDANCE_BANDS),
        person.worked_before,
    )


def balance_values(person: Person, day: int) -> tuple[float, ...]:
    """The facts the balance check compares, uncoarsened where they are numbers."""
    return (
        _years(person, day),
        (day - person.start) / 30.44,
        float(person.sex == "L"),
        float(person.worked_before),
        float(person.offence == "narkotika"),
        float(person.program in PRISON_PROGRAMS),
    )


def _trained_between(days: list[int] | None, low: int, high: int) -> bool:
    return bool(days) and bisect_right(days, high) > bisect_left(days, low)


def quarter_of(day: int) -> tuple[int, int]:
    d = date.fromordinal(day)
    return d.year, (d.month - 1) // 3 + 1


def reference_day(quarter: tuple[int, int]) -> int:
    year, q = quarter
    return date(year, 3 * q - 2, 1).toordinal() + REFERENCE_DAY


class Pool:
    """Comparison candidates per quarter: under guidance at this office on the quarter's
    reference day, with no attended training from BEFORE_DAYS before it to eight months
    after it (so their outcomes at six months are not a training's)."""

    def __init__(self, data: OfficeData):
        self.data = data
        self._by_quarter: dict[tuple, dict[tuple, list[Person]]] = {}
        self._outcomes: dict[tuple[int, int], tuple[int, ...]] = {}

    def strata(self, quarter: tuple[int, int]) -> dict[tuple, list[Person]]:
        found = self._by_quarter.get(quarter)
        if found is None:
            day = reference_day(quarter)
            found = defaultdict(list)
            for person in self.data.people.values():
                if person.start <= day <= person.stop and not _trained_between(
                    self.data.training_days.get(person.id), day - BEFORE_DAYS, day + WORK_TO
                ):
                    found[stratum(person, day)].append(person)
            self._by_quarter[quarter] = found
        return found

    def outcomes(self, person: Person, quarter: tuple[int, int]) -> tuple[int, ...]:
        key = (person.id, quarter)
        found = self._outcomes.get(key)
        if found is None:
            found = self._outcomes[key] = outcomes(self.data, person, reference_day(quarter))
        return found


def chain_counts(data: OfficeData, members: list[Membership]) -> dict[str, float]:
    """The chain of one set of trained clients: how many reached each step."""
    sums: dict[str, float] = defaultdict(float)
    for member in members:
        count_chain(sums, member, outcomes(data, member.person, member.start))
    return sums


def count_chain(sums: dict, member: Membership, values: tuple[int, ...]) -> None:
    sums["n"] += 1
    sums["done"] += member.completed
    for name, value in zip(OUTCOMES, values, strict=True):
        if value == NOT_YET:
            sums[f"{name}.ny"] += 1
        elif value >= 0:
            sums[f"{name}.k"] += 1
            sums[f"{name}.y"] += value == YES


def compare(data: OfficeData, pool: Pool, members: list[Membership]) -> dict[str, float]:
    """Chain counts, comparison sums and balance sums of one group of trained clients.

    Every value is a sum over strata, so offices add up (see portal.whatworks.stats):
    per outcome, `mn` trained clients matched with a known outcome, `mt` of them with
    the outcome, `mc` the weighted comparison count (Σ n_t · p_c) and `mq` Σ n_t² / n_c,
    from which the comparison group's effective size is mn² / mq.
    """
    sums: dict[str, float] = defaultdict(float)
    strata: dict[tuple, list[tuple[Membership, tuple[int, ...]]]] = defaultdict(list)
    for member in members:
        values = outcomes(data, member.person, member.start)
        count_chain(sums, member, values)
        quarter = quarter_of(member.start)
        strata[(quarter, stratum(member.person, member.start))].append((member, values))
        _add_balance(sums, "b", "t", balance_values(member.person, member.start), 1.0)
    for quarter in {q for q, _ in strata}:
        for people in pool.strata(quarter).values():
            for person in people:
                _add_balance(sums, "b", "c", balance_values(person, reference_day(quarter)), 1.0)
            sums["b.cn"] += len(people)
    used: set[int] = set()
    for (quarter, key), trained in strata.items():
        controls = pool.strata(quarter).get(key, [])
        if not controls:
            continue
        used.update(p.id for p in controls)
        sums["m"] += len(trained)
        day, weight = reference_day(quarter), len(trained) / len(controls)
        for member, _ in trained:
            _add_balance(sums, "a", "t", balance_values(member.person, member.start), 1.0)
        for person in controls:
            _add_balance(sums, "a", "c", balance_values(person, day), weight)
        control_values = [pool.outcomes(p, quarter) for p in controls]
        for i, name in enumerate(OUTCOMES):
            known_t = [v[i] for _, v in trained if v[i] >= 0]
            known_c = [v[i] for v in control_values if v[i] >= 0]
            if not known_t or not known_c:
                continue
            n_t, n_c = len(known_t), len(known_c)
            sums[f"{name}.mn"] += n_t
            sums[f"{name}.mt"] += sum(v == YES for v in known_t)
            sums[f"{name}.mc"] += n_t * sum(v == YES for v in known_c) / n_c
            sums[f"{name}.mq"] += n_t * n_t / n_c
    sums["c"] = len(used)
    return sums


def _add_balance(sums: dict, when: str, side: str, values: tuple, weight: float) -> None:
    for name, value in zip(BALANCE, values, strict=True):
        sums[f"{when}.{name}.{side}1"] += weight * value
        sums[f"{when}.{name}.{side}2"] += weight * value * value
