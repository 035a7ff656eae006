"""The home page's panels for office roles other than the PK: a registry.

The PK's home is their clients (`portal.home.worklist`); staff (Bimker) and the
administrator act on other things: training sessions, follow-ups, agreements. Each
module registers a panel function for the roles it serves; it returns a `Panel` (a
title and a few rows, each a link with what makes it urgent) or None. The home page
shows the panels of the user's role in their stated order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.auth.models import User

ROW_LIMIT = 8  # a panel shows the first rows; `more_url` leads to all of them


@dataclass(frozen=True, slots=True)
class PanelRow:
    title: str  # the link's words: what the row is about
    url: str
    detail: str = ""  # the facts beside it: dates, counts
    tag: str = ""  # why it is urgent, in words ("terlambat 12 hari")
    tag_class: str = "tag-grey"  # tag-late, tag-due, tag-ok, tag-grey


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    rows: list[PanelRow]
    total: int
    more_url: str | None = None
    empty: str = ""


PanelFunction = Callable[[User], Panel | None]
PANELS: list[tuple[int, tuple[str, ...], PanelFunction]] = []


def panel(*roles: str, order: int) -> Callable[[PanelFunction], PanelFunction]:
    """Register a panel for these roles (a decorator); twice is a no-op. Panels show by
    `order` (lowest first), whatever order their modules were imported in."""

    def register(fn: PanelFunction) -> PanelFunction:
        if all(fn is not known for _, _, known in PANELS):
            PANELS.append((order, roles, fn))
            PANELS.sort(key=lambda entry: entry[0])
        return fn

    return register


def panels(user: User) -> list[Panel]:
    found = (fn(user) for _, roles, fn in PANELS if user.role in roles)
    return [p for p in found if p is not None]
