"""Finding one client by typing, instead of scrolling a list of hundreds of names.

A page offers an `<input list>` whose suggestions come from a lookup route
(`matches`, as JSON, via static/js/client-picker.js); the form posts the text typed
or chosen, which `resolve` turns into one client. Both read `visible_clients`, so a
client of another office, or a juvenile file the user may not see, is never
suggested nor found; each page adds its own criteria (an active client, a client
under guidance on a session's day). Without script the form still works: a
register number or a unique part of a name finds the client.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement

from portal.auth.models import User
from portal.clients.models import Client
from portal.clients.operations import name_or_register_contains, visible_clients
from portal.errors import OperationError
from portal.extensions import db

LIMIT = 12
MIN_TYPED = 2
QUERY_MAX = 80
_REGISTER_IN_LABEL = re.compile(r"\(([^()]+)\)\s*$")


def label(client: Client) -> str:
    """What a suggestion shows and the form sends back: the name, then the register
    number in brackets (unique in the office, so the choice is never ambiguous)."""
    return f"{client.name} ({client.register_number})"


def matches(user: User, typed: str, *criteria: ColumnElement[bool]) -> list[dict[str, Any]]:
    """Up to LIMIT suggestions for what was typed (nothing for under MIN_TYPED letters)."""
    text = (typed or "").strip()[:QUERY_MAX]
    if len(text) < MIN_TYPED:
        return []
    clients = db.session.scalars(
        visible_clients(user)
        .where(*criteria, name_or_register_contains(text))
        .order_by(Client.name, Client.id)
        .limit(LIMIT)
    ).all()
    return [{"label": label(c), "kelurahan": c.kelurahan or ""} for c in clients]


def resolve(user: User, typed: str | None, *criteria: ColumnElement[bool], field: str) -> Client:
    """The one client the typed text names, or a refusal saying what to type instead.

    Tried in turn: the register number in brackets of a chosen suggestion, the text as
    a whole register number, then names and register numbers containing the text.
    """
    text = (typed or "").strip()[:QUERY_MAX]
    if not text:
        raise OperationError(_l("Ketik nama atau nomor register klien."), field)
    base = visible_clients(user).where(*criteria)
    bracketed = _REGISTER_IN_LABEL.search(text)
    for number in filter(None, (bracketed and bracketed.group(1).strip(), text)):
        found = db.session.scalars(base.where(Client.register_number == number)).first()
        if found is not None:
            return found
    found = db.session.scalars(base.where(name_or_register_contains(text)).limit(LIMIT + 1)).all()
    if len(found) == 1:
        return found[0]
    if not found:
        raise OperationError(
            _l(
                "Tidak ada klien yang cocok dengan “%(text)s” di antara klien yang dapat dipilih.",
                text=text,
            ),
            field,
        )
    raise OperationError(
        _l(
            "Lebih dari satu klien cocok dengan “%(text)s”: ketik lebih lengkap atau pilih "
            "dari saran.",
            text=text,
        ),
        field,
    )
