"""Downloadable import templates, made for the office that downloads them.

The data sheet is ready to fill in: a bold frozen header with required columns marked
(a '*' and a fill, explained on the instructions sheet), widths, a dropdown for every
coded column (its list on a hidden sheet when long), text format for the columns
whose leading zeros matter (NIK, phone, register number). The example row lives on its
own sheet, because a row left in the data sheet would be imported; it shows a person
of the office's own territory with a register number in the office's own format.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.offices.models import Office
from portal.transfer.columns import Column
from portal.transfer.engine import Importer
from portal.transfer.examples import office_examples
from portal.transfer.exporting import DATE_FORMAT, neutralise, write_table
from portal.transfer.values import read_date

REQUIRED_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
TEXT_KEYS = frozenset({"register_number", "nik", "phone"})  # leading zeros matter
FILLED_ROWS = 1000  # rows given the column's format and dropdown
INLINE_LIST_MAX = 200  # characters Excel allows comfortably in a list written in place


def is_text(column: Column) -> bool:
    return column.text_format or column.key in TEXT_KEYS


def choices_of(column: Column) -> list[str]:
    vocabulary = getattr(column.read, "choices", None)
    return [str(label) for label in vocabulary.values()] if vocabulary else []


def template_xlsx(importer: type[Importer], office: Office, today: date) -> bytes:
    columns = list(importer.columns)
    examples = office_examples(office, today, new_client=importer.creates_clients)
    book = Workbook()
    data = book.active
    data.title = _("Data")
    _data_sheet(book, data, columns)
    example = book.create_sheet(_("Contoh"))
    write_table(
        example,
        [_header(c) for c in columns],
        [[_example(c, examples) for c in columns]],
        text_columns=frozenset(i for i, c in enumerate(columns) if is_text(c)),
    )
    notes = book.create_sheet(_("Petunjuk"))
    write_table(
        notes,
        [_("Kolom"), _("Wajib"), _("Keterangan"), _("Nilai yang diterima")],
        [
            [c.header, _("ya") if c.required else _("tidak"), str(c.help), str(c.allowed)]
            for c in columns
        ],
        widths=(28, 8, 70, 70),
    )
    for row in notes.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.append([])
    for line in _guidance():
        notes.append([line])
    if _("Pilihan") in book.sheetnames:  # the hidden lists go last, after what people read
        lists = book[_("Pilihan")]
        book.move_sheet(lists, offset=len(book.sheetnames) - 1 - book.index(lists))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(column: Column) -> str:
    return column.header + (" *" if column.required else "")


def _guidance() -> list[str]:
    return [
        _("Isi data mulai baris 2 lembar 'Data'; baris judul jangan diubah."),
        _(
            "Kolom bertanda * (berlatar kuning) wajib diisi. Kolom berkode punya daftar "
            "pilihan: klik sel lalu pilih dari panah di sebelahnya."
        ),
        _(
            "NIK, telepon dan nomor register diformat sebagai Teks agar angka 0 di depan "
            "tidak hilang dan NIK tidak dibulatkan; tempel nilai ke sana dengan "
            "'Tempel nilai saja'."
        ),
        _("Tanggal ditulis HH/BB/TTTT, misalnya 17/08/2024. Lihat contoh di lembar 'Contoh'."),
    ]


def _example(column: Column, examples: dict) -> object:
    # 'name' is a person in a client's sheet, a partner's name elsewhere: only the
    # first is the office's example person.
    if column.key in examples and (column.key != "name" or column.header == "Nama"):
        return examples[column.key]
    if column.read is read_date and column.example:
        return read_date(column.example)  # a date cell, as the data sheet's column expects
    return column.example


def _data_sheet(book: Workbook, sheet, columns: Sequence[Column]) -> None:
    write_table(sheet, [_header(c) for c in columns], [], widths=_widths(columns))
    lists = None
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index)
        if column.required:
            head.fill = REQUIRED_FILL
        formats = "@" if is_text(column) else DATE_FORMAT if column.read is read_date else None
        if formats:
            sheet.column_dimensions[letter].number_format = formats
            for row in range(2, FILLED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = formats
        labels = choices_of(column)
        if not labels:
            continue
        inline = ",".join(labels)
        if len(inline) <= INLINE_LIST_MAX and not any("," in label for label in labels):
            source = f'"{inline}"'
        else:
            if lists is None:
                lists = book.create_sheet(_("Pilihan"))
                lists.sheet_state = "hidden"
            at = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
            lists.cell(row=1, column=at, value=neutralise(column.header))
            for n, label in enumerate(labels, start=2):
                lists.cell(row=n, column=at, value=neutralise(label))
            col = get_column_letter(at)
            source = f"'{lists.title}'!${col}$2:${col}${len(labels) + 1}"
        several = getattr(column.read, "several", False)
        check = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=_("Bukan pilihan daftar"),
            error=_("Pilih dari daftar; kode dan singkatan yang dikenal juga diterima.")
            + (" " + _("Beberapa pilihan dipisah koma.") if several else ""),
            promptTitle=column.header[:32],
            prompt=_("Pilih dari daftar."),
            showInputMessage=True,
        )
        check.add(f"{letter}2:{letter}{FILLED_ROWS + 1}")
        sheet.add_data_validation(check)


def _widths(columns: Sequence[Column]) -> list[float]:
    """The header or the longest allowed label, whichever is wider (the sheet is empty)."""
    return [
        float(min(40, max(12, len(_header(c)) + 5, *(len(x) + 3 for x in choices_of(c)))))
        for c in columns
    ]
