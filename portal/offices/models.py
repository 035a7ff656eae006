"""Regions (Kanwil) and offices (Bapas): the tenants, defined by files in `tenants/`."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    offices: Mapped[list[Office]] = relationship(back_populates="region", order_by="Office.name")


class Office(db.Model):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    office_class: Mapped[str] = mapped_column(String(4))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(40))
    territory: Mapped[list[str]] = mapped_column(JSON)
    address: Mapped[str] = mapped_column(String(300))

    region: Mapped[Region] = relationship(back_populates="offices")

    @property
    def timezone_label(self) -> str:
        return {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(
            self.timezone, self.timezone
        )
