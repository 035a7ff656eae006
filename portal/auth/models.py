"""Accounts, their server-side sessions, and login throttling."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.roles import Role
from portal.extensions import db
from portal.offices.models import Office, Region
from portal.tenancy import OfficeBound
from portal.timeutil import utcnow


class User(OfficeBound, UserMixin, db.Model):
    """A person's account, anchored to exactly one office, one region, or the centre.

    `OfficeBound` rather than `OfficeScoped` because central accounts have no office:
    in an office's context only that office's users are visible; central accounts are
    reached only through a named opt-out.
    """

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("office_id", "username"),
        # Central usernames are unique among themselves (office_id NULL is not unique).
        Index(
            "uq_users_central_username",
            "username",
            unique=True,
            sqlite_where=text("office_id IS NULL"),
            postgresql_where=text("office_id IS NULL"),
        ),
        CheckConstraint(
            "(role IN ('admin','pk','staff','viewer') AND office_id IS NOT NULL"
            " AND region_id IS NULL)"
            " OR (role = 'regional' AND office_id IS NULL AND region_id IS NOT NULL)"
            " OR (role IN ('national','sysadmin') AND office_id IS NULL AND region_id IS NULL)",
            name="anchor_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    username: Mapped[str] = mapped_column(String(60))
    full_name: Mapped[str] = mapped_column(String(120))
    nip: Mapped[str | None] = mapped_column(String(18))  # civil-servant number
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    office: Mapped[Office | None] = relationship()
    region: Mapped[Region | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class UserSession(db.Model):
    """A signed-in browser. Revoking the row ends that session on the server."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    user_agent: Mapped[str | None] = mapped_column(String(200))


class LoginAttempt(db.Model):
    """Failed logins per account name, in the database so every worker sees them.

    Keyed by the name typed (not the user row), so unknown names are throttled the
    same way and a lock reveals nothing about which accounts exist.
    """

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class Enrolment(OfficeBound, db.Model):
    """A one-time link with which a person chooses the password of their account.

    System administrators create and reset administrator accounts with these instead of
    passwords: they never see or set a password, so they hold no credential that opens an
    office. Only the link's hash is stored; using it is written to the office's audit log.
    """

    __tablename__ = "enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
