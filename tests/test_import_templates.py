"""Import templates made for the office that downloads them: its own example row,
dropdowns for coded columns, text cells where leading zeros matter, a frozen marked
header; each opens in openpyxl and in LibreOffice with its dropdowns and text cells."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from conftest import PASSWORD, Auth
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from portal.clients import vocab
from portal.transfer.examples import next_like
from portal.transfer.service import IMPORTERS
from portal.transfer.templates import choices_of, is_text

OFFICE = "mataram"
TERRITORY = {
    "Kota Mataram",
    "Kabupaten Lombok Barat",
    "Kabupaten Lombok Tengah",
    "Kabupaten Lombok Timur",
    "Kabupaten Lombok Utara",
}


@pytest.fixture
def templates(app, client, make_user) -> dict[str, bytes]:
    make_user("admin", office=OFFICE, username="admin.mtr", full_name="Admin Mataram")
    auth = Auth(client)
    assert auth.login("admin.mtr", OFFICE, PASSWORD).status_code == 302
    out = {}
    for kind in IMPORTERS:
        response = client.get(f"/{OFFICE}/impor/{kind}/templat.xlsx")
        assert response.status_code == 200, kind
        out[kind] = response.data
    return out


def _validations(sheet) -> dict[str, str]:
    """Column letter -> the list a dropdown offers (its formula)."""
    found = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        for cells in str(check.sqref).split():
            found[cells.split(":")[0].rstrip("0123456789")] = check.formula1
    return found


def _check_sheet(book, kind: str) -> None:
    columns = IMPORTERS[kind].columns
    data = book["Data"]
    assert data.freeze_panes == "A2", kind
    dropdowns = _validations(data)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = data.cell(row=1, column=index)
        assert head.font.bold and head.value.endswith(" *") == column.required
        assert (head.fill.fgColor.rgb == "00FFF2CC") == column.required, (kind, column.key)
        assert data.column_dimensions[letter].width >= 10
        if is_text(column):
            assert data.cell(row=2, column=index).number_format == "@", (kind, column.key)
            assert data.cell(row=500, column=index).number_format == "@"
        if choices_of(column):
            assert letter in dropdowns, (kind, column.key)
            source = dropdowns[letter]
            if source.startswith('"'):
                assert source.strip('"').split(",") == choices_of(column)
            else:  # a long list lives on the hidden sheet
                listed = [c.value for c in book[source.split("!")[0].strip("'")][letter_of(source)]]
                assert listed[1 : len(choices_of(column)) + 1] == choices_of(column)
        else:
            assert letter not in dropdowns, (kind, column.key)
    assert "Petunjuk" in book.sheetnames and "Contoh" in book.sheetnames


def letter_of(source: str) -> str:
    return source.split("!")[1].split(":")[0].strip("$").rstrip("$0123456789")


def test_every_template_has_dropdowns_text_cells_and_a_marked_frozen_header(templates):
    for kind, content in templates.items():
        book = load_workbook(io.BytesIO(content))
        _check_sheet(book, kind)
        if "Pilihan" in book.sheetnames:
            assert book["Pilihan"].sheet_state == "hidden"
    clients = load_workbook(io.BytesIO(templates["klien"]))
    offences = _validations(clients["Data"])["O"]
    assert "Pilihan" in offences  # the long offence list is on the hidden sheet
    assert (
        _validations(clients["Data"])["D"]
        == '"' + ",".join(str(x) for x in vocab.SEXES.values()) + '"'
    )
    notes = [r[0].value for r in clients["Petunjuk"].iter_rows() if r[0].value]
    assert any("bertanda *" in line for line in notes)


def test_the_example_row_is_the_offices_own(templates, app):
    book = load_workbook(io.BytesIO(templates["klien"]))
    header, example = ([c.value for c in row] for row in book["Contoh"].iter_rows())
    row = dict(zip(header, example, strict=True))
    assert row["Kabupaten/Kota"] in TERRITORY
    assert row["NIK *"][:2] == "52"  # Nusa Tenggara Barat, not Jawa Tengah
    assert row["Asal Lapas/Rutan"].endswith(("Mataram", "Praya", "Selong"))
    assert row["Nomor Register *"].startswith("W.0001/PB/")
    assert "Purwokerto" not in str(example) and "Banyumas" not in str(example)
    assert book["Contoh"]["C2"].number_format == "@"
    assert isinstance(row["Tanggal Lahir *"], datetime)  # a date cell, not text
    assert row["Nomor Putusan"].endswith("/PN " + row["Kabupaten/Kota"].split()[-1])
    assert next_like("W.0123/PB/2025") == "W.0124/PB/2025"
    assert next_like("PB.2025.0099") == "PB.2025.0100"
    assert next_like("REG/PWT/2024/7") == "REG/PWT/2024/8"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_every_template_opens_in_libreoffice_with_its_dropdowns(templates, tmp_path: Path):
    """LibreOffice reads each template and writes it back with its dropdowns and text
    cells (converted headless; absent LibreOffice fails in CI, skips elsewhere)."""
    program = soffice()
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice not installed")
    sources = []
    for kind, content in templates.items():
        path = tmp_path / f"templat-{kind}.xlsx"
        path.write_bytes(content)
        sources.append(str(path))
    out = tmp_path / "lo"
    subprocess.run(  # noqa: S603 - a fixed program and our own files
        [
            program,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for kind in templates:
        book = load_workbook(out / f"templat-{kind}.xlsx")
        dropdowns = _validations(book["Data"])
        columns = IMPORTERS[kind].columns
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            assert (letter in dropdowns) == bool(choices_of(column)), (kind, column.key)
            if is_text(column):  # LibreOffice keeps the format as the column's style
                assert book["Data"].column_dimensions[letter].number_format == "@", column.key
        assert book["Data"]["A1"].font.bold
