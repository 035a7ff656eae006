"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from markupsafe import Markup

from portal import formatting
from portal.auth.roles import ROLE_LABELS, Role
from portal.formerrors import refused_form_problems
from portal.i18n import request_locale
from portal.lru import LRU

MENUS_KEPT = 2048  # offices x roles x languages, per process


def _role_label(role: str) -> str:
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def office_menu() -> Markup:
    """The office menu's links (templates/macros/office_menu.html) for the signed-in
    account's office, role and language: the same for every page and every account of
    that role, so rendered once per process instead of a dozen links on every page."""
    office = g.office
    key = (office.slug, request.script_root, current_user.role, request_locale())
    menus = current_app.extensions.setdefault("office_menus", LRU(MENUS_KEPT))
    menu = menus.peek(key)
    if menu is None:
        template = current_app.jinja_env.get_template("macros/office_menu.html")
        menu = Markup(template.render(current_user=current_user, Role=Role))  # noqa: S704 - autoescaped
        menus.put(key, menu)
    return menu


def register(app: Flask) -> None:
    app.jinja_env.filters["role_label"] = _role_label
    formatting.register(app)
    app.jinja_env.globals["refused_form_problems"] = refused_form_problems
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions
    app.jinja_env.globals["office_menu"] = office_menu

    @app.context_processor
    def globals_():
        return {
            "current_office": getattr(g, "office", None),
            "current_lang": session.get("lang", "id"),
            "Role": Role,
        }
