"""Signals other modules subscribe to, so the case file need not know them.

`client_changed` is sent, inside the same transaction, after a case file is created,
its guidance dates are edited, or its status changes. The reporting schedule listens
(it is generated from the dates and closed when guidance ends).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
client_changed = _signals.signal("client-changed")
# Sent after a bulk insert (spreadsheet import) with the new ids and the rows written.
clients_inserted = _signals.signal("clients-inserted")
