"""Wajib lapor: every rule about schedules, reports and violations lives here, once.

Views, the mobile-counseling pages, the demo seeder and the (later) indicators call
these functions. Each raises `OperationError` with an Indonesian message and the
field at fault, and adds nothing the caller cannot roll back.

The schedule follows the case file through `clients.signals.client_changed`: it is
generated when a client is registered, regenerated when the guidance dates change,
and closed (future due dates cancelled) when the status leaves "aktif".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from portal.audit.operations import record, record_many
from portal.auth.models import User
from portal.bulk import insert_columns, insert_returning_ids
from portal.clients import operations as client_ops
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.signals import client_changed, clients_inserted
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.formatting import day as in_words
from portal.reporting import schedule, vocab
from portal.reporting.models import (
    MobileCounselingDay,
    Report,
    ReportDue,
    ReportingPlan,
    ReportViolation,
)

NOTE_MAX = 500


def _actor_name(actor: User | None) -> str:
    return actor.full_name if getattr(actor, "is_authenticated", False) else "sistem"


# --- the schedule -------------------------------------------------------------------------


def plan_for(client: Client) -> ReportingPlan:
    plan = db.session.scalar(select(ReportingPlan).where(ReportingPlan.client_id == client.id))
    if plan is None:
        plan = ReportingPlan(client_id=client.id, frequency=vocab.DEFAULT_FREQUENCY)
        db.session.add(plan)
    return plan


def met_by_report() -> ColumnElement[bool]:
    """The due date has a report (on time or late)."""
    return exists().where(Report.due_id == ReportDue.id)


def has_violation() -> ColumnElement[bool]:
    """The due date is recorded as a violation."""
    return exists().where(ReportViolation.due_id == ReportDue.id)


def still_open() -> list[ColumnElement[bool]]:
    """Criteria of a due date still open: not cancelled, no report, no violation (the
    schedule, the worklists and the case file all count open dates by this one rule)."""
    return [ReportDue.cancelled.is_(False), ~met_by_report(), ~has_violation()]


def sync_schedule(client: Client) -> None:
    """Bring the client's due dates in line with the case file and its plan.

    Idempotent. History is never rewritten: a client's first schedule covers the
    whole guidance period; later regenerations replace only due dates from today on
    that are neither attended nor recorded as a violation.
    """
    if client.status != client_vocab.AKTIF:
        close_schedule(client, client.status_date or client_ops.office_today())
        return
    plan = plan_for(client)
    db.session.flush()
    today = client_ops.office_today()
    rows = db.session.execute(
        select(ReportDue, met_by_report(), has_violation()).where(ReportDue.client_id == client.id)
    ).all()
    if any(due.cancelled for due, _, _ in rows):  # back to "aktif": a status was corrected
        db.session.execute(
            update(ReportDue).where(ReportDue.client_id == client.id).values(cancelled=False)
        )
    horizon = today if rows else client.guidance_start
    kept = {
        due.due_on
        for due, attended, violated in rows
        if due.due_on < horizon or attended or violated
    }
    wanted = {}
    for day in schedule.due_dates(client.guidance_start, client.guidance_end, plan.frequency):
        if day >= horizon and day not in kept:
            wanted[day] = schedule.window(day, plan.frequency)
    replaceable = {due.due_on: due for due, attended, violated in rows if due.due_on not in kept}
    stale = [
        due.id
        for day, due in replaceable.items()
        if (due.window_from, due.window_to) != wanted.get(day)
    ]
    if stale:
        db.session.execute(delete(ReportDue).where(ReportDue.id.in_(stale)))
    fresh = [
        {
            "client_id": client.id,
            "due_on": day,
            "window_from": w[0],
            "window_to": w[1],
            "cancelled": False,
        }
        for day, w in sorted(wanted.items())
        if day not in replaceable or replaceable[day].id in stale
    ]
    if fresh:
        db.session.execute(insert(ReportDue), fresh)
        _match_unmatched_reports(client, since=min(row["window_from"] for row in fresh))


def _closing(client: Client, ended_on: date) -> list[ColumnElement[bool]]:
    """The due dates guidance ending on `ended_on` cancels: open ones after that day."""
    return [
        ReportDue.client_id == client.id,
        ReportDue.due_on > ended_on,
        *still_open(),
    ]


def close_schedule(client: Client, ended_on: date) -> int:
    """Guidance ended: cancel the open due dates after `ended_on`; history stays."""
    result = db.session.execute(
        update(ReportDue)
        .where(*_closing(client, ended_on))
        .values(cancelled=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


@dataclass(frozen=True)
class Closing:
    """What ending guidance on a date does to the schedule (the confirmation page)."""

    cancelled: int  # open due dates after the date: cancelled
    first: date | None
    last: date | None
    missed: int  # due dates up to the date whose window closed unmet: they stay missed


def closing_preview(client: Client, ended_on: date) -> Closing:
    cancelled, first, last = db.session.execute(
        select(
            func.count(ReportDue.id), func.min(ReportDue.due_on), func.max(ReportDue.due_on)
        ).where(*_closing(client, ended_on))
    ).one()
    missed = db.session.scalar(
        select(func.count(ReportDue.id)).where(
            ReportDue.client_id == client.id,
            ReportDue.due_on <= ended_on,
            ReportDue.window_to < client_ops.office_today(),
            *still_open(),
        )
    )
    return Closing(cancelled, first, last, missed or 0)


def _on_client_changed(client: Client, **_: object) -> None:
    sync_schedule(client)


def _on_clients_inserted(
    _sender: object, ids: list[int], rows: Sequence[dict[str, Any]], **_: object
) -> None:
    """Bulk imports: new clients have no schedule yet, so it is generated in bulk too,
    from the rows just written (reading them back cost a query per chunk that PostgreSQL
    planned for the table as it was before the import: slower with every chunk)."""
    create_schedules(
        [
            (client_id, row["guidance_start"], row["guidance_end"])
            for client_id, row in zip(ids, rows, strict=True)
            if row["status"] == client_vocab.AKTIF
        ]
    )


def create_schedules(clients: Sequence[tuple[int, date, date]]) -> None:
    """First schedules of new, active clients (id, guidance start, guidance end): no plan
    and no due dates yet. In bulk."""
    if not clients:
        return
    frequency = vocab.DEFAULT_FREQUENCY
    insert_columns(
        ReportingPlan,
        {"client_id": [c[0] for c in clients]},
        {"frequency": frequency},
        wait=False,  # like the due dates: stored while the import checks its next rows
    )
    client_ids: list[int] = []
    dues: list[tuple[date, date, date]] = []
    for client_id, start, end in clients:
        calendar = schedule.dues_with_windows(start, end, frequency)
        client_ids += [client_id] * len(calendar)
        dues += calendar
    if dues:
        due_on, window_from, window_to = zip(*dues, strict=True)
        insert_columns(
            ReportDue,
            {
                "client_id": client_ids,
                "due_on": due_on,
                "window_from": window_from,
                "window_to": window_to,
            },
            {"cancelled": False},
            wait=False,
        )


client_changed.connect(_on_client_changed)
clients_inserted.connect(_on_clients_inserted)


def set_frequency(client: Client, frequency: str, actor: User | None = None) -> ReportingPlan:
    if frequency not in vocab.FREQUENCIES:
        raise OperationError(_l("Pilihan tidak dikenal."), "frequency")
    if client.status != client_vocab.AKTIF:
        raise OperationError(
            _l("Jadwal wajib lapor hanya dapat diubah untuk klien yang masih aktif."), "frequency"
        )
    plan = plan_for(client)
    old = plan.frequency if plan.id else None
    plan.frequency = frequency
    db.session.flush()
    sync_schedule(client)
    record(
        "reporting_frequency",
        "client",
        client.id,
        summary=f"Frekuensi wajib lapor klien {client.register_number}: {frequency}",
        detail={"from": old, "to": frequency},
        actor=actor,
    )
    return plan


def _open_dues(*client_ids: int) -> Select:
    """Due dates of these clients still open to a report (columns only: a chunk of an
    import loads thousands)."""
    return select(
        ReportDue.id,
        ReportDue.client_id,
        ReportDue.due_on,
        ReportDue.window_from,
        ReportDue.window_to,
    ).where(
        ReportDue.client_id.in_(client_ids),
        *still_open(),
    )


def _match_unmatched_reports(client: Client, since: date) -> None:
    """New due dates may hold reports already stored as extra contacts: match them."""
    reports = db.session.scalars(
        select(Report)
        .where(Report.client_id == client.id, Report.due_id.is_(None), Report.reported_on >= since)
        .order_by(Report.reported_on)
    ).all()
    if not reports:
        return
    open_dues = list(db.session.execute(_open_dues(client.id)))
    for report in reports:
        due = schedule.earliest_open(open_dues, report.reported_on)
        if due is not None:
            report.due_id = due.id
            open_dues.remove(due)
    db.session.flush()


# --- reports ------------------------------------------------------------------------------


def find_pk(pk_id: int | None, field: str = "pk_id", pks: dict[int, User] | None = None) -> User:
    """A PK of the bound office (the tenancy filter hides every other office's); an
    import passes the office's PKs loaded once as `pks`."""
    if not pk_id:
        raise OperationError(_l("PK penerima laporan wajib dipilih."), field)
    pk = pks.get(pk_id) if pks is not None else client_ops.office_pk(pk_id)
    if pk is None:
        raise OperationError(_l("PK tidak ditemukan di kantor ini."), field)
    return pk


def _check_date(client: Client, on: date | None, today: date) -> None:
    if on is None:
        raise OperationError(_l("Tanggal lapor wajib diisi."), "on")
    if on > today:
        raise OperationError(_l("Tanggal lapor tidak boleh di masa depan."), "on")
    if on < client.guidance_start:
        raise OperationError(
            _l(
                "Tanggal lapor tidak boleh sebelum mulai bimbingan (%(date)s).",
                date=client.guidance_start.isoformat(),
            ),
            "on",
        )
    if on > client.guidance_end:
        raise OperationError(
            _l(
                "Tanggal lapor tidak boleh setelah akhir bimbingan (%(date)s).",
                date=client.guidance_end.isoformat(),
            ),
            "on",
        )
    if client.status != client_vocab.AKTIF and client.status_date and on > client.status_date:
        raise OperationError(_l("Klien tidak lagi dalam bimbingan pada tanggal tersebut."), "on")


def _check_details(
    *,
    mode: str,
    pk_id: int | None,
    kelurahan: str,
    note: str,
    pks: dict[int, User] | None,
    call_time: time | None = None,
) -> dict:
    """How a report was taken: the rules that hold whatever its date. The time of a
    video call is kept for video calls only (older records and sheets have none)."""
    kelurahan, note = (kelurahan or "").strip(), (note or "").strip()
    if mode not in vocab.MODES:
        raise OperationError(_l("Cara lapor wajib dipilih."), "mode")
    if mode == vocab.KELILING and not kelurahan:
        raise OperationError(_l("Kelurahan wajib diisi untuk konseling keliling."), "kelurahan")
    if len(note) > NOTE_MAX:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=NOTE_MAX), "note")
    details = {
        "mode": mode,
        "kelurahan": kelurahan if mode == vocab.KELILING else "",
        "pk_id": find_pk(pk_id, pks=pks).id,
        "note": note,
    }
    if call_time is not None and mode == vocab.VIDEO:
        # Only when given: a sheet has no such column, and re-importing a video call
        # must not erase the time the form recorded.
        details["call_time"] = call_time
    return details


def check_report(
    client: Client,
    *,
    on: date | None,
    mode: str,
    pk_id: int | None,
    kelurahan: str = "",
    note: str = "",
    today: date | None = None,
    pks: dict[int, User] | None = None,
    call_time: time | None = None,
) -> dict:
    """The row a report would be stored as, after every rule; raises if one is broken.

    Writes nothing. An import passes `today` and the office's `pks`, loaded once,
    so checking 100,000 rows costs no query per row.
    """
    refused = Refusals()  # the date and how it was taken, both reported at once
    with refused.going_on():
        _check_date(client, on, today or client_ops.office_today())
    details: dict = {}
    with refused.going_on():
        details = _check_details(
            mode=mode, pk_id=pk_id, kelurahan=kelurahan, note=note, pks=pks, call_time=call_time
        )
    refused.raise_any()
    return {"client_id": client.id, "reported_on": on, **details}


def record_report(
    client: Client,
    *,
    mobile_day: MobileCounselingDay | None = None,
    late_for: int | None = None,
    actor: User | None = None,
    **fields: Any,
) -> RecordedReport:
    """Store a report (`fields` as `check_report` takes them: on, mode, pk_id, kelurahan,
    note, call_time); it meets the earliest open due date whose window holds its date.

    `late_for`: the id of a missed due date the PK records this report against when it
    meets none on time (see `LATE_REPORT_DAYS`).
    """
    row = check_report(client, **fields)
    row["mobile_day_id"] = mobile_day.id if mobile_day else None
    late = _check_late(client, late_for, row["reported_on"]) if late_for else None
    if late is not None:
        row["due_id"] = late.id
    [stored] = _store_reports([row], actor, {client.id: client.register_number})
    return stored if late is None else replace(stored, due=late)


@dataclass(frozen=True)
class RecordedReport:
    """A report just stored, with the due date it met: what its page and message need,
    without reading the row back."""

    id: int
    client_id: int
    reported_on: date
    due_id: int | None
    due: Any  # the due date met (id, due_on, window_from, window_to), None: none met


# A report after a due date's window closed may still be recorded against it, up to this
# many days after the window closed, when it meets no due date on time and no violation
# was recorded for the missed one. The due date then reads "hadir terlambat": the client
# came, and the worklists stop chasing it, but compliance counts only reports within the
# window, so the late one is not a kept due date there (it is shown beside it).
LATE_REPORT_DAYS = 30


def late_candidates(on: date, rows: Sequence[ScheduleRow]) -> list[DueShown]:
    """The missed due dates a report on `on` could be recorded against (from the rows
    the case file already loaded)."""
    return [
        row.due
        for row in rows
        if row.status == vocab.TERLAMBAT
        and row.due.window_to < on <= row.due.window_to + timedelta(days=LATE_REPORT_DAYS)
    ]


def _check_late(client: Client, due_id: int, on: date) -> ReportDue:
    due = db.session.execute(
        select(ReportDue).where(ReportDue.id == due_id, ReportDue.client_id == client.id)
    ).scalar_one_or_none()
    if due is None:
        raise OperationError(_l("Jadwal wajib lapor tidak ditemukan."), "late_for")
    met_on_time = schedule.earliest_open(db.session.execute(_open_dues(client.id)), on)
    if met_on_time is not None:
        raise OperationError(
            _l(
                "Laporan pada tanggal ini memenuhi jadwal %(date)s tepat waktu; laporan "
                "hanya dicatat terlambat bila tidak memenuhi jadwal mana pun.",
                date=in_words(met_on_time.due_on),
            ),
            "late_for",
        )
    open_ = db.session.scalar(
        select(func.count()).select_from(ReportDue).where(ReportDue.id == due.id, *still_open())
    )
    if not open_:
        raise OperationError(
            _l("Jadwal ini sudah dipenuhi, dibatalkan, atau dicatat sebagai pelanggaran."),
            "late_for",
        )
    if not due.window_to < on <= due.window_to + timedelta(days=LATE_REPORT_DAYS):
        raise OperationError(
            _l(
                "Laporan terlambat hanya dapat dicatat untuk jadwal yang batas toleransinya "
                "berakhir paling lama %(n)d hari sebelum tanggal lapor.",
                n=LATE_REPORT_DAYS,
            ),
            "late_for",
        )
    return due


def insert_reports(
    rows: Sequence[dict], actor: User | None = None, numbers: dict[int, str] | None = None
) -> list[int]:
    """Store reports already passed through `check_report`, in bulk; ids in `rows`' order.

    Each client's reports meet its due dates in date order: each the earliest open
    due date whose window holds it, as if recorded one by one through the form.
    `numbers`: the clients' register numbers (for the audit log), when already loaded.
    """
    return [stored.id for stored in _store_reports(rows, actor, numbers)]


def _store_reports(
    rows: Sequence[dict], actor: User | None, numbers: dict[int, str] | None
) -> list[RecordedReport]:
    client_ids = {row["client_id"] for row in rows}
    open_dues = defaultdict(list)
    for due in db.session.execute(_open_dues(*client_ids)):
        open_dues[due.client_id].append(due)
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["client_id"], rows[i]["reported_on"]))
    stored: dict[int, dict] = {}  # by position in `rows`
    met: dict[int, Any] = {}  # the due date each met
    recorder = _actor_name(actor)
    for i in order:
        row = rows[i]
        due_id = row.get("due_id")  # a late report, checked by `_check_late`
        if due_id is None:
            due = schedule.earliest_open(open_dues[row["client_id"]], row["reported_on"])
            if due is not None:
                open_dues[row["client_id"]].remove(due)
                due_id, met[i] = due.id, due
        stored[i] = {
            "mobile_day_id": None,
            **row,
            "due_id": due_id,
            "recorded_by_name": recorder,
        }
    # The ORM leaves empty values out of a bulk INSERT and starts a new batch whenever
    # the set of columns changes: rows with and without a due date go in apart.
    grouped = sorted(stored, key=lambda i: stored[i]["due_id"] is None)
    try:
        ids = dict(
            zip(grouped, insert_returning_ids(Report, [stored[i] for i in grouped]), strict=True)
        )
    except IntegrityError as exc:  # another report met the same due date meanwhile
        raise OperationError(
            _l("Jadwal ini baru saja dipenuhi laporan lain; coba lagi."), "on"
        ) from exc
    if numbers is None or not client_ids <= numbers.keys():
        numbers = _register_numbers(client_ids)
    record_many(
        "report",
        "client",
        [
            (
                row["client_id"],
                f"Wajib lapor klien {numbers[row['client_id']]} pada "
                f"{row['reported_on'].isoformat()}",
                {"report_id": ids[i], "mode": row["mode"], "due_id": row["due_id"]},
            )
            for i, row in stored.items()
        ],
        actor=actor,
    )
    return [
        RecordedReport(
            ids[i], rows[i]["client_id"], rows[i]["reported_on"], stored[i]["due_id"], met.get(i)
        )
        for i in range(len(rows))
    ]


def counted_for(report: RecordedReport) -> str:
    """What a report just recorded counted for, in words: the due date it met (on time
    or late), or why it met none (an off-schedule contact)."""
    on, met = report.reported_on, report.due
    if met is not None and on > met.window_to:
        return str(
            _l(
                "Laporan %(on)s dicatat sebagai laporan terlambat untuk jadwal %(due)s (batas "
                "toleransi berakhir %(end)s): jadwal itu kini hadir terlambat dan tidak "
                "dihitung tepat waktu dalam kepatuhan.",
                on=in_words(on),
                due=in_words(met.due_on),
                end=in_words(met.window_to),
            )
        )
    if met is not None:
        return str(
            _l(
                "Laporan %(on)s dicatat dan memenuhi jadwal %(due)s.",
                on=in_words(on),
                due=in_words(met.due_on),
            )
        )
    dues = db.session.execute(  # only now: most reports meet a due date
        select(ReportDue.id, ReportDue.due_on, ReportDue.window_from, ReportDue.window_to)
        .where(ReportDue.client_id == report.client_id, ReportDue.cancelled.is_(False))
        .order_by(ReportDue.due_on)
    ).all()
    holding = next((d for d in dues if d.window_from <= on <= d.window_to), None)
    if holding is not None:
        why = _l(
            "jadwal %(due)s yang batas toleransinya memuat tanggal ini sudah dipenuhi atau "
            "dicatat sebagai pelanggaran",
            due=in_words(holding.due_on),
        )
    elif dues:
        near = min(dues, key=lambda d: abs((d.due_on - on).days))
        why = _l(
            "tanggal ini di luar batas toleransi setiap jadwal; jadwal terdekat %(due)s "
            "(batas %(start)s – %(end)s)",
            due=in_words(near.due_on),
            start=in_words(near.window_from),
            end=in_words(near.window_to),
        )
    else:
        why = _l("klien belum punya jadwal wajib lapor")
    return str(
        _l(
            "Laporan %(on)s dicatat sebagai kontak di luar jadwal dan tidak memenuhi jadwal "
            "mana pun: %(why)s.",
            on=in_words(on),
            why=why,
        )
    )


def _register_numbers(client_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(Client.id, Client.register_number).where(Client.id.in_(client_ids))
        ).all()
    )


def report_changes(
    report: Report,
    *,
    mode: str,
    pk_id: int | None,
    kelurahan: str = "",
    note: str = "",
    pks: dict[int, User] | None = None,
) -> dict:
    """What an edit of how a report was taken would change (after every rule), writing
    nothing. Its date, and so the due date it met, never changes."""
    details = _check_details(mode=mode, pk_id=pk_id, kelurahan=kelurahan, note=note, pks=pks)
    changes = {k: v for k, v in details.items() if getattr(report, k) != v}
    if report.mobile_day_id and changes.keys() & {"mode", "kelurahan", "pk_id"}:
        raise OperationError(
            _l(
                "Laporan ini dicatat pada hari konseling keliling; cara lapor, kelurahan dan "
                "PK-nya mengikuti hari tersebut."
            ),
            "mode",
        )
    return changes


def update_report(report: Report, changes: dict, actor: User | None = None) -> None:
    """Apply changes found by `report_changes` (`report` may be a row read for a batch)."""
    db.session.execute(
        update(Report)
        .where(Report.id == report.id)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    record(
        "report_update",
        "client",
        report.client_id,
        summary=f"Laporan wajib lapor {report.reported_on.isoformat()} diubah",
        detail={"report_id": report.id, "changed": sorted(changes)},
        actor=actor,
    )


def record_violation(
    client: Client, due_id: int | None, note: str, actor: User | None = None
) -> ReportViolation:
    note = (note or "").strip()
    due = db.session.execute(
        select(ReportDue).where(ReportDue.id == due_id, ReportDue.client_id == client.id)
    ).scalar_one_or_none()
    if due is None:
        raise OperationError(_l("Jadwal wajib lapor tidak ditemukan."), "note")
    attended = db.session.scalar(select(met_by_report()).where(ReportDue.id == due.id))
    violated = db.session.scalar(select(has_violation()).where(ReportDue.id == due.id))
    status = schedule.due_status(
        due,
        client_ops.office_today(),
        cancelled=due.cancelled,
        attended=attended,
        violation=violated,
    )
    if status != vocab.TERLAMBAT:
        raise OperationError(
            _l(
                "Pelanggaran hanya dapat dicatat untuk jadwal yang terlambat (batas waktunya "
                "sudah lewat tanpa laporan)."
            ),
            "note",
        )
    if not note:
        raise OperationError(_l("Catatan pelanggaran wajib diisi."), "note")
    if len(note) > NOTE_MAX:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=NOTE_MAX), "note")
    violation = ReportViolation(
        client_id=client.id, due_id=due.id, note=note, recorded_by_name=_actor_name(actor)
    )
    db.session.add(violation)
    db.session.flush()
    record(
        "violation",
        "client",
        client.id,
        summary=f"Pelanggaran wajib lapor klien {client.register_number} "
        f"(jadwal {due.due_on.isoformat()})",
        detail={"due_id": due.id, "violation_id": violation.id},
        actor=actor,
    )
    return violation


# --- figures and lists --------------------------------------------------------------------


@dataclass(frozen=True)
class Compliance:
    """Reports due to date and attended. A due date counts as due once its window has
    closed or it has been met; cancelled ones never count. Rate = attended / due, where
    attended means met within the window: a report recorded late against a missed due
    date (`late`) is shown, but is not counted as kept."""

    due: int = 0
    attended: int = 0
    late: int = 0

    @property
    def missed(self) -> int:
        return self.due - self.attended

    @property
    def rate(self) -> float | None:
        return self.attended / self.due if self.due else None


def counts_as_due(today: date) -> ColumnElement[bool]:
    """The rule for a due date that counts as due (over a query joining its report):
    its window has closed, or it has been met. Cancelled ones are filtered apart."""
    return or_(Report.id.is_not(None), ReportDue.window_to < today)


def counts_as_attended() -> ColumnElement[bool]:
    """The rule for a met due date that counts as attended (over a query joining its
    report): the report fell within the window. A late report (`LATE_REPORT_DAYS`) does
    not."""
    return Report.reported_on <= ReportDue.window_to


def compliance(clients: Iterable[int] | Select, today: date | None = None) -> dict[int, Compliance]:
    """Compliance per client id, for the client ids (or a SELECT of ids) given.

    The one definition the client page, the worklist and the regional indicators
    (through `counts_as_due`) use.
    """
    today = today or client_ops.office_today()
    rows = db.session.execute(
        select(
            ReportDue.client_id,
            func.count(ReportDue.id).filter(counts_as_due(today)),
            func.count(Report.id).filter(counts_as_attended()),
            func.count(Report.id).filter(~counts_as_attended()),
        )
        .outerjoin(Report, Report.due_id == ReportDue.id)
        .where(ReportDue.client_id.in_(clients), ReportDue.cancelled.is_(False))
        .group_by(ReportDue.client_id)
    ).all()
    return {client_id: Compliance(due, attended, late) for client_id, due, attended, late in rows}


RECENT_ROWS = 3  # due dates gone by that the case file shows unfolded
UPCOMING_ROWS = 2  # and those ahead


@dataclass(frozen=True, slots=True)
class PkName:
    full_name: str


@dataclass(frozen=True, slots=True)
class DueShown:
    """A due date as the case file shows it (columns, not an ORM object: a long guidance
    has 40-60 of them, each with its report)."""

    id: int
    due_on: date
    window_from: date
    window_to: date
    cancelled: bool


@dataclass(frozen=True, slots=True)
class ReportShown:
    """A report as the case file shows it; `pk.full_name` as on the ORM object."""

    id: int
    due_id: int | None
    reported_on: date
    mode: str
    call_time: time | None
    kelurahan: str
    note: str
    pk: PkName | None


@dataclass(frozen=True, slots=True)
class ViolationShown:
    id: int
    note: str
    recorded_by_name: str


@dataclass(frozen=True)
class ScheduleRow:
    due: DueShown
    status: str
    report: ReportShown | None
    violation: ViolationShown | None


@dataclass(frozen=True)
class ClientReporting:
    frequency: str | None
    rows: list[ScheduleRow]
    extra_reports: list[ReportShown]
    compliance: Compliance
    today: date

    @property
    def violations(self) -> list[ViolationShown]:
        return [r.violation for r in self.rows if r.violation is not None]

    @property
    def next_due(self) -> ScheduleRow | None:
        """The due date to report for next: open now, or the next one scheduled."""
        return next(
            (r for r in self.rows if r.status in (vocab.JATUH_TEMPO, vocab.TERJADWAL)), None
        )

    @property
    def overdue(self) -> list[ScheduleRow]:
        """Missed due dates not yet met late nor recorded as a violation."""
        return [r for r in self.rows if r.status == vocab.TERLAMBAT]

    @property
    def last_report(self) -> ReportShown | None:
        reports = [r.report for r in self.rows if r.report] + self.extra_reports
        return max(reports, key=lambda r: (r.reported_on, r.id), default=None)

    @property
    def late_candidates(self) -> list[DueShown]:
        """Missed due dates a report today could still be recorded against."""
        return late_candidates(self.today, self.rows)

    def folded(self, keep: Iterable[int] = ()) -> tuple[list, list, list]:
        """The schedule as the case file shows it on a phone: (earlier, shown, later).

        Shown: the last RECENT_ROWS dates gone by, every missed date still open (each
        asks for a violation or a late report), the next UPCOMING_ROWS dates and the
        rows in `keep` (due ids: the row a save just changed, a refused form's row).
        Earlier and later rows stay on the page, folded (one card each on a phone,
        3 years of monthly dates were 40 screens)."""
        keep = set(keep)
        ahead = (vocab.JATUH_TEMPO, vocab.TERJADWAL)
        first = next((i for i, r in enumerate(self.rows) if r.status in ahead), len(self.rows))
        past, coming = self.rows[:first], self.rows[first:]

        def held(row: ScheduleRow) -> bool:
            return row.status == vocab.TERLAMBAT or row.due.id in keep

        recent = max(0, len(past) - RECENT_ROWS)
        earlier = [r for i, r in enumerate(past) if i < recent and not held(r)]
        later = [r for i, r in enumerate(coming) if i >= UPCOMING_ROWS and not held(r)]
        folded = {id(r) for r in earlier + later}
        return earlier, [r for r in self.rows if id(r) not in folded], later


# `client_reporting`'s statements, built once (values bound at execution): building
# them cost more CPU than running them, on every case file.
_REPORT_COLUMNS = (
    Report.id,
    Report.due_id,
    Report.reported_on,
    Report.mode,
    Report.call_time,
    Report.kelurahan,
    Report.note,
    User.full_name,
)
_PLAN_FREQUENCY = select(ReportingPlan.frequency).where(
    ReportingPlan.client_id == bindparam("client_id")
)
_CLIENT_SCHEDULE = (
    select(
        ReportDue.id,
        ReportDue.due_on,
        ReportDue.window_from,
        ReportDue.window_to,
        ReportDue.cancelled,
        *_REPORT_COLUMNS,
        ReportViolation.id,
        ReportViolation.note,
        ReportViolation.recorded_by_name,
    )
    .outerjoin(Report, Report.due_id == ReportDue.id)
    .outerjoin(User, User.id == Report.pk_id)
    .outerjoin(ReportViolation, ReportViolation.due_id == ReportDue.id)
    .where(ReportDue.client_id == bindparam("client_id"))
    .order_by(ReportDue.due_on)
)
_CLIENT_EXTRA = (
    select(*_REPORT_COLUMNS)
    .outerjoin(User, User.id == Report.pk_id)
    .where(Report.client_id == bindparam("client_id"), Report.due_id.is_(None))
    .order_by(Report.reported_on)
)

# `client_reporting`'s frequency when the caller has not read it already.
UNREAD: Any = object()


def client_reporting(
    client: Client, frequency: str | None = UNREAD, extra_reports: bool = True
) -> ClientReporting:
    """The client's schedule with each due date's report and violation, the reports that
    met none, and compliance: two statements (the due dates joined to their report and
    violation, each at most one per due date; the reports that met none), compliance
    counted from those rows by the rules of `compliance`. `frequency`: the plan's, when
    the case file has read it already; `extra_reports` false when it knows there are
    no reports that met none (their statement is then spared)."""
    today = client_ops.office_today()
    if frequency is UNREAD:
        frequency = db.session.scalar(_PLAN_FREQUENCY, {"client_id": client.id})
    joined = db.session.execute(_CLIENT_SCHEDULE, {"client_id": client.id}).all()
    extra = (
        [_report_shown(row) for row in db.session.execute(_CLIENT_EXTRA, {"client_id": client.id})]
        if extra_reports
        else []
    )
    rows = []
    due = attended = late = 0
    for row in joined:
        row_due = DueShown(*row[:5])
        report = _report_shown(row[5:13]) if row[5] is not None else None
        violation = ViolationShown(*row[13:]) if row[13] is not None else None
        is_late = report is not None and report.reported_on > row_due.window_to
        rows.append(
            ScheduleRow(
                row_due,
                schedule.due_status(
                    row_due,
                    today,
                    cancelled=row_due.cancelled,
                    attended=report is not None,
                    violation=violation is not None,
                    late=is_late,
                ),
                report,
                violation,
            )
        )
        if not row_due.cancelled:  # as `compliance`: counts_as_due, counts_as_attended
            due += report is not None or row_due.window_to < today
            attended += report is not None and not is_late
            late += is_late
    return ClientReporting(frequency, rows, extra, Compliance(due, attended, late), today)


def _report_shown(row) -> ReportShown:
    *columns, pk_name = row
    # No name: a PK another office's (a transferred file), as the ORM's `pk` reads None.
    return ReportShown(*columns, PkName(pk_name) if pk_name is not None else None)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
