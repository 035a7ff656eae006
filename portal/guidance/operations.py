"""Guidance-session rules, once, for the web form, imports and the CLI.

A session is individual (exactly one client) or group (two or more); every listed
client is a client of this office whom the user may see (the juvenile rule of
`portal.clients.operations` applies), listed once, whose guidance had begun by the
session date. An absent client's reason is required: the PK must be able to tell
an excused absence from a breach later.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import contains_eager

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import find_client, find_pk, juvenile_guard, office_today
from portal.errors import OperationError
from portal.extensions import db
from portal.guidance import vocab
from portal.guidance.models import GuidanceSession, SessionAttendance

FIELDS = ("held_on", "kind", "subtype", "format", "stage", "pk_id", "place", "topic", "notes")
PAGE_SIZE = 50


def attendee_field(index: int, name: str) -> str:
    """The error's field for row `index` of the attendee list (views map it to the row)."""
    return f"attendees.{index}.{name}"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if values.get("held_on") is None:
        raise OperationError(_l("Tanggal sesi wajib diisi."), "held_on")
    if values["held_on"] > office_today():
        raise OperationError(_l("Tanggal sesi tidak boleh di masa depan."), "held_on")
    if values.get("kind") not in vocab.KINDS:
        raise OperationError(_l("Jenis bimbingan wajib dipilih."), "kind")
    if values.get("subtype") not in vocab.SUBTYPES[values["kind"]]:
        raise OperationError(
            _l(
                "Bentuk bimbingan tidak sesuai dengan jenis %(kind)s.",
                kind=vocab.KINDS[values["kind"]],
            ),
            "subtype",
        )
    if values.get("format") not in vocab.FORMATS:
        raise OperationError(_l("Pilih individu atau kelompok."), "format")
    if values.get("stage") not in vocab.STAGES:
        raise OperationError(_l("Tahap bimbingan wajib dipilih."), "stage")
    pk = find_pk(values.get("pk_id"))
    if pk is None:
        raise OperationError(_l("PK pembimbing wajib dipilih."), "pk_id")
    values["pk_id"] = pk.id
    if not values.get("topic"):
        raise OperationError(_l("Topik wajib diisi."), "topic")
    values["place"] = values.get("place") or ""
    values["notes"] = values.get("notes") or ""
    return values


def _clean_attendees(user: User, rows: Sequence[dict], values: dict) -> list[dict]:
    cleaned, seen = [], set()
    for i, row in enumerate(rows):
        client_id = row.get("client_id")
        if not client_id:
            continue  # an unused row of the form
        client = find_client(user, client_id)
        if client is None:
            raise OperationError(
                _l("Klien tidak ditemukan di kantor ini."), attendee_field(i, "client_id")
            )
        if client.id in seen:
            raise OperationError(
                _l("%(name)s tercantum lebih dari sekali.", name=client.name),
                attendee_field(i, "client_id"),
            )
        seen.add(client.id)
        if values["held_on"] < client.guidance_start:
            raise OperationError(
                _l(
                    "Tanggal sesi sebelum mulai bimbingan %(name)s (%(date)s).",
                    name=client.name,
                    date=client.guidance_start.isoformat(),
                ),
                attendee_field(i, "client_id"),
            )
        attendance = row.get("attendance")
        if attendance not in vocab.ATTENDANCE:
            raise OperationError(_l("Kehadiran wajib dipilih."), attendee_field(i, "attendance"))
        reason = (row.get("reason") or "").strip()
        if attendance == vocab.TIDAK_HADIR and not reason:
            raise OperationError(
                _l("Alasan wajib diisi untuk klien yang tidak hadir."), attendee_field(i, "reason")
            )
        cleaned.append({"client_id": client.id, "attendance": attendance, "reason": reason})
    if not cleaned:
        raise OperationError(_l("Cantumkan sedikitnya satu klien."), attendee_field(0, "client_id"))
    if values["format"] == vocab.INDIVIDUAL and len(cleaned) != 1:
        raise OperationError(_l("Bimbingan individu untuk tepat satu klien."), "format")
    if values["format"] == vocab.GROUP and len(cleaned) < 2:
        raise OperationError(_l("Bimbingan kelompok memerlukan sedikitnya dua klien."), "format")
    return cleaned


def create_session(user: User, attendees: Sequence[dict], **data: Any) -> GuidanceSession:
    values = _clean({k: data.get(k) for k in FIELDS})
    rows = _clean_attendees(user, attendees, values)
    session = GuidanceSession(**values, attendances=[SessionAttendance(**r) for r in rows])
    db.session.add(session)
    db.session.flush()
    record(
        "create",
        "guidance_session",
        session.id,
        summary=f"Sesi bimbingan {session.held_on.isoformat()} dicatat ({len(rows)} klien)",
        detail={"clients": [r["client_id"] for r in rows], "kind": session.kind},
    )
    return session


# --- reading ------------------------------------------------------------------------------


def find_session(session_id: int) -> GuidanceSession | None:
    # Its PK is read when the page shows it: most often the signed-in PK, already
    # loaded (a many-to-one is taken from the session without a statement).
    return db.session.execute(
        select(GuidanceSession).where(GuidanceSession.id == session_id)
    ).scalar_one_or_none()


def visible_attendances(user: User, session: GuidanceSession) -> tuple[list, int]:
    """(attendances of clients this user may see, how many others are hidden from them),
    in one statement: every attendance with its client, and whether the juvenile rule
    lets this user see it."""
    rows = db.session.execute(
        select(SessionAttendance, juvenile_guard(user))
        .join(SessionAttendance.client)
        .where(SessionAttendance.session_id == session.id)
        .options(contains_eager(SessionAttendance.client))
        .order_by(Client.name)
    ).all()
    visible = [attendance for attendance, seen in rows if seen]
    return visible, len(rows) - len(visible)


@dataclass(frozen=True, slots=True)
class PkShown:
    full_name: str


@dataclass(frozen=True, slots=True)
class SessionShown:
    """A session as the case file lists it; `pk.full_name` as on the ORM object."""

    id: int
    held_on: date
    subtype: str
    format: str
    stage: str
    pk: PkShown | None


@dataclass(frozen=True, slots=True)
class AttendanceShown:
    attendance: str
    reason: str | None


# Built once (values bound at execution): building it cost more CPU than running it.
_CLIENT_SESSIONS = (
    select(
        GuidanceSession.id,
        GuidanceSession.held_on,
        GuidanceSession.subtype,
        GuidanceSession.format,
        GuidanceSession.stage,
        User.full_name,
        SessionAttendance.attendance,
        SessionAttendance.reason,
    )
    .join(SessionAttendance, SessionAttendance.session_id == GuidanceSession.id)
    .outerjoin(User, User.id == GuidanceSession.pk_id)
    .where(SessionAttendance.client_id == bindparam("client_id"))
    .order_by(GuidanceSession.held_on.desc(), GuidanceSession.id.desc())
)


def sessions_of_client(client: Client) -> list[tuple[SessionShown, AttendanceShown]]:
    """The client's sessions, the latest first, with the client's attendance: the
    columns the case file shows, not whole sessions (twenty ORM objects and their PKs
    cost the page more than the statement)."""
    return [
        (
            SessionShown(
                id_,
                held_on,
                subtype,
                format_,
                stage,
                PkShown(pk_name) if pk_name is not None else None,
            ),
            AttendanceShown(attendance, reason),
        )
        for id_, held_on, subtype, format_, stage, pk_name, attendance, reason in (
            db.session.execute(_CLIENT_SESSIONS, {"client_id": client.id})
        )
    ]


@dataclass(frozen=True, slots=True)
class ListedSession:
    """A row of the session list: the session, and who was there as far as the user may
    see (names in order; juveniles of other PKs only counted, in `hidden`)."""

    session: GuidanceSession
    pk_name: str
    names: list[str]
    hidden: int

    @property
    def attendees(self) -> int:
        return len(self.names) + self.hidden


@dataclass
class SessionPage:
    items: Sequence[ListedSession]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def list_sessions(
    user: User, kind: str = "", pk_id: int | None = None, page: int = 1
) -> SessionPage:
    """A page of the office's sessions, the latest first, of one kind and one PK if asked.

    Three statements whatever the page holds: the count, the sessions with their PK's
    name, and every attendee of those sessions (names only where the juvenile rule of
    `juvenile_guard` lets this user see them)."""
    criteria = [GuidanceSession.kind == kind] if kind in vocab.KINDS else []
    if pk_id:
        criteria.append(GuidanceSession.pk_id == pk_id)
    total = db.session.scalar(select(func.count(GuidanceSession.id)).where(*criteria))
    page = max(1, min(page, math.ceil(total / PAGE_SIZE) or 1))
    rows = db.session.execute(
        select(GuidanceSession, User.full_name)
        .join(User, User.id == GuidanceSession.pk_id)
        .where(*criteria)
        .order_by(GuidanceSession.held_on.desc(), GuidanceSession.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    names: dict[int, list[str]] = {s.id: [] for s, _name in rows}
    hidden = dict.fromkeys(names, 0)
    if names:
        visible = juvenile_guard(user)
        for session_id, name, seen in db.session.execute(
            select(SessionAttendance.session_id, Client.name, visible)
            .join(Client, Client.id == SessionAttendance.client_id)
            .where(SessionAttendance.session_id.in_(names))
            .order_by(Client.name)
        ):
            if seen:
                names[session_id].append(name)
            else:
                hidden[session_id] += 1
    return SessionPage(
        [ListedSession(s, pk_name, names[s.id], hidden[s.id]) for s, pk_name in rows], total, page
    )


def attendee_choices(user: User) -> list[tuple[int, str]]:
    """Active clients this user may list on a session, by name."""
    rows = db.session.execute(
        select(Client.id, Client.name, Client.register_number)
        .where(Client.status == client_vocab.AKTIF, juvenile_guard(user))
        .order_by(Client.name)
    ).all()
    return [(cid, f"{name} ({number})") for cid, name, number in rows]


def record_view(session: GuidanceSession) -> None:
    record(
        "view",
        "guidance_session",
        session.id,
        summary=f"Sesi bimbingan {session.held_on.isoformat()} dibuka",
    )
