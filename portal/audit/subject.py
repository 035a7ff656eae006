"""A data subject's record (UU 27/2022 art. 32): everything the office holds about one
client, and who viewed or changed it.

The tables are discovered, not listed: every mapped table with a foreign key to
`clients` holds the client (case-file history, wajib lapor, Litmas, trainings...), and
every table hanging from one of those by its own foreign key holds more of theirs
(a Litmas's interests, a participation's follow-ups). A table added tomorrow is in the
record the day it exists; `TITLES` only gives it a name in words, and the test
`test_data_subject.py` fails until it has one.

Every read goes through the session, so the tenancy filter and row-level security
keep it to the bound office.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, and_, false, or_, select
from sqlalchemy.orm import Mapper

from portal.audit.columns import column_words
from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.extensions import db
from portal.formatting import day
from portal.guidance import vocab as guidance_vocab
from portal.guidance.models import GuidanceSession
from portal.i18n import text
from portal.litmas import vocab as litmas_vocab
from portal.litmas.models import Litmas
from portal.litmas.requests import vocab as request_vocab
from portal.offices.models import Office
from portal.outcomes import vocab as outcome_vocab
from portal.partners import vocab as partner_vocab
from portal.partners.models import Partner
from portal.reporting import vocab as reporting_vocab
from portal.reporting.models import MobileCounselingDay, ReportDue
from portal.trainings import vocab as training_vocab
from portal.trainings.models import Participant, Training, TrainingSession
from portal.vocab.skills import SKILLS

CLIENTS = "clients"
# Columns that say nothing to the person (their office, a row version, themselves).
HIDDEN = {"office_id", "version_id", "client_id"}

TITLES = {
    CLIENTS: _l("Berkas klien"),
    "client_status_changes": _l("Riwayat status"),
    "client_transfers": _l("Pemindahan"),
    "employment_records": _l("Status pekerjaan"),
    "guidance_attendances": _l("Sesi bimbingan"),
    "litmas_reports": _l("Litmas"),
    "litmas_interests": _l("Minat (Litmas)"),
    "placements": _l("Penempatan"),
    "reoffending_events": _l("Pelanggaran dan tindak pidana"),
    "report_dues": _l("Jadwal wajib lapor"),
    "reporting_plans": _l("Frekuensi wajib lapor"),
    "report_violations": _l("Pelanggaran wajib lapor"),
    "reports": _l("Laporan wajib lapor"),
    "training_participants": _l("Pelatihan diikuti"),
    "training_follow_ups": _l("Tindak lanjut pelatihan"),
    "litmas_requests": _l("Permintaan Litmas"),
    "litmas_request_assignments": _l("Penunjukan PK (permintaan)"),
    "litmas_request_reports": _l("Laporan Litmas atas permintaan"),
    "tpp_discussions": _l("Sidang TPP"),
}

# The audit log's kind of data for a table's rows: their events are about the client.
AUDITED_AS = {
    "litmas_reports": "litmas",
    "training_participants": "training_participant",
    "training_follow_ups": "training_follow_up",
    "placements": "placement",
    "litmas_requests": "litmas_request",
}

# Stored codes shown through the lists the pages use: (table, column) first, then column.
VALUES: dict[Any, dict] = {
    "sex": client_vocab.SEXES,
    "category": client_vocab.CATEGORIES,
    "offence": client_vocab.OFFENCES,
    "program": client_vocab.PROGRAMS,
    ("clients", "status"): client_vocab.STATUSES,
    "education": client_vocab.EDUCATION,
    "marital_status": client_vocab.MARITAL,
    "from_status": client_vocab.STATUSES,
    "to_status": client_vocab.STATUSES,
    ("employment_records", "status"): outcome_vocab.EMPLOYMENT,
    ("employment_records", "sector"): outcome_vocab.SECTORS,
    ("employment_records", "income_band"): outcome_vocab.INCOME_BANDS,
    ("reoffending_events", "kind"): outcome_vocab.REOFFENCE_KINDS,
    "source": outcome_vocab.SOURCES,
    "attendance": guidance_vocab.ATTENDANCE,
    "purpose": litmas_vocab.PURPOSES,
    ("litmas_reports", "status"): litmas_vocab.STATUSES,
    ("litmas_requests", "purpose"): request_vocab.PURPOSE_LABELS,
    ("litmas_requests", "status"): request_vocab.STATUSES,
    "requester_kind": request_vocab.REQUESTER_KINDS,
    "delivery_means": request_vocab.DELIVERY_MEANS,
    "skill": SKILLS,
    ("placements", "kind"): partner_vocab.PLACEMENT_KINDS,
    ("placements", "outcome"): partner_vocab.PLACEMENT_OUTCOMES,
    "mode": reporting_vocab.MODES,
    "frequency": {k: f.label for k, f in reporting_vocab.FREQUENCIES.items()},
    "work_status": training_vocab.WORK_STATUSES,
    ("training_follow_ups", "sector"): training_vocab.SECTORS,
    ("training_follow_ups", "income_band"): training_vocab.INCOME_BANDS,
}


@dataclass
class Part:
    """One kind of data of the record: a sheet, a section of the printable page."""

    table: str
    title: str
    headers: list[str]
    rows: list[list[Any]]  # in words
    raw: list[list[Any]]  # as stored (ids), to find the events about these rows


def _mappers() -> dict[str, Mapper]:
    return {m.local_table.name: m for m in db.Model.registry.mappers}


def _references(table, target: str) -> list[ForeignKey]:
    return [fk for fk in table.foreign_keys if fk.column.table.name == target]


def client_tables() -> list[tuple[str, str | None]]:
    """(table, parent): tables holding the client directly (parent None, a foreign key
    to clients) or through a row of such a table (parent that table)."""
    tables = db.metadata.tables
    direct = sorted(n for n, t in tables.items() if n != CLIENTS and _references(t, CLIENTS))
    found = [(n, None) for n in direct]
    for name, table in sorted(tables.items()):
        if name == CLIENTS or name in direct:
            continue
        for parent in direct:
            if _references(table, parent):
                found.append((name, parent))
                break
    return found


def title_of(table: str) -> str:
    return text(TITLES[table]) if table in TITLES else table.replace("_", " ").capitalize()


def _rows_of(client_id: int, name: str, parent: str | None) -> list:
    """The table's rows that hold the client, as ORM objects (so tenancy applies)."""
    mappers = _mappers()
    model = mappers[name].class_
    table = mappers[name].local_table
    if parent is None:
        if name == CLIENTS:
            return [db.session.get(Client, client_id)]
        fk = _references(table, CLIENTS)[0]
        stmt = select(model).where(fk.parent == client_id)
    else:
        parent_table = mappers[parent].local_table
        fk = _references(table, parent)[0]
        to_client = _references(parent_table, CLIENTS)[0]
        stmt = (
            select(model)
            .join(mappers[parent].class_, fk.parent == fk.column)
            .where(to_client.parent == client_id)
        )
    primary = list(table.primary_key.columns)
    return list(db.session.scalars(stmt.order_by(*primary)))


def _labels(target: str, ids: set[int]) -> dict[int, Any]:
    """Words for ids a row holds, read for those ids only: whom (an account), where (an
    office, a partner), and which session or date a row refers to. A reference to a
    table not listed here stays its number."""
    queries = {
        "users": lambda: select(User.id, User.full_name),
        "offices": lambda: select(Office.id, Office.name),
        "partners": lambda: select(Partner.id, Partner.name),
        "report_dues": lambda: select(ReportDue.id, ReportDue.due_on),
        "litmas_reports": lambda: select(Litmas.id, Litmas.written_on),
        "mobile_counseling_days": lambda: select(
            MobileCounselingDay.id,
            MobileCounselingDay.held_on,
            MobileCounselingDay.kelurahan,
        ),
        "guidance_sessions": lambda: select(
            GuidanceSession.id, GuidanceSession.held_on, GuidanceSession.topic
        ),
        "training_sessions": lambda: select(
            TrainingSession.id, TrainingSession.start_date, Training.title
        ).join(Training, Training.id == TrainingSession.training_id),
        "training_participants": lambda: (
            select(Participant.id, TrainingSession.start_date, Training.title)
            .join(TrainingSession, TrainingSession.id == Participant.session_id)
            .join(Training, Training.id == TrainingSession.training_id)
        ),
    }
    if target not in queries or not ids:
        return {}
    stmt = queries[target]()
    first = stmt.selected_columns[0]
    return {
        row[0]: row[1]
        if len(row) == 2
        else " · ".join(day(v) if isinstance(v, date) else str(v) for v in row[1:])
        for row in db.session.execute(stmt.where(first.in_(sorted(ids))))
    }


def _value(table, column, value: Any, names: dict[str, dict[int, Any]]) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return text(_l("Ya")) if value else text(_l("Tidak"))
    if isinstance(value, date):  # datetimes too: stored UTC, made local where shown
        return value
    vocabulary = VALUES.get((table.name, column.name), VALUES.get(column.name))
    if vocabulary is not None and isinstance(value, str):
        return text(vocabulary.get(value, value))
    for fk in column.foreign_keys:
        return names.get(fk.column.table.name, {}).get(value, value)
    return value


def _shown_columns(name: str) -> list:
    """The table's columns a record shows: every mapped one but the bookkeeping (a
    column the database derives, such as clients.search_text, is not mapped)."""
    mapper = _mappers()[name]
    mapped = set(mapper.columns)
    return [c for c in mapper.local_table.columns if c.name not in HIDDEN and c in mapped]


def _part(client_id: int, name: str, parent: str | None) -> Part:
    table = _mappers()[name].local_table
    columns = _shown_columns(name)
    raw = [
        [getattr(obj, _attr(name, c)) for c in columns] for obj in _rows_of(client_id, name, parent)
    ]
    wanted: dict[str, set[int]] = {}
    for i, c in enumerate(columns):
        for fk in c.foreign_keys:
            wanted.setdefault(fk.column.table.name, set()).update(
                r[i] for r in raw if r[i] is not None
            )
    names = {target: _labels(target, ids) for target, ids in wanted.items()}
    rows = [[_value(table, c, v, names) for c, v in zip(columns, r, strict=True)] for r in raw]
    return Part(name, title_of(name), [column_words(c.name) for c in columns], rows, raw)


def _attr(table: str, column) -> str:
    """The mapped attribute of a column (usually its name)."""
    return _mappers()[table].get_property_by_column(column).key


def events_about(client_id: int, parts: Iterable[Part]) -> list[AuditEvent]:
    """Who viewed or changed the client's data: events about the case file, and about
    the rows of other kinds that hold the client (a Litmas, a participation...)."""
    about = [and_(AuditEvent.object_type == "client", AuditEvent.object_id == client_id)]
    for part in parts:
        kind = AUDITED_AS.get(part.table)
        if kind and part.rows:
            ids = [row[0] for row in part.raw]  # `id` is the first column of these tables
            about.append(and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_(ids)))
        if part.table == "guidance_attendances" and part.rows:
            sessions = _column(part, "session_id")
            about.append(
                and_(
                    AuditEvent.object_type == "guidance_session",
                    AuditEvent.object_id.in_(sessions),
                )
            )
    about.append(and_(AuditEvent.object_type == "data_subject", AuditEvent.object_id == client_id))
    stmt = (
        select(AuditEvent)
        .where(or_(*about) if about else false())
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return list(db.session.scalars(stmt))


def _column(part: Part, name: str) -> list:
    index = [c.name for c in _shown_columns(part.table)]
    return [row[index.index(name)] for row in part.raw]


def record_of(client_id: int) -> list[Part]:
    """Every kind of data the office holds about the client, the case file first."""
    tables = [(CLIENTS, None), *client_tables()]
    return [_part(client_id, name, parent) for name, parent in tables]
