"""Office-scoped blueprints: every route under `/<office_slug>/` goes through here.

The office in the URL is resolved, the signed-in user must belong to it (otherwise
404: a user of another office learns nothing), and the database session is bound
to it for the rest of the request. A blueprint made with `office_blueprint` cannot
forget any of these steps.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.auth.roles import Role
from portal.extensions import db
from portal.offices.models import Office
from portal.rowcopy import attached, values_of
from portal.tenancy import bind_office


def public(view):
    """Mark an office route reachable without signing in (the office's login page)."""
    view._office_public = True
    return view


def office_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix=f"/<office_slug>{url_prefix}")

    @bp.url_value_preprocessor
    def _resolve(endpoint, values):
        office = _office((values or {}).pop("office_slug", None))
        if office is None:
            abort(404)
        g.office = office

    @bp.url_defaults
    def _add_slug(endpoint, values):
        if "office_slug" not in values and getattr(g, "office", None) is not None:
            values["office_slug"] = g.office.slug

    @bp.before_request
    def _enter_office():
        office = g.office
        # Bound before the signed-in account is loaded: an account of this office is then
        # read within the office's own scope, with no opt-out (see auth.session_user).
        bind_office(office.id)
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "_office_public", False):
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", office_slug=office.slug, next=request.full_path))
        if current_user.office_id != office.id:
            g.office = None  # the error page must not dress itself in that office
            abort(404)  # another office, or a central account: nothing to see here
        if current_user.must_change_password and request.endpoint != "auth.change_password":
            return redirect(url_for("auth.change_password", office_slug=office.slug))
        return None

    return bp


# Offices change only when `flask tenants sync` reads the office files: their rows are
# kept per process for a minute instead of being read on every request.
_OFFICE_SECONDS = 60


def _office(slug: str | None) -> Office | None:
    known = current_app.extensions.setdefault("office_rows", {})
    found = known.get(slug)
    if found is None or found[0] < time.monotonic():
        office = db.session.scalar(select(Office).where(Office.slug == slug))
        if office is not None:
            known[slug] = (time.monotonic() + _OFFICE_SECONDS, values_of(office))
        return office
    return attached(Office, found[1])


def roles_required(*roles: Role):
    """Refuse (403) an office user whose role is not among `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, object_id: int):
    """Load one row of the current office, or 404.

    Always a SELECT (never an identity-map shortcut), so the tenancy filter applies.
    """
    obj = db.session.execute(select(model).where(model.id == object_id)).scalar_one_or_none()
    if obj is None:
        abort(404)
    return obj
