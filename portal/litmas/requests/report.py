"""The report on a request: drafted and signed by the appointed PK, acknowledged by the
head, delivered to the requester. A signed report is final (see `models.RequestReport`)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.audit.operations import record
from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.operations import CONFLICT
from portal.errors import OperationError
from portal.extensions import db
from portal.formatting import day
from portal.litmas.requests import deadlines, vocab
from portal.litmas.requests.models import LitmasRequest, RequestReport
from portal.litmas.requests.operations import CLOCK_SLACK, flush, office_timezone
from portal.timeutil import utcnow

SECTION_LIMIT = 10000
REQUIRED_MESSAGE = _l("Bagian \u201c%(section)s\u201d wajib diisi sebelum laporan ditandatangani.")


def _only_the_pk(request: LitmasRequest, user: User) -> None:
    if request.pk_id is None or request.pk_id != user.id:
        raise OperationError(_l("Hanya PK yang ditunjuk yang menulis laporan ini."))


def identity_text(request: LitmasRequest) -> str:
    """The identity section as intake knows it; the PK completes it."""
    lines = [f"Nama: {request.person_name}"]
    if request.nik:
        lines.append(f"NIK: {request.nik}")
    if request.birth_date:
        lines.append(f"Tanggal lahir: {day(request.birth_date)}")
    lines.append(f"Kategori: {client_vocab.CATEGORIES[request.category]}")
    if request.held_at:
        lines.append(f"Tempat: {request.held_at}")
    return "\n".join(lines)


def save_report(
    request: LitmasRequest, user: User, expected_version: int | None, **sections: Any
) -> RequestReport:
    _only_the_pk(request, user)
    report = request.report
    if report is not None and report.is_final:
        raise OperationError(_l("Laporan yang sudah ditandatangani tidak dapat diubah."))
    if request.status != vocab.DIKERJAKAN:
        raise OperationError(_l("Laporan hanya ditulis selama permintaan dikerjakan."))
    if report is not None and expected_version != report.version_id:
        raise OperationError(CONFLICT)
    values = {}
    for name in vocab.REPORT_SECTIONS:
        value = (sections.get(name) or "").strip()
        if len(value) > SECTION_LIMIT:
            raise OperationError(_l("Paling banyak %(max)d karakter.", max=SECTION_LIMIT), name)
        values[name] = value
    if report is None:
        report = RequestReport(request=request)
        db.session.add(report)
        action = "create"
    else:
        action = "update"
    changed = sorted(k for k, v in values.items() if getattr(report, k) != v)
    for name in changed:
        setattr(report, name, values[name])
    flush()
    if changed or action == "create":
        record(
            action,
            "litmas_request_report",
            report.id,
            summary=f"Laporan Litmas permintaan {request.letter_number} disimpan (draf)",
            detail={"request_id": request.id, "sections": changed},
        )
    return report


def _moment(at: datetime | None, earliest: datetime | None) -> datetime:
    """When a step happened: now, or (an import of past requests) the time it says, which
    can be neither in the future nor before the step it follows."""
    now = utcnow()
    if at is None:
        return now
    if at > now + CLOCK_SLACK or (earliest is not None and at < earliest):
        raise OperationError(_l("Waktu ini tidak sesuai dengan urutan permintaan."))
    return at


def sign_report(
    request: LitmasRequest, user: User, expected_version: int | None, at: datetime | None = None
) -> None:
    """The PK signs: the report is complete and from now on final."""
    _only_the_pk(request, user)
    report = request.report
    if report is None:
        raise OperationError(_l("Belum ada laporan PK untuk permintaan ini."))
    if report.is_final:
        raise OperationError(_l("Laporan ini sudah ditandatangani."))
    if expected_version != report.version_id:
        raise OperationError(CONFLICT)
    for name in vocab.REPORT_REQUIRED:
        if not getattr(report, name).strip():
            raise OperationError(REQUIRED_MESSAGE % {"section": vocab.REPORT_SECTIONS[name]}, name)
    report.signed_at, report.signed_by_id, report.signed_by_name = (
        _moment(at, request.appointed_at),
        user.id,
        user.full_name,
    )
    request.status = vocab.DITANDATANGANI
    flush()
    record(
        "sign",
        "litmas_request_report",
        report.id,
        summary=f"Laporan Litmas permintaan {request.letter_number} ditandatangani PK",
        detail={"request_id": request.id},
    )


def acknowledge(
    request: LitmasRequest, by: User, expected_version: int | None, at: datetime | None = None
) -> None:
    """The head acknowledges a signed report: the request is complete, ready to send."""
    if by.role != Role.ADMIN:
        raise OperationError(_l("Hanya kepala atau administrator kantor yang mengetahui laporan."))
    if expected_version != request.version_id:
        raise OperationError(CONFLICT)
    report = request.report
    if report is None or not report.is_final:
        raise OperationError(
            _l("Permintaan tidak dapat diselesaikan tanpa laporan yang ditandatangani PK.")
        )
    if request.status != vocab.DITANDATANGANI:
        raise OperationError(_l("Laporan ini sudah diketahui kepala."))
    now = _moment(at, report.signed_at)
    report.acknowledged_at, report.acknowledged_by_id, report.acknowledged_by_name = (
        now,
        by.id,
        by.full_name,
    )
    request.status, request.completed_at = vocab.SELESAI, now
    flush()
    record(
        "acknowledge",
        "litmas_request",
        request.id,
        summary=f"Laporan Litmas permintaan {request.letter_number} diketahui kepala",
    )


def deliver(
    request: LitmasRequest,
    by: User,
    expected_version: int | None,
    delivered_on: date | None,
    delivered_time: time | None,
    means: str | None,
    note: str = "",
) -> LitmasRequest:
    """Record the delivery to the requester, on the office's clock."""
    if expected_version != request.version_id:
        raise OperationError(CONFLICT)
    if request.status == vocab.TERKIRIM:
        raise OperationError(_l("Laporan ini sudah tercatat terkirim."))
    if request.status != vocab.SELESAI:
        raise OperationError(_l("Laporan dikirim setelah ditandatangani PK dan diketahui kepala."))
    if means not in vocab.DELIVERY_MEANS:
        raise OperationError(_l("Cara pengiriman wajib dipilih dari daftar."), "means")
    if delivered_on is None:
        raise OperationError(_l("Tanggal pengiriman wajib diisi."), "delivered_on")
    if delivered_time is None:
        raise OperationError(_l("Jam pengiriman wajib diisi."), "delivered_time")
    note = (note or "").strip()
    if len(note) > 300:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=300), "note")
    at = deadlines.to_utc(delivered_on, delivered_time, office_timezone())
    if at < request.received_at:
        raise OperationError(
            _l("Laporan tidak dapat dikirim sebelum permintaannya diterima."), "delivered_on"
        )
    if at > utcnow() + CLOCK_SLACK:
        raise OperationError(_l("Waktu pengiriman tidak boleh di masa depan."), "delivered_on")
    request.delivered_at, request.delivery_means, request.delivery_note = at, means, note
    request.status = vocab.TERKIRIM
    flush()
    late = request.due_at is not None and at > request.due_at
    record(
        "deliver",
        "litmas_request",
        request.id,
        summary=f"Laporan Litmas permintaan {request.letter_number} dikirim"
        + (" (terlambat)" if late else ""),
        detail={"means": means, "late": late},
    )
    return request
