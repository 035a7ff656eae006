"""Reading an uploaded spreadsheet into rows, refusing hostile files before parsing.

A .xlsx is a zip archive: its table of contents is checked (member count, declared
uncompressed size, compression ratio) and its sheet streamed once (declared size,
checksums, formulas) before a parser sees it, so a zip bomb is refused without being
inflated. The cells are then parsed by python-calamine (Rust, several times faster
than openpyxl; `excel_value` gives its values the types openpyxl gave). Files are
recognised by their first bytes, never by their name alone. Formulas are never
evaluated: the reader returns the value Excel saved with the formula; a formula saved
without one is found by openpyxl and reported, not computed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from python_calamine import CalamineWorkbook

from portal.errors import OperationError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc)
REQUIRED_XLSX_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
DIMENSION_RE = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
FORMULA_RE = re.compile(rb"<f[ >/]")


class FileRejected(OperationError):
    """The file as a whole cannot be read: nothing in it is looked at further."""


class Formula:
    """A cell holding a formula and no value saved with it (or a CSV cell starting '=')."""

    def __init__(self, text: str = "") -> None:
        self.text = text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Formula({self.text!r})"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024
    max_rows: int = 100_000
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_members: int = 500

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            max_bytes=config.get("IMPORT_MAX_BYTES", cls.max_bytes),
            max_rows=config.get("IMPORT_MAX_ROWS", cls.max_rows),
            max_uncompressed=config.get("IMPORT_MAX_UNCOMPRESSED", cls.max_uncompressed),
            max_ratio=config.get("IMPORT_MAX_RATIO", cls.max_ratio),
            max_members=config.get("IMPORT_MAX_MEMBERS", cls.max_members),
        )


def too_many_rows(limits: Limits) -> FileRejected:
    return FileRejected(
        _l(
            "Berkas berisi lebih dari %(n)s baris data; batasnya %(n)s baris per impor. "
            "Bagi berkas menjadi beberapa bagian.",
            n=f"{limits.max_rows:,}".replace(",", "."),
        )
    )


def detect_format(path: Path, filename: str) -> str:
    """'xlsx' or 'csv', from the content; the name's extension must agree with it."""
    with path.open("rb") as handle:
        head = handle.read(8)
    ext = Path(filename or "").suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise FileRejected(_l("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            _l("Berkas ini berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai .xlsx.")
        )
    if ext == ".xlsx":
        if not head.startswith(ZIP_MAGIC):
            raise FileRejected(
                _l("Berkas ini bukan berkas Excel .xlsx walaupun namanya berakhiran .xlsx.")
            )
        return "xlsx"
    if head.startswith(ZIP_MAGIC) or head.startswith(b"MZ") or b"\x00" in _sample(path):
        raise FileRejected(_l("Berkas ini bukan berkas teks CSV walaupun namanya .csv."))
    return "csv"


def _sample(path: Path, size: int = 64 * 1024) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def check_xlsx_archive(path: Path, limits: Limits) -> None:
    """Refuse archives that would inflate beyond the limits, before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRejected(_l("Berkas .xlsx ini rusak atau bukan berkas Excel.")) from exc
    names = {m.filename for m in members}
    if len(members) > limits.max_members:
        raise FileRejected(_l("Berkas .xlsx ini berisi terlalu banyak bagian; tidak diproses."))
    if any(name not in names for name in REQUIRED_XLSX_MEMBERS):
        raise FileRejected(_l("Berkas ini arsip zip, tetapi bukan buku kerja Excel .xlsx."))
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    worst = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if (
        total > limits.max_uncompressed
        or total / packed > limits.max_ratio
        or worst > limits.max_ratio
    ):
        raise FileRejected(
            _l(
                "Isi berkas .xlsx ini jauh lebih besar daripada berkasnya "
                "(kemungkinan 'zip bomb'); "
                "tidak diproses."
            )
        )


def read_rows(path: Path, filename: str, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the spreadsheet shows it, cell values) for each non-empty row."""
    if path.stat().st_size > limits.max_bytes:
        raise FileRejected(
            _l("Berkas lebih besar dari %(mb)d MB.", mb=limits.max_bytes // (1024 * 1024))
        )
    if detect_format(path, filename) == "xlsx":
        check_xlsx_archive(path, limits)
        return _xlsx_rows(path, limits)
    return _csv_rows(path, limits)


# --- .xlsx -----------------------------------------------------------------------------------


def _first_sheet_member(archive: zipfile.ZipFile) -> str:
    """The part holding the first worksheet, as openpyxl's read-only reader opens it."""
    names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if not names:
        raise FileRejected(_l("Buku kerja ini tidak berisi lembar kerja."))
    return min(names, key=lambda n: int(re.sub(r"\D", "", n)))


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple[int | None, bool]:
    """(last row the sheet declares, whether any formula exists), by streaming its XML."""
    last_row, has_formula, tail = None, False, b""
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            block = tail + chunk
            if last_row is None and (m := DIMENSION_RE.search(block)):
                last_row = int(m.group(1))
            if FORMULA_RE.search(block):
                has_formula = True
                break
            tail = block[-16:]
    return last_row, has_formula


def _xlsx_rows(path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            member = _first_sheet_member(archive)
            last_row, has_formula = _scan_sheet(archive, member)
        if last_row is not None and last_row > limits.max_rows + HEADER_ALLOWANCE:
            raise too_many_rows(limits)
        formulas = _formula_cells(path) if has_formula else set()
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError) as exc:
        # Python inflates a part no further than its header declares, then checks its
        # checksum: a header that under-states the size (a disguised zip bomb) ends here.
        raise FileRejected(
            _l(
                "Isi berkas .xlsx ini tidak sesuai dengan daftar isinya (berkas rusak "
                "atau sengaja dibuat menyesatkan); tidak diproses."
            )
        ) from exc
    # A file object, not the path: stored uploads are named .bin, and a reader judges a
    # path by its extension (the content was judged above).
    handle = path.open("rb")
    try:
        sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        first = next(rows, None)
    except Exception as exc:  # the Rust reader raises its own kinds on malformed parts
        handle.close()
        raise FileRejected(_l("Berkas .xlsx ini rusak dan tidak dapat dibaca.")) from exc
    try:
        if first is None:
            return
        # Rows come from the first row on, columns from the first filled column on: the
        # padding puts each cell at the position the spreadsheet shows (as openpyxl did).
        pad = [None] * sheet.start[1] if sheet.start else []
        for number, row in enumerate(_chain_first(first, rows), start=1):
            values = [*pad, *map(excel_value, row)]
            for col in range(len(values)):
                if values[col] is None and (number, col) in formulas:
                    values[col] = Formula()
            if any(v is not None for v in values):
                yield number, values
    except Exception as exc:
        # A damaged part met halfway through (bad XML, a failed CRC, a broken cell type).
        raise FileRejected(_l("Berkas .xlsx ini rusak dan tidak dapat dibaca.")) from exc
    finally:
        handle.close()


def _chain_first(first: list[Any], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield first
    yield from rest


def excel_value(value: Any) -> Any:
    """A cell as every importer expects it, whichever reader parsed it: the one place
    where the Rust reader's types are made those openpyxl gave (None for an empty cell,
    int for a whole number, datetime for a date cell)."""
    if value == "" or value is None:
        return None
    if type(value) is float and value.is_integer() and abs(value) < 1e17:
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def _formula_cells(path: Path) -> set[tuple[int, int]]:
    """Where formulas are: a second read that keeps formulas instead of saved values."""
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        book = load_workbook(handle, read_only=True, data_only=False)
        return {
            (cell.row, cell.column - 1)
            for row in book.worksheets[0].iter_rows()
            for cell in row
            if getattr(cell, "data_type", None) == "f"
        }


HEADER_ALLOWANCE = 10  # title rows above the header row


# --- .csv ------------------------------------------------------------------------------------


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else Windows-1252 (older Excel)."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """Indonesian Excel writes ';' (the comma is the decimal mark); others write ','."""
    lines = text[: 64 * 1024].splitlines()[: HEADER_ALLOWANCE + 1]  # a title may sit above
    return max(
        (";", ",", "\t"), key=lambda sep: max((line.count(sep) for line in lines), default=0)
    )


def _csv_rows(path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    # The whole file is split into rows first (the C parser takes well under a second
    # for the largest allowed file), so an oversized one is refused before any row is
    # checked, as an .xlsx is from its declared size.
    rows = [(n, row) for n, row in enumerate(reader, start=1) if any(v.strip() for v in row)]
    if len(rows) > limits.max_rows + HEADER_ALLOWANCE:
        raise too_many_rows(limits)
    for number, row in rows:
        yield number, [Formula(v) if v.startswith("=") else v for v in row]


def cell_text(value: Any) -> str:
    """A cell as a person would read it (for previews and messages)."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text or "=…"
    if isinstance(value, datetime):
        return (
            value.strftime("%d/%m/%Y")
            if value.time() == datetime.min.time()
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
