"""Which offices a central (regional or national) officer oversees."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.auth.roles import Role
from portal.extensions import db
from portal.offices.models import Office


def offices_in_scope(user: User) -> list[Office]:
    stmt = select(Office).options(selectinload(Office.region)).order_by(Office.name)
    if user.role == Role.REGIONAL:
        stmt = stmt.where(Office.region_id == user.region_id)
    elif user.role != Role.NATIONAL:
        return []
    return list(db.session.scalars(stmt))
