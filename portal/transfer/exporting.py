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
from itertools import chain, islice
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
        sheet = book.create_sheet(part.title[:31])
        write_table(sheet, part.headers, part.rows, text_columns=part.text_columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 200  # rows looked at to size the columns


def write_table(
    sheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | None = None,
    above: Sequence[Sequence[Any]] = (),
    text_columns: frozenset[int] = frozenset(),
    freeze_column: int = 1,
) -> int:
    """The one layout of every sheet the portal writes (exports, templates, the
    indicator table), so each opens as a native one: the lines `above` (a title, a
    period), then a bold header that stays in view (frozen panes) and carries a filter,
    columns as wide as their content, typed cells (dates as dates, numbers as numbers,
    `text_columns` as text). Works on a write-only sheet: widths and panes are set
    before the first row. Returns the header's row number."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    if widths is None:
        widths = [
            _width([name, *(r[i] if i < len(r) else None for r in sample)])
            for i, name in enumerate(headers)
        ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_row = len(above) + 1
    sheet.freeze_panes = f"{get_column_letter(freeze_column)}{header_row + 1}"
    for line in above:
        sheet.append([neutralise(v) for v in line])
    bold = Font(bold=True)
    header = []
    for name in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    last = header_row
    for row in chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, v, i in text_columns) for i, v in enumerate(row)])
        last += 1
    if headers:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{last}"
    return header_row


def _width(values: Sequence[Any]) -> float:
    """Characters of the longest value (a bold header takes a little more)."""
    longest = 0
    for i, value in enumerate(values):
        if isinstance(value, Cell):
            value = value.value
        if value is None:
            continue
        if isinstance(value, datetime):
            size = 16
        elif isinstance(value, date):
            size = 10
        else:
            size = max((len(line) for line in str(value).splitlines()), default=0)
        longest = max(longest, size + (3 if i == 0 else 0))  # the header: bold, a filter button
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _xlsx_cell(sheet, value: Any, as_text: bool) -> Any:
    if isinstance(value, Cell):  # a caller's own cell (number format, comment)
        return value
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


def download(content: bytes, mime: str, filename: str) -> Response:
    """A file the browser saves under `filename` (every export and template goes out so)."""
    return Response(
        content,
        mimetype=mime,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
