"""Employment and re-offending rules, once, for the web form, imports and the CLI.

Both are dated histories of one client: entries are added, and the latest
employment entry is the client's current situation. Dates lie within the case
(not before guidance started, not in the future) so that indicators counting
"employed at 6 months" or "re-offended during guidance" count what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.errors import OperationError
from portal.extensions import db
from portal.outcomes import vocab
from portal.outcomes.models import EmploymentRecord, ReoffendingEvent

EMPLOYMENT_FIELDS = ("recorded_on", "status", "sector", "income_band", "note")
REOFFENCE_FIELDS = ("occurred_on", "kind", "source", "note")


def _check_date(client: Client, on: date | None, field: str) -> None:
    if on is None:
        raise OperationError(_l("Tanggal wajib diisi."), field)
    if on > office_today():
        raise OperationError(_l("Tanggal tidak boleh di masa depan."), field)
    if on < client.guidance_start:
        raise OperationError(
            _l(
                "Tanggal tidak boleh sebelum mulai bimbingan (%(date)s).",
                date=client.guidance_start.isoformat(),
            ),
            field,
        )


def _actor_name(actor: User | None) -> str:
    return actor.full_name if actor is not None else "sistem"


def record_employment(client: Client, actor: User | None = None, **data: Any) -> EmploymentRecord:
    values = {
        k: (v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if k in EMPLOYMENT_FIELDS
    }
    _check_date(client, values.get("recorded_on"), "recorded_on")
    status = values.get("status")
    if status not in vocab.EMPLOYMENT:
        raise OperationError(_l("Status pekerjaan wajib dipilih."), "status")
    sector = values.get("sector") or None
    if status == vocab.BEKERJA and not sector:
        raise OperationError(
            _l("Sektor pekerjaan wajib dipilih untuk klien yang bekerja."), "sector"
        )
    if sector is not None and sector not in vocab.SECTORS:
        raise OperationError(_l("Sektor tidak dikenal."), "sector")
    band = values.get("income_band") or None
    if band is not None and band not in vocab.INCOME_BANDS:
        raise OperationError(_l("Kelompok penghasilan tidak dikenal."), "income_band")
    if status == vocab.TIDAK_BEKERJA and (sector or band):
        raise OperationError(
            _l("Klien yang tidak bekerja tidak memiliki sektor atau penghasilan kerja."), "status"
        )
    entry = EmploymentRecord(
        client_id=client.id,
        recorded_on=values["recorded_on"],
        status=status,
        sector=sector,
        income_band=band,
        note=(values.get("note") or "")[:300],
        by_user_name=_actor_name(actor),
    )
    db.session.add(entry)
    db.session.flush()
    record(
        "employment",
        "client",
        client.id,
        summary=f"Status pekerjaan klien {client.register_number}: {status}",
        detail={"on": entry.recorded_on.isoformat(), "status": status, "sector": sector},
        actor=actor,
    )
    return entry


def record_reoffence(client: Client, actor: User | None = None, **data: Any) -> ReoffendingEvent:
    values = {
        k: (v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if k in REOFFENCE_FIELDS
    }
    _check_date(client, values.get("occurred_on"), "occurred_on")
    if values.get("kind") not in vocab.REOFFENCE_KINDS:
        raise OperationError(_l("Jenis kejadian wajib dipilih."), "kind")
    if values.get("source") not in vocab.SOURCES:
        raise OperationError(_l("Sumber informasi wajib dipilih."), "source")
    event = ReoffendingEvent(
        client_id=client.id,
        occurred_on=values["occurred_on"],
        kind=values["kind"],
        source=values["source"],
        note=(values.get("note") or "")[:500],
        by_user_name=_actor_name(actor),
    )
    db.session.add(event)
    db.session.flush()
    record(
        "reoffence",
        "client",
        client.id,
        summary=f"Kejadian {values['kind']} dicatat untuk klien {client.register_number}",
        detail={"on": event.occurred_on.isoformat(), "kind": event.kind},
        actor=actor,
    )
    return event


def employment_history(client: Client) -> Sequence[EmploymentRecord]:
    """Newest first: the first entry is the client's current situation."""
    return db.session.scalars(
        select(EmploymentRecord)
        .where(EmploymentRecord.client_id == client.id)
        .order_by(EmploymentRecord.recorded_on.desc(), EmploymentRecord.id.desc())
    ).all()


def reoffences_of(client: Client) -> Sequence[ReoffendingEvent]:
    return db.session.scalars(
        select(ReoffendingEvent)
        .where(ReoffendingEvent.client_id == client.id)
        .order_by(ReoffendingEvent.occurred_on.desc(), ReoffendingEvent.id.desc())
    ).all()


def reoffences_between(start: date, end: date) -> Sequence[ReoffendingEvent]:
    """The office's events with start <= occurred_on <= end: what indicators count from."""
    return db.session.scalars(
        select(ReoffendingEvent)
        .where(ReoffendingEvent.occurred_on >= start, ReoffendingEvent.occurred_on <= end)
        .order_by(ReoffendingEvent.occurred_on, ReoffendingEvent.id)
    ).all()
