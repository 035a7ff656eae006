"""Job placements (penyaluran kerja) and internships (magang) of clients with partners."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, not_, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.audit.operations import record
from portal.auth.models import User
from portal.changes import apply_changes
from portal.clients.models import Client
from portal.clients.operations import find_client, juvenile_guard
from portal.errors import OperationError
from portal.extensions import db
from portal.partners import vocab
from portal.partners.models import Partner, Placement
from portal.partners.operations import check_choice, check_period, find_partner

FIELDS = (
    "client_id",
    "partner_id",
    "kind",
    "position",
    "start_date",
    "end_date",
    "outcome",
    "note",
)


def find_visible_client(user: User, client_id: int | None, field: str = "client_id") -> Client:
    """A client of this office that this user may see, or the one refusal message.

    Another office's client and a juvenile file the user may not open look the same:
    not found, so nothing is learned about either.
    """
    client = find_client(user, client_id) if client_id else None
    if client is None:
        raise OperationError(_l("Klien tidak ditemukan di kantor ini."), field)
    return client


def _clean(user: User, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in FIELDS}
    values["position"] = (values.get("position") or "").strip()
    values["note"] = (values.get("note") or "").strip()
    client = find_visible_client(user, values.pop("client_id"))
    partner = find_partner(values.pop("partner_id"))
    if partner is None:
        raise OperationError(_l("Mitra wajib dipilih."), "partner_id")
    check_choice(values["kind"], vocab.PLACEMENT_KINDS, "kind")
    check_choice(values["outcome"], vocab.PLACEMENT_OUTCOMES, "outcome")
    if not values["position"]:
        raise OperationError(_l("Posisi atau bidang kerja wajib diisi."), "position")
    if values["start_date"] is None:
        raise OperationError(_l("Tanggal mulai wajib diisi."), "start_date")
    if values["start_date"] < client.guidance_start:
        raise OperationError(
            _l("Penempatan tidak boleh dimulai sebelum klien mulai bimbingan."), "start_date"
        )
    check_period(values["start_date"], values["end_date"])
    return {**values, "client_id": client.id, "partner_id": partner.id}


def create_placement(user: User, **data: Any) -> Placement:
    placement = Placement(**_clean(user, data))
    db.session.add(placement)
    db.session.flush()
    record(
        "create",
        "placement",
        placement.id,
        actor=user,
        summary=f"Penempatan klien #{placement.client_id} pada mitra #{placement.partner_id}",
        detail={"client_id": placement.client_id, "kind": placement.kind},
    )
    return placement


def update_placement(user: User, placement: Placement, **data: Any) -> Placement:
    values = _clean(user, data)
    changed = apply_changes(placement, values)
    if changed:
        db.session.flush()
        record(
            "update",
            "placement",
            placement.id,
            actor=user,
            summary=f"Penempatan #{placement.id} diubah",
            detail={"fields": changed},
        )
    return placement


def placements(
    user: User, *, partner: Partner | None = None, client: Client | None = None
) -> list[Placement]:
    """Placements whose client this user may see (the juvenile rule applies)."""
    stmt = (
        select(Placement)
        .join(Placement.client)
        .where(juvenile_guard(user))
        # The client's row comes with the join, the partner's in it too: one statement.
        .options(contains_eager(Placement.client), joinedload(Placement.partner))
        .order_by(Placement.start_date.desc())
    )
    if partner is not None:
        stmt = stmt.where(Placement.partner_id == partner.id)
    if client is not None:
        stmt = stmt.where(Placement.client_id == client.id)
    return list(db.session.scalars(stmt))


def hidden_placement_count(user: User, partner: Partner) -> int:
    """Placements with a partner whose juvenile client this user may not see (counted only)."""
    return (
        db.session.scalar(
            select(func.count(Placement.id))
            .join(Placement.client)
            .where(Placement.partner_id == partner.id, not_(juvenile_guard(user)))
        )
        or 0
    )
