"""The client case file and its status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Computed, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clients.vocab import AKTIF, ANAK
from portal.extensions import db
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow

SEARCH_EXPRESSION = "lower(name || ' ' || register_number)"


class Client(OfficeScoped, db.Model):
    """One person under guidance of one office.

    `version_id` is SQLAlchemy's optimistic-locking counter: an UPDATE only applies
    to the version it was read at, so two staff never overwrite each other silently.
    """

    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("office_id", "register_number"),
        Index("ix_clients_office_status", "office_id", "status"),
        Index("ix_clients_office_name", "office_id", "name"),
        Index("ix_clients_office_nik", "office_id", "nik"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(default=1)
    register_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    nik: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    street: Mapped[str] = mapped_column(String(200), default="")
    kelurahan: Mapped[str] = mapped_column(String(80), default="")
    kecamatan: Mapped[str] = mapped_column(String(80), default="")
    kabupaten_kota: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    education: Mapped[str | None] = mapped_column(String(20))
    marital_status: Mapped[str | None] = mapped_column(String(20))
    dependants: Mapped[int] = mapped_column(default=0)
    work_before: Mapped[str] = mapped_column(String(120), default="")

    category: Mapped[str] = mapped_column(String(10))
    category_overridden: Mapped[bool] = mapped_column(default=False)
    category_reason: Mapped[str] = mapped_column(String(300), default="")

    offence: Mapped[str] = mapped_column(String(30))
    court_decision_number: Mapped[str] = mapped_column(String(80), default="")
    court_decision_date: Mapped[date | None]
    sentence_months: Mapped[int | None]
    origin_institution: Mapped[str] = mapped_column(String(120), default="")

    program: Mapped[str] = mapped_column(String(30))
    guidance_start: Mapped[date]
    guidance_end: Mapped[date]
    pk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=AKTIF)
    status_date: Mapped[date | None]

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Name and register number lowered, kept by the database itself: a search reads it
    # with LIKE, several times cheaper in PostgreSQL than ILIKE, which lowers every row
    # it reads. Not mapped (no page shows it): queries reach it as `SEARCH_TEXT`.
    search_text = Column(String(170), Computed(SEARCH_EXPRESSION), nullable=True)

    pk: Mapped[User | None] = relationship()
    status_changes: Mapped[list[ClientStatusChange]] = relationship(
        back_populates="client", order_by="ClientStatusChange.id"
    )

    __mapper_args__ = {"version_id_col": version_id, "exclude_properties": ["search_text"]}

    @property
    def is_anak(self) -> bool:
        return self.category == ANAK


class ClientStatusChange(OfficeScoped, db.Model):
    """One change of a client's status: kept forever, never edited."""

    __tablename__ = "client_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    changed_on: Mapped[date]
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(500))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_user_name: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship(back_populates="status_changes")


SEARCH_TEXT = Client.__table__.c.search_text
