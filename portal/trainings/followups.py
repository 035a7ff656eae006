"""Follow-ups at about 3 and 6 months: what they record, when they are due, who writes them.

Due windows count days after the session's last day (vocab.FOLLOW_UP_WINDOWS):
3 months = day 80–120, 6 months = day 170–210. Before the window a follow-up is
"belum waktunya", inside it "jatuh tempo", after it "terlambat" until recorded.
Only participants who attended are followed up.

Who records: staff (Bimker) and administrators for any participant, a PK for the
participants who are their own clients (they are the ones who meet them); viewers
never. A follow-up may be recorded late, but never before the session ended nor
with a date in the future.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Select, bindparam, select

from portal.audit.operations import record, record_many
from portal.auth.models import User
from portal.auth.roles import Role
from portal.bulk import insert_returning_ids
from portal.clients.models import Client
from portal.clients.operations import juvenile_guard, office_today
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.formatting import day as in_words
from portal.idlist import among, per_dialect
from portal.partners.operations import check_choice
from portal.trainings import vocab
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

FIELDS = ("followed_on", "applying_skill", "work_status", "sector", "income_band", "note")
WRITERS = (Role.ADMIN, Role.STAFF)

STATES = {
    "tercatat": _l("Tercatat"),
    "belum_waktunya": _l("Belum waktunya"),
    "jatuh_tempo": _l("Jatuh tempo"),
    "terlambat": _l("Terlambat"),
}


@dataclass(frozen=True)
class StageState:
    stage: int
    code: str
    due_from: date
    due_to: date
    follow_up: FollowUp | None = None

    @property
    def label(self) -> str:
        return str(STATES[self.code])

    @property
    def open(self) -> bool:
        return self.code in ("jatuh_tempo", "terlambat")


def window(session_end: date, stage: int) -> tuple[date, date]:
    first, last = vocab.FOLLOW_UP_WINDOWS[stage]
    return session_end + timedelta(days=first), session_end + timedelta(days=last)


def stage_state(participant: Participant, stage: int, today: date) -> StageState | None:
    """Where one follow-up stands today; None for a participant who did not attend."""
    if not participant.attended:
        return None
    due_from, due_to = window(participant.session.end_date, stage)
    found = next((f for f in participant.follow_ups if f.stage == stage), None)
    if found is not None:
        code = "tercatat"
    elif today < due_from:
        code = "belum_waktunya"
    elif today <= due_to:
        code = "jatuh_tempo"
    else:
        code = "terlambat"
    return StageState(stage, code, due_from, due_to, found)


def states(participant: Participant, today: date) -> list[StageState]:
    return [s for stage in vocab.STAGES if (s := stage_state(participant, stage, today))]


def can_record(user: User, participant: Participant) -> bool:
    if user.role in WRITERS:
        return True
    return user.role == Role.PK and participant.client.pk_id == user.id


def check_follow_up(
    user: User, participant: Participant, stage: int, data: dict[str, Any]
) -> dict[str, Any]:
    """The values the follow-up of `participant` at `stage` would be stored with."""
    if not can_record(user, participant):
        raise OperationError(
            _l("Anda hanya dapat mencatat tindak lanjut untuk klien bimbingan Anda sendiri.")
        )
    if stage not in vocab.STAGES:
        raise OperationError(_l("Tahap tindak lanjut tidak dikenal."), "stage")
    if not participant.attended:
        raise OperationError(
            _l("Tindak lanjut hanya dicatat untuk peserta yang hadir pada pelatihan.")
        )
    values = {k: data.get(k) for k in FIELDS}
    values["note"] = (values.get("note") or "").strip()
    refused = Refusals()  # every broken rule at once: an import lists them all
    day, end = values["followed_on"], participant.session.end_date
    if day is None:
        refused.add(_l("Tanggal tindak lanjut wajib diisi."), "followed_on")
    elif day < end:
        refused.add(
            _l(
                "Tanggal tindak lanjut tidak boleh sebelum sesi pelatihan berakhir (%(date)s).",
                date=in_words(end),
            ),
            "followed_on",
        )
    elif day > office_today():
        refused.add(_l("Tanggal tindak lanjut tidak boleh di masa depan."), "followed_on")
    if values["applying_skill"] is None:
        refused.add(_l("Pilih apakah klien menerapkan keterampilannya."), "applying_skill")
    with refused.going_on():
        check_choice(values["work_status"], vocab.WORK_STATUSES, "work_status")
    values["sector"] = values.get("sector") or None
    if values["work_status"] == vocab.BEKERJA and not values["sector"]:
        refused.add(_l("Untuk klien yang bekerja, pilih sektor pekerjaannya."), "sector")
    if values["work_status"] == vocab.TIDAK_BEKERJA:
        values["sector"] = None
    if values["sector"]:
        with refused.going_on():
            check_choice(values["sector"], vocab.SECTORS, "sector")
    values["income_band"] = values.get("income_band") or None
    if values["income_band"]:
        with refused.going_on():
            check_choice(values["income_band"], vocab.INCOME_BANDS, "income_band")
    refused.raise_any()
    return values


def _recorded_event(participant: Participant, stage: int, values: dict[str, Any]):
    return (
        f"Tindak lanjut {stage} bulan peserta #{participant.id} dicatat",
        {
            "client_id": participant.client_id,
            "stage": stage,
            "work_status": values["work_status"],
            "applying_skill": values["applying_skill"],
        },
    )


def record_follow_up(user: User, participant: Participant, stage: int, **data: Any) -> FollowUp:
    """Create or correct the follow-up of one participant at one stage."""
    values = check_follow_up(user, participant, stage, data)
    follow_up = next((f for f in participant.follow_ups if f.stage == stage), None)
    action = "update" if follow_up else "create"
    if follow_up is None:
        follow_up = FollowUp(participant=participant, stage=stage)
        db.session.add(follow_up)
    for name, value in values.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = user.full_name
    db.session.flush()
    summary, detail = _recorded_event(participant, stage, values)
    record(action, "training_follow_up", follow_up.id, actor=user, summary=summary, detail=detail)
    return follow_up


def insert_follow_ups(
    user: User, items: list[tuple[Participant, int, dict[str, Any]]]
) -> list[int]:
    """Store many new follow-ups (participant, stage, values from `check_follow_up`) in
    bulk, each with the audit event `record_follow_up` writes."""
    rows = [
        {**values, "participant_id": p.id, "stage": stage, "recorded_by": user.full_name}
        for p, stage, values in items
    ]
    ids = insert_returning_ids(FollowUp, rows)
    events = [
        (new_id, *_recorded_event(p, stage, values))
        for new_id, (p, stage, values) in zip(ids, items, strict=True)
    ]
    record_many("create", "training_follow_up", events, actor=user)
    return ids


@dataclass(frozen=True, slots=True)
class DueItem:
    """A follow-up owed by a participant, read as columns (a PK's worklist and the
    office-wide count read hundreds or thousands of them)."""

    participant_id: int
    client_id: int
    session_id: int
    training_id: int
    training_title: str
    session_start: date
    session_end: date
    state: StageState


def due_for_pk(
    user: User, today: date | None = None, own: Iterable[int] | None = None
) -> list[DueItem]:
    """Follow-ups due or late for this PK's own clients, most urgent first. `own`: the
    ids of every client of the PK (any status), where the caller has them."""
    # The ids first, then participants by them: joined to a subquery, PostgreSQL reads
    # every participant of the office (a sequential scan it estimates cheaper than a
    # hundred index probes), several times the cost of the two statements.
    if own is None:
        own = db.session.scalars(
            select(Client.id).where(Client.pk_id == user.id, juvenile_guard(user))
        ).all()
    own = sorted(own)
    if not own:
        return []
    today = today or office_today()
    first_end, last_end = _ended_between(today)
    rows = db.session.execute(
        _OF_CLIENTS(), {"ids": own, "first_end": first_end, "last_end": last_end}
    ).all()
    return _owed(rows, today)


def due_in_office(today: date | None = None) -> list[DueItem]:
    """Follow-ups due or late for every participant of the office, most urgent first
    (staff count them per session; no client is named)."""
    return _due(today or office_today())


def owed_stages(session_end: date, recorded: set[int], today: date) -> list[StageState]:
    """The one rule of a follow-up owed by a participant who attended: its window has
    opened (due, or late once it has closed) and neither it nor a later stage is
    recorded (the 3-month one is no longer asked for once the 6-month one is). Late
    ones are chased until FOLLOW_UP_CHASE_DAYS after the session (`_due`)."""
    owed = []
    for stage in vocab.STAGES:
        if any(done >= stage for done in recorded):
            continue
        due_from, due_to = window(session_end, stage)
        if today >= due_from:
            code = "jatuh_tempo" if today <= due_to else "terlambat"
            owed.append(StageState(stage, code, due_from, due_to))
    return owed


def _ended_between(today: date) -> tuple[date, date]:
    """The last days of the sessions whose follow-ups may be owed today: from a year ago
    (late ones are chased that long) to the opening of the first window."""
    first_open = min(lo for lo, _ in vocab.FOLLOW_UP_WINDOWS.values())
    return (
        today - timedelta(days=vocab.FOLLOW_UP_CHASE_DAYS),
        today - timedelta(days=first_open),
    )


def _attended(*criteria) -> Select:
    """The attended participants (matching `criteria`): id, client_id, session_id."""
    return select(Participant.id, Participant.client_id, Participant.session_id).where(
        Participant.attended.is_(True), *criteria
    )


def _statement(participants) -> Select:
    """A row per participant of `participants` (`_attended`, as a subquery) and recorded
    stage, of the sessions that ended between the parameters `first_end` and `last_end`."""
    p = participants.c
    return (
        select(
            p.id,
            p.client_id,
            p.session_id,
            TrainingSession.training_id,
            Training.title,
            TrainingSession.start_date,
            TrainingSession.end_date,
            FollowUp.stage,
        )
        .select_from(participants)
        .join(TrainingSession, TrainingSession.id == p.session_id)
        .join(Training, Training.id == TrainingSession.training_id)
        .outerjoin(FollowUp, FollowUp.participant_id == p.id)
        .where(
            TrainingSession.end_date <= bindparam("last_end", type_=Date),
            TrainingSession.end_date >= bindparam("first_end", type_=Date),
        )
    )


def _of_clients(dialect: str) -> Select:
    """`_statement` for the participants of a list of clients (a PK's home). Their
    participants are read first, by index, whatever the planner estimates: run
    prepared, PostgreSQL plans it once without the values, and guessing a few sessions
    in the date range it read every session's participants instead (24 ms, not 1)."""
    own = _attended(among(Participant.client_id, dialect))
    return _statement(own.cte("own_participants").prefix_with("MATERIALIZED"))


# Built once: every PK's home reads it, by their clients' ids.
_OF_CLIENTS = per_dialect(_of_clients)


def _due(today: date) -> list[DueItem]:
    """Owed follow-ups of every attended participant of the office."""
    first_end, last_end = _ended_between(today)
    rows = db.session.execute(
        _statement(_attended().subquery()), {"first_end": first_end, "last_end": last_end}
    ).all()
    return _owed(rows, today)


def _owed(rows, today: date) -> list[DueItem]:
    """Owed follow-ups from `_statement`'s rows, most urgent first."""
    recorded: dict[int, set[int]] = {}
    first: dict[int, tuple] = {}
    for row in rows:
        first.setdefault(row.id, tuple(row[:7]))
        stages = recorded.setdefault(row.id, set())
        if row.stage is not None:
            stages.add(row.stage)
    items = [
        DueItem(*columns, state)
        for pid, columns in first.items()
        for state in owed_stages(columns[6], recorded[pid], today)
    ]
    return sorted(items, key=lambda i: (i.state.due_to, i.participant_id))
