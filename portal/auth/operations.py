"""Accounts: sign-in with throttling, server-side sessions, and user administration.

Views, CLI commands and demo seeding all come through these functions.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update

from portal.audit.operations import record
from portal.auth import sessioncache
from portal.auth.models import Enrolment, LoginAttempt, User, UserSession
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.auth.roles import OFFICE_ROLES, Role
from portal.errors import OperationError
from portal.extensions import db
from portal.offices.models import Office, Region
from portal.officeversion import remember_versions, shared_of, version_of
from portal.tenancy import all_offices, current_office_id, office_scope
from portal.timeutil import utcnow

# Stored instead of a hash while an account awaits its holder's own password: no
# password verifies against it (it is not an argon2 hash).
UNUSABLE_PASSWORD = "!"  # noqa: S105 - a marker, not a secret
ENROLMENT_HOURS = 72
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
COMMON_PASSWORDS = {
    "password123",
    "passwordpassword",
    "123456789012",
    "qwertyuiopas",
    "bapas12345678",
    "rahasia12345",
    "indonesia1945",
    "katasandi123",
    "administrator",
}


# --- sign-in -------------------------------------------------------------------------


def _attempt_key(office: Office | None, username: str) -> str:
    return f"{office.slug if office else 'pusat'}:{username.strip().lower()}"[:120]


def is_locked(office: Office | None, username: str) -> bool:
    attempt = db.session.get(LoginAttempt, _attempt_key(office, username))
    return bool(attempt and attempt.locked_until and attempt.locked_until > utcnow())


def _register_failure(key: str, user: User | None, typed: str) -> None:
    cfg = current_app.config
    now = utcnow()
    # An UPDATE with an increment, so concurrent workers cannot lose a failure.
    result = db.session.execute(
        update(LoginAttempt)
        .where(LoginAttempt.key == key)
        .values(failures=LoginAttempt.failures + 1, last_failure_at=now)
        .returning(LoginAttempt.failures)
    )
    failures = result.scalar()
    if failures is None:
        db.session.add(LoginAttempt(key=key, failures=1, last_failure_at=now))
        failures = 1
    if failures >= cfg["LOGIN_MAX_FAILURES"]:
        db.session.execute(
            update(LoginAttempt)
            .where(LoginAttempt.key == key)
            .values(locked_until=now + timedelta(seconds=cfg["LOGIN_LOCK_SECONDS"]), failures=0)
        )
        _record_sign_in("lockout", user, typed, minutes=cfg["LOGIN_LOCK_SECONDS"] // 60)
    db.session.commit()


def _record_sign_in(action: str, user: User | None, typed: str, **detail) -> None:
    """A sign-in event in the log of the office whose page was used (the bound office;
    none for the central page), which is the office any account of that name belongs to.

    A failed attempt is written the same way whether or not the account exists (the
    page and its timing say nothing either way). What was typed is kept only if it
    could be a username: a password typed in the wrong box is never stored.
    """
    name = typed.strip().lower()
    shown = name if USERNAME_RE.match(name) else ""
    record(
        action,
        "user",
        user.id if user else None,
        summary=f"{action}: {shown}",
        detail={"username": shown, **detail},
        actor=user if user is not None else (shown or None),
    )


def _find_account(office: Office | None, username: str) -> User | None:
    name = username.strip().lower()
    if office is not None:  # the request has bound this office: the filter scopes it
        return db.session.scalar(select(User).where(User.username == name))
    with all_offices("sign-in of a central (Kanwil/Ditjenpas/system) account"):
        return db.session.scalar(
            select(User).where(User.username == name, User.office_id.is_(None))
        )


def authenticate(office: Office | None, username: str, password: str) -> User | None:
    """The user if name and password match an active account not locked out, else None.

    Every failure looks the same to the caller, so the page shows one generic message.
    """
    key = _attempt_key(office, username)
    user = _find_account(office, username)
    ok = verify_password(user.password_hash if user else None, password)
    if is_locked(office, username) or not ok or user is None or not user.active:
        _record_sign_in("login_failed", user, username)
        _register_failure(key, user, username)
        return None
    db.session.execute(
        update(LoginAttempt).where(LoginAttempt.key == key).values(failures=0, locked_until=None)
    )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    _record_sign_in("login", user, username)
    return user


# --- server-side sessions ------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, user_agent: str | None) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash_token(token), user_id=user.id, user_agent=(user_agent or "")[:200]
        )
    )
    return token


# Built once: this runs on every request (bound values are passed at execution).
_SESSION_ACCOUNT = (
    select(UserSession, User)
    .join(User, User.id == UserSession.user_id)
    .where(
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.user_id == bindparam("user_id"),
        UserSession.revoked_at.is_(None),
    )
)
# The office's data and shared versions come along on office pages: kept pages need them.
_SESSION_ACCOUNT_AND_VERSION = _SESSION_ACCOUNT.add_columns(
    version_of(bindparam("office_id")), shared_of(bindparam("office_id"))
)


def session_user(user_id: int, token: str | None) -> User | None:
    """The account behind a browser session, if that session is still open on the server.

    On an office's pages the office is already bound, and the account is nearly always
    one of that office: it is read in the office's scope first (no scope change, so no
    extra round trips for the database setting), with the office's data version, and
    remembered until anything of the office changes (portal.auth.sessioncache). Any
    other account (central, another office's) is looked up through the named opt-out,
    as the caller must then refuse it.
    """
    if not token:
        return None
    token_hash = _hash_token(token)
    params = {"token_hash": token_hash, "user_id": user_id}
    office_id = current_office_id()
    found = ticket = None
    if office_id is not None:
        user = sessioncache.recall(user_id, token_hash, office_id)
        if user is not None:
            return user
        ticket = sessioncache.ticket(office_id)  # before the read: see officewatch
        found = db.session.execute(
            _SESSION_ACCOUNT_AND_VERSION, {**params, "office_id": office_id}
        ).first()
        if found is not None:
            remember_versions(office_id, found[2], found[3])
    if found is None:
        ticket = None  # not an account of this office: never remembered
        with all_offices("load the signed-in account"):
            found = db.session.execute(_SESSION_ACCOUNT, params).first()
    if found is None:
        return None
    row, user = found[:2]
    if not user.active:
        return None
    now = utcnow()
    if now - row.last_seen_at > sessioncache.LAST_SEEN_EVERY:  # keep writes off most requests
        row.last_seen_at = now
    if ticket is not None:
        sessioncache.keep(ticket, token_hash, user, found[2], found[3], row.last_seen_at)
    return user


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash_token(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def sign_out(user: User | None, token: str | None) -> None:
    """End the browser's session and record it in the account's office log (here no
    office is bound: the sign-out page belongs to no office). Commits."""
    end_session(token)
    if user is None:
        db.session.commit()
        return
    if user.office_id is None:
        _record_sign_in("logout", user, user.username)
        db.session.commit()
        return
    with office_scope(user.office_id):
        _record_sign_in("logout", user, user.username)
        db.session.commit()


def end_all_sessions(user: User, keep_token: str | None = None) -> None:
    stmt = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != _hash_token(keep_token))
    db.session.execute(stmt.values(revoked_at=utcnow()))


# --- administration ------------------------------------------------------------------


def check_password_strength(password: str, username: str = "") -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise OperationError(_l("Kata sandi minimal %(n)d karakter.", n=minimum), field="password")
    if len(password) > 128:
        raise OperationError(_l("Kata sandi maksimal 128 karakter."), field="password")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or (username and username.lower() in lowered):
        raise OperationError(
            _l("Kata sandi terlalu mudah ditebak; pilih yang lain."), field="password"
        )


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise OperationError(
            _l(
                "Nama pengguna 2–60 karakter: huruf kecil, angka, titik, garis bawah, tanda hubung."
            ),
            field="username",
        )
    return name


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role | str,
    password: str | None,
    office: Office | None = None,
    region: Region | None = None,
    nip: str | None = None,
    must_change_password: bool = True,
) -> User:
    """Create an account anchored where its role belongs. The caller commits.

    `password=None` makes an account no password opens yet: its holder chooses one
    through an enrolment link (`issue_enrolment`).
    """
    role = Role(role)
    name = _check_username(username)
    if not full_name.strip():
        raise OperationError(_l("Nama lengkap wajib diisi."), field="full_name")
    if role in OFFICE_ROLES and office is None:
        raise OperationError(_l("Peran ini memerlukan kantor Bapas."), field="role")
    if role == Role.REGIONAL and region is None:
        raise OperationError(_l("Petugas Kanwil memerlukan wilayah."), field="region")
    if nip and not re.fullmatch(r"\d{18}", nip.strip()):
        raise OperationError(_l("NIP harus 18 digit angka."), field="nip")
    if password is not None:
        check_password_strength(password, name)

    if office is not None:
        taken = db.session.scalar(
            select(User.id).where(User.username == name, User.office_id == office.id)
        )
    else:
        with all_offices("central usernames are unique across the centre"):
            taken = db.session.scalar(
                select(User.id).where(User.username == name, User.office_id.is_(None))
            )
    if taken:
        raise OperationError(_l("Nama pengguna sudah dipakai."), field="username")

    user = User(
        username=name,
        full_name=full_name.strip(),
        nip=(nip or "").strip() or None,
        role=role.value,
        office_id=office.id if office and role in OFFICE_ROLES else None,
        region_id=region.id if region and role == Role.REGIONAL else None,
        password_hash=hash_password(password) if password is not None else UNUSABLE_PASSWORD,
        must_change_password=must_change_password and password is not None,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "create",
        "user",
        user.id,
        summary=f"{user.username} ({role.value})",
        office_id=user.office_id,
    )
    return user


def update_user(user: User, *, full_name: str, role: Role | str, nip: str | None) -> None:
    role = Role(role)
    if role not in OFFICE_ROLES:
        raise OperationError(_l("Peran tidak valid untuk pengguna kantor."), field="role")
    if not full_name.strip():
        raise OperationError(_l("Nama lengkap wajib diisi."), field="full_name")
    if nip and not re.fullmatch(r"\d{18}", nip.strip()):
        raise OperationError(_l("NIP harus 18 digit angka."), field="nip")
    user.full_name, user.role, user.nip = full_name.strip(), role.value, (nip or "").strip() or None
    record(
        "update",
        "user",
        user.id,
        summary=f"{user.username} ({role.value})",
        office_id=user.office_id,
    )


def set_active(user: User, active: bool) -> None:
    """Deactivation ends the user's open sessions at once."""
    user.active = active
    if not active:
        end_all_sessions(user)
    record(
        "activate" if active else "deactivate",
        "user",
        user.id,
        summary=user.username,
        office_id=user.office_id,
    )


def generate_temporary_password() -> str:
    """A one-time password an administrator hands over; the user must change it."""
    return secrets.token_urlsafe(12)


def _restart_access(user: User) -> None:
    """After new credentials: the account's sessions end and its lockout is lifted."""
    end_all_sessions(user)
    db.session.execute(
        update(LoginAttempt)
        .where(LoginAttempt.key == _attempt_key(user.office, user.username))
        .values(failures=0, locked_until=None)
    )


def reset_password(user: User) -> str:
    """Give the account a new one-time password and end its sessions."""
    temporary = generate_temporary_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    _restart_access(user)
    record("reset_password", "user", user.id, summary=user.username, office_id=user.office_id)
    return temporary


def change_password(user: User, current: str, new: str, keep_token: str | None) -> None:
    """Other sessions of this user end; the one that changed the password stays."""
    if not verify_password(user.password_hash, current):
        raise OperationError(_l("Kata sandi saat ini salah."), field="current_password")
    if current == new:
        raise OperationError(_l("Kata sandi baru harus berbeda."), field="new_password")
    check_password_strength(new, user.username)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_all_sessions(user, keep_token=keep_token)
    record("change_password", "user", user.id, summary=user.username, office_id=user.office_id)


# --- enrolment: the holder chooses the password ----------------------------------------


def issue_enrolment(user: User, created_by: User | None) -> str:
    """A one-time link for `user` to choose a password; the plain token is returned once.

    The account's current password stops working and its sessions end, so a reset is
    noticed by its holder at once, and every earlier link of the account dies. The
    office's audit log records who made the link. The caller commits.
    """
    now = utcnow()
    db.session.execute(
        update(Enrolment)
        .where(Enrolment.user_id == user.id, Enrolment.used_at.is_(None))
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        Enrolment(
            user_id=user.id,
            office_id=user.office_id,
            token_hash=_hash_token(token),
            created_by_id=created_by.id if created_by is not None else None,
            expires_at=now + timedelta(hours=ENROLMENT_HOURS),
        )
    )
    user.password_hash = UNUSABLE_PASSWORD
    user.must_change_password = False
    _restart_access(user)
    record("enrolment_link", "user", user.id, summary=user.username, office_id=user.office_id)
    return token


def live_enrolment(token: str) -> Enrolment | None:
    """The unused, unexpired enrolment of this token: of the bound office's accounts, or
    (no office bound, inside the caller's opt-out) of central accounts only."""
    stmt = select(Enrolment).where(Enrolment.token_hash == _hash_token(token))
    if current_office_id() is None:
        stmt = stmt.where(Enrolment.office_id.is_(None))
    found = db.session.scalar(stmt)
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found


def complete_enrolment(enrolment: Enrolment, password: str) -> User:
    """The holder's own password; the link is spent. The caller commits."""
    user = enrolment.user
    check_password_strength(password, user.username)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    enrolment.used_at = utcnow()
    record("enrol", "user", user.id, summary=user.username, office_id=user.office_id)
    return user
