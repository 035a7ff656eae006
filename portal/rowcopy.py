"""Rows kept per process as plain values, and put back into a request's session as if
just read: attached, with no query, so the request uses them like any loaded row
(relationships load on demand, in the request's own office scope)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from portal.extensions import db


def values_of(obj) -> dict[str, Any]:
    """The row's column values (no relationships, nothing loaded lazily)."""
    return {a.key: getattr(obj, a.key) for a in inspect(type(obj)).column_attrs}


def attached(model, values: dict[str, Any]):
    """The row with these values in the request's session; the one already there, if any."""
    found = db.session.identity_map.get(identity_key(model, values["id"]))
    if found is not None:
        return found
    obj = inspect(model).class_manager.new_instance()
    for key, value in values.items():
        set_committed_value(obj, key, value)
    make_transient_to_detached(obj)
    db.session.add(obj)
    return obj
