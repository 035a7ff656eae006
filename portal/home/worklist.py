"""The PK worklist on the office home page: a registry of providers.

Each module that knows what is due registers a provider: a function taking the
signed-in user and returning a `Section` (a title and the client rows to act on),
or None when it has nothing to say to that user's role. The home page shows every
section in registration order, so a new kind of due work is one provider, not a
change to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from portal.auth.models import User
from portal.clients.models import Client

ROW_LIMIT = 20  # the home page shows the first rows; `more_url` lists them all


@dataclass(frozen=True)
class Row:
    client: Client
    note: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    total: int
    more_url: str | None = None
    empty: str = ""
    extra: dict = field(default_factory=dict)


Provider = Callable[[User], Section | None]
PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    """Register a provider (a decorator); registering the same function twice is a no-op."""
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def sections(user: User) -> list[Section]:
    return [s for s in (p(user) for p in PROVIDERS) if s is not None]
