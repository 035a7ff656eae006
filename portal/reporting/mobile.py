"""Konseling keliling: an office plans a day at a kelurahan and records who came.

Each client seen is recorded through `operations.record_report` (mode konseling
keliling at the day's kelurahan), so a report taken on the street meets the same
schedule, with the same rules, as one taken at the office.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients import operations as client_ops
from portal.clients.models import Client
from portal.clients.operations import find_client, visible_clients
from portal.errors import OperationError
from portal.extensions import db
from portal.reporting import vocab
from portal.reporting.models import MobileCounselingDay, MobileCounselingOfficer, Report
from portal.reporting.operations import find_pk, record_report


def plan_day(
    *,
    held_on: date | None,
    kelurahan: str,
    kecamatan: str,
    location_note: str = "",
    pk_ids: Sequence[int],
    actor: User | None = None,
) -> MobileCounselingDay:
    kelurahan, kecamatan = (kelurahan or "").strip(), (kecamatan or "").strip()
    if held_on is None:
        raise OperationError(_l("Tanggal wajib diisi."), "held_on")
    if not kelurahan:
        raise OperationError(_l("Kelurahan wajib diisi."), "kelurahan")
    if not kecamatan:
        raise OperationError(_l("Kecamatan wajib diisi."), "kecamatan")
    if not pk_ids:
        raise OperationError(_l("Pilih minimal satu PK yang bertugas."), "pk_ids")
    pks = [find_pk(pk_id, "pk_ids") for pk_id in dict.fromkeys(pk_ids)]
    day = MobileCounselingDay(
        held_on=held_on,
        kelurahan=kelurahan,
        kecamatan=kecamatan,
        location_note=(location_note or "").strip(),
    )
    day.officers = [MobileCounselingOfficer(pk_id=pk.id) for pk in pks]
    db.session.add(day)
    db.session.flush()
    record(
        "create",
        "mobile_counseling_day",
        day.id,
        summary=f"Konseling keliling {held_on.isoformat()} di {kelurahan}",
        detail={"pk_ids": [pk.id for pk in pks]},
        actor=actor,
    )
    return day


def record_seen(
    day: MobileCounselingDay,
    *,
    client_id: int | None,
    pk_id: int | None,
    note: str = "",
    actor: User,
) -> Report:
    """A client was seen at the day: stored as that client's wajib lapor report."""
    if day.held_on > client_ops.office_today():
        raise OperationError(
            _l("Kehadiran baru dapat dicatat pada atau setelah hari konseling keliling."),
            "client_id",
        )
    client = find_client(actor, client_id) if client_id else None
    if client is None:
        raise OperationError(_l("Klien tidak ditemukan di kantor ini."), "client_id")
    pk = find_pk(pk_id)
    if pk.id not in {o.pk_id for o in day.officers}:
        raise OperationError(
            _l("PK tersebut tidak bertugas pada hari konseling keliling ini."), "pk_id"
        )
    seen = db.session.scalar(
        select(Report.id).where(Report.mobile_day_id == day.id, Report.client_id == client.id)
    )
    if seen is not None:
        raise OperationError(_l("Klien ini sudah tercatat hadir pada hari ini."), "client_id")
    return record_report(
        client,
        on=day.held_on,
        mode=vocab.KELILING,
        pk_id=pk.id,
        kelurahan=day.kelurahan,
        note=note,
        mobile_day=day,
        actor=actor,
    )


def list_days() -> list[tuple[MobileCounselingDay, int]]:
    """Every day of the office, newest first, with the number of clients seen."""
    seen = (
        select(Report.mobile_day_id, func.count(Report.id).label("n"))
        .where(Report.mobile_day_id.is_not(None))
        .group_by(Report.mobile_day_id)
        .subquery()
    )
    rows = db.session.execute(
        select(MobileCounselingDay, func.coalesce(seen.c.n, 0))
        .outerjoin(seen, seen.c.mobile_day_id == MobileCounselingDay.id)
        .options(
            selectinload(MobileCounselingDay.officers).selectinload(MobileCounselingOfficer.pk)
        )
        .order_by(MobileCounselingDay.held_on.desc(), MobileCounselingDay.id.desc())
    ).all()
    return [(day, n) for day, n in rows]


def reports_of(user: User, day: MobileCounselingDay) -> list[tuple[Report, Client]]:
    """The reports taken at a day, with their clients, as far as the user may see them."""
    return [
        tuple(r)
        for r in db.session.execute(
            visible_clients(user, Report, Client)
            .join_from(Report, Client, Client.id == Report.client_id)
            .where(Report.mobile_day_id == day.id)
            .order_by(Client.name)
        ).all()
    ]
