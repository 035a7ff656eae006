"""Litmas requests, the PK appointments made on them, their report, and TPP sessions.

Times are naive UTC (as everywhere in the portal); pages show them in the office's zone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clients.models import Client
from portal.extensions import db
from portal.litmas.requests.vocab import BARU
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class LitmasRequest(OfficeScoped, db.Model):
    """One request for a Litmas, from the letter's arrival to the report's delivery.

    `due_at` is computed by `deadlines.due_at` from the purpose's rule and never typed:
    no form or import has a field for it, so no one can set it later than the law.
    """

    __tablename__ = "litmas_requests"
    __table_args__ = (
        Index("ix_litmas_requests_office_status", "office_id", "status"),
        Index("ix_litmas_requests_office_nik", "office_id", "nik"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(default=1)

    requester_kind: Mapped[str] = mapped_column(String(20))
    requester_institution: Mapped[str] = mapped_column(String(160))
    letter_number: Mapped[str] = mapped_column(String(80))
    letter_date: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime]
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    attachments_other: Mapped[str] = mapped_column(String(300), default="")

    person_name: Mapped[str] = mapped_column(String(120))
    nik: Mapped[str] = mapped_column(String(16), default="")
    birth_date: Mapped[date | None]
    category: Mapped[str] = mapped_column(String(10))  # clients.vocab: anak / dewasa
    held_at: Mapped[str] = mapped_column(String(160), default="")  # Lapas, Rutan, Polres
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)

    pk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    appointed_at: Mapped[datetime | None]  # the first appointment: the 7-day clock
    due_at: Mapped[datetime | None]  # None until the clock has started
    status: Mapped[str] = mapped_column(String(15), default=BARU)
    completed_at: Mapped[datetime | None]  # the head acknowledged the signed report
    delivered_at: Mapped[datetime | None]
    delivery_means: Mapped[str | None] = mapped_column(String(20))
    delivery_note: Mapped[str] = mapped_column(String(300), default="")
    # Withdrawn by the requester or entered in error: off every worklist, never late,
    # still counted as received (see `operations.withdraw`).
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_name: Mapped[str] = mapped_column(String(120), default="")
    withdrawn_reason: Mapped[str] = mapped_column(String(300), default="")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    client: Mapped[Client | None] = relationship()
    pk: Mapped[User | None] = relationship()
    assignments: Mapped[list[RequestAssignment]] = relationship(
        back_populates="request", order_by="RequestAssignment.id"
    )
    report: Mapped[RequestReport | None] = relationship(back_populates="request")
    discussions: Mapped[list[TppDiscussion]] = relationship(
        back_populates="request", order_by="TppDiscussion.id"
    )

    __mapper_args__ = {"version_id_col": version_id}


class RequestAssignment(OfficeScoped, db.Model):
    """One appointment of a PK to a request: kept forever (append-only), so a
    reassignment shows who had the request before and who decided."""

    __tablename__ = "litmas_request_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("litmas_requests.id"), index=True)
    pk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    pk_name: Mapped[str] = mapped_column(String(120))
    appointed_at: Mapped[datetime] = mapped_column(default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_user_name: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(300), default="")

    request: Mapped[LitmasRequest] = relationship(back_populates="assignments")


class RequestReport(OfficeScoped, db.Model):
    """The Litmas written for a request, in the sections offices use.

    Signed by the PK it is final: the operations refuse any change, and a database
    trigger (migration 0015) refuses an UPDATE of its text or a DELETE as a second wall.
    """

    __tablename__ = "litmas_request_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(default=1)
    request_id: Mapped[int] = mapped_column(ForeignKey("litmas_requests.id"), unique=True)
    identity: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    family_social: Mapped[str] = mapped_column(Text, default="")
    offence: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    community_view: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_by_name: Mapped[str] = mapped_column(String(120), default="")
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_by_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    request: Mapped[LitmasRequest] = relationship(back_populates="report")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def is_final(self) -> bool:
        return self.signed_at is not None


class TppSession(OfficeScoped, db.Model):
    """A session of the observation team (sidang Tim Pengamat Pemasyarakatan)."""

    __tablename__ = "tpp_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date]
    members: Mapped[list] = mapped_column(JSON, default=list)  # names, chair first
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    discussions: Mapped[list[TppDiscussion]] = relationship(
        back_populates="session", order_by="TppDiscussion.id"
    )


class TppDiscussion(OfficeScoped, db.Model):
    """One request discussed at a TPP session, with the team's recommendation."""

    __tablename__ = "tpp_discussions"
    __table_args__ = (UniqueConstraint("session_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("tpp_sessions.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("litmas_requests.id"), index=True)
    recommendation: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[TppSession] = relationship(back_populates="discussions")
    request: Mapped[LitmasRequest] = relationship(back_populates="discussions")
