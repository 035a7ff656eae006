"""Litmas rules, once, for the web form, imports and the CLI.

"Litmas tertunda" (pending) — the worklist and the Litmas page use this one
definition: a client whose status is *aktif* and who EITHER has no Litmas with
status *final* at all, OR has at least one Litmas still in *draft* (a report
begun and not finished). Clients of other statuses are never pending: a closed
or transferred file needs no new report here. A PK sees the clients of their own
caseload; the office administrator sees every client of the office; the juvenile
rule of `portal.clients.operations.juvenile_guard` applies throughout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, ScalarSelect, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.audit.operations import record
from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import CONFLICT, find_pk, juvenile_guard, office_today
from portal.errors import OperationError
from portal.extensions import db
from portal.litmas import vocab
from portal.litmas.models import Litmas, LitmasInterest
from portal.vocab.skills import SKILLS

FIELDS = ("written_on", "purpose", "pk_id", "background", "needs", "recommendation", "skills")
# What a final report must say: a Litmas without them recommends nothing.
FINAL_REQUIRED = {
    "background": _l("Latar belakang dan keadaan keluarga wajib diisi sebelum Litmas final."),
    "needs": _l("Kebutuhan dan minat wajib diisi sebelum Litmas final."),
    "recommendation": _l("Rekomendasi wajib diisi sebelum Litmas final."),
}


def _clean(data: dict[str, Any], litmas: Litmas | None) -> dict[str, Any]:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if values.get("written_on") is None:
        raise OperationError(_l("Tanggal Litmas wajib diisi."), "written_on")
    if values["written_on"] > office_today():
        raise OperationError(_l("Tanggal Litmas tidak boleh di masa depan."), "written_on")
    if values.get("purpose") not in vocab.PURPOSES:
        raise OperationError(_l("Tujuan Litmas wajib dipilih dari daftar."), "purpose")
    pk = find_pk(values.get("pk_id"))
    if pk is None:
        raise OperationError(_l("PK penulis wajib dipilih."), "pk_id")
    if not pk.active and (litmas is None or litmas.pk_id != pk.id):
        raise OperationError(_l("PK tersebut sudah tidak aktif."), "pk_id")
    values["pk_id"] = pk.id
    skills = list(dict.fromkeys(values.get("skills") or []))
    if any(s not in SKILLS for s in skills):
        raise OperationError(_l("Bidang keterampilan tidak dikenal."), "skills")
    values["skills"] = skills
    for name in ("background", "needs", "recommendation"):
        values[name] = values.get(name) or ""
    return values


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise OperationError(CONFLICT) from exc
    except IntegrityError as exc:  # the same skill twice, raced in by two submissions
        raise OperationError(_l("Bidang keterampilan tercantum dua kali."), "skills") from exc


def _apply(litmas: Litmas, values: dict[str, Any]) -> list[str]:
    skills = values.pop("skills")
    changed = sorted(k for k, v in values.items() if getattr(litmas, k) != v)
    for name in changed:
        setattr(litmas, name, values[name])
    if litmas.skills != sorted(skills):
        litmas.interests = [LitmasInterest(skill=s) for s in sorted(skills)]
        changed.append("skills")
    return changed


def create_litmas(client: Client, **data: Any) -> Litmas:
    values = _clean({k: data.get(k) for k in FIELDS}, None)
    litmas = Litmas(client=client, status=vocab.DRAFT)
    _apply(litmas, values)
    db.session.add(litmas)
    _flush()
    record(
        "create",
        "litmas",
        litmas.id,
        summary=f"Litmas klien {client.register_number} dibuat (draf)",
        detail={"client_id": client.id, "purpose": litmas.purpose},
    )
    return litmas


def update_litmas(litmas: Litmas, expected_version: int | None, **data: Any) -> Litmas:
    if litmas.status == vocab.FINAL:
        raise OperationError(_l("Litmas yang sudah final tidak dapat diubah."))
    if expected_version != litmas.version_id:
        raise OperationError(CONFLICT)
    changed = _apply(litmas, _clean({k: data.get(k) for k in FIELDS}, litmas))
    if changed:
        _flush()
        record(
            "update",
            "litmas",
            litmas.id,
            summary=f"Litmas klien {litmas.client.register_number} diubah",
            detail={"fields": changed},
        )
    return litmas


def finalise_litmas(litmas: Litmas, expected_version: int | None) -> Litmas:
    """A final report is the record the office acts on: it must be complete, and
    from then on stays as written (a new report is written instead)."""
    if litmas.status == vocab.FINAL:
        raise OperationError(_l("Litmas ini sudah final."))
    if expected_version != litmas.version_id:
        raise OperationError(CONFLICT)
    for name, message in FINAL_REQUIRED.items():
        if not (getattr(litmas, name) or "").strip():
            raise OperationError(message, name)
    litmas.status, litmas.finalised_on = vocab.FINAL, office_today()
    _flush()
    record(
        "finalise",
        "litmas",
        litmas.id,
        summary=f"Litmas klien {litmas.client.register_number} final",
    )
    return litmas


# --- reading ------------------------------------------------------------------------------


def find_litmas(user: User, litmas_id: int) -> Litmas | None:
    """One report of a client this user may see (juvenile rule), or None."""
    return db.session.execute(
        select(Litmas)
        .join(Litmas.client)
        .where(Litmas.id == litmas_id, juvenile_guard(user))
        .options(selectinload(Litmas.interests))
    ).scalar_one_or_none()


def litmas_of_client(client: Client) -> Sequence[Litmas]:
    return db.session.scalars(
        select(Litmas)
        .where(Litmas.client_id == client.id)
        .options(selectinload(Litmas.interests), selectinload(Litmas.pk))
        .order_by(Litmas.written_on.desc(), Litmas.id.desc())
    ).all()


@dataclass(frozen=True)
class PendingLitmas:
    client: Client
    drafts: int  # reports begun and not final
    has_final: bool
    oldest_draft: date | None


def pending_litmas(user: User) -> list[PendingLitmas]:
    """Clients with a Litmas pending (see the module docstring), oldest need first."""
    return _with_drafts(db.session.scalars(_pending_query(user)).all())


def has_final() -> ColumnElement[bool]:
    """Whether the client (a row of `Client` in the statement) has a final Litmas."""
    return _has_litmas(vocab.FINAL)


def _has_litmas(status: str) -> ColumnElement[bool]:
    # Of Litmas' column, not a bare EXISTS: the office criteria hold it too (tenancy).
    return select(Litmas.id).where(Litmas.client_id == Client.id, Litmas.status == status).exists()


def oldest_draft() -> ScalarSelect:
    """The day of the client's oldest Litmas still in draft; NULL: no draft."""
    return (
        select(func.min(Litmas.written_on))
        .where(Litmas.client_id == Client.id, Litmas.status == vocab.DRAFT)
        .scalar_subquery()
    )


def is_pending(final: bool, oldest: date | None) -> bool:
    """The rule of the module docstring for a client in guidance, from `has_final` and
    `oldest_draft`: no final Litmas, or one begun and not finished."""
    return not final or oldest is not None


def _pending_query(user: User) -> Select:
    query = select(Client).where(
        Client.status == client_vocab.AKTIF,
        juvenile_guard(user),
        or_(~has_final(), _has_litmas(vocab.DRAFT)),  # the rule `is_pending` reads too
    )
    if user.role != Role.ADMIN:
        query = query.where(Client.pk_id == user.id)
    return query.order_by(Client.guidance_start, Client.id)


def _with_drafts(clients: Iterable[Client]) -> list[PendingLitmas]:
    clients = list(clients)
    ids = [c.id for c in clients]
    rows = (
        db.session.execute(
            select(
                Litmas.client_id, Litmas.status, func.count(Litmas.id), func.min(Litmas.written_on)
            )
            .where(Litmas.client_id.in_(ids))
            .group_by(Litmas.client_id, Litmas.status)
        ).all()
        if ids
        else []
    )
    drafts = {cid: (n, oldest) for cid, status, n, oldest in rows if status == vocab.DRAFT}
    finals = {cid for cid, status, _n, _o in rows if status == vocab.FINAL}
    return [
        PendingLitmas(
            c, drafts.get(c.id, (0, None))[0], c.id in finals, drafts.get(c.id, (0, None))[1]
        )
        for c in clients
    ]


def record_view(litmas: Litmas) -> None:
    record(
        "view", "litmas", litmas.id, summary=f"Litmas klien {litmas.client.register_number} dibuka"
    )
