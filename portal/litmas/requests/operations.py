"""Intake of Litmas requests, linking them to case files, and appointing a PK.

The web form, the sheet import and the CLI call these functions, so a rule holds at
every door. Who may appoint: the office administrator (`Role.ADMIN`), acting for the
Kepala Bapas or the section head (see the README, "Permintaan Litmas").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select, update
from sqlalchemy.orm import object_session
from sqlalchemy.orm.exc import StaleDataError

from portal.audit.operations import record
from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import CONFLICT, NIK_RE, find_pk, visible_clients
from portal.clients.signals import client_changed, clients_inserted
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.litmas.requests import deadlines, vocab
from portal.litmas.requests.models import LitmasRequest, RequestAssignment
from portal.offices.models import Office
from portal.tenancy import current_office_id
from portal.timeutil import utcnow

# What intake records; `received_on` and `received_time` are the office's local clock.
FIELDS = (
    "requester_kind",
    "requester_institution",
    "letter_number",
    "letter_date",
    "purpose",
    "received_on",
    "received_time",
    "attachments",
    "attachments_other",
    "person_name",
    "nik",
    "birth_date",
    "category",
    "held_at",
    "register_number",
)
# A clock a few minutes fast in the office must not refuse a letter received "now".
CLOCK_SLACK = timedelta(minutes=5)


def office_timezone() -> str:
    office = db.session.get(Office, current_office_id())
    return office.timezone if office else "Asia/Jakarta"


def _text(values: dict, name: str, required, limit: int) -> str:
    value = (values.get(name) or "").strip()
    if required and not value:
        raise OperationError(required, name)
    if len(value) > limit:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=limit), name)
    return value


def clean_request(data: dict[str, Any], user: User) -> dict[str, Any]:
    """The request's columns from what intake typed; raises every refusal at once (the
    form shows each under its field, an import lists them all)."""
    values: dict[str, Any] = {}
    refused = Refusals()
    kind = data.get("requester_kind")
    if kind not in vocab.REQUESTER_KINDS:
        refused.add(_l("Jenis peminta wajib dipilih dari daftar."), "requester_kind")
    values["requester_kind"] = kind
    for name, required, limit in (
        ("requester_institution", _l("Instansi peminta wajib diisi."), 160),
        ("letter_number", _l("Nomor surat permintaan wajib diisi."), 80),
        ("person_name", _l("Nama yang diteliti wajib diisi."), 120),
        ("held_at", None, 160),
        ("attachments_other", None, 300),
    ):
        with refused.going_on():
            values[name] = _text(data, name, required, limit)
    purpose = data.get("purpose")
    if purpose not in vocab.PURPOSES:
        refused.add(_l("Tujuan Litmas wajib dipilih dari daftar."), "purpose")
    values["purpose"] = purpose
    category = data.get("category")
    if category not in client_vocab.CATEGORIES:
        refused.add(_l("Pilih anak atau dewasa."), "category")
    elif (
        purpose in vocab.PURPOSES
        and vocab.PURPOSES[purpose].child_only
        and category != client_vocab.ANAK
    ):
        refused.add(_l("Tujuan ini hanya untuk anak yang berhadapan dengan hukum."), "category")
    values["category"] = category
    attachments = list(dict.fromkeys(data.get("attachments") or []))
    if any(a not in vocab.ATTACHMENTS for a in attachments):
        refused.add(_l("Lampiran tidak dikenal."), "attachments")
    values["attachments"] = attachments

    nik = "".join((data.get("nik") or "").split())
    if nik and not NIK_RE.match(nik):
        refused.add(_l("NIK harus terdiri dari tepat 16 angka."), "nik")
    values["nik"] = nik

    received_on, received_time = data.get("received_on"), data.get("received_time")
    if received_on is None:
        refused.add(_l("Tanggal surat diterima wajib diisi."), "received_on")
    if not isinstance(received_time, time):
        refused.add(_l("Jam surat diterima wajib diisi."), "received_time")
    elif received_on is not None:
        received_at = deadlines.to_utc(received_on, received_time, office_timezone())
        if received_at > utcnow() + CLOCK_SLACK:
            refused.add(_l("Waktu diterima tidak boleh di masa depan."), "received_on")
        values["received_at"] = received_at

    # The dates compared with the day received: only when that day is there.
    letter_date = data.get("letter_date")
    if letter_date is None:
        refused.add(_l("Tanggal surat permintaan wajib diisi."), "letter_date")
    elif received_on is not None and letter_date > received_on:
        refused.add(_l("Tanggal surat tidak boleh sesudah tanggal surat diterima."), "letter_date")
    values["letter_date"] = letter_date

    birth_date = data.get("birth_date")
    if birth_date is not None and received_on is not None and birth_date >= received_on:
        refused.add(_l("Tanggal lahir harus sebelum tanggal diterima."), "birth_date")
    values["birth_date"] = birth_date
    values["client_id"] = None
    if not refused.failed("nik"):
        with refused.going_on():
            values["client_id"] = _find_client(user, data.get("register_number"), nik)
    refused.raise_any()
    return values


def _find_client(user: User, register_number: str | None, nik: str) -> int | None:
    """The case file the request is for: named by its register number (refused if there is
    none), else found by NIK. Only files this user may see are found (juvenile rule)."""
    number = (register_number or "").strip()
    if number:
        found = db.session.scalar(
            visible_clients(user, Client.id).where(Client.register_number == number)
        )
        if found is None:
            raise OperationError(
                _l("Tidak ada berkas klien dengan nomor register ini."), "register_number"
            )
        return found
    if nik:
        return db.session.scalar(visible_clients(user, Client.id).where(Client.nik == nik).limit(1))
    return None


def flush() -> None:
    """Flush; a row another user changed meanwhile is refused as a conflict."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise OperationError(CONFLICT) from exc


def _due(request: LitmasRequest) -> datetime | None:
    return deadlines.due_at(request.purpose, request.received_at, request.appointed_at)


def create_request(user: User, **data: Any) -> LitmasRequest:
    values = clean_request({k: data.get(k) for k in FIELDS}, user)
    request = LitmasRequest(**values, status=vocab.BARU)
    request.due_at = _due(request)
    db.session.add(request)
    flush()
    record(
        "create",
        "litmas_request",
        request.id,
        summary=f"Permintaan Litmas {request.letter_number} diterima",
        detail={"purpose": request.purpose, "client_id": request.client_id},
    )
    return request


def update_request(
    request: LitmasRequest, user: User, expected_version: int | None, **data: Any
) -> LitmasRequest:
    """Correct what intake typed, until the report is signed. The deadline follows the
    corrected purpose and receipt by the same rule; it is never typed."""
    if request.status not in (vocab.BARU, vocab.DIKERJAKAN):
        raise OperationError(_l("Permintaan yang laporannya sudah ditandatangani tidak diubah."))
    if expected_version != request.version_id:
        raise OperationError(CONFLICT)
    values = clean_request({k: data.get(k) for k in FIELDS}, user)
    if values["client_id"] is None:
        values["client_id"] = request.client_id  # a link made earlier stays
    changed = sorted(k for k, v in values.items() if getattr(request, k) != v)
    for name in changed:
        setattr(request, name, values[name])
    request.due_at = _due(request)
    if changed:
        flush()
        record(
            "update",
            "litmas_request",
            request.id,
            summary=f"Permintaan Litmas {request.letter_number} diubah",
            detail={"fields": changed},
        )
    return request


def link_client(request: LitmasRequest, client: Client) -> None:
    if request.client_id == client.id:
        return
    request.client_id = client.id
    flush()
    record(
        "link",
        "litmas_request",
        request.id,
        summary=f"Permintaan Litmas {request.letter_number} dikaitkan ke berkas "
        f"{client.register_number}",
        detail={"client_id": client.id},
    )


def _link_by_nik(pairs: Iterable[tuple[int, str]]) -> None:
    """Requests for a person who has since become a client join that case file."""
    by_nik = {nik: client_id for client_id, nik in pairs if nik}
    if not by_nik:
        return
    waiting = db.session.execute(
        select(LitmasRequest.id, LitmasRequest.nik).where(
            LitmasRequest.client_id.is_(None), LitmasRequest.nik.in_(list(by_nik))
        )
    ).all()
    for request_id, nik in waiting:
        db.session.execute(
            update(LitmasRequest)
            .where(LitmasRequest.id == request_id)
            .values(client_id=by_nik[nik])
            .execution_options(synchronize_session=False)
        )
        record(
            "link",
            "litmas_request",
            request_id,
            summary="Permintaan Litmas dikaitkan ke berkas klien baru (NIK sama)",
            detail={"client_id": by_nik[nik]},
        )


def _on_client_changed(client: Client, **_: Any) -> None:
    _link_by_nik([(client.id, client.nik)])


_WAITING = "litmas_requests_waiting_niks"


def _waiting_niks() -> set[str]:
    """NIKs of the requests still waiting for a case file, read once per transaction and
    office. A bulk import checks each chunk of new clients against them without a query
    of its own: a query would wait for the chunk's rows to be stored before the import
    could check its next rows (`portal.bulk`), which then would not overlap."""
    session = db.session()
    key = (session.get_transaction(), current_office_id())
    cached = session.info.get(_WAITING)
    if cached is None or cached[0] != key:
        niks = session.scalars(
            select(LitmasRequest.nik).where(
                LitmasRequest.client_id.is_(None), LitmasRequest.nik != ""
            )
        )
        cached = session.info[_WAITING] = (key, set(niks))
    return cached[1]


@event.listens_for(LitmasRequest, "after_insert")
@event.listens_for(LitmasRequest, "after_update")
def _forget_waiting(_mapper, _connection, request: LitmasRequest) -> None:
    """A request stored or changed: the NIKs waiting are read again when next needed."""
    session = object_session(request)
    if session is not None:
        session.info.pop(_WAITING, None)


def _on_clients_inserted(_sender, ids: list[int], rows: list[dict], **_: Any) -> None:
    waiting = _waiting_niks()
    pairs = [
        (client_id, row["nik"])
        for client_id, row in zip(ids, rows, strict=True)
        if row.get("nik") in waiting
    ]
    if pairs:
        _link_by_nik(pairs)
        waiting.difference_update(nik for _id, nik in pairs)  # linked: no longer waiting


client_changed.connect(_on_client_changed)
clients_inserted.connect(_on_clients_inserted)


def appoint_pk(
    request: LitmasRequest,
    pk_id: int | None,
    by: User,
    expected_version: int | None,
    reason: str = "",
    at: datetime | None = None,
) -> RequestAssignment:
    """Appoint (or replace) the PK. The head's decision, so only an administrator; the
    first appointment starts a 7-day clock, later ones never move it."""
    if by.role != Role.ADMIN:
        raise OperationError(_l("Hanya kepala atau administrator kantor yang menunjuk PK."))
    if request.status not in (vocab.BARU, vocab.DIKERJAKAN):
        raise OperationError(_l("PK tidak dapat diganti setelah laporan ditandatangani."))
    if expected_version != request.version_id:
        raise OperationError(CONFLICT)
    pk = find_pk(pk_id)
    if pk is None:
        raise OperationError(_l("PK wajib dipilih."), "pk_id")
    if not pk.active:
        raise OperationError(_l("PK tersebut sudah tidak aktif."), "pk_id")
    if pk.id == request.pk_id:
        raise OperationError(_l("PK ini sudah ditunjuk untuk permintaan ini."), "pk_id")
    reason = (reason or "").strip()
    if request.pk_id is not None and not reason:
        raise OperationError(_l("Alasan penggantian PK wajib diisi."), "reason")
    if len(reason) > 300:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=300), "reason")
    at = at or utcnow()
    if at < request.received_at:
        raise OperationError(_l("PK tidak dapat ditunjuk sebelum permintaan diterima."))
    previous = request.assignments[-1].pk_name if request.assignments else None
    assignment = RequestAssignment(
        request=request,
        pk_id=pk.id,
        pk_name=pk.full_name,
        appointed_at=at,
        by_user_id=by.id,
        by_user_name=by.full_name,
        reason=reason,
    )
    db.session.add(assignment)
    request.pk = pk
    if request.appointed_at is None:
        request.appointed_at = at
    request.due_at = _due(request)
    if request.status == vocab.BARU:
        request.status = vocab.DIKERJAKAN
    flush()
    record(
        "appoint" if previous is None else "reassign",
        "litmas_request",
        request.id,
        summary=f"PK {pk.full_name} ditunjuk untuk permintaan Litmas {request.letter_number}"
        + (f" (menggantikan {previous})" if previous else ""),
        detail={"pk_id": pk.id, "reason": reason},
    )
    return assignment


def withdraw(
    request: LitmasRequest, by: User, expected_version: int | None, reason: str
) -> LitmasRequest:
    """The requester withdrew the request (a diversion agreed at the police, a case
    stopped, a letter sent twice): it leaves every worklist and is never late. It stays
    counted as received, a report already written stays as it is (a signed one is final),
    and the head's decision, with its reason, is in the audit log."""
    if by.role != Role.ADMIN:
        raise OperationError(_l("Hanya kepala atau administrator kantor yang membatalkan."))
    if request.status not in vocab.OPEN:
        raise OperationError(
            _l("Permintaan yang sudah terkirim atau dibatalkan tidak dapat dibatalkan.")
        )
    if expected_version != request.version_id:
        raise OperationError(CONFLICT)
    reason = _text({"reason": reason}, "reason", _l("Alasan pembatalan wajib diisi."), 300)
    before = request.status
    request.status = vocab.DIBATALKAN
    request.withdrawn_at, request.withdrawn_by_name = utcnow(), by.full_name
    request.withdrawn_reason = reason
    flush()
    record(
        "withdraw",
        "litmas_request",
        request.id,
        summary=f"Permintaan Litmas {request.letter_number} dibatalkan: {reason}",
        detail={"from_status": before, "reason": reason},
    )
    return request


def received_today_default() -> tuple[date, time]:
    """Now on the office's clock, to prefill intake."""
    local = deadlines.to_local(utcnow(), office_timezone())
    return local.date(), local.time().replace(second=0, microsecond=0)
