"""Recording audit events. Views and operations call `record`; nothing edits the log."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.bulk import insert_columns
from portal.extensions import db
from portal.tenancy import insert_alone
from portal.timeutil import utcnow


class AuditLogImmutable(RuntimeError):
    pass


def record(
    action: str,
    object_type: str,
    object_id: int | None = None,
    *,
    summary: str = "",
    office_id: int | None = None,
    detail: dict | None = None,
    actor=None,
) -> AuditEvent:
    """Add an event to the current transaction; it commits with the change it records."""
    values = _values(action, object_type, object_id, summary, detail, actor)
    event_ = AuditEvent(**values, office_id=office_id)
    db.session.add(event_)
    return event_


def record_read(action: str, object_type: str, object_id: int, *, summary: str) -> None:
    """An event of a request that changes nothing else (someone read a case file).

    Pages are read all day, so this is the most frequent write. In a page's open
    transaction it is one INSERT statement there, without the unit of work's flush. A
    page served kept has no transaction open: on PostgreSQL the event is then committed
    on its own in one round trip (`tenancy.insert_alone`). Either way the office is
    stamped and checked as for any row, and the event is stored before the page leaves.
    """
    values = _values(action, object_type, object_id, summary, None, None)
    if not insert_alone(AuditEvent, {**values, "at": utcnow()}):
        db.session.execute(insert(AuditEvent), [values])


def _values(action, object_type, object_id, summary, detail, actor) -> dict:
    """An event's columns but its office (stamped with the bound office if not given)."""
    return {
        **_actor_values(actor),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "summary": summary[:300],
        "detail": detail or {},
    }


def record_many(
    action: str,
    object_type: str,
    items: list[tuple[int | None, str, dict]],
    *,
    actor=None,
    wait: bool = True,
) -> None:
    """One event per (object id, summary, detail), written in bulk for large imports.

    The bulk INSERT goes through the ORM, so the bound office is stamped as for `record`.
    `wait=False`: see `portal.bulk.insert_columns`.
    """
    if not items:
        return
    object_ids, summaries, details = zip(*items, strict=True)
    insert_columns(
        AuditEvent,
        {
            "object_id": object_ids,
            "summary": [summary[:300] for summary in summaries],
            "detail": [detail or {} for detail in details],
        },
        {**_actor_values(actor), "action": action, "object_type": object_type},
        wait=wait,
    )


def _actor_values(actor) -> dict:
    """`actor`: an account, None (the signed-in user, else the system), or a name
    (someone not signed in: the name typed at a failed sign-in)."""
    if isinstance(actor, str):
        return {"actor_id": None, "actor_name": actor[:120]}
    if actor is None and has_request_context():
        actor = current_user
    authenticated = getattr(actor, "is_authenticated", False)
    return {
        "actor_id": actor.id if authenticated else None,
        "actor_name": actor.full_name if authenticated else "sistem",
    }


def _refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogImmutable("the audit log is append-only")


def install(session_class) -> None:
    if not event.contains(session_class, "before_flush", _refuse_changes):
        event.listen(session_class, "before_flush", _refuse_changes)
