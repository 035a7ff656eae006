from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.tenancy import OfficeBound
from portal.timeutil import utcnow


class AuditEvent(OfficeBound, db.Model):
    """One action; office_id is NULL for actions on central accounts.

    Never updated or deleted: refused in `portal.audit.operations`, and on PostgreSQL
    by privileges (the app role may only insert and read)."""

    __tablename__ = "audit_events"
    # Pages read by position (office, time, id); one person's or one record's events.
    __table_args__ = (
        Index("ix_audit_events_office_at", "office_id", "at", "id"),
        Index("ix_audit_events_office_actor", "office_id", "actor_id", "at"),
        Index("ix_audit_events_office_object", "office_id", "object_type", "object_id"),
    )
    # Not office data: a kept page's view event may be committed on its own, in one
    # round trip (portal.tenancy.insert_alone).
    inserted_alone = True

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
