"""Signed-in sessions trusted again without a query while their office is unchanged.

Every office page needs the signed-in account: its session still open on the server,
the account active, its office and role. Reading them costs a transaction (BEGIN, the
office setting of row-level security, the query, ROLLBACK), most of what a kept page
costs (portal.pagecache). So once read, the answer is remembered per process together
with the office's shared version (portal.officeversion), under a ticket of
portal.officewatch. It is used again only while:
- no change of that office as a whole has been committed since the read (its shared
  data, any of its accounts, a session ended anywhere), as the watch knows from
  PostgreSQL; a write to one client's data leaves it trusted;
- the browser's own last change is not newer than what was read (it may have been
  made through another process, whose notification is still on its way);
- the session's last-seen time is less than five minutes old (it is then written
  again, from a fresh read).
On SQLite, or with OFFICE_WATCH off, every request reads the session as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from portal import officewatch
from portal.auth.models import User
from portal.extensions import db
from portal.lru import LRU
from portal.officeversion import holds_own_writes, remember_versions
from portal.rowcopy import attached, values_of
from portal.timeutil import utcnow

SIZE = 4096  # signed-in browsers per process
LAST_SEEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class _Kept:
    office_id: int
    ticket: tuple
    version: int  # the office's data version when read: for the browser's own writes
    shared: int
    user: dict[str, Any]
    last_seen_at: datetime


def _watch() -> officewatch.OfficeWatch | None:
    if not current_app.config["OFFICE_WATCH"]:
        return None
    return officewatch.for_engine(db.engine)


def _sessions() -> LRU:
    return current_app.extensions.setdefault("signed_in_sessions", LRU(SIZE))


def ticket(office_id: int) -> tuple | None:
    """Take before reading the session: what is read is kept under it."""
    watch = _watch()
    return watch.ticket(office_id) if watch is not None else None


def recall(user_id: int, token_hash: str, office_id: int) -> User | None:
    """The session's account as last read, if nothing has changed since; else None."""
    watch = _watch()
    kept = _sessions().peek((user_id, token_hash)) if watch is not None else None
    if (
        kept is None
        or kept.office_id != office_id
        or not watch.holds(office_id, kept.ticket)
        or not holds_own_writes(office_id, kept.version)
        or utcnow() - kept.last_seen_at > LAST_SEEN_EVERY
    ):
        return None
    remember_versions(office_id, shared=kept.shared)
    return attached(User, kept.user)


def keep(
    ticket: tuple | None,
    token_hash: str,
    user: User,
    version: int | None,
    shared: int | None,
    last_seen_at: datetime,
) -> None:
    """Remember a session read in its office's scope under the ticket taken before."""
    if ticket is None or version is None or shared is None:
        return
    if not user.active or user.office_id is None:
        return
    kept = _Kept(user.office_id, ticket, version, shared, values_of(user), last_seen_at)
    _sessions().put((user.id, token_hash), kept)
