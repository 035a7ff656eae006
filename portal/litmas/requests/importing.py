"""Bringing an office's open and past requests in from its own sheets.

Each row goes through the same doors as the pages: `operations.create_request` (intake,
the office's clock, the case-file link), `operations.appoint_pk` (the head's decision,
the 7-day clock) and `report.deliver` (the delivery's own checks). The deadline is
computed there by the purpose's rule; no sheet can set it.

What has no page of its own is a report written, signed and acknowledged on paper before
the portal: `deliver_paper_report` records that (the PK's report exists, outside the
portal) and then delivers through `report.deliver`. The `check_*` functions say, without
writing, whether those operations would accept a row, so a preview refuses what the
import would.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.audit.operations import record
from portal.auth.models import User
from portal.auth.roles import Role
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.litmas.requests import deadlines, operations, report, vocab
from portal.litmas.requests.models import LitmasRequest
from portal.timeutil import utcnow

PAPER_NOTE = "Laporan ditulis, ditandatangani, dan diketahui di luar portal (diimpor)."
NO_REPORT_WITHOUT_PK = _l(
    "Permintaan tidak dapat selesai tanpa laporan PK: isi PK yang menulis laporan dan "
    "tanggal penunjukannya."
)


def check_request(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The columns intake would store for these values, or all its refusals at once."""
    return operations.clean_request({k: data.get(k) for k in operations.FIELDS}, user)


def check_appointment(
    by: User, pk: User | None, received_at: datetime | None, at: datetime
) -> None:
    """What `operations.appoint_pk` refuses of a first appointment, and a time to come;
    every refusal at once. A PK or a time received that could not be read (None, refused
    where it was read) leaves out the rules about it."""
    refused = Refusals()
    if by.role != Role.ADMIN:
        refused.add(_l("Hanya kepala atau administrator kantor yang menunjuk PK."))
    if pk is not None and not pk.active:
        refused.add(_l("PK tersebut sudah tidak aktif."), "pk_id")
    if received_at is not None and at < received_at:
        refused.add(_l("PK tidak dapat ditunjuk sebelum permintaan diterima."), "appointed_on")
    if at > utcnow() + operations.CLOCK_SLACK:
        refused.add(_l("Waktu penunjukan PK tidak boleh di masa depan."), "appointed_on")
    refused.raise_any()


def check_delivery(
    received_at: datetime | None,
    appointed_at: datetime | None,
    delivered_at: datetime | None,
    means: str | None,
    *,
    appointment_known: bool = True,
) -> None:
    """What `report.deliver` refuses, and a report sent before anyone was appointed;
    every refusal at once. A time that could not be read (None: refused where it was
    read), or an appointment refused already (`appointment_known=False`), leaves out the
    rules that compare with it."""
    refused = Refusals()
    if appointed_at is None and appointment_known:
        refused.add(NO_REPORT_WITHOUT_PK, "pk_id")
    if means not in vocab.DELIVERY_MEANS:
        refused.add(_l("Cara pengiriman wajib dipilih dari daftar."), "means")
    if delivered_at is None:
        refused.raise_any()
        return
    if received_at is not None and delivered_at < received_at:
        refused.add(
            _l("Laporan tidak dapat dikirim sebelum permintaannya diterima."), "delivered_on"
        )
    elif appointed_at is not None and delivered_at < appointed_at:
        refused.add(_l("Laporan tidak dapat dikirim sebelum PK ditunjuk."), "delivered_on")
    if delivered_at > utcnow() + operations.CLOCK_SLACK:
        refused.add(_l("Waktu pengiriman tidak boleh di masa depan."), "delivered_on")
    refused.raise_any()


def local_time(day: date, at: time) -> datetime:
    """A date and time on the office's clock, as stored (naive UTC)."""
    return deadlines.to_utc(day, at, operations.office_timezone())


def deliver_paper_report(
    request: LitmasRequest,
    by: User,
    delivered_on: date,
    delivered_time: time,
    means: str,
    note: str = "",
) -> None:
    """A past request whose report was signed by its PK and acknowledged by the head on
    paper: completed at its delivery, through the delivery's own rules."""
    if request.pk_id is None:
        raise OperationError(NO_REPORT_WITHOUT_PK, "pk_id")
    if request.status != vocab.DIKERJAKAN:
        raise OperationError(_l("Laporan ini sudah diketahui kepala."))
    request.status = vocab.SELESAI
    db.session.flush()
    record(
        "acknowledge",
        "litmas_request",
        request.id,
        summary=f"Laporan Litmas permintaan {request.letter_number} tercatat di luar portal "
        "(impor)",
    )
    text = f"{PAPER_NOTE} {note}".strip()[:300]
    report.deliver(request, by, request.version_id, delivered_on, delivered_time, means, text)
    request.completed_at = request.delivered_at
    db.session.flush()
