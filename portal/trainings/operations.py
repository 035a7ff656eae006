"""Trainings, sessions and participants: every rule about them lives here, once.

Who may be a participant: a client of this office (the scoped lookup finds no other),
visible to the user (the juvenile rule), and under guidance on the session's first
day — inside the guidance period and with status "aktif" at the start of that day
according to the status history. A session has named participants OR a headcount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal.audit.operations import record, record_many
from portal.auth.models import User
from portal.bulk import insert_returning_ids
from portal.changes import apply_changes
from portal.clients import vocab as client_vocab
from portal.clients.models import Client, ClientStatusChange
from portal.clients.operations import office_today, visible_clients
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.formatting import day, rupiah
from portal.partners.models import Venue
from portal.partners.operations import check_choice, check_period, find_partner
from portal.partners.placements import find_visible_client
from portal.trainings import vocab
from portal.trainings.followups import states
from portal.trainings.models import Participant, Training, TrainingSession
from portal.vocab.skills import SKILLS

TRANSPORT_MAX = 10_000_000  # rupiah: well above any real allowance, far below int overflow
TRAINING_FIELDS = ("title", "skill_field", "partner_id", "description")
SESSION_FIELDS = (
    "start_date",
    "end_date",
    "venue_kind",
    "venue_id",
    "location_note",
    "budget",
    "headcount",
)


# --- who was under guidance when ----------------------------------------------------------


def status_on(day: date) -> ColumnElement[str]:
    """A client's status at the start of `day`, from the status history (SQL expression).

    Changes dated on `day` itself take effect after it began, so a client whose
    guidance ends (selesai) on the session day still counts as under guidance then.
    """
    last_change = (
        select(ClientStatusChange.to_status)
        .where(ClientStatusChange.client_id == Client.id, ClientStatusChange.changed_on < day)
        .order_by(ClientStatusChange.changed_on.desc(), ClientStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(last_change, literal(client_vocab.AKTIF))


def under_guidance_on(day: date) -> ColumnElement[bool]:
    return and_(
        Client.guidance_start <= day,
        Client.guidance_end >= day,
        status_on(day) == client_vocab.AKTIF,
    )


def is_under_guidance(client_id: int, day: date) -> bool:
    return (
        db.session.scalar(select(Client.id).where(Client.id == client_id, under_guidance_on(day)))
        is not None
    )


def under_guidance_ids(day: date) -> set[int]:
    """Every client of the office under guidance on `day`: an import checks many
    participants of one session against one query instead of one query each."""
    return set(db.session.scalars(select(Client.id).where(under_guidance_on(day))))


def eligible_clients(user: User, day: date) -> list[Client]:
    """The clients this user may enrol in a session starting on `day`."""
    return list(
        db.session.scalars(
            visible_clients(user).where(under_guidance_on(day)).order_by(Client.name, Client.id)
        )
    )


def visible_client_ids(user: User, client_ids) -> set[int]:
    """Which of these clients the user may see by name (the juvenile rule)."""
    ids = set(client_ids)
    if not ids:
        return set()
    return set(db.session.scalars(visible_clients(user, Client.id).where(Client.id.in_(ids))))


# --- trainings ----------------------------------------------------------------------------


def filtered_trainings(
    skill_field: str = "", partner_id: int | None = None, training_id: int | None = None
) -> Select:
    """The training list's query: the page and its exports show the same trainings."""
    stmt = select(Training).order_by(Training.title, Training.id)
    for column, value in (
        (Training.skill_field, skill_field),
        (Training.partner_id, partner_id),
        (Training.id, training_id),
    ):
        if value:
            stmt = stmt.where(column == value)
    return stmt


def list_trainings(
    skill_field: str = "", partner_id: int | None = None, training_id: int | None = None
) -> list[Training]:
    return list(db.session.scalars(filtered_trainings(skill_field, partner_id, training_id)))


def check_training(data: dict[str, Any], training: Training | None = None) -> dict[str, Any]:
    """The values a new or edited training would be stored with; raises every broken
    rule at once (a form shows each under its field, an import lists them all)."""
    values = {k: data.get(k) for k in TRAINING_FIELDS}
    values["title"] = (values.get("title") or "").strip()
    values["description"] = (values.get("description") or "").strip()
    refused = Refusals()
    if not values["title"]:
        refused.add(_l("Judul pelatihan wajib diisi."), "title")
    with refused.going_on():
        check_choice(values["skill_field"], SKILLS, "skill_field")
    partner = None
    with refused.going_on():
        partner = find_partner(values["partner_id"])
    values["partner_id"] = partner.id if partner else None
    if (
        training is not None
        and not refused.failed("partner_id")
        and values["partner_id"] is None
        and any(s.venue_kind == vocab.LOKASI_MITRA for s in training.sessions)
    ):
        refused.add(
            _l("Ada sesi di lokasi mitra: pelatihan ini tidak dapat dijadikan tanpa mitra."),
            "partner_id",
        )
    refused.raise_any()
    return values


def create_training(**data: Any) -> Training:
    training = Training(**check_training(data))
    db.session.add(training)
    db.session.flush()
    record("create", "training", training.id, summary=f"Pelatihan {training.title} dibuat")
    return training


def update_training(training: Training, **data: Any) -> Training:
    values = check_training(data, training)
    changed = apply_changes(training, values)
    if changed:
        db.session.flush()
        record(
            "update",
            "training",
            training.id,
            summary=f"Pelatihan {training.title} diubah",
            detail={"fields": changed},
        )
    return training


# --- sessions -----------------------------------------------------------------------------


def check_session(
    partner_id: int | None, data: dict[str, Any], session: TrainingSession | None = None
) -> dict[str, Any]:
    """The values a session of a training by `partner_id` (None: the office itself) would
    be stored with; an import checks sessions of trainings it has not created yet."""
    values = {k: data.get(k) for k in SESSION_FIELDS}
    values["location_note"] = (values.get("location_note") or "").strip()
    refused = Refusals()  # every broken rule at once: an import lists them all
    if values["start_date"] is None:
        refused.add(_l("Tanggal mulai sesi wajib diisi."), "start_date")
    values["end_date"] = values["end_date"] or values["start_date"]
    with refused.going_on():
        check_period(values["start_date"], values["end_date"])
    with refused.going_on():
        check_choice(values["venue_kind"], vocab.VENUE_KINDS, "venue_kind")
    if values["venue_kind"] == vocab.GRIYA:
        venue_id = values.get("venue_id")
        venue = db.session.scalar(select(Venue).where(Venue.id == venue_id)) if venue_id else None
        if venue is None:
            refused.add(_l("Pilih Griya Abhipraya tempat sesi diadakan."), "venue_id")
    else:
        values["venue_id"] = None
    if values["venue_kind"] == vocab.LOKASI_MITRA and partner_id is None:
        refused.add(
            _l("Lokasi mitra hanya untuk pelatihan yang diselenggarakan oleh mitra."), "venue_kind"
        )
    # Left empty, the budget stays unknown (None); 0 is a recorded free session.
    if values["budget"] is not None and values["budget"] < 0:
        refused.add(_l("Anggaran tidak boleh negatif."), "budget")
    headcount = values["headcount"]
    if headcount is not None and headcount < 1:
        refused.add(
            _l("Jumlah peserta tanpa nama harus paling sedikit 1, atau kosongkan."), "headcount"
        )
    if session is not None and session.participants:
        if headcount is not None:
            refused.add(
                _l(
                    "Sesi ini sudah memiliki peserta bernama: jumlah peserta tanpa nama tidak "
                    "dapat diisi. Sebuah sesi mencatat nama peserta ATAU jumlah peserta, "
                    "tidak keduanya."
                ),
                "headcount",
            )
        if not refused.failed("start_date", "end_date"):
            with refused.going_on():
                _check_participants_still_fit(session, values["start_date"], values["end_date"])
    refused.raise_any()
    return values


def _check_participants_still_fit(session: TrainingSession, start: date, end: date) -> None:
    """New dates must keep every participant eligible and every follow-up after the end."""
    ids = [p.client_id for p in session.participants]
    fit = set(
        db.session.scalars(select(Client.id).where(Client.id.in_(ids), under_guidance_on(start)))
    )
    if set(ids) - fit:
        raise OperationError(
            _l(
                "Tanggal baru tidak cocok: ada peserta yang tidak dalam masa bimbingan pada "
                "tanggal mulai sesi yang baru."
            ),
            "start_date",
        )
    if any(f.followed_on < end for p in session.participants for f in p.follow_ups):
        raise OperationError(
            _l(
                "Tanggal baru tidak cocok: sudah ada tindak lanjut yang dicatat sebelum tanggal "
                "selesai sesi yang baru."
            ),
            "end_date",
        )


def create_session(training: Training, **data: Any) -> TrainingSession:
    session = TrainingSession(training=training, **check_session(training.partner_id, data))
    db.session.add(session)
    db.session.flush()
    record(
        "create",
        "training_session",
        session.id,
        summary=f"Sesi {session.start_date} pelatihan {training.title} dibuat",
    )
    return session


def update_session(session: TrainingSession, **data: Any) -> TrainingSession:
    values = check_session(session.training.partner_id, data, session)
    changed = apply_changes(session, values)
    if changed:
        db.session.flush()
        record(
            "update",
            "training_session",
            session.id,
            summary=f"Sesi {session.start_date} pelatihan {session.training.title} diubah",
            detail={"fields": changed},
        )
    return session


# --- participants -------------------------------------------------------------------------


@dataclass
class Roster:
    """A session as enrolment sees it: the form's session as stored, or one an import
    is about to create (which exists only in the import's bookkeeping)."""

    start_date: date
    headcount: int | None
    venue: Venue | None
    client_ids: set[int]

    @classmethod
    def of(cls, session: TrainingSession) -> Roster:
        ids = {p.client_id for p in session.participants}
        return cls(session.start_date, session.headcount, session.venue, ids)

    def refuse_names(self) -> None:
        if self.headcount is not None:
            raise OperationError(
                _l(
                    "Sesi ini dicatat hanya dengan jumlah peserta (%(n)d orang): peserta "
                    "bernama tidak dapat ditambahkan. Sebuah sesi mencatat nama peserta ATAU "
                    "jumlah peserta, tidak keduanya.",
                    n=self.headcount,
                ),
                "client_id",
            )


def check_enrolment(roster: Roster, client: Any, under_guidance: bool) -> None:
    """Whether `client` (a visible client: id and name) may join the session; reserves
    the place in `roster`, so a second row of one import naming them is refused too.
    Raises every broken rule at once."""
    refused = Refusals()
    with refused.going_on():
        roster.refuse_names()
    if not under_guidance:
        refused.add(
            _l(
                "Klien %(name)s tidak dalam masa bimbingan pada tanggal sesi (%(date)s).",
                name=client.name,
                date=day(roster.start_date),
            ),
            "client_id",
        )
    if client.id in roster.client_ids:
        refused.add(_l("Klien sudah terdaftar pada sesi ini."), "client_id")
    venue = roster.venue
    if (
        venue is not None
        and venue.training_places
        and len(roster.client_ids) >= (venue.training_places)
    ):
        refused.add(
            _l(
                "Tempat pelatihan di %(venue)s sudah penuh (%(n)d tempat).",
                venue=venue.name,
                n=venue.training_places,
            ),
            "client_id",
        )
    refused.raise_any()
    roster.client_ids.add(client.id)


def _enrolled_event(register_number: str, client_id: int, session_id: int) -> tuple[str, dict]:
    return (
        f"Klien {register_number} didaftarkan pada sesi #{session_id}",
        {"client_id": client_id, "session_id": session_id},
    )


def enrol(user: User, session: TrainingSession, client_id: int | None) -> Participant:
    roster = Roster.of(session)
    roster.refuse_names()
    client = find_visible_client(user, client_id)
    check_enrolment(roster, client, is_under_guidance(client.id, session.start_date))
    participant = Participant(session=session, client_id=client.id)
    db.session.add(participant)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise OperationError(_l("Klien sudah terdaftar pada sesi ini."), "client_id") from exc
    summary, detail = _enrolled_event(client.register_number, client.id, session.id)
    record(
        "enrol", "training_participant", participant.id, actor=user, summary=summary, detail=detail
    )
    return participant


def insert_participants(user: User, rows: list[tuple[dict[str, Any], str]]) -> list[int]:
    """Store many participants, each (values, register number) already passed through
    `check_enrolment` and `check_participant`, in bulk; each gets `enrol`'s audit event."""
    ids = insert_returning_ids(Participant, [values for values, _number in rows])
    events = []
    for new_id, (values, number) in zip(ids, rows, strict=True):
        summary, detail = _enrolled_event(number, values["client_id"], values["session_id"])
        events.append((new_id, summary, {**detail, **_participant_values(values)}))
    record_many("enrol", "training_participant", events, actor=user)
    return ids


def _participant_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("attended", "completed", "certificate", "transport_money")}


def check_participant(
    start_date: date,
    has_follow_ups: bool,
    *,
    attended: bool,
    completed: bool,
    certificate: bool,
    transport_money: int | None,
) -> dict[str, Any]:
    """Attendance, completion, certificate, transport money, in that logical order;
    raises every broken rule at once."""
    refused = Refusals()
    if attended and start_date > office_today():
        refused.add(_l("Kehadiran baru dapat dicatat setelah sesi dimulai."), "attended")
    if completed and not attended:
        refused.add(_l("Peserta yang tidak hadir tidak dapat dinyatakan lulus."), "completed")
    if certificate and not completed:
        refused.add(
            _l("Sertifikat hanya untuk peserta yang menyelesaikan pelatihan."), "certificate"
        )
    transport_money = transport_money or 0
    if transport_money < 0:
        refused.add(_l("Uang transport tidak boleh negatif."), "transport_money")
    if transport_money > TRANSPORT_MAX:
        refused.add(
            _l("Uang transport paling banyak %(max)s.", max=rupiah(TRANSPORT_MAX)),
            "transport_money",
        )
    if not attended and has_follow_ups:
        refused.add(
            _l("Peserta ini sudah memiliki tindak lanjut: kehadirannya tidak dapat dihapus."),
            "attended",
        )
    refused.raise_any()
    return {
        "attended": attended,
        "completed": completed,
        "certificate": certificate,
        "transport_money": transport_money,
    }


def update_participant(
    user: User,
    participant: Participant,
    *,
    attended: bool,
    completed: bool,
    certificate: bool,
    transport_money: int | None,
) -> Participant:
    values = check_participant(
        participant.session.start_date,
        bool(participant.follow_ups),
        attended=attended,
        completed=completed,
        certificate=certificate,
        transport_money=transport_money,
    )
    changed = apply_changes(participant, values)
    if changed:
        db.session.flush()
        record(
            "update",
            "training_participant",
            participant.id,
            actor=user,
            summary=f"Data peserta #{participant.id} diubah",
            detail=values,
        )
    return participant


class AttendanceRefused(OperationError):
    """Some participants of a session's attendance broke a rule: every message, by
    participant id and field, so the form shows them all at once."""

    def __init__(self, problems: dict[int, OperationError]):
        super().__init__(next(iter(problems.values())).message)
        self.problems = problems


def update_attendance(
    user: User, session: TrainingSession, entries: dict[int, dict[str, Any]]
) -> list[Participant]:
    """A session's attendance, completion, certificates and transport money in one go.

    `entries` maps participant ids to `update_participant`'s values. Each participant
    meets the same rules as alone; any refusal refuses all (`AttendanceRefused`, with
    every message), and the caller rolls back what was already flushed, so a session
    is never half saved. Only participants of this session the user may see by name
    can be changed (a juvenile client's row is not theirs to mark).
    """
    by_id = {p.id: p for p in session.participants}
    visible = visible_client_ids(user, (p.client_id for p in by_id.values()))
    problems: dict[int, OperationError] = {}
    changed = []
    for participant_id, values in entries.items():
        participant = by_id.get(participant_id)
        if participant is None or participant.client_id not in visible:
            problems[participant_id] = OperationError(
                _l("Peserta tidak ditemukan pada sesi ini; muat ulang halaman."), "attended"
            )
            continue
        try:
            changed.append(update_participant(user, participant, **values))
        except OperationError as exc:
            problems[participant_id] = exc
    if problems:
        raise AttendanceRefused(problems)
    return changed


def check_remove_participant(participant: Participant) -> None:
    """Refuse removing a participant whose follow-ups are recorded: they would be lost."""
    if participant.follow_ups:
        raise OperationError(
            _l("Peserta ini sudah memiliki tindak lanjut dan tidak dapat dihapus dari sesi.")
        )


def remove_participant(user: User, participant: Participant) -> None:
    check_remove_participant(participant)
    record(
        "remove",
        "training_participant",
        participant.id,
        actor=user,
        summary=f"Peserta #{participant.id} dihapus dari sesi #{participant.session_id}",
        detail={"client_id": participant.client_id, "session_id": participant.session_id},
    )
    db.session.delete(participant)
    db.session.flush()


def page_order(sessions: list[TrainingSession], today: date) -> list[tuple[int, TrainingSession]]:
    """(number, session) as the training page lists them: the sessions still to come or
    under way first, soonest first, then the past ones, latest first. The number is the
    session's place in time (Sesi 1 is the first ever held), so it never changes."""
    numbered = list(enumerate(sorted(sessions, key=lambda s: (s.start_date, s.id)), start=1))
    coming = [(n, s) for n, s in numbered if s.end_date >= today]
    past = [(n, s) for n, s in numbered if s.end_date < today]
    return coming + past[::-1]


# --- listing participants -----------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    """A participant as a page shows it: the name only if the user may see the client."""

    participant: Participant
    visible: bool
    states: list

    def stage(self, stage: int):
        """The state of the follow-up at `stage` months, None if not followed up."""
        return next((s for s in self.states if s.stage == stage), None)

    @property
    def latest(self):
        return self.participant.follow_ups[-1] if self.participant.follow_ups else None


def _participants(with_client: bool, follow_ups=selectinload) -> Select:
    return (
        select(Participant)
        .join(Participant.session)
        .join(TrainingSession.training)
        .options(
            # Session and training come with the joins; one client's own rows (the case
            # file) take the client already loaded, not a statement of their own.
            contains_eager(Participant.session).contains_eager(TrainingSession.training),
            follow_ups(Participant.follow_ups),
            *((selectinload(Participant.client),) if with_client else ()),
        )
        .order_by(TrainingSession.start_date.desc(), Participant.id)
    )


# One client's rows: a few at most, their follow-ups joined (one statement, not two).
_CLIENT_PARTICIPANTS = _participants(with_client=False, follow_ups=joinedload).where(
    Participant.client_id == bindparam("client_id")
)


def participant_rows(
    user: User,
    *,
    partner_id: int | None = None,
    training_id: int | None = None,
    session_id: int | None = None,
    client_id: int | None = None,
    audit: bool = True,
    seen: bool = False,
) -> list[ParticipantRow]:
    """Participants with their session, client and follow-ups, juvenile names masked.

    Showing names is a view of case-file data, so it is recorded in the audit log.
    `seen`: the caller has already checked that the user may see the client `client_id`
    (the case file), so whom they may see is not asked again.
    """
    if client_id is not None and partner_id is training_id is session_id is None:
        # One client's rows (the case file, on every fresh render): built once.
        found = db.session.scalars(_CLIENT_PARTICIPANTS, {"client_id": client_id})
        participants = found.unique().all()
    else:
        stmt = _participants(with_client=client_id is None)
        for column, value in (
            (Training.partner_id, partner_id),
            (Training.id, training_id),
            (TrainingSession.id, session_id),
            (Participant.client_id, client_id),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        participants = db.session.scalars(stmt).all()
    if seen and client_id is not None:
        visible = {client_id} if participants else set()
    else:
        visible = visible_client_ids(user, (p.client_id for p in participants))
    today = office_today()
    if audit and visible:
        record(
            "view",
            "training_participants",
            training_id or partner_id,
            actor=user,
            summary="Daftar peserta pelatihan dibuka",
            detail={"training_id": training_id, "partner_id": partner_id, "clients": len(visible)},
        )
    return [ParticipantRow(p, p.client_id in visible, states(p, today)) for p in participants]
