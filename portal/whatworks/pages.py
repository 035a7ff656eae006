"""What the what-works pages, export and JSON share: the question asked (cohort years,
grouping, outcome) and the answer, kept per figures' version like the indicators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, request
from flask_babel import get_locale
from sqlalchemy import select

from portal.extensions import db
from portal.indicators import refresh
from portal.indicators.memo import remembered
from portal.offices.models import Office
from portal.partners.models import Partner
from portal.whatworks import results
from portal.whatworks.chains import AFTER, DURING, PLACEMENT, WORK

# URL words for the outcomes (Indonesian, as the rest of the portal's parameters).
OUTCOME_WORDS = {
    "bekerja": WORK,
    "penempatan": PLACEMENT,
    "residivis_bimbingan": DURING,
    "residivis_12b": AFTER,
}
WORD_OF = {v: k for k, v in OUTCOME_WORDS.items()}
MAX_YEARS = 10


@dataclass(frozen=True)
class Question:
    first: int
    last: int
    by: str  # "bidang", "jenis", "mitra"
    outcome: str

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def kind(self) -> str:
        return results.BY[self.by]

    def args(self, **changes) -> dict:
        values = {"dari": self.first, "sampai": self.last, "menurut": self.by}
        values["hasil"] = WORD_OF[self.outcome]
        return {**values, **changes}


def _year(name: str, default: int, today: date) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 2000 <= int(raw) <= today.year:
        abort(400)
    return int(raw)


def question(today: date, allowed: tuple[str, ...], default_by: str) -> Question:
    """The asked cohort years, grouping and outcome; a bad value answers 400."""
    last = _year("sampai", today.year, today)
    first = _year("dari", max(2000, last - 2), today)
    if first > last or last - first >= MAX_YEARS:
        abort(400)
    by = request.args.get("menurut") or default_by
    word = request.args.get("hasil") or "bekerja"
    if by not in allowed or word not in OUTCOME_WORDS:
        abort(400)
    return Question(first, last, by, OUTCOME_WORDS[word])


def year_choices(today: date) -> list[int]:
    return list(range(today.year, today.year - MAX_YEARS, -1))


def partner_names() -> dict[int, str]:
    """The office's partners by id (on its own pages only: the session is bound to it)."""
    return dict(db.session.execute(select(Partner.id, Partner.name)).all())


def answer(offices: list[Office], q: Question, own_office: bool) -> list[results.Group]:
    """Every group of the question over these offices' current sums, built once per
    version of their figures (and per language: the labels are words)."""
    versions = refresh.ensure_current(offices)
    ids = sorted(o.id for o in offices)
    key = ("whatworks", tuple(ids), tuple(q.years), q.kind, versions, str(get_locale()))
    return remembered(
        key,
        lambda: results.groups(
            None if own_office else ids, q.years, q.kind, partner_names() if own_office else {}
        ),
    )


def drill(offices: list[Office], q: Question, key: str, own_office: bool) -> results.Group:
    kind = key.partition(":")[0]
    allowed = (results.SKILL, results.KIND, results.PARTNER) if own_office else ("s", "k")
    if kind not in allowed and key != results.ALL:
        abort(404)
    refresh.ensure_current(offices)
    ids = None if own_office else sorted(o.id for o in offices)
    group = results.one_group(ids, q.years, key, partner_names() if own_office else {})
    if group is None:
        abort(404)
    return group
