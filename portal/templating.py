"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask, current_app, g, session

from portal import formatting
from portal.auth.roles import ROLE_LABELS, Role
from portal.formerrors import refused_form_problems


def _role_label(role: str) -> str:
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def register(app: Flask) -> None:
    app.jinja_env.filters["role_label"] = _role_label
    formatting.register(app)
    app.jinja_env.globals["refused_form_problems"] = refused_form_problems
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions

    @app.context_processor
    def globals_():
        return {
            "current_office": getattr(g, "office", None),
            "current_lang": session.get("lang", "id"),
            "Role": Role,
        }
