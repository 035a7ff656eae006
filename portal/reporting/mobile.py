"""Konseling keliling: an office plans a day at a kelurahan and records who came.

Each client seen is recorded through `operations.record_report` (mode konseling
keliling at the day's kelurahan), so a report taken on the street meets the same
schedule, with the same rules, as one taken at the office.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients import operations as client_ops
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import find_client, visible_clients
from portal.errors import OperationError
from portal.extensions import db
from portal.reporting import vocab
from portal.reporting.models import (
    MobileCounselingDay,
    MobileCounselingOfficer,
    Report,
    ReportDue,
)
from portal.reporting.operations import find_pk, record_report, week_of


def _check_day(
    held_on: date | None, kelurahan: str, kecamatan: str, pk_ids: Sequence[int]
) -> tuple[str, str, list[User]]:
    """The place and PKs a day would be stored with; raises on a broken rule."""
    kelurahan, kecamatan = (kelurahan or "").strip(), (kecamatan or "").strip()
    if held_on is None:
        raise OperationError(_l("Tanggal wajib diisi."), "held_on")
    if not kelurahan:
        raise OperationError(_l("Kelurahan wajib diisi."), "kelurahan")
    if not kecamatan:
        raise OperationError(_l("Kecamatan wajib diisi."), "kecamatan")
    if not pk_ids:
        raise OperationError(_l("Pilih minimal satu PK yang bertugas."), "pk_ids")
    return kelurahan, kecamatan, [find_pk(pk_id, "pk_ids") for pk_id in dict.fromkeys(pk_ids)]


def plan_day(
    *,
    held_on: date | None,
    kelurahan: str,
    kecamatan: str,
    location_note: str = "",
    pk_ids: Sequence[int],
    actor: User | None = None,
) -> MobileCounselingDay:
    """A day to come, or one already held being recorded afterwards."""
    kelurahan, kecamatan, pks = _check_day(held_on, kelurahan, kecamatan, pk_ids)
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


# --- changing a plan: only before the day ---------------------------------------------------


def changeable(day: MobileCounselingDay) -> bool:
    """A day can be changed or cancelled until the day before it. From its morning on
    clients may be recorded there, and afterwards it is history."""
    return day.held_on > client_ops.office_today()


def _check_changeable(day: MobileCounselingDay) -> None:
    if not changeable(day):
        raise OperationError(
            _l(
                "Konseling keliling ini sudah berlangsung (atau berlangsung hari ini): "
                "menjadi riwayat dan tidak dapat diubah atau dibatalkan."
            ),
            "held_on",
        )


def update_day(
    day: MobileCounselingDay,
    *,
    held_on: date | None,
    kelurahan: str,
    kecamatan: str,
    location_note: str = "",
    pk_ids: Sequence[int],
    actor: User | None = None,
) -> MobileCounselingDay:
    """A planned day moved, relocated or given other PKs; never one already held."""
    _check_changeable(day)
    kelurahan, kecamatan, pks = _check_day(held_on, kelurahan, kecamatan, pk_ids)
    if held_on <= client_ops.office_today():
        raise OperationError(
            _l("Tanggal baru harus setelah hari ini: rencana tidak dapat dipindah ke masa lalu."),
            "held_on",
        )
    before = {"held_on": day.held_on.isoformat(), "kelurahan": day.kelurahan}
    day.held_on, day.kelurahan, day.kecamatan = held_on, kelurahan, kecamatan
    day.location_note = (location_note or "").strip()
    kept = {o.pk_id: o for o in day.officers}
    day.officers = [kept.get(pk.id) or MobileCounselingOfficer(pk_id=pk.id) for pk in pks]
    db.session.flush()
    record(
        "update",
        "mobile_counseling_day",
        day.id,
        summary=f"Konseling keliling {held_on.isoformat()} di {kelurahan} diubah",
        detail={"before": before, "pk_ids": [pk.id for pk in pks]},
        actor=actor,
    )
    return day


def cancel_day(day: MobileCounselingDay, actor: User | None = None) -> None:
    """A planned day called off: it leaves the office's list (the audit log keeps it).
    Nothing was recorded there, as attendance can only be taken from the day on."""
    _check_changeable(day)
    record(
        "cancel",
        "mobile_counseling_day",
        day.id,
        summary=f"Konseling keliling {day.held_on.isoformat()} di {day.kelurahan} dibatalkan",
        detail={"kecamatan": day.kecamatan, "pk_ids": [o.pk_id for o in day.officers]},
        actor=actor,
    )
    db.session.delete(day)
    db.session.flush()


# --- who is expected -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A client expected at a day, the due date that makes them expected, and the
    report that met it (at this day or elsewhere), if any."""

    client: Client
    due: ReportDue
    report: Report | None
    seen_here: bool


def expected_week(day: MobileCounselingDay) -> tuple[date, date]:
    """The week (Monday to Sunday) a day serves."""
    return week_of(day.held_on)


def expected_clients(user: User, day: MobileCounselingDay) -> list[Expected]:
    """Clients expected at a day: active clients the user may see who live in the day's
    kelurahan (same kelurahan and kecamatan, letter case aside) and have a wajib lapor
    due date whose window (due date ± tolerance) overlaps the day's week, so a report
    taken there can meet it. One line per client: the earliest such due date."""
    monday, sunday = expected_week(day)
    rows = db.session.execute(
        visible_clients(user, Client, ReportDue, Report)
        .join_from(Client, ReportDue, ReportDue.client_id == Client.id)
        .outerjoin(Report, Report.due_id == ReportDue.id)
        .where(
            Client.status == client_vocab.AKTIF,
            func.lower(func.trim(Client.kelurahan)) == day.kelurahan.strip().lower(),
            func.lower(func.trim(Client.kecamatan)) == day.kecamatan.strip().lower(),
            ReportDue.cancelled.is_(False),
            ReportDue.window_from <= sunday,
            ReportDue.window_to >= monday,
        )
        .order_by(Client.name, Client.id, ReportDue.due_on)
    ).all()
    seen = set(db.session.scalars(select(Report.client_id).where(Report.mobile_day_id == day.id)))
    first: dict[int, Expected] = {}
    for client, due, report in rows:
        if client.id not in first:
            first[client.id] = Expected(client, due, report, client.id in seen)
    return list(first.values())


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
