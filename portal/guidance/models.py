"""A guidance session and who attended it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clients.models import Client
from portal.extensions import db
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class GuidanceSession(OfficeScoped, db.Model):
    __tablename__ = "guidance_sessions"
    __table_args__ = (Index("ix_guidance_sessions_office_held", "office_id", "held_on"),)
    # Whose data a session is, for the versions of kept pages (portal.officeversion):
    # its attendees' (a change of the session is a change of their case files).
    __clients_through__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str] = mapped_column(String(30))
    format: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(10))
    pk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    place: Mapped[str] = mapped_column(String(160), default="")
    topic: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pk: Mapped[User] = relationship()
    attendances: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionAttendance.id"
    )


class SessionAttendance(OfficeScoped, db.Model):
    """One client's attendance at one session; a client is listed once per session."""

    __tablename__ = "guidance_attendances"
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("guidance_sessions.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    attendance: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(300), default="")

    session: Mapped[GuidanceSession] = relationship(back_populates="attendances")
    client: Mapped[Client] = relationship()
