"""Which of the office's clients a typed search finds, from a register kept in memory.

In PostgreSQL a search for part of a name reads every client row of the office (row-
level security keeps a trigram index from serving it): ~6-10 ms of database CPU a
search at 20,000 clients, the largest single cost of a PK's working day. Here each
process keeps, per office and version of its register (officeversion.ROSTER, which
changes whenever a `clients` row does), every client's lowered name and register number
(`clients.search_text`, as the database keeps it) and NIK, packed into two strings that
Python searches at C speed. The search page then reads the rows it shows by id, through
the same office filter and juvenile rule as any list.

The matches are those of the SQL criterion (`operations.name_or_register_contains` or a
NIK starting with the text), which serves wherever no register is kept: outside a
request, before the office's versions exist, or for a text matching too many clients
to list by id.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from flask import current_app, has_request_context
from sqlalchemy import select

from portal.clients.models import SEARCH_TEXT, Client
from portal.extensions import db
from portal.lru import LRU
from portal.officeversion import ROSTER, scope_version
from portal.tenancy import current_office_id

KEPT_OFFICES = 8  # registers per process: ~1 MB each at 20,000 clients
MATCHES_MAX = 1000  # more than this, and the SQL criterion reads them itself
_SEPARATOR = "\n"  # in no name, register number or NIK (forms keep one line)


@dataclass(frozen=True, slots=True)
class Register:
    ids: tuple[int, ...]
    texts: str  # "\n" + search_text for each client, in `ids` order
    text_starts: tuple[int, ...]  # where each client's part of `texts` begins
    niks: str  # "\n" + nik for each client
    nik_starts: tuple[int, ...]

    @classmethod
    def of(cls, rows) -> Register:
        ids, texts, niks = [], [], []
        for client_id, text, nik in rows:
            ids.append(client_id)
            texts.append(text or "")
            niks.append(nik or "")
        return cls(tuple(ids), *_packed(texts), *_packed(niks))

    def matching(self, typed: str) -> set[int]:
        """Ids of the clients whose name or register number contains `typed` (in any
        case) or whose NIK starts with it."""
        rows = set(_found(self.texts, self.text_starts, typed.lower()))
        rows.update(_found(self.niks, self.nik_starts, typed, prefix=True))
        return {self.ids[i] for i in rows}


def _packed(values: list[str]) -> tuple[str, tuple[int, ...]]:
    starts, at = [], 0
    for value in values:
        starts.append(at)
        at += len(value) + 1
    return "".join(_SEPARATOR + v for v in values), tuple(starts)


def _found(packed: str, starts: tuple[int, ...], typed: str, prefix: bool = False):
    """Indexes of the values of `packed` holding `typed` (at their start with `prefix`)."""
    needle = _SEPARATOR + typed if prefix else typed
    at = packed.find(needle)
    while at != -1:
        yield bisect_right(starts, at) - 1  # the value whose separator precedes `at`
        at = packed.find(needle, at + 1)


def kept_matches(typed: str) -> set[int] | None:
    """The ids the search finds in the bound office, or None: let SQL find them."""
    office_id = current_office_id()
    if office_id is None or not has_request_context() or _SEPARATOR in typed:
        return None
    version = scope_version(office_id, ROSTER)
    if version is None:
        return None
    kept = current_app.extensions.setdefault("client_search", LRU(KEPT_OFFICES))
    key = (office_id, version)
    register = kept.peek(key)
    if register is None:
        register = Register.of(db.session.execute(select(Client.id, SEARCH_TEXT, Client.nik)))
        kept.put(key, register)
    found = register.matching(typed)
    return found if len(found) <= MATCHES_MAX else None
