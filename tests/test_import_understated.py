"""An .xlsx whose zip headers under-state its unpacked size is refused, and its upload
does not stay on disk (issue 14, 7)."""

from __future__ import annotations

import io
import struct
import zipfile

from test_imports import _clients, _upload, admin, in_office, uploads  # noqa: F401 (fixtures)

SHEET = "xl/worksheets/sheet1.xml"


def understated_bomb(declared: int = 1000) -> bytes:
    """50 MB of sheet that its local and central headers say is `declared` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(SHEET, b"<worksheet>" + b" " * (50 * 1024 * 1024))
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)  # central directory
    return bytes(data)


def test_the_helper_really_under_states_the_size():
    info = zipfile.ZipFile(io.BytesIO(understated_bomb())).getinfo(SHEET)
    assert info.file_size == 1000 and info.compress_size > 10_000


def test_an_understated_xlsx_is_refused_and_not_kept(admin, in_office, uploads):  # noqa: F811
    response = _upload(admin, understated_bomb(), "klien.xlsx")
    assert response.status_code == 200
    assert "tidak sesuai dengan daftar isinya" in response.get_data(as_text=True)
    assert _clients(in_office) == []
    assert not list(uploads.glob("*/*.bin"))
