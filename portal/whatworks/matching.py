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
from functools import cached_property

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


class Summary:
    """What a set of comparison clients contributes, measured once and shared by every
    group that meets it: their ids, balance sums (Σx, Σx² per characteristic) and, per
    outcome, how many are known and how many have it. Outcomes are measured only when a
    trained client first meets the stratum (most strata of a quarter never are)."""

    def __init__(self, data: OfficeData, people: list[Person], quarter: tuple[int, int]):
        self._data, self._people, self._day = data, people, reference_day(quarter)
        self.ids = tuple(p.id for p in people)
        values = [balance_values(p, self._day) for p in people]
        self.balance = tuple(
            (sum(v[i] for v in values), sum(v[i] * v[i] for v in values))
            for i in range(len(BALANCE))
        )

    @property
    def count(self) -> int:
        return len(self.ids)

    @cached_property
    def _outcomes(self) -> list[tuple[int, ...]]:
        return [outcomes(self._data, p, self._day) for p in self._people]

    @cached_property
    def known(self) -> tuple[int, ...]:
        return tuple(sum(v[i] >= 0 for v in self._outcomes) for i in range(len(OUTCOMES)))

    @cached_property
    def yes(self) -> tuple[int, ...]:
        return tuple(sum(v[i] == YES for v in self._outcomes) for i in range(len(OUTCOMES)))


class Pool:
    """Comparison candidates per quarter: under guidance at this office on the quarter's
    reference day, with no attended training from BEFORE_DAYS before it to eight months
    after it (so their outcomes at six months are not a training's).

    Summaries are kept per quarter and stratum: skill fields, partner kinds and
    partners meet the same comparison clients, who are measured once.
    """

    def __init__(self, data: OfficeData):
        self.data = data
        self._by_quarter: dict[tuple, dict[tuple, Summary]] = {}
        self._everyone: dict[tuple, tuple[int, tuple]] = {}

    def strata(self, quarter: tuple[int, int]) -> dict[tuple, Summary]:
        found = self._by_quarter.get(quarter)
        if found is None:
            day = reference_day(quarter)
            people: dict[tuple, list[Person]] = defaultdict(list)
            for person in self.data.people.values():
                if person.start <= day <= person.stop and not _trained_between(
                    self.data.training_days.get(person.id), day - BEFORE_DAYS, day + WORK_TO
                ):
                    people[stratum(person, day)].append(person)
            found = {k: Summary(self.data, v, quarter) for k, v in people.items()}
            self._by_quarter[quarter] = found
        return found

    def everyone(self, quarter: tuple[int, int]) -> tuple[int, tuple]:
        """All candidates of the quarter, whatever their stratum: their number and
        balance sums (the balance before matching)."""
        found = self._everyone.get(quarter)
        if found is None:
            parts = list(self.strata(quarter).values())
            balance = tuple(
                (sum(p.balance[i][0] for p in parts), sum(p.balance[i][1] for p in parts))
                for i in range(len(BALANCE))
            )
            found = self._everyone[quarter] = (sum(p.count for p in parts), balance)
        return found


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
        count, balance = pool.everyone(quarter)
        _add_sums(sums, "b", balance, 1.0)
        sums["b.cn"] += count
    used: set[int] = set()
    for (quarter, key), trained in strata.items():
        controls = pool.strata(quarter).get(key)
        if controls is None:
            continue
        used.update(controls.ids)
        sums["m"] += len(trained)
        for member, _ in trained:
            _add_balance(sums, "a", "t", balance_values(member.person, member.start), 1.0)
        _add_sums(sums, "a", controls.balance, len(trained) / controls.count)
        for i, name in enumerate(OUTCOMES):
            known_t = [v[i] for _, v in trained if v[i] >= 0]
            n_c = controls.known[i]
            if not known_t or not n_c:
                continue
            n_t = len(known_t)
            sums[f"{name}.mn"] += n_t
            sums[f"{name}.mt"] += sum(v == YES for v in known_t)
            sums[f"{name}.mc"] += n_t * controls.yes[i] / n_c
            sums[f"{name}.mq"] += n_t * n_t / n_c
    sums["c"] = len(used)
    return sums


def _add_sums(sums: dict, when: str, balance: tuple, weight: float) -> None:
    """Comparison clients' balance sums, each client weighted alike."""
    for (first, second), (s1, s2) in zip(_KEYS[(when, "c")], balance, strict=True):
        sums[first] += weight * s1
        sums[second] += weight * s2


_KEYS = {
    (when, side): [(f"{when}.{n}.{side}1", f"{when}.{n}.{side}2") for n in BALANCE]
    for when in ("a", "b")
    for side in ("t", "c")
}


def _add_balance(sums: dict, when: str, side: str, values: tuple, weight: float) -> None:
    for (first, second), value in zip(_KEYS[(when, side)], values, strict=True):
        sums[first] += weight * value
        sums[second] += weight * value * value
