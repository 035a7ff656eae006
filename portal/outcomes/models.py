"""Employment history, re-offending events and the office side of a transfer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class EmploymentRecord(OfficeScoped, db.Model):
    """The client's work situation as of a date; the latest is the current one."""

    __tablename__ = "employment_records"
    __table_args__ = (
        Index("ix_employment_records_office_client", "office_id", "client_id", "recorded_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    recorded_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(15))
    sector: Mapped[str | None] = mapped_column(String(20))
    income_band: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    by_user_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReoffendingEvent(OfficeScoped, db.Model):
    """A new offence, a revocation or a technical violation, dated when it happened:
    recidivism indicators count these over a stated window (during guidance, or
    within N months after it ended), so `occurred_on` is indexed per office."""

    __tablename__ = "reoffending_events"
    __table_args__ = (Index("ix_reoffending_events_office_date", "office_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    occurred_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    by_user_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClientTransfer(OfficeScoped, db.Model):
    """One office's side of a transfer (pindah).

    Both offices keep a row with the same `transfer_key`: the source office's row
    points at its old file (direction keluar), the receiving office's at the new one
    (direction masuk). Neither row names the other office's file, so neither office
    can reach it; national aggregates can still follow a person across offices by
    the key.
    """

    __tablename__ = "client_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_key: Mapped[str] = mapped_column(String(32), index=True)
    direction: Mapped[str] = mapped_column(String(6))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    other_office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    transferred_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    other_office: Mapped[Office] = relationship(foreign_keys=[other_office_id])
