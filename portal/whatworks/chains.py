"""Outcome chains: what followed a training, per trained client, from the case files.

One office at a time, in its scope (the tenancy filter applies as everywhere). Each
client's outcomes are measured from a start day: the first day of their first attended
session in the group for a trained client, the reference day of the quarter for a
comparison client (portal.whatworks.matching). An outcome is YES or NO once its window
has passed, NOT_YET before, and UNKNOWN when nothing was recorded (or, for re-offending
after guidance, when the guidance did not end by completion at this office).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.extensions import db
from portal.indicators.measures.clients import CLOSING, FOLLOW_UP_DAYS, new_offences
from portal.outcomes.models import EmploymentRecord
from portal.partners.models import Partner, Placement
from portal.trainings import vocab as training_vocab
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

YES, NO, NOT_YET, UNKNOWN = 1, 0, -1, -2
# The outcomes compared, in chain order (completion has no comparison: it needs a training).
PLACEMENT, WORK, DURING, AFTER = "plc", "wrk", "rdg", "r12"
OUTCOMES = (PLACEMENT, WORK, DURING, AFTER)
PLACEMENT_DAYS = 365  # a placement or internship starting within a year of the start day
WORK_AT, WORK_FROM, WORK_TO = 182, 120, 244  # "at six months": the record closest to day 182
OFFICE_ITSELF = "kantor"  # the partner kind of a training the office gives itself
WORKING = frozenset(training_vocab.WORKING)


@dataclass(frozen=True)
class Person:
    """What matching and outcomes need of one case file (days as ordinals)."""

    id: int
    sex: str
    birth: int
    category: str
    offence: str
    program: str
    worked_before: bool
    start: int
    stop: int  # end of the stretch at this office (see indicators.measures.clients)
    status: str


@dataclass
class Membership:
    """One trained client in one group (skill field, partner kind, partner, or all)."""

    person: Person
    start: int  # first day of their first attended session in the group
    completed: bool


@dataclass
class OfficeData:
    today: int
    people: dict[int, Person]
    groups: dict[str, list[Membership]]
    training_days: dict[int, list[int]]  # client -> first days of attended sessions, sorted
    work: dict[int, tuple[list[int], list[bool]]]  # client -> (days sorted, working)
    placements: dict[int, list[int]]
    offences: dict[int, list[int]]
    # (client, start day) -> outcomes: a client is in up to four groups from one day
    measured: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)


def _worked(text: str) -> bool:
    """Work before prison, from the free-text case file field."""
    words = (text or "").strip().lower()
    return bool(words) and words not in {"-", "tidak bekerja", "pelajar", "belum bekerja"}


def _people() -> dict[int, Person]:
    people = {}
    for r in db.session.execute(
        select(
            Client.id,
            Client.sex,
            Client.birth_date,
            Client.category,
            Client.offence,
            Client.program,
            Client.work_before,
            Client.guidance_start,
            Client.guidance_end,
            Client.status,
            Client.status_date,
        )
    ):
        stop = (r.status_date or r.guidance_end) if r.status in CLOSING else r.guidance_end
        people[r.id] = Person(
            r.id,
            r.sex,
            r.birth_date.toordinal(),
            r.category,
            r.offence,
            r.program,
            _worked(r.work_before),
            r.guidance_start.toordinal(),
            stop.toordinal(),
            r.status,
        )
    return people


def _group_keys(skill: str, partner_id: int | None, kinds: dict[int, str]) -> tuple[str, ...]:
    kind = kinds.get(partner_id, OFFICE_ITSELF) if partner_id else OFFICE_ITSELF
    keys = ("all", f"s:{skill}", f"k:{kind}")
    return (*keys, f"p:{partner_id}") if partner_id else keys


def _trainings(people: dict[int, Person], today: date):
    kinds = dict(db.session.execute(select(Partner.id, Partner.kind)).all())
    rows = db.session.execute(
        select(
            Participant.client_id,
            Participant.completed,
            TrainingSession.start_date,
            Training.skill_field,
            Training.partner_id,
        )
        .join(Participant.session)
        .join(TrainingSession.training)
        .where(Participant.attended.is_(True), TrainingSession.start_date <= today)
    ).all()
    days: dict[int, list[int]] = defaultdict(list)
    found: dict[str, dict[int, Membership]] = defaultdict(dict)
    for client_id, completed, day, skill, partner_id in rows:
        person = people.get(client_id)
        if person is None:
            continue
        start = day.toordinal()
        days[client_id].append(start)
        for key in _group_keys(skill, partner_id, kinds):
            member = found[key].get(client_id)
            if member is None:
                found[key][client_id] = Membership(person, start, completed)
            else:
                member.start = min(member.start, start)
                member.completed = member.completed or completed
    groups = {k: list(v.values()) for k, v in found.items()}
    return groups, {k: sorted(v) for k, v in days.items()}


def _work_records() -> dict[int, tuple[list[int], list[bool]]]:
    """Every recorded work status per client: employment records and training follow-ups."""
    found: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for client_id, day, status in db.session.execute(
        select(EmploymentRecord.client_id, EmploymentRecord.recorded_on, EmploymentRecord.status)
    ):
        found[client_id].append((day.toordinal(), status in WORKING))
    for client_id, day, status in db.session.execute(
        select(Participant.client_id, FollowUp.followed_on, FollowUp.work_status).join(
            FollowUp.participant
        )
    ):
        found[client_id].append((day.toordinal(), status in WORKING))
    result = {}
    for client_id, records in found.items():
        records.sort()
        result[client_id] = ([d for d, _ in records], [w for _, w in records])
    return result


def _placements() -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for client_id, day in db.session.execute(select(Placement.client_id, Placement.start_date)):
        found[client_id].append(day.toordinal())
    return {k: sorted(v) for k, v in found.items()}


def load(today: date) -> OfficeData:
    people = _people()
    groups, training_days = _trainings(people, today)
    return OfficeData(
        today.toordinal(),
        people,
        groups,
        training_days,
        _work_records(),
        _placements(),
        {k: sorted(int(d) for d in v) for k, v in new_offences().items()},
    )


def _any_between(days: list[int] | None, low: int, high: int) -> bool:
    """Whether a sorted list holds a day in [low, high]."""
    return bool(days) and bisect_right(days, high) > bisect_left(days, low)


def placement(data: OfficeData, person: Person, start: int) -> int:
    if start + PLACEMENT_DAYS > data.today:
        return NOT_YET
    found = _any_between(data.placements.get(person.id), start, start + PLACEMENT_DAYS)
    return YES if found else NO


def working(data: OfficeData, person: Person, start: int) -> int:
    """Working or self-employed by the record closest to six months after the start day."""
    if start + WORK_TO > data.today:
        return NOT_YET
    days, statuses = data.work.get(person.id, ((), ()))
    lo, hi = bisect_left(days, start + WORK_FROM), bisect_right(days, start + WORK_TO)
    if lo == hi:
        return UNKNOWN
    # Closest to day 182; of two equally close, the later (the more recent status).
    best = min(range(lo, hi), key=lambda i: (abs(days[i] - start - WORK_AT), -days[i]))
    return YES if statuses[best] else NO


def during(data: OfficeData, person: Person, start: int) -> int:
    """A new offence after the start day and within the stretch at this office."""
    if person.stop >= data.today:
        return NOT_YET
    return YES if _any_between(data.offences.get(person.id), start + 1, person.stop) else NO


def after(data: OfficeData, person: Person, start: int) -> int:
    """A new offence within twelve months after guidance completed at this office.

    Only a completed guidance starts this window: a revoked client is back in prison,
    and a transferred client's guidance goes on at another office (UNKNOWN here)."""
    if person.status != client_vocab.SELESAI:
        return NOT_YET if person.status == client_vocab.AKTIF else UNKNOWN
    if person.stop + FOLLOW_UP_DAYS >= data.today:
        return NOT_YET
    days = data.offences.get(person.id)
    return YES if _any_between(days, person.stop + 1, person.stop + FOLLOW_UP_DAYS) else NO


MEASURE = {PLACEMENT: placement, WORK: working, DURING: during, AFTER: after}


def outcomes(data: OfficeData, person: Person, start: int) -> tuple[int, ...]:
    key = (person.id, start)
    found = data.measured.get(key)
    if found is None:
        found = data.measured[key] = tuple(MEASURE[o](data, person, start) for o in OUTCOMES)
    return found
