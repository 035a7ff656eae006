"""The comparison table as .xlsx or .csv: numbers as numbers, with the period,
definitions and suppression.

Both files hold the same columns and the rows the page shows (a region of one office
once). Every figure is a number — counts as integers, rates as fractions (formatted
as percentages in Excel), rupiah as whole numbers — so a sheet can be summed, sorted
and charted. A figure the page does not show (suppressed, not yet reportable, not
recorded) is an empty cell: in Excel with a comment saying why, in the CSV with the
reason in the indicator's note column. The CSV is plain for machines: a single header
row, dot decimals, no thousands separators, no % or Rp.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment

from portal.audit.operations import record
from portal.extensions import db
from portal.indicators import display
from portal.indicators.comparison import Cell, Row, Table
from portal.indicators.registry import COUNT, RATE, RATIO, RUPIAH, Indicator
from portal.transfer.exporting import download, write_table

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
COUNT_FORMAT = "#,##0"
RUPIAH_FORMAT = '"Rp"#,##0'
PERCENT_FORMAT = "0.0%"
RATIO_FORMAT = "0.0"


@dataclass(frozen=True)
class Figure:
    """One cell of the sheet: a number (or None) with its Excel format and, when empty,
    why."""

    value: int | float | str | None
    number_format: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    read: Callable[[Row], Figure]
    note_of: bool = False  # the CSV's note column for an indicator


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def _value(indicator: Indicator, cell: Cell) -> Figure:
    if display.is_suppressed(indicator, cell):
        return Figure(None, note=str(display.SUPPRESSED))
    empty = display.empty_text(indicator, cell)
    if empty is not None or cell.value is None:
        return Figure(None, note=empty)
    if indicator.kind == COUNT:
        return Figure(_whole(cell.value), COUNT_FORMAT)
    if indicator.kind == RATE:
        return Figure(cell.value, PERCENT_FORMAT)
    if indicator.kind == RUPIAH:
        return Figure(_whole(cell.value), RUPIAH_FORMAT)
    assert indicator.kind == RATIO  # noqa: S101 - the registry's kinds are these four
    return Figure(cell.value, RATIO_FORMAT)


def _part(value: float | None, hidden: bool, not_yet: bool, fmt: str = COUNT_FORMAT) -> Figure:
    if not_yet or value is None:
        return Figure(None)
    if hidden:
        return Figure(None, note=str(display.SUPPRESSED))
    return Figure(_whole(value), fmt)


def _interval(cell: Cell, end: int) -> Figure:
    return Figure(cell.interval[end], PERCENT_FORMAT) if cell.interval else Figure(None)


def _indicator_columns(i: Indicator) -> list[Column]:
    def cell(row: Row) -> Cell:
        return row.cells[i.id]

    columns = [Column(str(i.name), 16, lambda r: _value(i, cell(r)))]
    if i.denominator:
        top_format = RUPIAH_FORMAT if i.kind == RUPIAH else COUNT_FORMAT
        columns += [
            Column(
                f"{i.name}: {i.numerator_label}",
                12,
                lambda r: _part(
                    cell(r).numerator, cell(r).numerator_hidden, cell(r).not_yet, top_format
                ),
            ),
            Column(
                f"{i.name}: {i.denominator_label}",
                12,
                lambda r: _part(cell(r).denominator, cell(r).denominator_hidden, cell(r).not_yet),
            ),
        ]
    if i.not_counted:
        columns.append(
            Column(
                f"{i.name}: {i.not_counted_label}",
                12,
                lambda r: _part(cell(r).not_counted, cell(r).not_counted_hidden, cell(r).not_yet),
            )
        )
    if i.kind == RATE:
        columns += [
            Column(f"{i.name}: {_('KI 95% bawah')}", 10, lambda r: _interval(cell(r), 0)),
            Column(f"{i.name}: {_('KI 95% atas')}", 10, lambda r: _interval(cell(r), 1)),
        ]
    columns.append(
        Column(
            f"{i.name}: {_('keterangan')}",
            14,
            lambda r: Figure(_value(i, cell(r)).note),
            note_of=True,
        )
    )
    return columns


def _columns(table: Table) -> list[Column]:
    kinds = {"office": _("kantor"), "region": _("wilayah"), "national": _("nasional")}
    columns = [
        Column(_("Kantor / wilayah"), 34, lambda r: Figure(r.name)),
        Column(_("Wilayah"), 22, lambda r: Figure(r.region.name if r.region else None)),
        Column(_("Tingkat"), 10, lambda r: Figure(kinds[r.kind])),
        Column(_("Jumlah kantor"), 9, lambda r: Figure(r.offices, COUNT_FORMAT)),
    ]
    for indicator in table.indicators:
        columns += _indicator_columns(indicator)
    return columns


def _definition_rows(indicators: list[Indicator]) -> list[list[str]]:
    rows = [
        [
            _("Indikator"),
            _("Definisi"),
            _("Pembilang"),
            _("Penyebut"),
            _("Tidak dihitung"),
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
                str(i.not_counted_label or "—"),
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
                "Sel kosong dengan komentar: angka disembunyikan (1–4, atau angka yang dapat "
                "dipakai menghitung angka kecil dari totalnya), belum dapat dilaporkan, atau "
                "belum tercatat. Tingkat ditulis sebagai persentase, biaya dalam rupiah."
            ),
        ],
    ]


def _comment(note: str) -> str:
    """A suppressed cell's comment gives the reason, not only the word."""
    return str(display.SUPPRESSED_REASON) if note == str(display.SUPPRESSED) else note


def _xlsx(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Perbandingan")[:31])
    columns = [c for c in _columns(table) if not c.note_of]

    def cells(row: Row) -> list[WriteOnlyCell]:
        out = []
        for figure in (c.read(row) for c in columns):
            cell = WriteOnlyCell(sheet, value=figure.value)
            if figure.number_format:
                cell.number_format = figure.number_format
            if figure.value is None and figure.note:
                cell.comment = Comment(_comment(figure.note), "Bapas Portal")
            out.append(cell)
        return out

    write_table(
        sheet,
        [c.header for c in columns],
        (cells(row) for row in table.shown_rows),
        widths=[c.width for c in columns],
        above=[*_preamble(table), []],
        freeze_column=2,
    )
    definitions = book.create_sheet(_("Definisi")[:31])
    header, *rows = _definition_rows(table.indicators)
    write_table(definitions, header, rows, widths=(30, 60, 24, 24, 24, 40, 50, 50))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: int | float | str | None) -> str | int | float:
    """Numbers as Python writes them (dot decimal, no separators); None as empty."""
    return "" if value is None else value


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = _columns(table)
    writer.writerow([_("Periode"), *(c.header for c in columns)])
    for row in table.shown_rows:
        writer.writerow([table.period.key, *(_plain(c.read(row).value) for c in columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def response(table: Table, fmt: str) -> Response:
    body = _xlsx(table) if fmt == "xlsx" else _csv(table)
    record(
        "export",
        "indicators",
        summary=f"perbandingan {table.period.key} ({fmt})",
        detail={"period": table.period.key, "rows": len(table.shown_rows)},
    )
    db.session.commit()
    filename = f"indikator-{table.period.key}.{fmt}"
    return download(body, FORMATS[fmt], filename)
