"""Showing a refused operation on the form the user typed into."""

from __future__ import annotations

from flask import flash, redirect
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


def submit(form: FlaskForm, action, default: str, message: str, target):
    """The write half of a form page: validate, run the operation, commit, flash, redirect.

    `action()` performs the operation and returns the changed object; `target(obj)`
    is the URL to go to afterwards. Returns the redirect, or None to show the form
    again (with the operation's message under its field and the user's input kept).
    """
    if not form.validate_on_submit():
        return None
    try:
        obj = action()
    except OperationError as exc:
        show_operation_error(form, exc, default)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(target(obj))
