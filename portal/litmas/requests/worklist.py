"""The Litmas requests section of the home page: a PK's own open requests, the head's
(administrator's) every open request, a child's diversion first, then the nearest
deadline. Requests are for people who are often not clients yet, so they are a section
of their own above the client worklist, not lines of it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user

from portal.auth.roles import Role
from portal.litmas.requests import deadlines, queries
from portal.litmas.requests.models import LitmasRequest
from portal.timeutil import utcnow

HOME_LIMIT = 10


@dataclass(frozen=True)
class HomeRequests:
    rows: list[tuple[LitmasRequest, deadlines.Clock]]
    total: int
    late: int
    heading_mine: bool  # a PK's own requests, or the office's (the head's overview)


def home_requests() -> HomeRequests | None:
    user = current_user._get_current_object()
    if user.role not in (Role.PK, Role.ADMIN):
        return None
    found = queries.open_requests(user, pk_only=user.role == Role.PK)
    now = utcnow()
    clocks = [(r, deadlines.clock(r.due_at, r.delivered_at, now)) for r in found]
    return HomeRequests(
        rows=clocks[:HOME_LIMIT],
        total=len(clocks),
        late=sum(1 for _r, c in clocks if c.is_late),
        heading_mine=user.role == Role.PK,
    )
