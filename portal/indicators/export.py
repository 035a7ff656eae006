"""The comparison table as .xlsx or .csv, with the period, definitions and suppression."""

from __future__ import annotations

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.audit.operations import record
from portal.extensions import db
from portal.indicators import display
from portal.indicators.comparison import Table
from portal.indicators.registry import Indicator

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _header(table: Table) -> list[str]:
    columns = [_("Kantor / wilayah"), _("Tingkat")]
    for indicator in table.indicators:
        columns.append(str(indicator.name))
        if indicator.denominator:
            columns += [
                f"{indicator.name}: {indicator.numerator_label}",
                f"{indicator.name}: {indicator.denominator_label}",
            ]
            if indicator.kind == "rate":
                columns.append(f"{indicator.name}: {_('KI 95%')}")
    return columns


def _row_values(table: Table) -> list[list[str]]:
    """Suppressed figures are written as "<5", exactly as on the page."""
    kinds = {"office": _("kantor"), "region": _("wilayah"), "national": _("nasional")}
    rows = []
    for row in table.rows:
        values = [row.label, kinds[row.kind]]
        for indicator in table.indicators:
            cell = row.cells[indicator.id]
            values.append(display.value_text(indicator, cell))
            if indicator.denominator:
                values += [
                    display.count_text(cell.numerator, cell.numerator_hidden),
                    display.count_text(cell.denominator, cell.denominator_hidden),
                ]
                if indicator.kind == "rate":
                    values.append(display.interval_text(cell))
        rows.append(values)
    return rows


def _definition_rows(indicators: list[Indicator]) -> list[list[str]]:
    rows = [
        [
            _("Indikator"),
            _("Definisi"),
            _("Pembilang"),
            _("Penyebut"),
            _("Periode/kohort"),
            _("Termasuk"),
            _("Tidak termasuk"),
        ]
    ]
    for i in indicators:
        rows.append(
            [
                str(i.name),
                str(i.definition),
                str(i.numerator_label),
                str(i.denominator_label or "—"),
                str(i.period_rule),
                str(i.includes),
                str(i.excludes),
            ]
        )
    return rows


def _preamble(table: Table) -> list[list[str]]:
    return [
        [
            _("Periode"),
            f"{table.period.label} ({table.period.start:%d/%m/%Y}–{table.period.end:%d/%m/%Y})",
        ],
        [
            _("Catatan"),
            _(
                "Angka 1–4 ditampilkan sebagai <5; satu angka lain dalam kelompok "
                "yang sama ikut disembunyikan bila angka kecil dapat dihitung dari "
                "totalnya."
            ),
        ],
    ]


def _xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Perbandingan")[:31]
    for line in _preamble(table):
        sheet.append(line)
    sheet.append([])
    sheet.append(_header(table))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for values in _row_values(table):
        sheet.append(values)
    definitions = book.create_sheet(_("Definisi")[:31])
    for values in _definition_rows(table.indicators):
        definitions.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _preamble(table):
        writer.writerow(line)
    writer.writerow([])
    writer.writerow(_header(table))
    writer.writerows(_row_values(table))
    writer.writerow([])
    writer.writerows(_definition_rows(table.indicators))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def response(table: Table, fmt: str) -> Response:
    body = _xlsx(table) if fmt == "xlsx" else _csv(table)
    record(
        "export",
        "indicators",
        summary=f"perbandingan {table.period.key} ({fmt})",
        detail={"period": table.period.key, "rows": len(table.rows)},
    )
    db.session.commit()
    filename = f"indikator-{table.period.key}.{fmt}"
    return Response(
        body,
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
