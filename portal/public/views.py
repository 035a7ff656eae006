"""Pages anyone may open: the list of offices to sign in to, and the language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.offices.models import Region

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    regions = db.session.scalars(
        select(Region).options(selectinload(Region.offices)).order_by(Region.name)
    ).all()
    return render_template("public/index.html", regions=regions)


@bp.route("/healthz")
def healthz():
    """For a proxy or orchestrator: the process answers (the database is not asked)."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz():
    """For a proxy: whether this process reaches its database (503 while it cannot)."""
    try:
        db.session.execute(text("SELECT 1"))
    except OperationalError:
        db.session.rollback()
        return {"status": "database unreachable"}, 503, {"Retry-After": "30"}
    return {"status": "ready"}


@bp.route("/bahasa", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.index")
    return redirect(target)
