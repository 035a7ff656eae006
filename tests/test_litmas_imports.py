"""Importing an office's open and past Litmas requests from .xlsx and .csv: the office's
clock kept (Mataram, WITA), the deadline computed by the rule and never read from the
sheet, a broken sheet refused by row and column in Indonesian, nothing half-written."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, time

import pytest
from conftest import PASSWORD, Auth
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.litmas.requests.models import LitmasRequest, RequestAssignment
from portal.offices.models import Office
from portal.tenancy import office_scope
from portal.transfer.litmas_requests import COLUMNS, read_time

OFFICE = "mataram"  # WITA: 09.30 on the office's clock is 01.30 UTC
KIND = "permintaan-litmas"
HEADERS = [c.header for c in COLUMNS]


def row(**cells) -> list:
    base = {
        "Jenis Peminta": "Penyidik (Kepolisian)",
        "Instansi Peminta": "Polresta Mataram",
        "Nomor Surat": "B/101/III/2026/Reskrim",
        "Tanggal Surat": "27/03/2026",
        "Tujuan Litmas": "Diversi anak",
        "Tanggal Diterima": "28/03/2026",
        "Jam Diterima": "09.30",
        "Nama": "Andi Saputra",
        "NIK": "5271011203110002",
        "Tanggal Lahir": "12/03/2011",
        "Kategori": "Anak",
        "Tempat Penahanan": "Polresta Mataram",
        "Nomor Register": "",
        "Lampiran": "Surat permintaan, Laporan polisi",
        "PK": "Ni Luh Ayu",
        "Tanggal Penunjukan PK": "28/03/2026",
        "Jam Penunjukan PK": "10.00",
        "Tanggal Dikirim": "30/03/2026",
        "Jam Dikirim": "14.00",
        "Cara Pengiriman": "Diserahkan langsung",
        "Catatan Pengiriman": "",
    }
    base.update(cells)
    return [base[h] for h in HEADERS]


def good_rows() -> list[list]:
    """A child's diversion delivered in time; a parole request a PK is working on (Excel
    date and time cells); an assimilation request nobody has been appointed to yet."""
    return [
        row(),
        row(
            **{
                "Jenis Peminta": "Lapas",
                "Instansi Peminta": "Lapas Kelas IIA Lombok Barat",
                "Nomor Surat": "W.22.PAS.3-PK.01.05-044",
                "Tanggal Surat": datetime(2026, 2, 1),
                "Tujuan Litmas": "PB",
                "Tanggal Diterima": datetime(2026, 2, 2),
                "Jam Diterima": time(8, 0),
                "Nama": "Lalu Hendra",
                "NIK": "",
                "Tanggal Lahir": "",
                "Kategori": "Dewasa",
                "Lampiran": "",
                "Tanggal Penunjukan PK": datetime(2026, 2, 3),
                "Jam Penunjukan PK": time(9, 0),
                "Tanggal Dikirim": "",
                "Jam Dikirim": "",
                "Cara Pengiriman": "",
            }
        ),
        row(
            **{
                "Jenis Peminta": "Rutan",
                "Instansi Peminta": "Rutan Kelas IIA Mataram",
                "Nomor Surat": "W.22.PAS.7-PK.01.05-102",
                "Tujuan Litmas": "Asimilasi",
                "Nama": "Baiq Ratna",
                "NIK": "",
                "Kategori": "Dewasa",
                "Lampiran": "",
                "PK": "",
                "Tanggal Penunjukan PK": "",
                "Jam Penunjukan PK": "",
                "Tanggal Dikirim": "",
                "Jam Dikirim": "",
                "Cara Pengiriman": "",
            }
        ),
    ]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows([HEADERS, *rows])
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def admin(app, client, make_user, tmp_path) -> Auth:
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_user("admin", office=OFFICE, username="kepala.mtr", full_name="Kepala Mataram")
    make_user("pk", office=OFFICE, username="niluh", full_name="Ni Luh Ayu")
    auth = Auth(client)
    assert auth.login("kepala.mtr", OFFICE, PASSWORD).status_code == 302
    return auth


@pytest.fixture
def in_office(app):
    def run(fn):
        with app.app_context():
            office = db.session.scalar(select(Office).where(Office.slug == OFFICE))
            with office_scope(office.id):
                result = fn()
                db.session.commit()
            db.session.remove()
            return result

    return run


def _upload(auth: Auth, content: bytes, name: str) -> str:
    response = auth.post(
        f"/{OFFICE}/impor/{KIND}/",
        data={"file": (io.BytesIO(content), name)},
        form_page=f"/{OFFICE}/impor/{KIND}/",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _confirm(auth: Auth, location: str) -> str:
    token = location.rstrip("/").rsplit("/", 1)[-1]
    response = auth.post(f"/{OFFICE}/impor/batch/{token}/konfirmasi", form_page=location)
    return auth.client.get(response.headers["Location"]).get_data(as_text=True)


def _stored(in_office) -> list[tuple]:
    return in_office(
        lambda: [
            (r.letter_number, r.status, r.received_at, r.appointed_at, r.due_at, r.delivered_at)
            for r in db.session.scalars(select(LitmasRequest).order_by(LitmasRequest.id))
        ]
    )


def test_preview_then_confirm_keeps_the_office_clock_and_computes_deadlines(admin, in_office):
    location = _upload(admin, xlsx(good_rows()), "register-litmas.xlsx")
    page = admin.client.get(location).get_data(as_text=True)
    assert "Menunggu konfirmasi" in page and 'data-testid="count-added">3<' in page
    assert "Andi Saputra" in page
    assert _stored(in_office) == []  # nothing written before the confirmation

    page = _confirm(admin, location)
    assert 'data-state="done"' in page
    diversion, parole, assimilation = _stored(in_office)
    # 09.30 WITA on 28 March is 01.30 UTC; a child's diversion: 3x24 hours from then.
    assert diversion[1:] == (
        "terkirim",
        datetime(2026, 3, 28, 1, 30),
        datetime(2026, 3, 28, 2, 0),
        datetime(2026, 3, 31, 1, 30),
        datetime(2026, 3, 30, 6, 0),  # 14.00 WITA: in time
    )
    # Parole: 7 days from the PK's appointment (09.00 WITA on 3 February).
    assert parole[1:] == (
        "dikerjakan",
        datetime(2026, 2, 2, 0, 0),
        datetime(2026, 2, 3, 1, 0),
        datetime(2026, 2, 10, 1, 0),
        None,
    )
    assert assimilation[1:] == ("baru", datetime(2026, 3, 28, 1, 30), None, None, None)
    # Through the operations: the appointment history and the audit trail.
    assert in_office(lambda: db.session.scalars(select(RequestAssignment.pk_name)).all()) == [
        "Ni Luh Ayu",
        "Ni Luh Ayu",
    ]
    events = in_office(
        lambda: db.session.execute(
            select(AuditEvent.action, AuditEvent.object_type).where(
                AuditEvent.object_type.in_(("litmas_request", KIND))
            )
        ).all()
    )
    assert events.count(("create", "litmas_request")) == 3
    assert ("appoint", "litmas_request") in events and ("deliver", "litmas_request") in events
    assert ("import", KIND) in events

    # The same sheet again changes nothing.
    page = admin.client.get(_upload(admin, csv_bytes(good_rows()[:1]), "lagi.csv")).get_data(
        as_text=True
    )
    assert 'data-testid="count-unchanged">1<' in page and 'data-testid="count-added">0<' in page


def test_a_broken_sheet_is_refused_by_row_and_column_and_nothing_is_written(
    admin, in_office, runner, tmp_path
):
    rows = [
        row(),
        row(**{"Nomor Surat": "B/102", "Tanggal Diterima": "31/02/2026"}),
        row(**{"Nomor Surat": "B/103", "Tanggal Dikirim": "27/03/2026"}),
        row(**{"Nomor Surat": "B/104", "Tujuan Litmas": "Remisi"}),
        row(**{"Nomor Surat": "B/105", "Jam Diterima": "25.10"}),
        row(**{"Nomor Surat": "B/106", "PK": "", "Tanggal Penunjukan PK": ""}),
        row(**{"Nomor Surat": "B/107", "Kategori": "Dewasa"}),
        row(),  # the first letter again
    ]
    page = admin.client.get(_upload(admin, xlsx(rows), "rusak.xlsx")).get_data(as_text=True)
    assert "Konfirmasi impor" not in page
    for expected in (
        "<td>3</td><td>Tanggal Diterima</td><td>Tanggal &#39;31/02/2026&#39; tidak ada di "
        "kalender.</td>",
        "<td>4</td><td>Tanggal Dikirim</td><td>Laporan tidak dapat dikirim sebelum "
        "permintaannya diterima.</td>",
        "<td>5</td><td>Tujuan Litmas</td><td>&#39;Remisi&#39; tidak dikenal. Pilihan: Diversi anak",
        "<td>6</td><td>Jam Diterima</td><td>Jam &#39;25.10&#39; tidak ada.</td>",
        "<td>7</td><td>PK</td><td>PK wajib diisi bila tanggal penunjukan diisi.</td>",
        "<td>8</td><td>Kategori</td><td>Tujuan ini hanya untuk anak yang berhadapan dengan "
        "hukum.</td>",
        "<td>9</td><td>Nomor Surat</td><td>Surat B/101/III/2026/Reskrim dari instansi ini sudah "
        "ada di baris 2 berkas ini.</td>",
    ):
        assert expected in page, expected
    assert _stored(in_office) == []

    # The CLI reads the same sheet as CSV and, with --commit, writes none of it.
    path = tmp_path / "rusak.csv"
    path.write_bytes(csv_bytes(rows))
    result = runner.invoke(
        args=["import", KIND, str(path), "--office", OFFICE, "--user", "kepala.mtr", "--commit"]
    )
    assert result.exit_code == 1
    assert "baris 4, kolom Tanggal Dikirim: Laporan tidak dapat dikirim sebelum" in result.output
    assert _stored(in_office) == []


def test_every_problem_of_every_row_in_one_preview(admin, in_office):
    """Unknown values, lookups (the PK, the case file), rules across fields (dates of the
    letter, the birth, the appointment and the delivery against the day received; a
    purpose only for children) and a letter repeated in the file, in several rows: one
    preview lists them all, each by row, column and the cell as written."""
    rows = [
        row(
            **{
                "Nomor Surat": "B/201",
                "Jenis Peminta": "Dukun",
                "Tujuan Litmas": "Remisi",
                "Tanggal Diterima": "31/02/2026",
                "NIK": "123",
                "PK": "Pak Tidak Ada",
                "Cara Pengiriman": "Merpati",
            }
        ),
        row(
            **{
                "Nomor Surat": "B/202",
                "Tanggal Surat": "29/03/2026",
                "Tanggal Lahir": "30/03/2026",
                "Kategori": "Dewasa",
                "Nomor Register": "PB-TIDAK-ADA",
                "Tanggal Penunjukan PK": "27/03/2026",
                "Tanggal Dikirim": "27/03/2026",
                "Jam Dikirim": "08.00",
            }
        ),
        row(
            **{
                "Nomor Surat": "B/202",
                "PK": "",
                "Jam Dikirim": "",
            }
        ),
    ]
    page = admin.client.get(_upload(admin, xlsx(rows), "semua.xlsx")).get_data(as_text=True)
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    expected = [
        (2, "Jenis Peminta", "&#39;Dukun&#39; tidak dikenal.", "Dukun"),
        (2, "Tujuan Litmas", "&#39;Remisi&#39; tidak dikenal.", "Remisi"),
        (2, "Tanggal Diterima", "Tanggal &#39;31/02/2026&#39; tidak ada di kalender.", "31/02"),
        (2, "Cara Pengiriman", "&#39;Merpati&#39; tidak dikenal.", "Merpati"),
        (2, "NIK", "NIK harus terdiri dari tepat 16 angka.", "123"),
        (2, "PK", "PK &#39;Pak Tidak Ada&#39; tidak ditemukan di kantor ini", "Pak Tidak Ada"),
        (3, "Tanggal Surat", "Tanggal surat tidak boleh sesudah tanggal surat diterima.", "29/"),
        (3, "Tanggal Lahir", "Tanggal lahir harus sebelum tanggal diterima.", "30/03/2026"),
        (3, "Kategori", "Tujuan ini hanya untuk anak yang berhadapan dengan hukum.", "Dewasa"),
        (3, "Nomor Register", "Tidak ada berkas klien dengan nomor register ini.", "PB-TIDAK"),
        (3, "Tanggal Penunjukan PK", "PK tidak dapat ditunjuk sebelum permintaan", "27/03"),
        (3, "Tanggal Dikirim", "Laporan tidak dapat dikirim sebelum permintaannya", "27/03"),
        (4, "Nomor Surat", "Surat B/202 dari instansi ini sudah ada di baris 3", "B/202"),
        (4, "PK", "PK wajib diisi bila tanggal penunjukan diisi.", ""),
        (4, "Jam Dikirim", "Jam pengiriman wajib diisi.", ""),
    ]
    for number, column, message, value in expected:
        pattern = (
            f"<td>{number}</td><td>{re.escape(column)}</td><td>{re.escape(message)}[^<]*</td>"
            f'<td class="cell-value">(<code>)?{re.escape(value)}'
        )
        assert re.search(pattern, page), (number, column, message)
    assert f"Masalah ({len(expected)})" in page
    assert _stored(in_office) == []


def test_a_pk_leaving_between_preview_and_confirmation_stores_nothing(admin, in_office):
    location = _upload(admin, xlsx(good_rows()), "register.xlsx")

    def deactivate():
        from portal.auth.operations import set_active

        pk = db.session.scalar(select(User).where(User.username == "niluh"))
        set_active(pk, False)

    in_office(deactivate)
    page = _confirm(admin, location)
    assert "Gagal, tidak ada yang disimpan" in page
    assert "<td>2</td><td>PK</td><td>PK tersebut sudah tidak aktif.</td>" in page
    assert _stored(in_office) == []


def test_template_explains_every_column_and_its_example_imports(admin, in_office, app):
    response = admin.client.get(f"/{OFFICE}/impor/{KIND}/templat.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert [c.value for c in book["Data"][1]][:2] == ["Jenis Peminta *", "Instansi Peminta *"]
    notes = {r[0].value: r[2].value for r in book["Petunjuk"].iter_rows(min_row=2)}
    assert "zona waktu kantor" in notes["Jam Diterima"]
    assert not any("tenggat" == h.lower() for h in HEADERS)  # a deadline is never a column
    example = [c.value for c in book["Contoh"][2]]
    page = admin.client.get(_upload(admin, xlsx([example]), "contoh.xlsx")).get_data(as_text=True)
    assert 'data-testid="count-added">1<' in page, page.split("<main")[-1][:3000]


def test_times_read_the_way_registers_write_them(app):
    with app.test_request_context():
        assert read_time("9.30") == time(9, 30) and read_time("09:30:00") == time(9, 30)
        assert read_time(time(14, 5, 59)) == time(14, 5)
        assert read_time(datetime(2026, 3, 1, 7, 45)) == time(7, 45)
        assert read_time("") is None
        with pytest.raises(ValueError, match="tidak dikenali"):
            read_time("jam sembilan")


def test_a_request_delivered_on_paper_says_so_instead_of_no_report(admin, in_office):
    """An imported delivered request has no report in the portal: its page says the report
    was made outside the portal, not that there is none yet."""
    _confirm(admin, _upload(admin, xlsx(good_rows()[:1]), "terkirim.xlsx"))
    request_id = in_office(lambda: db.session.scalar(select(LitmasRequest.id)))
    page = admin.client.get(f"/{OFFICE}/litmas/permintaan/{request_id}").get_data(as_text=True)
    assert 'data-testid="paper-report"' in page and 'data-testid="delivered"' in page
    assert "Belum ada laporan." not in page
