"""Exports of the office's lists: what the page shows, readable by pandas and LibreOffice,
formulas neutralised, juvenile files only for those who may see them, every export audited."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from conftest import PASSWORD, Auth
from sqlalchemy import select
from transfer_helpers import libreoffice_frame, needs_libreoffice

from portal.audit.models import AuditEvent
from portal.clients.operations import create_client
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import office_scope
from portal.transfer.exporting import neutralise

OFFICE = "purwokerto"


@pytest.fixture
def office_clients(app, make_user):
    """Three adults (one with a hostile name) and one juvenile of PK 'pk.anak'."""
    pk_id = make_user("pk", office=OFFICE, username="pk.anak", full_name="Dewi PK")
    people = [
        ("PB-001", "Agus Salim", "3302011505900001", date(1990, 5, 15), "L", "pb", None),
        (
            "AS-002",
            '=HYPERLINK("http://jahat.example")',
            "3302015506910002",
            date(1991, 6, 15),
            "P",
            "asimilasi",
            None,
        ),
        ("PB-003", "Bambang Wijaya", "3302012007850003", date(1985, 7, 20), "L", "pb", None),
        ("DV-004", "Rahasia Anak", "3302011003120004", date(2012, 3, 10), "L", "diversi", pk_id),
    ]
    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == OFFICE))
        with office_scope(office.id):
            for number, name, nik, born, sex, program, pk in people:
                create_client(
                    register_number=number,
                    name=name,
                    nik=nik,
                    sex=sex,
                    birth_date=born,
                    offence="pencurian",
                    program=program,
                    guidance_start=date(2025, 1, 6),
                    guidance_end=date(2026, 1, 6),
                    pk_id=pk,
                    phone="+6281234567890",
                )
            db.session.commit()
        db.session.remove()


def _login(app, make_user, role: str) -> Auth:
    make_user(role, office=OFFICE, username=f"{role}.x", full_name=f"Petugas {role}")
    auth = Auth(app.test_client())
    assert auth.login(f"{role}.x", OFFICE, PASSWORD).status_code == 302
    return auth


def test_client_export_matches_the_filtered_page(app, make_user, office_clients):
    auth = _login(app, make_user, "admin")
    page = auth.client.get(f"/{OFFICE}/klien/?program=pb").get_data(as_text=True)
    assert "Agus Salim" in page and "Bambang Wijaya" in page and "AS-002" not in page
    assert 'href="/purwokerto/ekspor/klien.xlsx?program=pb"' in page

    xlsx = auth.client.get(f"/{OFFICE}/ekspor/klien.xlsx?program=pb")
    frame = pd.read_excel(io.BytesIO(xlsx.data), dtype={"NIK": str}, engine="calamine")
    assert list(frame["Nomor Register"]) == ["PB-001", "PB-003"]  # sorted by name, as the page
    assert list(frame["Nama"]) == ["Agus Salim", "Bambang Wijaya"]
    assert list(frame["Program"]) == ["Pembebasan Bersyarat (PB)"] * 2
    assert frame["NIK"][0] == "3302011505900001"
    assert frame["Tanggal Lahir"][0].date() == date(1990, 5, 15)

    csv = auth.client.get(f"/{OFFICE}/ekspor/klien.csv?program=pb")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(csv.data), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(frame["Nama"]) == ["Agus Salim", "Bambang Wijaya"]
    assert frame["Tanggal Lahir"][0] == "15/05/1990"

    with app.app_context(), office_scope(_office_id(app)):
        exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
        details = [e.detail for e in exports]
    assert [(d["rows"], d["format"]) for d in details] == [(2, "xlsx"), (2, "csv")]
    assert details[0]["filters"] == {"program": "pb", "sort": "nama"}


def _office_id(app) -> int:
    return db.session.scalar(select(Office.id).where(Office.slug == OFFICE))


def test_formulas_are_neutralised_in_every_export(app, make_user, office_clients):
    assert neutralise("=1+1") == "'=1+1" and neutralise("@x") == "'@x"
    assert neutralise("\tcmd") == "'\tcmd" and neutralise("Agus") == "Agus"
    assert neutralise(-5) == -5
    auth = _login(app, make_user, "admin")
    frame = pd.read_excel(
        io.BytesIO(auth.client.get(f"/{OFFICE}/ekspor/klien.xlsx").data), engine="calamine"
    )
    assert '\'=HYPERLINK("http://jahat.example")' in list(frame["Nama"])
    assert set(frame["Telepon"]) == {"'+6281234567890"}
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(auth.client.get(f"/{OFFICE}/ekspor/klien.xlsx").data))
    assert not [c for row in book.active.iter_rows() for c in row if c.data_type == "f"]
    text = auth.client.get(f"/{OFFICE}/ekspor/klien.csv").get_data(as_text=True)
    assert ";\"'=HYPERLINK" in text and ";=" not in text


def test_juvenile_files_are_left_out_for_staff_but_not_their_pk(app, make_user, office_clients):
    staff = _login(app, make_user, "staff")
    body = staff.client.get(f"/{OFFICE}/ekspor/klien.csv").get_data(as_text=True)
    assert "Agus Salim" in body
    assert "Rahasia Anak" not in body and "3302011003120004" not in body and "DV-004" not in body

    pk = Auth(app.test_client())
    pk.login("pk.anak", OFFICE)
    assert "Rahasia Anak" in pk.client.get(f"/{OFFICE}/ekspor/klien.csv").get_data(as_text=True)


def test_users_and_audit_exports_are_for_administrators(app, make_user, office_clients):
    staff = _login(app, make_user, "staff")
    assert staff.client.get(f"/{OFFICE}/ekspor/pengguna.xlsx").status_code == 403
    assert staff.client.get(f"/{OFFICE}/ekspor/audit.csv").status_code == 403
    admin = _login(app, make_user, "admin")
    users = pd.read_excel(
        io.BytesIO(admin.client.get(f"/{OFFICE}/ekspor/pengguna.xlsx").data), engine="calamine"
    )
    assert {"pk.anak", "staff.x", "admin.x"} <= set(users["Nama pengguna"])
    audit = pd.read_csv(
        io.BytesIO(admin.client.get(f"/{OFFICE}/ekspor/audit.csv").data),
        sep=";",
        encoding="utf-8-sig",
    )
    created = audit[audit["Aksi"] == "Membuat"]
    assert "PB-001" in " ".join(created["Data"].astype(str))
    today = date.today().isoformat()
    empty = admin.client.get(f"/{OFFICE}/ekspor/audit.csv?dari=2000-01-01&sampai=2000-01-02")
    assert empty.get_data(as_text=True).count("\n") == 1  # headers only
    assert admin.client.get(f"/{OFFICE}/ekspor/audit.xlsx?dari={today}").status_code == 200


def test_export_then_reimport_changes_nothing(app, make_user, office_clients, tmp_path, runner):
    admin = _login(app, make_user, "admin")
    path = tmp_path / "ekspor.xlsx"
    path.write_bytes(admin.client.get(f"/{OFFICE}/ekspor/klien.xlsx").data)
    result = runner.invoke(args=["import", "clients", str(path), "--office", OFFICE])
    assert "4 rows: 0 added, 0 updated, 4 unchanged, 0 problems" in result.output


@needs_libreoffice
def test_libreoffice_reads_the_same_values(app, make_user, office_clients, tmp_path):
    admin = _login(app, make_user, "admin")
    content = admin.client.get(f"/{OFFICE}/ekspor/klien.xlsx?program=pb").data
    frame = libreoffice_frame(content, tmp_path, "klien")
    assert list(frame["Nama"]) == ["Agus Salim", "Bambang Wijaya"]
    assert list(frame["NIK"]) == ["3302011505900001", "3302012007850003"]
    assert list(frame["Program"]) == ["Pembebasan Bersyarat (PB)"] * 2


EXPORTS = ("klien", "mitra", "pengguna", "audit", "wajib-lapor", "pelatihan", "tindak-lanjut")


def test_every_export_opens_as_a_native_sheet(app, make_user, office_clients):
    """Bold frozen header with a filter, widths, and typed cells (dates as dates, numbers
    as numbers) in every .xlsx export, all laid out by one helper."""
    import re
    from datetime import datetime

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    admin = _login(app, make_user, "admin")
    for what in EXPORTS:
        response = admin.client.get(f"/{OFFICE}/ekspor/{what}.xlsx")
        assert response.status_code == 200, what
        sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
        header = [c for c in sheet[1] if c.value is not None]
        assert header and all(c.font.bold for c in header), what
        assert sheet.freeze_panes == "A2", what
        last = get_column_letter(len(header))
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", what
        for index in range(1, len(header) + 1):
            assert sheet.column_dimensions[get_column_letter(index)].width >= 8, what
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for value in row:  # a date written as text would sort and filter as text
                assert not (isinstance(value, str) and re.fullmatch(r"\d\d/\d\d/\d{4}", value))
    sheet = load_workbook(io.BytesIO(admin.client.get(f"/{OFFICE}/ekspor/klien.xlsx").data))
    sheet = sheet.worksheets[0]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, next(sheet.iter_rows(min_row=2)), strict=True))
    born = first["Tanggal Lahir"]
    assert isinstance(born.value, datetime) and born.number_format == "DD/MM/YYYY"
    assert first["NIK"].number_format == "@" and isinstance(first["NIK"].value, str)
    assert sheet.column_dimensions["B"].width >= len("Bambang Wijaya")
    audit = load_workbook(io.BytesIO(admin.client.get(f"/{OFFICE}/ekspor/audit.xlsx").data))
    when = audit.worksheets[0]["A2"]
    assert isinstance(when.value, datetime), when.value
