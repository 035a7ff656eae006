"""Reading cell values the way Indonesian offices write them.

Each reader takes a raw cell (text from a CSV, or a typed value from Excel) and
returns a Python value, None for an empty cell, or raises `ValueError` whose
message (Bahasa Indonesia) goes into the problem report for that row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.transfer.exporting import restore
from portal.transfer.reading import Formula

Reader = Callable[[Any], Any]

MONTHS = {
    1: ("januari", "jan", "january"),
    2: ("februari", "feb", "pebruari", "peb", "february"),
    3: ("maret", "mar", "march"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "jun", "june"),
    7: ("juli", "jul", "july"),
    8: ("agustus", "agu", "agt", "ags", "agst", "aug", "august"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nov", "nop", "nopember"),
    12: ("desember", "des", "dec", "december"),
}
MONTH_NUMBERS = {name: number for number, names in MONTHS.items() for name in names}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
WORDED_DATE = re.compile(r"^(\d{1,2})[\s\-.]+([A-Za-z]+)\.?[\s\-.,]+(\d{4})$")
DATE_HINT = _l("Gunakan HH/BB/TTTT, misalnya 17/08/2024.")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value: Any) -> Any:
    if isinstance(value, Formula):
        raise ValueError(
            _l(
                "Sel berisi rumus tanpa nilai tersimpan; rumus tidak dihitung saat impor. "
                "Salin sel lalu tempel sebagai nilai."
            )
        )
    return value


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: 'No. Register' -> 'no register'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def read_date(value: Any) -> date | None:
    if type(value) is datetime:  # an Excel date cell: most dates of a file
        return value.date()
    value = _plain(value)
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, order in ((NUMERIC_DATE, "dmy"), (ISO_DATE, "ymd")):
        if m := pattern.match(text):
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            return _make_date(parts["y"], parts["m"], parts["d"], text)
    if m := WORDED_DATE.match(text):
        month = MONTH_NUMBERS.get(m.group(2).lower())
        if month is None:
            raise ValueError(_l("Nama bulan '%(m)s' tidak dikenali.", m=m.group(2)))
        return _make_date(int(m.group(3)), month, int(m.group(1)), text)
    raise ValueError(_l("Format tanggal '%(t)s' tidak dikenali. ", t=text) + str(DATE_HINT))


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if year < 100:  # two-digit years: up to this year's two digits means 20yy
        year += 2000 if year <= date.today().year % 100 else 1900
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(_l("Tanggal '%(t)s' tidak ada di kalender.", t=text)) from exc


def read_int(value: Any) -> int | None:
    if type(value) is int:  # an Excel number cell (not a bool, a subclass of int)
        return value
    value = _plain(value)
    if blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_l("Harus berupa bilangan bulat."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.250 written with thousands dots
        text = text.replace(".", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise ValueError(_l("'%(v)s' bukan bilangan bulat.", v=value))


def text_reader(max_length: int) -> Reader:
    def read(value: Any) -> str:
        if type(value) is not str:  # text cells, most of a file, need none of this
            value = _plain(value)
            if blank(value):
                return ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, datetime):
                value = value.strftime("%d/%m/%Y")
            value = str(value)
        text = restore(" ".join(value.split()))
        if len(text) > max_length:
            raise ValueError(_l("Paling banyak %(max)d karakter.", max=max_length))
        return text

    return read


SCIENTIFIC = re.compile(r"^\d[.,]\d*E\+?\d+$", re.IGNORECASE)  # 3,30201E+15 in a CSV
NIK_AS_NUMBER = _l(
    "NIK %(v)s tersimpan sebagai angka, bukan teks: Excel hanya menyimpan 15 angka pertama "
    "(dan menampilkannya seperti 3,3E+15), sehingga NIK 16 angka berubah. Format kolom NIK "
    "sebagai Teks, lalu ketik ulang NIK-nya."
)
PHONE_AS_NUMBER = _l(
    "Nomor telepon %(v)s tersimpan sebagai angka, bukan teks, sehingga angka 0 di depannya "
    "hilang. Format kolom Telepon sebagai Teks, lalu ketik ulang nomornya (misalnya "
    "081234567890)."
)


def _as_number_text(value: Any) -> str | None:
    """The number a spreadsheet made of a cell meant as text (NIK, phone), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return str(int(number)) if number.is_integer() else str(value)
    if isinstance(value, str) and SCIENTIFIC.match(value.strip()):
        return value.strip()
    return None


def digits_reader(max_length: int, number_message=None) -> Reader:
    """Numbers kept as text (NIK, phone). A cell that a spreadsheet turned into a number
    has already lost something (the leading 0, or the 16th digit of a NIK: Excel keeps
    15), so it is refused with `number_message`, never silently stored as it came."""
    text = text_reader(max_length)

    def read(value: Any) -> str:
        if number_message is not None and (shown := _as_number_text(value)) is not None:
            raise ValueError(number_message % {"v": shown})
        if isinstance(value, str):
            value = value.strip().lstrip("'")
            if number_message is PHONE_AS_NUMBER and re.fullmatch(r"8\d{7,12}", value):
                # A mobile number without its 0: what a CSV saved from such a cell holds.
                raise ValueError(number_message % {"v": value})
        return text(value)

    return read


def nik_reader() -> Reader:
    return digits_reader(20, NIK_AS_NUMBER)


def phone_reader() -> Reader:
    return digits_reader(30, PHONE_AS_NUMBER)


def _label_variants(label: str) -> set[str]:
    """'Pembebasan Bersyarat (PB)' -> itself, 'pembebasan bersyarat', 'pb';
    'SMA / SMK / sederajat' -> also 'sma', 'smk'."""
    variants = {normalise(label)}
    inside = re.findall(r"\(([^)]*)\)", label)
    outside = re.sub(r"\([^)]*\)", " ", label)
    variants.update(normalise(v) for v in [outside, *inside])
    for part in re.split(r"/| atau | or ", outside):
        variants.add(normalise(part))
    return {v for v in variants if v and v != "sederajat"}


def choice_reader(
    vocabulary: Mapping[str, Any],
    aliases: Mapping[str, str] | None = None,
) -> Reader:
    """A code of `vocabulary`, written as its code, its label (Indonesian or English)
    or an alias."""
    built: dict[str, dict[str, str]] = {}

    def build() -> dict[str, str]:
        """Built on first use (labels need an app), then swapped in whole, so a second
        thread never reads a half-built table."""
        if "table" not in built:
            table: dict[str, str] = {}
            for code, label in vocabulary.items():
                table[normalise(code)] = code
                for lang in ("id", "en"):
                    with force_locale(lang):
                        for variant in _label_variants(str(label)):
                            table.setdefault(variant, code)
            for alias, code in (aliases or {}).items():
                table[normalise(alias)] = code
            built["table"] = table
        return built["table"]

    seen: dict[Any, str] = {}  # a column repeats a handful of values over many rows

    def read(value: Any) -> str | None:
        if value in seen:
            return seen[value]
        value = _plain(value)
        if blank(value):
            return None
        code = build().get(normalise(value))
        if code is None:
            allowed = ", ".join(str(label) for label in vocabulary.values())
            raise ValueError(
                _l("'%(v)s' tidak dikenal. Pilihan: %(allowed)s.", v=value, allowed=allowed)
            )
        if len(seen) < 1000:
            seen[value] = code
        return code

    read.choices = vocabulary  # type: ignore[attr-defined]  # a template's dropdown
    return read


YES = frozenset(
    {"ya", "y", "yes", "v", "x", "1", "true", "benar", "ada", "sudah", "hadir", "lulus"}
)
NO = frozenset({"tidak", "t", "tdk", "no", "n", "0", "false", "salah", "belum", "tidak ada"})


def read_yes_no(value: Any) -> bool | None:
    """Ya/Tidak as offices write it (also Y/T, 1/0, a tick column's 'v' or 'x')."""
    value = _plain(value)
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = normalise(value) or str(value).strip()
    if text in YES or text == "\u2713":
        return True
    if text in NO:
        return False
    raise ValueError(_l("'%(v)s' bukan Ya atau Tidak.", v=value))


read_yes_no.choices = {"ya": _l("Ya"), "tidak": _l("Tidak")}  # type: ignore[attr-defined]


LIST_SEPARATORS = re.compile(r"[,;\n]+")


def choices_reader(
    vocabulary: Mapping[str, Any],
    aliases: Mapping[str, str] | None = None,
) -> Reader:
    """Several codes of `vocabulary` in one cell, separated by commas, semicolons or
    line breaks ('Pelatihan, Magang'); each read as `choice_reader` reads one. The
    order is kept and repeats are dropped; an empty cell gives an empty list."""
    one = choice_reader(vocabulary, aliases)

    def read(value: Any) -> list[str]:
        value = _plain(value)
        if blank(value):
            return []
        codes = (one(part) for part in LIST_SEPARATORS.split(str(value)) if part.strip())
        return list(dict.fromkeys(codes))

    read.choices = vocabulary  # type: ignore[attr-defined]
    read.several = True  # type: ignore[attr-defined]
    return read
