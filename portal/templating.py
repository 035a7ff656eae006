"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask, current_app, g, session
from flask_babel import format_datetime

from portal.auth.roles import ROLE_LABELS, Role


def _role_label(role: str) -> str:
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def register(app: Flask) -> None:
    app.jinja_env.filters["role_label"] = _role_label
    app.jinja_env.filters["datetime"] = lambda value: (
        format_datetime(value, "dd MMM yyyy HH:mm") if value else "—"
    )
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions

    @app.context_processor
    def globals_():
        return {
            "current_office": getattr(g, "office", None),
            "current_lang": session.get("lang", "id"),
            "Role": Role,
        }
