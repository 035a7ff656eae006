"""How an imported row names its client: by register number, among the clients the
importing user may see (another office's, or a juvenile file hidden from them, is simply
not found), with an optional name column that must then match the case file (it catches a
mistyped register number that happens to belong to someone else)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.clients.models import Client
from portal.clients.operations import visible_clients
from portal.extensions import db
from portal.transfer.engine import RowProblem
from portal.transfer.values import normalise

REGISTER_HEADER = "Nomor Register"


def visible_register(user) -> dict[str, Any]:
    """Register number -> (id, register_number, name) of every client the user may see."""
    rows = db.session.execute(visible_clients(user, Client.id, Client.register_number, Client.name))
    return {r.register_number: r for r in rows}


def registered_client(clients: Mapping[str, Any], number: str, given_name: str, name_header: str):
    """The client of `clients` (keyed by register number) this row names, or a row problem."""
    client = clients.get(number)
    if client is None:
        raise RowProblem(
            REGISTER_HEADER,
            _l("Klien dengan nomor register %(n)s tidak ditemukan di kantor ini.", n=number),
        )
    if given_name and normalise(given_name) != normalise(client.name):
        raise RowProblem(
            name_header,
            _l(
                "Nama '%(given)s' tidak sesuai dengan klien bernomor register %(n)s (%(name)s).",
                given=given_name,
                n=number,
                name=client.name,
            ),
        )
    return client
