"""What the portal accepts from a request, decided once for every route.

Odd input must get a clear answer, never a server error (issue 14): a number the
database cannot hold, a date the calendar arithmetic cannot hold, or a NUL byte
(PostgreSQL text cannot hold one) is refused here, before any view reads it:

- path ids: the `int` URL converter stops at the database's integer range, so an id
  beyond it is simply not found (404);
- query parameters: `request.args.get(name, type=int)` gives the default for a number
  beyond that range, as for any other non-number;
- dates: views parse query dates with `day`, and every form's date fields and integer
  fields get a range check added when they are bound (`FlaskForm.Meta.bind_field`),
  so forms written anywhere in the portal need nothing of their own;
- NUL bytes anywhere in the path, query or form: a 400 page that says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, Request, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from wtforms import DateField, IntegerField, ValidationError

# PostgreSQL's `integer`, the type of every id and count column.
DB_INT_MAX = 2**31 - 1
# Dates a person can mean here (birth dates to guidance ends); arithmetic on them, such
# as a day later or the office's midnight in UTC, stays inside what Python can hold.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def database_int(value: Any) -> int:
    """An int the database can hold; ValueError otherwise (as int() for a non-number)."""
    number = int(value)
    if not -DB_INT_MAX <= number <= DB_INT_MAX:
        raise ValueError("beyond the database's integer range")
    return number


def optional_int(value: Any) -> int | None:
    """A form's or link's id as text (a hidden field, a select): None unless a number the
    database can hold."""
    try:
        return database_int(value)
    except (TypeError, ValueError):
        return None


def day(value: str) -> date:
    """An ISO date within EARLIEST..LATEST; ValueError otherwise. Use as `type=day`."""
    parsed = date.fromisoformat(value)
    if not EARLIEST <= parsed <= LATEST:
        raise ValueError("date out of range")
    return parsed


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` in a URL: ids beyond the database's range match no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class Args(ImmutableMultiDict):
    """Query and form values where `type=int` also means "within the database's range"."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        return super().get(key, default, database_int if type is int else type)


class PortalRequest(Request):
    parameter_storage_class = Args


def _within_range(form, field) -> None:
    if field.data is None:
        return
    if isinstance(field, IntegerField) and not -DB_INT_MAX <= field.data <= DB_INT_MAX:
        raise ValidationError(_l("Angka terlalu besar."))
    if isinstance(field, DateField) and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(
            _l(
                "Tanggal harus antara %(start)s dan %(end)s.",
                start=EARLIEST.strftime("%d/%m/%Y"),
                end=LATEST.strftime("%d/%m/%Y"),
            )
        )


_bind_field = FlaskForm.Meta.bind_field


def _bind_with_range(meta, form, unbound_field, options):
    field = _bind_field(meta, form, unbound_field, options)
    if isinstance(field, IntegerField | DateField):
        field.validators = [*field.validators, _within_range]
    return field


def _has_nul() -> bool:
    if "\x00" in request.path:
        return True
    for values in (request.args, request.form):
        for value in values.values():
            if "\x00" in value:
                return True
    return False


def install(app: Flask) -> None:
    """Before any blueprint is registered: the converter applies as routes are added."""
    app.request_class = PortalRequest
    app.url_map.converters["int"] = DatabaseIntConverter
    # Every form class, wherever it is defined, binds its fields through this.
    FlaskForm.Meta.bind_field = _bind_with_range

    @app.before_request
    def _refuse_nul_bytes():
        if _has_nul():
            message = _("Permintaan berisi karakter yang tidak diizinkan (NUL).")
            return render_template("errors/error.html", code=400, message=message), 400
        return None
