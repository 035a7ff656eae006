"""Which offices a viewer compares, and which the national reference is formed over."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.auth.roles import Role
from portal.central.scope import offices_in_scope
from portal.extensions import db
from portal.offices.models import Office


def all_offices_list() -> list[Office]:
    return list(
        db.session.scalars(
            select(Office).options(selectinload(Office.region)).order_by(Office.name)
        )
    )


def comparison_scope(user: User, region_code: str | None) -> tuple[list[Office], list[Office]]:
    """(offices shown, offices the national total is formed over)."""
    everyone = all_offices_list()
    shown = offices_in_scope(user)
    if region_code:
        shown = [o for o in shown if o.region.code == region_code]
        if not shown:
            abort(404)
    return shown, everyone


def office_in_scope(user: User, slug: str) -> Office:
    """An office the viewer may see the figures of, or 404."""
    if user.role == Role.NATIONAL or user.office_id is not None:
        candidates = all_offices_list()
    else:
        candidates = offices_in_scope(user)
    for office in candidates:
        if office.slug == slug and (user.office_id is None or user.office_id == office.id):
            return office
    abort(404)
