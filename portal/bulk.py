"""Bulk inserts through the ORM that hand back the new ids (imports of many rows).

They go through `Session.execute(insert(Model), rows)`, so the tenancy listener stamps
and checks the office as for any ORM write. On PostgreSQL the ids are drawn from the
table's sequence first and the rows inserted with the driver's executemany: a
multi-row INSERT ... RETURNING of 1,000 rows costs psycopg more in parsing the
statement than the server spends storing it, and reading the ids back by a key after
each chunk degrades as the (not yet analysed) table grows. Elsewhere (SQLite)
INSERT ... RETURNING is cheap and is used as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select

from portal.extensions import db


def insert_returning_ids(model, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(model.__table__.name, "id")
        ids = list(
            session.scalars(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
            )
        )
        session.execute(
            insert(model), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)]
        )
        return ids
    return list(
        session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), list(rows))
    )
