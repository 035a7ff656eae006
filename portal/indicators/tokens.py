"""API tokens: made and revoked by national officers, checked on every API request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.operations import record
from portal.auth.models import User
from portal.auth.roles import Role
from portal.errors import OperationError
from portal.extensions import db
from portal.indicators.models import ApiToken
from portal.tenancy import all_offices
from portal.timeutil import utcnow

MAX_DAYS = 365


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned once and never stored."""
    if not name.strip():
        raise OperationError(_l("Nama token wajib diisi."), field="name")
    if not 1 <= days <= MAX_DAYS:
        raise OperationError(_l("Masa berlaku 1–%(n)d hari.", n=MAX_DAYS), field="days")
    plain = "bps_" + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip()[:120],
        token_hash=_digest(plain),
        created_by_id=user.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    record("create", "api_token", token.id, summary=token.name)
    return token, plain


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("revoke", "api_token", token.id, summary=token.name)


def token_from_header(header: str | None) -> ApiToken | None:
    """The live token named by an `Authorization: Bearer ...` header, if any."""
    if not header or not header.startswith("Bearer "):
        return None
    # A token speaks for the national officer who made it, so it answers only while that
    # account is an active national account: deactivating the officer (or moving them to
    # another role) silences every token they made, without a step anyone could forget.
    with all_offices("an API token's maker is a central account"):
        token = db.session.scalar(
            select(ApiToken)
            .join(User, User.id == ApiToken.created_by_id)
            .where(
                ApiToken.token_hash == _digest(header[7:].strip()),
                User.active.is_(True),
                User.role == Role.NATIONAL.value,
                User.office_id.is_(None),
            )
        )
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    token.last_used_at = now
    return token
