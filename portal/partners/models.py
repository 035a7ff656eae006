"""Partners (Pokmas Lipas), their agreements, Griya Abhipraya venues and placements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clients.models import Client
from portal.extensions import db
from portal.partners.vocab import AKTIF
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class Partner(OfficeScoped, db.Model):
    """A community group, business, NGO, LPK or agency that works with the office."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(30))
    contact_person: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(250), default="")
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=AKTIF)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="partner", order_by="Agreement.end_date.desc()"
    )


class Agreement(OfficeScoped, db.Model):
    """A cooperation agreement (perjanjian kerja sama); expired ones stay as history."""

    __tablename__ = "partner_agreements"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    number: Mapped[str] = mapped_column(String(80))
    start_date: Mapped[date]
    end_date: Mapped[date]
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    document_ref: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped[Partner] = relationship(back_populates="agreements")


class Venue(OfficeScoped, db.Model):
    """A Griya Abhipraya: the office's house of hope, run with partners.

    Training venue, temporary housing and small businesses in one place; its
    capacity decides how many clients a session there can take.
    """

    __tablename__ = "griya_venues"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(250), default="")
    beds: Mapped[int] = mapped_column(default=0)
    training_places: Mapped[int] = mapped_column(default=0)
    partner_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(500), default="")


class Placement(OfficeScoped, db.Model):
    """A job placement or internship of one client with one partner."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    position: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    partner: Mapped[Partner] = relationship()
