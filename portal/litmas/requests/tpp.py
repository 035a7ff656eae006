"""Sessions of the observation team (sidang TPP) and the recommendation on each request
it discussed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients.operations import office_today
from portal.errors import OperationError
from portal.extensions import db
from portal.litmas.requests import deadlines, vocab
from portal.litmas.requests.models import LitmasRequest, TppDiscussion, TppSession
from portal.litmas.requests.operations import office_timezone

MEMBER_LIMIT = 120
# A request the team can still weigh in on: with its PK, or signed and not yet acknowledged.
DISCUSSABLE = (vocab.DIKERJAKAN, vocab.DITANDATANGANI)
MAX_MEMBERS = 30


def clean_members(names: Iterable[str]) -> list[str]:
    members = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    if not members:
        raise OperationError(_l("Tulis paling sedikit satu anggota TPP (ketua dahulu)."), "members")
    if len(members) > MAX_MEMBERS or any(len(n) > MEMBER_LIMIT for n in members):
        raise OperationError(_l("Daftar anggota terlalu panjang."), "members")
    return members


def create_session(
    user: User, held_on: date | None, members: Iterable[str], notes: str = ""
) -> TppSession:
    if held_on is None:
        raise OperationError(_l("Tanggal sidang TPP wajib diisi."), "held_on")
    if held_on > office_today():
        raise OperationError(_l("Tanggal sidang TPP tidak boleh di masa depan."), "held_on")
    notes = (notes or "").strip()
    if len(notes) > 5000:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=5000), "notes")
    session = TppSession(
        held_on=held_on, members=clean_members(members), notes=notes, created_by_name=user.full_name
    )
    db.session.add(session)
    db.session.flush()
    record(
        "create",
        "tpp_session",
        session.id,
        summary=f"Sidang TPP {held_on.isoformat()} dicatat",
        detail={"members": len(session.members)},
    )
    return session


def record_recommendation(
    session: TppSession, request: LitmasRequest | None, recommendation: str
) -> TppDiscussion:
    """The team's recommendation on one request. Only a request a PK is working on, or
    whose report is signed and not yet acknowledged, can still take it into account."""
    if request is None:
        raise OperationError(_l("Pilih permintaan yang dibahas."), "request_id")
    if request.status not in DISCUSSABLE:
        raise OperationError(
            _l("Hanya permintaan yang sedang dikerjakan PK yang dapat dibahas TPP."), "request_id"
        )
    received_on = deadlines.to_local(request.received_at, office_timezone()).date()
    if session.held_on < received_on:
        raise OperationError(_l("Sidang ini diadakan sebelum permintaan diterima."), "request_id")
    text = (recommendation or "").strip()
    if not text:
        raise OperationError(_l("Rekomendasi TPP wajib diisi."), "recommendation")
    if len(text) > 5000:
        raise OperationError(_l("Paling banyak %(max)d karakter.", max=5000), "recommendation")
    if any(d.request_id == request.id for d in session.discussions):
        raise OperationError(_l("Permintaan ini sudah dibahas dalam sidang ini."), "request_id")
    discussion = TppDiscussion(session=session, request=request, recommendation=text)
    db.session.add(discussion)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same request twice, raced in by two submissions
        raise OperationError(
            _l("Permintaan ini sudah dibahas dalam sidang ini."), "request_id"
        ) from exc
    record(
        "recommend",
        "tpp_session",
        session.id,
        summary=f"Rekomendasi TPP untuk permintaan Litmas {request.letter_number}",
        detail={"request_id": request.id},
    )
    return discussion
