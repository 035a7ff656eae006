"""Per-office indicator figures, kept current as offices record data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.tenancy import OfficeScoped
from portal.timeutil import utcnow


class IndicatorFact(OfficeScoped, db.Model):
    """One measure of one office over one period ("2025", "2025-Q3", "2025-07").

    Measures are the numerators, denominators and counts the indicator registry
    names; rates are formed from them at display time, so regions and the nation
    sum numerators and denominators instead of averaging office rates.
    """

    __tablename__ = "indicator_facts"
    __table_args__ = (
        UniqueConstraint("office_id", "period", "measure"),
        Index("ix_indicator_facts_period_measure", "period", "measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(80))
    value: Mapped[float]


class IndicatorStatus(OfficeScoped, db.Model):
    """Whether an office's figures reflect its data.

    Every write to office data bumps `data_version` in the same transaction; a
    refresh records the version it computed. Stale when the two differ.
    """

    __tablename__ = "indicator_status"
    __table_args__ = (UniqueConstraint("office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    data_version: Mapped[int] = mapped_column(default=1)
    # Bumped with data_version by writes that are not one client's data (accounts,
    # partners, trainings, ...) or whose clients are not known: see ScopeVersion.
    shared_version: Mapped[int] = mapped_column(default=1, server_default="1")
    computed_version: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime | None]
    compute_seconds: Mapped[float | None]


class ScopeVersion(OfficeScoped, db.Model):
    """The office's data version at the last write to one client's data (kind "c") or
    to a PK's caseload (kind "p": the clients assigned to that PK, and what that PK
    recorded for clients), for pages that show only that and shared data
    (portal.pagecache). Written with data_version as the write commits; no row yet
    reads as 0.
    """

    __tablename__ = "data_scope_versions"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    ref_id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]


class ApiToken(db.Model):
    """A bearer token for the directorate's own tools to read the national comparison.

    Made by a national officer; only its SHA-256 is stored; it expires and can be
    revoked. It grants what a national officer sees in the JSON: aggregates only.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
