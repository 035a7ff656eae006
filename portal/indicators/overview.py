"""Per-office counts for the oversight landing page (aggregates only, never names)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.roles import OFFICE_ROLES
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices


def staff_counts(offices: list[Office]) -> dict[int, dict[str, int]]:
    """Active accounts per office and role, for the offices a viewer oversees."""
    ids = [o.id for o in offices]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if not ids:
        return counts
    with all_offices("oversight landing: count active accounts per office and role"):
        rows = db.session.execute(
            select(User.office_id, User.role, func.count())
            .where(
                User.office_id.in_(ids),
                User.active.is_(True),
                User.role.in_([r.value for r in OFFICE_ROLES]),
            )
            .group_by(User.office_id, User.role)
        ).all()
    for office_id, role, n in rows:
        counts[office_id][role] = n
    return counts
