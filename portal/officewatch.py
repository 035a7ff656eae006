"""What of which office changed, as PostgreSQL tells every process the moment it commits.

A signed-in session (portal.auth.sessioncache) or a version (portal.officeversion) may
be trusted again without asking the database only while nothing it depends on has
changed since it was read. Every transaction that writes an office's data, its
accounts or a session's revocation sends NOTIFY as it commits
(portal.indicators.refresh), naming what changed: the office as a whole ("3": its
accounts, its shared data, or anything whose clients are not known) or some of its
scopes ("3:c17" client 17's data, "3:p4" PK 4's caseload, "3:r0" its register of
clients). One thread per process
LISTENs and moves *generations* on: the office's for a whole-office change, a scope's
and the office's data scope (every write) for a scoped one. Whatever was read under
an older generation is not used any more.

Fail-closed: when in doubt, every request reads the database as it did before.
- A ticket (an office's generation) is only handed out within 3 seconds of the
  listener's last proof: a notification it sent itself and received back, which
  arrives only through a working LISTEN and after every notification committed before
  it. So if the connection dies silently, a change committed meanwhile may go unseen
  for those 3 seconds at most; then nothing is trusted until a new connection listens.
- A (re)connection moves every office's generation on: notifications sent while
  nobody listened are lost.
- Something read is remembered under the ticket taken *before* the read: a change
  committed in between has moved the generation on by the time it could be used
  (PostgreSQL delivers a notification only once its transaction is committed, and the
  portal reads at READ COMMITTED, so its snapshot is taken after the ticket).
- The committing process moves the generation itself at once (`changed_here`); other
  processes learn on delivery, a millisecond or so.
The listener needs a direct connection, or a pooler in session mode: LISTEN does not
work through transaction pooling, and then no proof ever comes back.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
import threading
import time
import weakref
from collections.abc import Iterable
from typing import Any

import psycopg
from sqlalchemy import Engine

CHANNEL = "portal_office_changed"
EVERY_OFFICE = "*"
APPLICATION_NAME = "bapas-portal office watch"  # its connection, as pg_stat_activity shows it
# A connection that dies silently (no reset from the network) must fail within seconds,
# not after TCP's retransmissions: until it does, tickets expire on their own.
CONNECT_OPTIONS = {
    "autocommit": True,
    "application_name": APPLICATION_NAME,
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 5000,
    "options": "-c statement_timeout=5000",
}
DATA = "d"  # the scope every write to an office's data moves
SCOPES_KEPT = 50_000  # scopes remembered per office; beyond, the whole office moves on
PROOF_SECONDS = 1.0  # the listener proves its connection this often
ALIVE_SECONDS = 3.0  # tickets are handed out this long after the last proof

log = logging.getLogger(__name__)


class OfficeWatch:
    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._base = next(self._counter)
        self._generations: dict[int, int] = {}
        self._scopes: dict[int, dict] = {}  # office -> scope -> generation
        self._alive_until = 0.0
        self._thread: threading.Thread | None = None

    def ticket(self, office_id: int, scope=None) -> tuple | None:
        """The generations now of the office and of one of its scopes (None: the office
        as a whole; DATA; ("c", client id); ("p", PK id)); None while the listener is
        not known to be alive."""
        self._ensure_listening()
        if time.monotonic() > self._alive_until:
            return None
        return self._generation(office_id, scope)

    def _generation(self, office_id: int, scope=None) -> tuple:
        office = self._generations.get(office_id, self._base)
        if scope is None:
            return (office,)
        return office, self._scopes.get(office_id, {}).get(scope, 0)

    def holds(self, office_id: int, ticket: tuple, scope=None) -> bool:
        """Whether nothing of the office (or of that scope) has changed since `ticket`."""
        return self.ticket(office_id, scope) == ticket

    def changed_here(self, changes: Iterable[tuple[int, Any]] | str) -> None:
        """This process committed these changes ((office id, scope or None) pairs, as
        `changes_of` reads them), or EVERY_OFFICE."""
        with self._lock:
            if changes == EVERY_OFFICE:
                self._base = next(self._counter)
                self._generations.clear()
                self._scopes.clear()
                return
            for office_id, scope in changes:
                scopes = self._scopes.setdefault(office_id, {})
                if scope is None or len(scopes) >= SCOPES_KEPT:
                    self._generations[office_id] = next(self._counter)
                    scopes.clear()  # the office's generation voids their tickets
                else:
                    scopes[scope] = scopes[DATA] = next(self._counter)

    def _changed(self, payload: str) -> None:
        self.changed_here(changes_of(payload))

    def _listening(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _ensure_listening(self) -> None:
        if self._listening():
            return
        with self._lock:
            if self._listening():
                return
            # The first use in this process (a forked child starts with none: see
            # `_after_fork`), or a listener that stopped: start afresh.
            self._alive_until = 0.0
            self._thread = threading.Thread(target=self._listen, name="office-watch", daemon=True)
            self._thread.start()

    def _listen(self) -> None:
        while True:
            try:
                with psycopg.connect(self._conninfo, **CONNECT_OPTIONS) as conn:
                    self._listen_on(conn)
            except Exception as exc:  # noqa: BLE001 - any failure: stop trusting, reconnect
                self._alive_until = 0.0
                log.warning("office change listener lost its connection (%s); reconnecting", exc)
                time.sleep(PROOF_SECONDS)

    def _listen_on(self, conn: psycopg.Connection) -> None:
        # The proof is a notification to itself on a channel of its own: it comes back
        # only through a working LISTEN (not through a pooler that drops them), and
        # after every notification committed before it was sent.
        proof_channel = f"{CHANNEL}_proof_{os.getpid()}_{secrets.token_hex(4)}"
        conn.execute(f"LISTEN {CHANNEL}")
        conn.execute(f"LISTEN {proof_channel}")
        self.changed_here(EVERY_OFFICE)  # what was sent before now is lost
        for proof in itertools.count():
            sent_at = time.monotonic()
            conn.execute("SELECT pg_notify(%s, %s)", (proof_channel, str(proof)))
            for note in conn.notifies(timeout=PROOF_SECONDS):
                if note.channel == proof_channel:
                    if note.payload == str(proof):
                        self._alive_until = sent_at + ALIVE_SECONDS
                else:
                    self._changed(note.payload)

    def _after_fork(self) -> None:
        """In a forked child: nothing of the parent's listener or lock is usable."""
        self._lock = threading.Lock()
        self._thread, self._alive_until = None, 0.0


def payload_of(changes: Iterable[tuple[int, Any]]) -> str:
    """The notification for (office id, scope or None) pairs; see `changes_of`."""
    return ",".join(
        str(office) if scope is None else f"{office}:{scope[0]}{scope[1]}"
        for office, scope in changes
    )


def changes_of(payload: str) -> list[tuple[int, Any]] | str:
    """What a notification names: "3" (office 3 as a whole), "3:c17" (client 17's data
    in office 3), "3:p4" (PK 4's caseload), "3:r0" (its register of clients), separated
    by commas; or EVERY_OFFICE."""
    try:
        changes = []
        for part in payload.split(","):
            office, _, scope = part.partition(":")
            if scope and scope[0] not in "cpr":
                raise ValueError(scope)
            changes.append((int(office), (scope[0], int(scope[1:])) if scope else None))
        return changes
    except ValueError:  # EVERY_OFFICE, or not ours: assume the worst
        return EVERY_OFFICE


_WATCHES: dict[str, OfficeWatch] = {}  # one per database and process, shared by its apps
_BY_ENGINE: weakref.WeakKeyDictionary[Engine, OfficeWatch | None] = weakref.WeakKeyDictionary()
_WATCHES_LOCK = threading.Lock()


def for_engine(engine: Engine) -> OfficeWatch | None:
    """The process's watch of this database (None: not PostgreSQL, nothing to listen to)."""
    try:
        return _BY_ENGINE[engine]
    except KeyError:
        pass
    watch = None
    if engine.dialect.name == "postgresql":
        conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with _WATCHES_LOCK:
            watch = _WATCHES.setdefault(conninfo, OfficeWatch(conninfo))
    _BY_ENGINE[engine] = watch
    return watch


def _reset_after_fork() -> None:
    global _WATCHES_LOCK
    _WATCHES_LOCK = threading.Lock()
    for watch in _WATCHES.values():
        watch._after_fork()


os.register_at_fork(after_in_child=_reset_after_fork)
