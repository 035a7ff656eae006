"""Steps every create/update operation of the partner and training modules shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.errors import OperationError
from portal.extensions import db


def pending(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the object's (an import preview says "updated" by it)."""
    return {k: v for k, v in values.items() if getattr(obj, k) != v}


def apply_changes(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the changed field names (for the audit log)."""
    changed = sorted(pending(obj, values))
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def check_unique(column, value, obj: Any | None, message, field: str) -> None:
    """Refuse a value another row of the office already holds (the office filter applies)."""
    model = column.class_
    clash = select(model.id).where(column == value)
    if obj is not None:
        clash = clash.where(model.id != obj.id)
    if db.session.scalar(clash) is not None:
        raise OperationError(message, field)
