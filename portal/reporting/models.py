"""Reporting plans, due dates, reports, violations and mobile counseling days."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.extensions import db
from portal.reporting.vocab import DEFAULT_FREQUENCY
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class ReportingPlan(OfficeScoped, db.Model):
    """How often one client reports; the schedule is generated from it."""

    __tablename__ = "reporting_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), unique=True)
    frequency: Mapped[str] = mapped_column(String(20), default=DEFAULT_FREQUENCY)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReportDue(OfficeScoped, db.Model):
    """One due date of a client's schedule, with the window in which a report meets it.

    The window is stored with the date, so changing the frequency later never
    rewrites whether an old due date was met. Neither `client_id` nor `office_id` has
    an index of its own: they lead the unique (client_id, due_on) and the index
    (office_id, due_on), which serve the same lookups, and an import writes ~12 due
    dates per client, each of them updating every index.
    """

    __tablename__ = "report_dues"
    __table_args__ = (
        UniqueConstraint("client_id", "due_on"),
        Index("ix_report_dues_office_due_on", "office_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    due_on: Mapped[date]
    window_from: Mapped[date]
    window_to: Mapped[date]
    cancelled: Mapped[bool] = mapped_column(default=False)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))


class Report(OfficeScoped, db.Model):
    """A report (laporan wajib lapor) a PK received. `due_id` is the due date it met,
    or empty for an extra contact outside every window. A report dated after its due
    date's window met it late (`operations.LATE_REPORT_DAYS`)."""

    __tablename__ = "reports"
    # (client_id, reported_on) serves every lookup by client as well: a client's last
    # report is the top of it (the worklists' "late since" and "last contact").
    __table_args__ = (
        Index("ix_reports_office_reported_on", "office_id", "reported_on"),
        Index("ix_reports_client_reported_on", "client_id", "reported_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    due_id: Mapped[int | None] = mapped_column(ForeignKey("report_dues.id"), unique=True)
    reported_on: Mapped[date]
    mode: Mapped[str] = mapped_column(String(20))
    # The time of a video call (office time), asked by the report form for video calls;
    # empty for other modes and for reports from before it was asked or from sheets.
    call_time: Mapped[time | None]
    kelurahan: Mapped[str] = mapped_column(String(80), default="")
    pk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    mobile_day_id: Mapped[int | None] = mapped_column(
        ForeignKey("mobile_counseling_days.id"), index=True
    )
    recorded_by_name: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    pk: Mapped[User] = relationship()


class ReportViolation(OfficeScoped, db.Model):
    """A missed due date recorded as a violation (pelanggaran wajib lapor)."""

    __tablename__ = "report_violations"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    due_id: Mapped[int] = mapped_column(ForeignKey("report_dues.id"), unique=True)
    note: Mapped[str] = mapped_column(String(500))
    recorded_by_name: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class MobileCounselingDay(OfficeScoped, db.Model):
    """A konseling keliling day: PKs of the office meet clients at a kelurahan."""

    __tablename__ = "mobile_counseling_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    kelurahan: Mapped[str] = mapped_column(String(80))
    kecamatan: Mapped[str] = mapped_column(String(80))
    location_note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officers: Mapped[list[MobileCounselingOfficer]] = relationship(
        order_by="MobileCounselingOfficer.id", cascade="all, delete-orphan"
    )

    @property
    def pks(self) -> list[User]:
        return [o.pk for o in self.officers]


class MobileCounselingOfficer(OfficeScoped, db.Model):
    """A PK on duty at a mobile counseling day."""

    __tablename__ = "mobile_counseling_officers"
    __table_args__ = (UniqueConstraint("day_id", "pk_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("mobile_counseling_days.id"), index=True)
    pk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    pk: Mapped[User] = relationship()
