"""What the pages, exports and JSON show: stored sums of a set of offices and cohort
years, turned into chains, comparisons and balance, with the thresholds applied.

The sums are `IndicatorFact` rows (portal.whatworks.measures) kept current by the
indicators' refresh; a region's or the nation's figures add their offices' sums, so no
result is ever re-matched on a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.extensions import db
from portal.indicators.models import IndicatorFact
from portal.indicators.registry import BY_ID, Text
from portal.indicators.suppression import primary
from portal.partners.vocab import PARTNER_KINDS
from portal.tenancy import all_offices
from portal.vocab.skills import skill_label
from portal.whatworks.chains import AFTER, DURING, OFFICE_ITSELF, OUTCOMES, PLACEMENT, WORK
from portal.whatworks.matching import BALANCE
from portal.whatworks.measures import PREFIX
from portal.whatworks.stats import (
    MIN_GROUP,
    Estimate,
    estimate,
    mean_and_variance,
    standardised_difference,
)

SKILL, KIND, PARTNER, ALL = "s", "k", "p", "all"
# What a page groups by: URL word -> group kind.
BY = {"bidang": SKILL, "jenis": KIND, "mitra": PARTNER}
BY_LABELS = {
    "bidang": _l("Bidang keterampilan"),
    "jenis": _l("Jenis mitra"),
    "mitra": _l("Mitra"),
}
CENTRAL_BY = ("bidang", "jenis")  # partners are an office's own: named on its page only
OUTCOME_INDICATOR = {
    PLACEMENT: "berhasil_penempatan",
    WORK: "berhasil_bekerja",
    DURING: "berhasil_residivis_bimbingan",
    AFTER: "berhasil_residivis_12b",
}
# For re-offending a lower rate is the better one; the page says which way is good.
LOWER_IS_BETTER = frozenset({DURING, AFTER})
BALANCE_LABELS = {
    "age": _l("Umur (tahun)"),
    "months": _l("Lama dalam bimbingan sebelum pelatihan (bulan)"),
    "male": _l("Laki-laki (bagian)"),
    "worked": _l("Bekerja sebelum dipidana (bagian)"),
    "narkotika": _l("Perkara narkotika (bagian)"),
    "from_prison": _l("Program integrasi dari Lapas/Rutan (bagian)"),
}
OK, SMALL, HIDDEN, NONE = "ok", "small", "hidden", "none"
WHY = {
    SMALL: _l("Kurang dari %(n)s klien cocok: tidak dibandingkan", n=MIN_GROUP),
    HIDDEN: _l("Disembunyikan: angka kecil"),
    NONE: _l("Tidak ada klien yang cocok"),
}


def outcome_name(outcome: str) -> Text:
    return BY_ID[OUTCOME_INDICATOR[outcome]].name


@dataclass(frozen=True)
class Count:
    value: float

    @property
    def hidden(self) -> bool:
        return primary(self.value)


@dataclass(frozen=True)
class Outcome:
    id: str
    yes: Count  # trained clients with the outcome (the chain)
    known: Count  # trained clients whose outcome is known
    not_yet: Count  # trained clients whose window has not passed
    matched: float  # trained clients in the comparison (matched, outcome known)
    status: str
    estimate: Estimate | None = None

    @property
    def name(self) -> Text:
        return outcome_name(self.id)

    @property
    def rate(self) -> float | None:
        if self.yes.hidden or self.known.hidden or not self.known.value:
            return None
        return self.yes.value / self.known.value

    @property
    def rate_hidden(self) -> bool:
        return self.yes.hidden or self.known.hidden

    @property
    def why(self) -> str | None:
        return None if self.status == OK else str(WHY[self.status])

    @property
    def lower_is_better(self) -> bool:
        return self.id in LOWER_IS_BETTER


@dataclass(frozen=True)
class Balance:
    name: str
    trained_mean: float | None
    comparison_mean: float | None
    before: float | None  # standardised difference before matching
    after: float | None  # and after (weighted)

    @property
    def label(self) -> str:
        return str(BALANCE_LABELS[self.name])


@dataclass
class Group:
    key: str  # "s:kuliner", "k:lpk", "p:12", "all"
    label: str
    trained: Count
    completed: Count
    matched: Count
    unmatched: Count
    controls: Count
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    balance: list[Balance] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def code(self) -> str:
        return self.key.split(":", 1)[-1]

    @property
    def completion(self) -> float | None:
        if self.trained.hidden or self.completed.hidden or not self.trained.value:
            return None
        return self.completed.value / self.trained.value


def group_label(key: str, partners: dict[int, str]) -> str:
    kind, _, code = key.partition(":")
    if kind == SKILL:
        return skill_label(code)
    if kind == KIND:
        return (
            str(_l("Kantor sendiri"))
            if code == OFFICE_ITSELF
            else str(PARTNER_KINDS.get(code, code))
        )
    if kind == PARTNER:
        return partners.get(int(code), str(_l("Mitra tidak dikenal")))
    return str(_l("Semua pelatihan"))


def load_sums(office_ids: list[int] | None, years: list[int], prefix: str) -> dict[str, dict]:
    """{group: {field: sum}} over these offices (None: the office the session is bound
    to, on its own pages) and cohort years, for measures under `prefix`."""
    stmt = (
        select(IndicatorFact.measure, func.sum(IndicatorFact.value))
        .where(IndicatorFact.period.in_([str(y) for y in years]))
        .where(IndicatorFact.measure.like(_like(PREFIX + prefix), escape="\\"))
        .group_by(IndicatorFact.measure)
    )
    if office_ids is None:
        rows = db.session.execute(stmt).all()
    else:
        with all_offices("what works: aggregate sums of the offices in the viewer's scope"):
            rows = db.session.execute(stmt.where(IndicatorFact.office_id.in_(office_ids))).all()
    sums: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for measure, value in rows:
        group, _, name = measure[len(PREFIX) :].partition(".")
        sums[group][name] += value or 0.0
    return sums


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def build_group(key: str, sums: dict, partners: dict[int, str]) -> Group:
    get = lambda name: float(sums.get(name, 0.0))  # noqa: E731
    trained, matched = get("n"), get("m")
    group = Group(
        key,
        group_label(key, partners),
        Count(trained),
        Count(get("done")),
        Count(matched),
        Count(trained - matched),
        Count(get("c")),
    )
    for o in OUTCOMES:
        mn = get(f"{o}.mn")
        found = estimate(mn, get(f"{o}.mt"), get(f"{o}.mc"), get(f"{o}.mq"))
        if found is None:
            status = NONE
        elif mn < MIN_GROUP:
            status, found = SMALL, None
        elif primary(get(f"{o}.mt")) or primary(mn - get(f"{o}.mt")):
            status, found = HIDDEN, None
        else:
            status = OK
        group.outcomes[o] = Outcome(
            o,
            Count(get(f"{o}.y")),
            Count(get(f"{o}.k")),
            Count(get(f"{o}.ny")),
            mn,
            status,
            found,
        )
    if matched >= MIN_GROUP:
        group.balance = [_balance(name, get, trained, matched) for name in BALANCE]
    return group


def _balance(name: str, get, trained: float, matched: float) -> Balance:
    before_t = mean_and_variance(get(f"b.{name}.t1"), get(f"b.{name}.t2"), trained)
    before_c = mean_and_variance(get(f"b.{name}.c1"), get(f"b.{name}.c2"), get("b.cn"))
    after_t = mean_and_variance(get(f"a.{name}.t1"), get(f"a.{name}.t2"), matched)
    after_c = mean_and_variance(get(f"a.{name}.c1"), get(f"a.{name}.c2"), matched)
    return Balance(
        name,
        after_t[0] if after_t else None,
        after_c[0] if after_c else None,
        standardised_difference(before_t, before_c),
        standardised_difference(after_t, after_c),
    )


def groups(
    office_ids: list[int] | None, years: list[int], kind: str, partners: dict[int, str]
) -> list[Group]:
    """Every group of one kind, largest first, then the total of all trainings."""
    found = [
        build_group(key, sums, partners)
        for key, sums in load_sums(office_ids, years, f"{kind}:").items()
    ]
    found.sort(key=lambda g: (-g.trained.value, g.label))
    total = load_sums(office_ids, years, "all.").get(ALL, {})
    return [*found, build_group(ALL, total, partners)]


def one_group(
    office_ids: list[int] | None, years: list[int], key: str, partners: dict[int, str]
) -> Group | None:
    sums = load_sums(office_ids, years, f"{key}.").get(key)
    return build_group(key, sums, partners) if sums else None
