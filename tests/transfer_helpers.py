"""Building spreadsheets for the import tests: valid synthetic clients and hostile files."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

HEADERS = [
    "Nomor Register",
    "Nama",
    "NIK",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Tindak Pidana",
    "Program",
    "Mulai Bimbingan",
    "Akhir Bimbingan",
    "PK",
]


def nik_for(birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"330201{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


def client_row(i: int, **overrides) -> list:
    birth = date(1980 + i % 20, 1 + i % 12, 1 + i % 28)
    sex = "P" if i % 3 == 0 else "L"
    row = {
        "Nomor Register": f"PB.2025.{i:05d}",
        "Nama": f"Klien Uji {i}",
        "NIK": nik_for(birth, sex, i),
        "Jenis Kelamin": sex,
        "Tanggal Lahir": birth.strftime("%d/%m/%Y"),
        "Tindak Pidana": "Pencurian",
        "Program": "PB",
        "Mulai Bimbingan": "06/01/2025",
        "Akhir Bimbingan": "06/01/2026",
        "PK": "",
    }
    row.update(overrides)
    return [row[h] for h in HEADERS]


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[list], headers: list[str] = HEADERS, sep: str = ";") -> str:
    lines = [sep.join(headers)] + [sep.join(str(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def zip_bomb() -> bytes:
    """A 'workbook' whose sheet inflates ~1000-fold: refused from the zip's directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


def broken_sheet() -> bytes:
    """A real workbook whose sheet XML breaks off halfway (a damaged download)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([client_row(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(item.filename, data)
    return out.getvalue()


needs_libreoffice = pytest.mark.skipif(
    not shutil.which("libreoffice"), reason="libreoffice-calc-nogui not installed (CI installs it)"
)


def libreoffice_frame(content: bytes, tmp_path: Path, name: str = "ekspor") -> pd.DataFrame:
    """An exported .xlsx as LibreOffice reads it: converted to CSV by LibreOffice itself
    (';'-separated, UTF-8, cells as LibreOffice formats them), every cell as text."""
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(content)
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pd.read_csv(tmp_path / f"{name}.csv", sep=";", dtype=str)
