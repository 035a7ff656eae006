"""A training, its sessions, the people in each session, and what became of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clients.models import Client
from portal.extensions import db
from portal.partners.models import Partner, Venue
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class Training(OfficeScoped, db.Model):
    """A training program in one skill field, delivered by a partner or the office itself."""

    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    skill_field: Mapped[str] = mapped_column(String(30), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped[Partner | None] = relationship()
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="training", order_by="TrainingSession.start_date"
    )


class TrainingSession(OfficeScoped, db.Model):
    """One run of a training: dates, venue, budget, and EITHER named people OR a headcount.

    `headcount` is set only for sessions known as "N clients attended" (older
    spreadsheets); such a session has no participant rows.
    """

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id"), index=True)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date]
    venue_kind: Mapped[str] = mapped_column(String(20))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("griya_venues.id"))
    location_note: Mapped[str] = mapped_column(String(200), default="")
    # Rupiah; None: not recorded (unknown, which is not the same as a free session).
    budget: Mapped[int | None]
    headcount: Mapped[int | None]

    training: Mapped[Training] = relationship(back_populates="sessions")
    venue: Mapped[Venue | None] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="session", order_by="Participant.id"
    )

    @property
    def headcount_only(self) -> bool:
        return self.headcount is not None


class Participant(OfficeScoped, db.Model):
    """One client in one session, with what the office gave and recorded for them."""

    __tablename__ = "training_participants"
    __table_args__ = (UniqueConstraint("session_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    attended: Mapped[bool] = mapped_column(default=False)
    completed: Mapped[bool] = mapped_column(default=False)
    certificate: Mapped[bool] = mapped_column(default=False)
    transport_money: Mapped[int] = mapped_column(default=0)  # rupiah

    session: Mapped[TrainingSession] = relationship(back_populates="participants")
    client: Mapped[Client] = relationship()
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="participant", order_by="FollowUp.stage"
    )


class FollowUp(OfficeScoped, db.Model):
    """The outcome of one participant at about 3 or 6 months (`stage`) after the session."""

    __tablename__ = "training_follow_ups"
    __table_args__ = (UniqueConstraint("participant_id", "stage"),)
    # Whose data a follow-up is, for the versions of kept pages (portal.officeversion):
    # its participant's client's. Without it a follow-up counted as shared data and made
    # every kept page of the office stale.
    __clients_through__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("training_participants.id"), index=True)
    stage: Mapped[int]  # 3 or 6 (months)
    followed_on: Mapped[date]
    applying_skill: Mapped[bool]
    work_status: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(20))
    income_band: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="follow_ups")
