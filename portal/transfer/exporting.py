"""Writing lists out as .xlsx and .csv, with formula injection neutralised.

A spreadsheet program runs a cell that starts with =, +, -, @ (or a tab or carriage
return before one) as a formula. Every text cell passes through `neutralise`, which
puts a single quote in front, so a client named "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"


def neutralise(value: Any) -> Any:
    """The one guard against formula injection: text that would start a formula gets a
    leading single quote; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralise`, for re-importing an export: the value as it was stored."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: frozenset[int] = frozenset()  # shown as text in Excel (NIK, phone)


def xlsx_bytes(table: Table, extra_sheets: Sequence[Table] = ()) -> bytes:
    book = Workbook(write_only=True)
    for part in (table, *extra_sheets):
        _write_sheet(book, part)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.title[:31])
    bold = Font(bold=True)
    header = []
    for name in table.headers:
        cell = WriteOnlyCell(sheet, value=neutralise(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, v, i in table.text_columns) for i, v in enumerate(row)])


def _xlsx_cell(sheet, value: Any, as_text: bool) -> Any:
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if as_text:
        cell = WriteOnlyCell(sheet, value=neutralise("" if value is None else str(value)))
        cell.number_format = "@"
        return cell
    return neutralise(value)


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a BOM and ';' between cells: what Excel set to Indonesian opens directly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([neutralise(_csv_text(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def render(table: Table, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return xlsx_bytes(table), XLSX_MIME
    return csv_bytes(table), CSV_MIME
