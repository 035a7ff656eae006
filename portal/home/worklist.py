"""The PK's worklist on the home page: one line per client, the most urgent first.

Each module that knows what is due registers a provider: a function taking the
signed-in PK and the office's date and returning `Item`s, each one fact about one of
the PK's clients (what is due or how late, the action, and the case-file section it
concerns). The home page merges them: one line per client, headed by its most urgent
item, clients ordered by that item. A new kind of due work is one provider, not a
change to the page. Providers read many clients at once (a grouped statement or two),
never a statement per client. The PK's clients are read once for all of them
(`own_clients`, `active_caseload`), with any one-value-per-client fact a provider
registers (`client_fact`): a provider that needs no more adds no statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from flask import g, has_app_context
from sqlalchemy import ColumnElement, Select, bindparam, select

from portal.auth.models import User
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.extensions import db

LINE_LIMIT = 25  # the home page shows the first lines; "Kasus saya" lists every client


class Urgency(IntEnum):
    """How pressing an item is (see `Item.key` for the order)."""

    LATE = 0  # a date has passed with the work undone
    TODAY = 1  # due today
    SOON = 2  # open now, with a last day ahead (a report window, a follow-up window)
    LATER = 3  # worth knowing, nothing late yet (guidance ending, a Litmas to write)


_RANK = {Urgency.LATE: 0, Urgency.TODAY: 1, Urgency.SOON: 1, Urgency.LATER: 2}  # see Item.key

TAGS = {
    Urgency.LATE: "tag-late",
    Urgency.TODAY: "tag-due",
    Urgency.SOON: "tag-due",
    Urgency.LATER: "tag-grey",
}


@dataclass(frozen=True, slots=True)
class Item:
    client_id: int
    kind: str  # which provider: wajib-lapor, tindak-lanjut, litmas, bimbingan-berakhir
    urgency: Urgency
    on: date  # the day it orders by: since when late, or the last day to act
    what: str  # what it is about: "Wajib lapor", "Tindak lanjut 3 bulan: Barista"
    text: str  # when, or how late: "terlambat 12 hari", "lapor s.d. 5 Des 2026"
    action: str  # the link's words: "Catat laporan"
    anchor: str  # the case-file section the link lands on: "catat-laporan"

    @property
    def tag(self) -> str:
        return TAGS[self.urgency]

    @property
    def key(self) -> tuple:
        """Late first; then what is open now, due today or not, by its last day (a
        window closing tomorrow before one due today and closing in a week); then the
        rest."""
        return _item_key(self)


@dataclass(frozen=True, slots=True)
class Line:
    """One client of the worklist: its items, the most urgent first."""

    client: OwnClient
    items: list[Item]

    @property
    def head(self) -> Item:
        return self.items[0]

    @property
    def others(self) -> list[Item]:
        return self.items[1:]


@dataclass(frozen=True)
class Worklist:
    lines: list[Line]  # the first LINE_LIMIT
    total: int  # clients with something on the list
    counts: dict[Urgency, int]  # clients by the urgency of their first item


Provider = Callable[[User, date], Iterable[Item]]
PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    """Register a provider (a decorator); registering the same function twice is a no-op."""
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def merge(items: Iterable[Item], names: Mapping[int, OwnClient]) -> list[Line]:
    """One line per client, the most urgent client first (then by name)."""
    by_client: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.client_id in names:
            by_client[item.client_id].append(item)
    lines = []
    for client_id, found in by_client.items():
        if len(found) > 1:
            found.sort(key=_item_key)
        lines.append(Line(names[client_id], found))
    lines.sort(key=_line_key)
    return lines


def _item_key(item: Item) -> tuple:
    """`Item.key`, as a plain function for sorting (cheaper than the property)."""
    return (_RANK[item.urgency], item.on)


def _line_key(line: Line) -> tuple:
    return (*_item_key(line.items[0]), line.client.name, line.client.id)


@dataclass(frozen=True, slots=True)
class OwnClient:
    """One of the PK's own clients (any status), as the worklist needs it."""

    id: int
    name: str
    register_number: str
    category: str
    status: str
    guidance_start: date
    guidance_end: date
    facts: Any  # the registered `client_fact`s of this client, by name: `facts.<name>`

    @property
    def is_anak(self) -> bool:
        return self.category == client_vocab.ANAK


_COLUMNS = (
    Client.id,
    Client.name,
    Client.register_number,
    Client.category,
    Client.status,
    Client.guidance_start,
    Client.guidance_end,
)
FACTS: dict[str, Callable[[], ColumnElement]] = {}


def client_fact(name: str):
    """Register a fact about each client (a decorator of a function building a column
    correlated to `Client`, e.g. a scalar subquery) that the PK's clients are read with:
    a provider needing one value per client takes it from `OwnClient.facts.<name>`
    instead of a statement of its own (each costs a round trip, planning and the ORM's
    work)."""

    def register(build: Callable[[], ColumnElement]) -> Callable[[], ColumnElement]:
        FACTS[name] = build
        return build

    return register


_STATEMENTS: dict[tuple[str, ...], Select] = {}  # built once per set of facts


def _own_statement(names: tuple[str, ...]) -> Select:
    found = _STATEMENTS.get(names)
    if found is None:
        facts = [FACTS[name]().label(name) for name in names]
        found = _STATEMENTS[names] = select(*_COLUMNS, *facts).where(
            Client.pk_id == bindparam("pk")
        )
    return found


_SHARED = "worklist_own_clients"  # on `g` while `worklist` asks its providers


def own_clients(user: User) -> dict[int, OwnClient]:
    """Every client the PK supervises (any status: a follow-up is owed by a client whose
    guidance has ended too) by id, with their facts. While the home page builds the
    worklist, read once for every provider and the lines' names instead of once by
    each. A PK sees every one of their own clients (the juvenile rule lets a child's own
    PK see them)."""
    shared = g.get(_SHARED) if has_app_context() else None
    if shared is not None and shared[0] == user.id:
        return shared[1]
    rows = db.session.execute(_own_statement(tuple(FACTS)), {"pk": user.id})
    n = len(_COLUMNS)
    return {row[0]: OwnClient(*row[:n], row) for row in rows}


def active_caseload(user: User) -> dict[int, OwnClient]:
    """The PK's clients in guidance (status aktif) by id."""
    shared = g.get(_SHARED) if has_app_context() else None
    if shared is not None and shared[0] == user.id:
        return shared[2]
    return _active(own_clients(user))


def _active(own: dict[int, OwnClient]) -> dict[int, OwnClient]:
    return {i: c for i, c in own.items() if c.status == client_vocab.AKTIF}


def worklist(user: User, today: date) -> Worklist:
    """The PK's worklist today: every provider's items for their own clients."""
    own = own_clients(user)
    setattr(g, _SHARED, (user.id, own, _active(own)))
    try:
        items = [item for p in PROVIDERS for item in p(user, today)]
    finally:
        setattr(g, _SHARED, None)
    lines = merge(items, own)  # items name only the PK's own clients
    counts = {u: 0 for u in Urgency}
    for line in lines:
        counts[line.head.urgency] += 1
    return Worklist(lines[:LINE_LIMIT], len(lines), counts)
