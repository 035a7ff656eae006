"""Showing a refused operation on the form the user typed into."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect
from flask_wtf import FlaskForm
from jinja2 import pass_context

from portal.errors import OperationError, every_error
from portal.extensions import db


def show_operation_error(
    form: FlaskForm, exc: OperationError, default: str, aliases: dict[str, str] | None = None
) -> None:
    """Roll back whatever the operation began, and put its message under the right field.

    The form keeps what the user typed, so nothing has to be entered again.
    """
    db.session.rollback()
    for error in every_error(exc):  # an operation may refuse several fields at once
        name = (aliases or {}).get(error.field or "", error.field or default)
        field = getattr(form, name, None) or getattr(form, default)
        field.errors = [*field.errors, str(error.message)]


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


@dataclass(frozen=True)
class Problem:
    label: str
    message: str
    anchor: str


def _forms_in(value):
    if isinstance(value, FlaskForm):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, FlaskForm):
                yield item


@pass_context
def refused_form_problems(context) -> list[Problem]:
    """Every message of every refused form on the page, for the error summary at its top.

    Read from the page's own context, so each form page gets the summary (GOV.UK's error
    summary: a link to each field, focus moved to it) without a line of its own.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        for form in _forms_in(value):
            if id(form) in seen:
                continue
            seen.add(id(form))
            for message in getattr(form, "form_errors", []):
                problems.append(Problem("", str(message), ""))
            # A form of many rows (a session's attendance) names each refused row itself.
            problems.extend(getattr(form, "row_problems", []))
            for field in form:
                for message in field.errors if isinstance(field.errors, list) else []:
                    problems.append(Problem(str(field.label.text), str(message), field.id))
    return problems
