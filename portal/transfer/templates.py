"""Downloadable import templates: the columns, an example row, and a sheet that explains
each column and the values it allows."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.transfer.engine import Importer
from portal.transfer.exporting import Table, xlsx_bytes


def template_xlsx(importer: type[Importer]) -> bytes:
    columns = importer.columns
    headers = [c.header + (" *" if c.required else "") for c in columns]
    text_columns = frozenset(i for i, c in enumerate(columns) if c.text_format)
    # The example lives on its own sheet: a row left in the data sheet would be imported.
    data = Table(_("Data"), headers, [], text_columns)
    example = Table(_("Contoh"), headers, [[c.example for c in columns]], text_columns)
    notes = Table(
        title=_("Petunjuk"),
        headers=[_("Kolom"), _("Wajib"), _("Keterangan"), _("Nilai yang diterima")],
        rows=[
            [c.header, _("ya") if c.required else _("tidak"), str(c.help), str(c.allowed)]
            for c in columns
        ],
    )
    return xlsx_bytes(data, [example, notes])
