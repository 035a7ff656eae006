"""Reading Litmas requests: one request, the open lists, a PK's load.

The juvenile rule of case files holds here too: a child's request is seen only by the
office administrator and the PK appointed to it. Every list puts a child's diversion
request first (its 3x24-hour limit is the shortest), then the nearest deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, bindparam, case, func, or_, select, true
from sqlalchemy.orm import selectinload

from portal.audit.operations import record_read
from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import office_pks
from portal.extensions import db
from portal.litmas.requests import vocab
from portal.litmas.requests.models import LitmasRequest, TppSession

# The order of every list: a child's diversion first, then the nearest deadline, then
# requests whose clock has not started (no PK yet on a 7-day rule), oldest first.
ORDER = (
    case((LitmasRequest.purpose == vocab.DIVERSI, 0), else_=1),
    case((LitmasRequest.due_at.is_(None), 1), else_=0),
    LitmasRequest.due_at,
    LitmasRequest.received_at,
    LitmasRequest.id,
)


def guard(user: User) -> ColumnElement[bool]:
    if user.role == Role.ADMIN:
        return true()
    return or_(LitmasRequest.category != client_vocab.ANAK, LitmasRequest.pk_id == user.id)


def find_request(user: User, request_id: int) -> LitmasRequest | None:
    return db.session.execute(
        select(LitmasRequest)
        .where(LitmasRequest.id == request_id, guard(user))
        .options(
            selectinload(LitmasRequest.assignments),
            selectinload(LitmasRequest.report),
            selectinload(LitmasRequest.discussions),
        )
    ).scalar_one_or_none()


def open_requests(user: User, *, pk_only: bool = False) -> Sequence[LitmasRequest]:
    """Requests not yet delivered; `pk_only`: those appointed to this user (a child's
    among them: its own PK sees it)."""
    if pk_only:
        return db.session.scalars(_APPOINTED_OPEN, {"pk": user.id}).all()
    query = select(LitmasRequest).where(LitmasRequest.status.in_(vocab.OPEN), guard(user))
    return db.session.scalars(query.options(selectinload(LitmasRequest.pk)).order_by(*ORDER)).all()


# Built once: every PK's home reads it.
_APPOINTED_OPEN = (
    select(LitmasRequest)
    .where(LitmasRequest.status.in_(vocab.OPEN), LitmasRequest.pk_id == bindparam("pk"))
    .options(selectinload(LitmasRequest.pk))
    .order_by(*ORDER)
)


def closed_requests(user: User, limit: int = 50) -> Sequence[LitmasRequest]:
    return db.session.scalars(
        select(LitmasRequest)
        .where(LitmasRequest.status.in_(vocab.CLOSED), guard(user))
        .options(selectinload(LitmasRequest.pk))
        .order_by(
            func.coalesce(LitmasRequest.delivered_at, LitmasRequest.withdrawn_at).desc(),
            LitmasRequest.id.desc(),
        )
        .limit(limit)
    ).all()


def requests_of_client(user: User, client: Client) -> Sequence[LitmasRequest]:
    return db.session.scalars(
        select(LitmasRequest)
        .where(LitmasRequest.client_id == client.id, guard(user))
        .options(selectinload(LitmasRequest.pk))
        .order_by(*ORDER)
    ).all()


@dataclass(frozen=True)
class PkLoad:
    pk: User
    open_requests: int
    caseload: int  # active clients the PK supervises

    @property
    def total(self) -> int:
        return self.open_requests + self.caseload


def pk_loads() -> list[PkLoad]:
    """Every active PK with what they carry now, for the head choosing whom to appoint."""
    requests = dict(
        db.session.execute(
            select(LitmasRequest.pk_id, func.count())
            .where(LitmasRequest.status.in_(vocab.OPEN), LitmasRequest.pk_id.is_not(None))
            .group_by(LitmasRequest.pk_id)
        ).all()
    )
    clients = dict(
        db.session.execute(
            select(Client.pk_id, func.count())
            .where(Client.status == client_vocab.AKTIF, Client.pk_id.is_not(None))
            .group_by(Client.pk_id)
        ).all()
    )
    return [PkLoad(pk, requests.get(pk.id, 0), clients.get(pk.id, 0)) for pk in office_pks()]


def tpp_sessions(limit: int = 50) -> Sequence[TppSession]:
    return db.session.scalars(
        select(TppSession)
        .options(selectinload(TppSession.discussions))
        .order_by(TppSession.held_on.desc(), TppSession.id.desc())
        .limit(limit)
    ).all()


def record_view(request: LitmasRequest, action: str = "view") -> None:
    """Opening a request, or printing its report ("print")."""
    what = "dicetak" if action == "print" else "dibuka"
    record_read(
        action,
        "litmas_request",
        request.id,
        summary=f"Permintaan Litmas {request.letter_number} {what}",
    )


def visible_requests(user: User, ids: list[int]) -> Sequence[LitmasRequest]:
    """Of these requests, those this user may see (a TPP session discusses children too)."""
    if not ids:
        return []
    return db.session.scalars(
        select(LitmasRequest).where(LitmasRequest.id.in_(ids), guard(user))
    ).all()


def record_tpp_view(session: TppSession) -> None:
    """A TPP session names the people it discussed: reading it is audited too."""
    record_read("view", "tpp_session", session.id, summary=f"Sidang TPP {session.held_on} dibuka")
