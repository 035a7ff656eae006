"""Partners, agreements and Griya Abhipraya venues: every rule about them, once.

Views, the CLI, the demo seeder and the later Excel import call these functions;
each raises `OperationError` (Indonesian message, field at fault) and changes
nothing the caller cannot roll back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.audit.operations import record
from portal.changes import apply_changes, check_unique, pending
from portal.errors import OperationError, Refusals
from portal.extensions import db
from portal.partners import vocab
from portal.partners.models import Agreement, Partner, Venue

PARTNER_FIELDS = (
    "name",
    "kind",
    "contact_person",
    "phone",
    "address",
    "services",
    "status",
    "note",
)
AGREEMENT_FIELDS = ("number", "start_date", "end_date", "services", "document_ref")
VENUE_FIELDS = ("name", "address", "beds", "training_places", "partner_ids", "note")
DUPLICATE_PARTNER = _l("Mitra dengan nama ini sudah terdaftar di kantor ini.")
DUPLICATE_NUMBER = _l("Nomor perjanjian ini sudah dipakai di kantor ini.")
DUPLICATE_VENUE = _l("Nama ini sudah dipakai di kantor ini.")
# What a lost race on each unique key says, and under which field.
PARTNER_KEY = (DUPLICATE_PARTNER, "name")
AGREEMENT_KEY = (DUPLICATE_NUMBER, "number")
VENUE_KEY = (DUPLICATE_VENUE, "name")


def _text(values: dict[str, Any], *names: str) -> None:
    for name in names:
        values[name] = (values.get(name) or "").strip()


def _required(value, message, field: str) -> None:
    if value in (None, "", [], ()):
        raise OperationError(message, field)


def check_choice(value, vocabulary, field: str) -> None:
    if value not in vocabulary:
        raise OperationError(_l("Pilihan tidak dikenal."), field)


def check_services(codes: Iterable[str] | None, field: str = "services") -> list[str]:
    codes = list(dict.fromkeys(codes or ()))
    if not codes:
        raise OperationError(_l("Pilih paling sedikit satu layanan."), field)
    for code in codes:
        check_choice(code, vocab.SERVICES, field)
    return codes


def check_period(start: date | None, end: date | None, end_field: str = "end_date") -> None:
    """End on or after start (both given): the rule of every period in this module."""
    if start is not None and end is not None and end < start:
        raise OperationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."), end_field)


def _flush(message, field: str) -> None:
    """Flush, turning a lost race on a unique name or number into the checks' message."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise OperationError(message, field) from exc


def _insert(obj, object_type: str, summary: str, key: tuple, actor=None) -> None:
    """Add a checked row and its audit event (a lost race on its key: the check's message)."""
    db.session.add(obj)
    _flush(*key)
    record("create", object_type, obj.id, summary=summary, actor=actor)


def _save(obj, values: dict[str, Any], object_type: str, summary, key: tuple, actor=None):
    """Apply checked values; an edit that changes nothing writes no audit event."""
    changed = apply_changes(obj, values)
    if changed:
        _flush(*key)
        record(
            "update",
            object_type,
            obj.id,
            summary=summary(),
            detail={"fields": changed},
            actor=actor,
        )
    return obj


# --- partners -----------------------------------------------------------------------------


def list_partners(status: str = "") -> list[Partner]:
    stmt = select(Partner).order_by(Partner.name)
    if status in vocab.PARTNER_STATUSES:
        stmt = stmt.where(Partner.status == status)
    return list(db.session.scalars(stmt))


def check_partner(data: dict[str, Any], partner: Partner | None = None) -> dict[str, Any]:
    """The values a partner would be stored with, after every rule; writes nothing.

    The forms (through create/update) and the import preview call it alike.
    """
    values = {k: data.get(k) for k in PARTNER_FIELDS}
    refused = Refusals()  # every broken rule at once (an import lists them all)
    _text(values, "name", "contact_person", "phone", "address", "note")
    with refused.going_on():
        _required(values["name"], _l("Nama mitra wajib diisi."), "name")
    with refused.going_on():
        _required(values["kind"], _l("Jenis mitra wajib diisi."), "kind")
        check_choice(values["kind"], vocab.PARTNER_KINDS, "kind")
    values["status"] = values.get("status") or vocab.AKTIF
    with refused.going_on():
        check_choice(values["status"], vocab.PARTNER_STATUSES, "status")
    with refused.going_on():
        values["services"] = check_services(values["services"])
    if not refused.failed("name"):
        with refused.going_on():
            check_unique(Partner.name, values["name"], partner, DUPLICATE_PARTNER, "name")
    refused.raise_any()
    return values


def partner_changes(partner: Partner, data: dict[str, Any]) -> dict[str, Any]:
    """The fields an edit would change (after every rule), without changing anything."""
    return pending(partner, check_partner(data, partner))


def create_partner(*, actor=None, **data: Any) -> Partner:
    partner = Partner(**check_partner(data))
    _insert(partner, "partner", f"Mitra {partner.name} didaftarkan", PARTNER_KEY, actor)
    return partner


def update_partner(partner: Partner, *, actor=None, **data: Any) -> Partner:
    return _save(
        partner,
        check_partner(data, partner),
        "partner",
        lambda: f"Mitra {partner.name} diubah",
        PARTNER_KEY,
        actor,
    )


def find_partner(partner_id: int | None, field: str = "partner_id") -> Partner | None:
    """A partner of the bound office, or None when none was chosen.

    The office filter applies: another office's partner is simply not found.
    """
    if not partner_id:
        return None
    partner = db.session.scalar(select(Partner).where(Partner.id == partner_id))
    if partner is None:
        raise OperationError(_l("Mitra tidak ditemukan di kantor ini."), field)
    return partner


# --- agreements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementState:
    code: str  # "berlaku", "segera_berakhir", "berakhir", "belum_berlaku"
    days_left: int


AGREEMENT_STATES = {
    "berlaku": _l("Berlaku"),
    "segera_berakhir": _l("Segera berakhir"),
    "berakhir": _l("Berakhir"),
    "belum_berlaku": _l("Belum berlaku"),
}


def agreement_state(agreement: Agreement, today: date) -> AgreementState:
    """Expiring within EXPIRY_WARNING_DAYS days (end date included) is flagged."""
    days_left = (agreement.end_date - today).days
    if agreement.start_date > today:
        return AgreementState("belum_berlaku", days_left)
    if days_left < 0:
        return AgreementState("berakhir", days_left)
    if days_left <= vocab.EXPIRY_WARNING_DAYS:
        return AgreementState("segera_berakhir", days_left)
    return AgreementState("berlaku", days_left)


def expiring_agreements(today: date) -> list[Agreement]:
    """Agreements in force that end within the warning period, soonest first."""
    return list(
        db.session.scalars(
            select(Agreement)
            .where(
                Agreement.start_date <= today,
                Agreement.end_date >= today,
                Agreement.end_date <= today + timedelta(days=vocab.EXPIRY_WARNING_DAYS),
            )
            .options(selectinload(Agreement.partner))
            .order_by(Agreement.end_date)
        )
    )


def check_agreement(data: dict[str, Any], agreement: Agreement | None = None) -> dict[str, Any]:
    """The values an agreement would be stored with, after every rule; writes nothing."""
    values = {k: data.get(k) for k in AGREEMENT_FIELDS}
    refused = Refusals()  # every broken rule at once (an import lists them all)
    _text(values, "number", "document_ref")
    with refused.going_on():
        _required(values["number"], _l("Nomor perjanjian wajib diisi."), "number")
    with refused.going_on():
        _required(values["start_date"], _l("Tanggal mulai wajib diisi."), "start_date")
    with refused.going_on():
        _required(values["end_date"], _l("Tanggal berakhir wajib diisi."), "end_date")
    if not refused.failed("start_date", "end_date"):
        with refused.going_on():
            check_period(values["start_date"], values["end_date"])
    with refused.going_on():
        values["services"] = check_services(values["services"])
    if not refused.failed("number"):
        with refused.going_on():
            check_unique(Agreement.number, values["number"], agreement, DUPLICATE_NUMBER, "number")
    refused.raise_any()
    return values


def agreement_changes(agreement: Agreement, data: dict[str, Any]) -> dict[str, Any]:
    """The fields an edit would change (after every rule), without changing anything."""
    return pending(agreement, check_agreement(data, agreement))


def create_agreement(partner: Partner, *, actor=None, **data: Any) -> Agreement:
    agreement = Agreement(partner=partner, **check_agreement(data))
    summary = f"Perjanjian {agreement.number} dengan {partner.name} dicatat"
    _insert(agreement, "agreement", summary, AGREEMENT_KEY, actor)
    return agreement


def update_agreement(agreement: Agreement, *, actor=None, **data: Any) -> Agreement:
    return _save(
        agreement,
        check_agreement(data, agreement),
        "agreement",
        lambda: f"Perjanjian {agreement.number} diubah",
        AGREEMENT_KEY,
        actor,
    )


# --- Griya Abhipraya venues ---------------------------------------------------------------


def list_venues() -> list[Venue]:
    return list(db.session.scalars(select(Venue).order_by(Venue.name)))


def _clean_venue(data: dict[str, Any], venue: Venue | None) -> dict[str, Any]:
    values = {k: data.get(k) for k in VENUE_FIELDS}
    _text(values, "name", "address", "note")
    _required(values["name"], _l("Nama Griya Abhipraya wajib diisi."), "name")
    for name in ("beds", "training_places"):
        values[name] = values.get(name) or 0
        if values[name] < 0:
            raise OperationError(_l("Tidak boleh negatif."), name)
    ids = list(dict.fromkeys(values.get("partner_ids") or ()))
    values["partner_ids"] = [find_partner(pid, "partner_ids").id for pid in ids]
    check_unique(Venue.name, values["name"], venue, DUPLICATE_VENUE, "name")
    return values


def create_venue(**data: Any) -> Venue:
    venue = Venue(**_clean_venue(data, None))
    _insert(venue, "venue", f"Griya Abhipraya {venue.name} dicatat", VENUE_KEY)
    return venue


def update_venue(venue: Venue, **data: Any) -> Venue:
    return _save(
        venue,
        _clean_venue(data, venue),
        "venue",
        lambda: f"Griya Abhipraya {venue.name} diubah",
        VENUE_KEY,
    )


def venue_partners(venue: Venue) -> list[Partner]:
    if not venue.partner_ids:
        return []
    return list(
        db.session.scalars(
            select(Partner).where(Partner.id.in_(venue.partner_ids)).order_by(Partner.name)
        )
    )
