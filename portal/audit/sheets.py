"""The audit log and the data subject's record as spreadsheets.

Both are written by `portal.transfer.exporting` (the one place workbooks are made,
with its formula-injection guard and typed date cells): this module only says what
goes in them. `workbook` is the single call to route through a shared styling helper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import islice

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from portal.audit import links, log, words
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.transfer.exporting import Table, xlsx_bytes

NAME_BATCH = 2000


def local(moment: datetime | None) -> datetime | None:
    """Stored UTC, written in the office's own time zone (as on the pages)."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def local_rows(rows: Iterable[Sequence]) -> list[list]:
    """Rows whose stored UTC moments are written in the office's time zone."""
    return [[local(v) if isinstance(v, datetime) else v for v in row] for row in rows]


def batched(items: Iterable, size: int) -> Iterable[list]:
    """Lists of up to `size` items (itertools.batched arrives with Python 3.12)."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def event_headers() -> list[str]:
    return [
        _("Waktu"),
        _("Pengguna"),
        _("Aksi"),
        _("Jenis data"),
        _("Nomor data"),
        _("Data"),
        _("Keterangan"),
    ]


def event_rows(events: Iterable[AuditEvent], named: bool = True) -> Iterable[list]:
    """Rows as on the log page: the record named as the reader may see it (looked up a
    batch at a time, so a long log is still streamed); `named=False`: no lookup (the
    central log, read across offices, names no office record)."""
    for batch in batched(events, NAME_BATCH):
        names = links.targets(current_user, batch) if named else {}
        for e in batch:
            target = names.get(e.id)
            yield [
                local(e.at),
                words.actor_words(e.actor_name),
                words.action_words(e.action),
                words.kind_words(e.object_type),
                e.object_id,
                target.label if target else "",
                words.describe(e),
            ]


def log_table(filters: log.LogFilters) -> Table:
    """The filtered log, every row, newest first (streamed: it may be long)."""
    events = db.session.scalars(log.events(filters).execution_options(yield_per=2000))
    return Table(_("Log audit"), event_headers(), event_rows(events, named=not filters.central))


def workbook(table: Table, extra: Sequence[Table] = ()) -> bytes:
    return xlsx_bytes(table, extra)
