"""Columns of an import: their template header, the spellings they are recognised by,
and how their cells are read. Header matching forgives case, spacing, punctuation and
the abbreviations offices use ('No. Reg', 'Tgl. Lahir', 'No HP')."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.transfer.values import Reader, normalise

# Words written several ways; each is reduced to one spelling before comparing.
SYNONYMS = {
    "nomor": "no",
    "nomer": "no",
    "number": "no",
    "num": "no",
    "nr": "no",
    "tanggal": "tgl",
    "tangal": "tgl",
    "date": "tgl",
    "telepon": "telp",
    "telpon": "telp",
    "tlp": "telp",
    "phone": "telp",
    "hp": "telp",
    "handphone": "telp",
    "wa": "telp",
    "whatsapp": "telp",
    "register": "reg",
    "registrasi": "reg",
    "registration": "reg",
    "kabupaten": "kab",
    "kab": "kab",
}


def canonical(text: str) -> str:
    return "".join(SYNONYMS.get(word, word) for word in normalise(text).split())


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template (Indonesian)
    read: Reader
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: Any = ""  # explanation for the template's notes sheet
    allowed: Any = ""  # allowed values, for the notes sheet
    example: Any = None
    text_format: bool = False  # the template formats the column as text (NIK, phone)
    spellings: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        names = (self.header, self.key, *self.aliases)
        object.__setattr__(self, "spellings", frozenset(canonical(n) for n in names))


@dataclass
class HeaderMatch:
    row: int  # the spreadsheet row of the headers
    positions: dict[str, int]  # column key -> cell index
    unknown: list[str]
    missing: list[Column]
    repeated: list[str]


def match_headers(columns: Sequence[Column], row_number: int, cells: list[Any]) -> HeaderMatch:
    by_spelling = {s: c for c in columns for s in c.spellings}
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        column = by_spelling.get(canonical(str(cell)))
        if column is None:
            unknown.append(str(cell).strip())
        elif column.key in positions:
            repeated.append(str(cell).strip())
        else:
            positions[column.key] = index
    missing = [c for c in columns if c.required and c.key not in positions]
    return HeaderMatch(row_number, positions, unknown, missing, repeated)


def find_header(
    columns: Sequence[Column],
    first_rows: list[tuple[int, list[Any]]],
) -> HeaderMatch | None:
    """The header row among the first rows: the one naming the most known columns
    (an office's own sheet often has a title or two above it)."""
    best = None
    for number, cells in first_rows:
        match = match_headers(columns, number, cells)
        if match.positions and (best is None or len(match.positions) > len(best.positions)):
            best = match
    return best


MISSING_COLUMN = _l("Kolom wajib '%(name)s' tidak ditemukan di baris judul.")
DATE_HELP = _l("Tanggal HH/BB/TTTT (misalnya 17/08/2024) atau sel tanggal Excel.")


def allowed_values(vocabulary: dict) -> str:
    """A maintained list for a template's notes sheet: its labels, which the readers
    accept as written (as they do the stored codes and English labels)."""
    return "; ".join(str(label) for label in vocabulary.values())
