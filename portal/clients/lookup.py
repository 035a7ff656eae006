"""Loading one client for a page: the one door every module's views go through."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.clients.models import Client
from portal.clients.operations import find_client


def client_or_404(client_id: int) -> Client:
    """The client, or 404 when it is another office's or a juvenile file this user may
    not see: a 404 (not 403) so a guessed id does not reveal that the file exists."""
    client = find_client(current_user, client_id)
    if client is None:
        abort(404)
    return client
