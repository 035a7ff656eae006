"""One statement that completes a write's marks, records its scopes and tells of them.

A PK's write (a report, a guidance session) holds its office's status row locked from
the version bump until the commit (portal.indicators.refresh). Done step by step, that
is four round trips under the lock: the clients reached through other rows, the PKs of
the written clients, the scope rows, the notification. Under load every round trip also
waits for its thread's turn at the GIL, and the office's other writers wait behind the
lock. On PostgreSQL this statement does all four at once, right after the bump: it is a
new statement, so it sees what other writers committed while this one waited for the
lock, as the step-by-step `_resolve` does.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Integer

from portal import officewatch
from portal.officeversion import CASELOAD, CLIENT, ROSTER

_IDS = ARRAY(Integer)

_STATEMENT = """
WITH written(id) AS (
    SELECT unnest(:clients){through}
),
owners(id) AS (
    SELECT pk_id FROM clients
    WHERE office_id = :office AND pk_id IS NOT NULL AND id IN (SELECT id FROM written)
    UNION SELECT unnest(:pks)
),
scopes(kind, ref_id) AS (
    SELECT :client_kind, id FROM written
    UNION ALL SELECT :caseload_kind, id FROM owners
    UNION ALL SELECT :roster_kind, :roster_ref WHERE :roster
),
fits(ok) AS (SELECT count(*) BETWEEN 1 AND :most FROM scopes),
recorded AS (
    INSERT INTO data_scope_versions (office_id, kind, ref_id, version)
    SELECT :office, kind, ref_id, :version FROM scopes WHERE (SELECT ok FROM fits)
    ORDER BY kind, ref_id
    ON CONFLICT (office_id, kind, ref_id) DO UPDATE SET version = excluded.version
    RETURNING kind, ref_id
),
payload(text) AS (
    SELECT string_agg(CAST(:office AS text) || ':' || kind || ref_id, ',' ORDER BY kind, ref_id)
    FROM recorded
)
SELECT (SELECT text FROM payload),
       CASE WHEN (SELECT ok FROM fits) THEN pg_notify(:channel, (SELECT text FROM payload)) END
"""

# `through`: (table, column, ids): clients of the rows of `table` whose `column` is in ids.
_THROUGH = (
    "\n    UNION SELECT client_id FROM {table}"
    " WHERE office_id = :office AND {column} = ANY(:{name})"
)


def record_scopes(
    session: Session,
    *,
    office: int,
    version: int,
    clients: Iterable[int],
    pks: Iterable[int],
    through: Iterable[tuple[str, str, Iterable[int]]],
    roster: bool,
    most: int,
) -> list | None:
    """Record the write's client, caseload and register scopes at `version` and notify
    other processes; return the changes told (officewatch's pairs). None: nothing was
    written or told, because the write reaches no scope or more than `most` of them
    (the caller then counts it as shared)."""
    params = {
        "clients": sorted(clients),
        "pks": sorted(pks),
        "office": office,
        "version": version,
        "client_kind": CLIENT,
        "caseload_kind": CASELOAD,
        "roster_kind": ROSTER[0],
        "roster_ref": ROSTER[1],
        "roster": roster,
        "most": most,
        "channel": officewatch.CHANNEL,
    }
    binds = [bindparam("clients", type_=_IDS), bindparam("pks", type_=_IDS)]
    parts = []
    for n, (table, column, ids) in enumerate(through):
        name = f"through_{n}"
        parts.append(_THROUGH.format(table=table, column=column, name=name))
        params[name] = sorted(ids)
        binds.append(bindparam(name, type_=_IDS))
    statement = text(_STATEMENT.format(through="".join(parts))).bindparams(*binds)
    payload, _ = session.connection().execute(statement, params).one()
    return None if payload is None else officewatch.changes_of(payload)
