"""Showing a refused operation on the form the user typed into."""

from __future__ import annotations

from flask_wtf import FlaskForm

from portal.errors import OperationError
from portal.extensions import db


def show_operation_error(
    form: FlaskForm, exc: OperationError, default: str, aliases: dict[str, str] | None = None
) -> None:
    """Roll back whatever the operation began, and put its message under the right field.

    The form keeps what the user typed, so nothing has to be entered again.
    """
    db.session.rollback()
    name = (aliases or {}).get(exc.field or "", exc.field or default)
    field = getattr(form, name, None) or getattr(form, default)
    field.errors = [*field.errors, str(exc.message)]
