"""Litmas reports and the skill fields a client said they want."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clients.models import Client
from portal.extensions import db
from portal.litmas.vocab import DRAFT
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class Litmas(OfficeScoped, db.Model):
    """One report. Editable while a draft; a final report is the record and stays as written."""

    __tablename__ = "litmas_reports"
    __table_args__ = (Index("ix_litmas_reports_office_client", "office_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(default=1)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    written_on: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(30))
    pk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    background: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    finalised_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    client: Mapped[Client] = relationship()
    pk: Mapped[User] = relationship()
    interests: Mapped[list[LitmasInterest]] = relationship(
        back_populates="litmas", cascade="all, delete-orphan", order_by="LitmasInterest.skill"
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def skills(self) -> list[str]:
        return [i.skill for i in self.interests]


class LitmasInterest(OfficeScoped, db.Model):
    """A skill field the client wants training in: a row each, so needs can be counted
    and matched to trainings of the same field (portal/vocab/skills.py)."""

    __tablename__ = "litmas_interests"
    __table_args__ = (UniqueConstraint("litmas_id", "skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    litmas_id: Mapped[int] = mapped_column(ForeignKey("litmas_reports.id"), index=True)
    skill: Mapped[str] = mapped_column(String(30))

    litmas: Mapped[Litmas] = relationship(back_populates="interests")
