"""Importing client case files from .xlsx and .csv: preview, confirm, all or nothing."""

from __future__ import annotations

import io
import re
import time

import pytest
from conftest import PASSWORD, Auth
from sqlalchemy import func, select
from transfer_helpers import HEADERS, broken_sheet, client_row, csv_text, xlsx, zip_bomb

from portal.audit.models import AuditEvent
from portal.clients.models import Client
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import office_scope
from portal.transfer import service
from portal.transfer.models import ImportBatch

OFFICE = "purwokerto"


@pytest.fixture
def uploads(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def admin(app, client, make_user, uploads) -> Auth:
    make_user("admin", office=OFFICE, username="admin.pwt", full_name="Admin Purwokerto")
    auth = Auth(client)
    assert auth.login("admin.pwt", OFFICE, PASSWORD).status_code == 302
    return auth


@pytest.fixture
def in_office(app):
    """Run a function inside the office's scope and return its result."""

    def run(fn, slug: str = OFFICE):
        with app.app_context():
            office = db.session.scalar(select(Office).where(Office.slug == slug))
            with office_scope(office.id):
                result = fn()
            db.session.remove()
            return result

    return run


def _clients(in_office) -> list[tuple]:
    return in_office(
        lambda: [
            tuple(r)
            for r in db.session.execute(
                select(Client.register_number, Client.name, Client.version_id).order_by(Client.id)
            )
        ]
    )


def _upload(auth: Auth, content: bytes, name: str, kind: str = "klien"):
    return auth.post(
        f"/{OFFICE}/impor/{kind}/",
        data={"file": (io.BytesIO(content), name)},
        form_page=f"/{OFFICE}/impor/{kind}/",
        content_type="multipart/form-data",
    )


def _batch_page(auth: Auth, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True).split("<main>")[-1]
    return auth.client.get(response.headers["Location"]).get_data(as_text=True)


def _token(response) -> str:
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def _confirm(auth: Auth, token: str):
    return auth.post(
        f"/{OFFICE}/impor/batch/{token}/konfirmasi", form_page=f"/{OFFICE}/impor/batch/{token}"
    )


def test_preview_writes_nothing_then_confirm_imports_all(admin, in_office, uploads):
    response = _upload(admin, xlsx([client_row(i) for i in range(1, 6)]), "klien.xlsx")
    page = _batch_page(admin, response)
    assert "Menunggu konfirmasi" in page and "Klien Uji 1" in page
    assert 'data-testid="count-added">5<' in page
    assert _clients(in_office) == []  # nothing written before the user confirms
    token = _token(response)
    assert list(uploads.glob("purwokerto/*.bin"))  # kept for the confirmation only

    page = admin.client.get(_confirm(admin, token).headers["Location"]).get_data(as_text=True)
    assert "Selesai" in page and 'data-testid="count-added">5<' in page
    assert [r[0] for r in _clients(in_office)] == [f"PB.2025.{i:05d}" for i in range(1, 6)]
    assert not list(uploads.glob("purwokerto/*.bin"))  # deleted after the import
    events = in_office(
        lambda: [
            tuple(e) for e in db.session.execute(select(AuditEvent.action, AuditEvent.object_type))
        ]
    )
    assert events.count(("create", "client")) == 5
    audited = in_office(
        lambda: sorted(
            db.session.scalars(
                select(AuditEvent.object_id).where(AuditEvent.object_type == "client")
            )
        )
    )
    assert audited == in_office(lambda: sorted(db.session.scalars(select(Client.id))))
    assert ("import", "klien") in events and ("import_preview", "klien") in events
    # Confirming twice does not import twice.
    _confirm(admin, token)
    assert len(_clients(in_office)) == 5


def test_reimport_is_idempotent_and_reports_updates(admin, in_office):
    rows = [client_row(i) for i in range(1, 4)]
    _confirm(admin, _token(_upload(admin, xlsx(rows), "a.xlsx")))
    before = _clients(in_office)
    page = _batch_page(admin, again := _upload(admin, xlsx(rows), "a.xlsx"))
    assert 'data-testid="count-added">0<' in page and 'data-testid="count-unchanged">3<' in page
    _confirm(admin, _token(again))
    assert _clients(in_office) == before  # no duplicates, no version bump

    rows[1] = client_row(2, Nama="Klien Uji Dua")
    page = _batch_page(admin, changed := _upload(admin, xlsx(rows), "a.xlsx"))
    assert 'data-testid="count-updated">1<' in page and 'data-testid="count-unchanged">2<' in page
    _confirm(admin, _token(changed))
    assert [r[1] for r in _clients(in_office)] == ["Klien Uji 1", "Klien Uji Dua", "Klien Uji 3"]


def test_row_problems_are_reported_per_row_and_column_in_indonesian(admin, in_office, make_user):
    make_user("pk", office=OFFICE, username="sari", full_name="Sari Wulandari")
    rows = [
        client_row(1, PK="Sari Wulandari"),
        client_row(2, NIK="3302011234"),
        client_row(3, **{"Akhir Bimbingan": "31/02/2024"}),
        client_row(4, PK="Pak Tidak Ada"),
        client_row(5, **{"Nomor Register": "PB.2025.00001"}),
    ]
    page = _batch_page(admin, _upload(admin, xlsx(rows), "masalah.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    assert "NIK harus terdiri dari tepat 16 angka." in page
    assert "Tanggal &#39;31/02/2024&#39; tidak ada di kalender." in page
    assert "PK &#39;Pak Tidak Ada&#39; tidak ditemukan di kantor ini" in page
    assert "Klien PB.2025.00001 sudah ada di baris 2 berkas ini." in page
    assert "<td>3</td><td>NIK</td>" in page and "<td>4</td><td>Akhir Bimbingan</td>" in page
    assert _clients(in_office) == []


def test_every_problem_of_every_row_in_one_upload(admin, in_office, make_user):
    """Unknown values, a lookup (the PK), rules across fields (date order) and numbers a
    spreadsheet made of NIK and phone: all shown by one preview, by row, column and cell."""
    make_user("pk", office=OFFICE, username="sari", full_name="Sari Wulandari")
    headers = [*HEADERS, "Telepon"]
    rows = [
        client_row(
            1,
            **{"Jenis Kelamin": "X", "Tindak Pidana": "Mencuri ayam", "PK": "Pak Tidak Ada"},
            **{"Mulai Bimbingan": "06/01/2025", "Akhir Bimbingan": "01/01/2025"},
        )
        + [81234567890],  # a phone typed as a number: its leading 0 is gone
        client_row(2, NIK=3302011505900000.0, **{"Tanggal Lahir": "31/02/1990"})
        + ["0812 3456 7890"],
    ]
    rows[1][HEADERS.index("Program")] = ""
    page = _batch_page(admin, _upload(admin, xlsx(rows, headers), "banyak-masalah.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page

    def shown(row: int, column: str, value: str) -> bool:
        cell = f'<td class="cell-value"><code>{re.escape(value)}</code></td>'
        return re.search(f"<td>{row}</td><td>{re.escape(column)}</td><td>[^<]*</td>{cell}", page)

    assert shown(2, "Jenis Kelamin", "X")
    assert "&#39;X&#39; tidak dikenal. Pilihan: Laki-laki, Perempuan." in page
    assert shown(2, "Tindak Pidana", "Mencuri ayam") and "Pilihan: Narkotika" in page
    assert shown(2, "PK", "Pak Tidak Ada") and "tidak ditemukan di kantor ini" in page
    assert shown(2, "Akhir Bimbingan", "01/01/2025")
    assert "Tanggal akhir bimbingan harus setelah tanggal mulai." in page
    assert shown(2, "Telepon", "81234567890")
    assert "angka 0 di depannya hilang. Format kolom Telepon sebagai Teks" in page
    assert shown(3, "NIK", "3302011505900000")
    assert "Excel hanya menyimpan 15 angka pertama" in page
    assert shown(3, "Tanggal Lahir", "31/02/1990") and "tidak ada di kalender" in page
    assert "<td>3</td><td>Program</td>" in page and "Program wajib dipilih." in page
    assert "Masalah (8)" in page
    assert _clients(in_office) == []


def test_numbers_a_spreadsheet_made_of_nik_and_phone_are_named():
    from portal.transfer.values import nik_reader, phone_reader

    for value in ("81234567890", 81234567890, 81234567890.0):
        with pytest.raises(ValueError, match="angka 0 di depannya hilang"):
            phone_reader()(value)
    for value in ("3,30201E+15", "3.30201E+15", 3302011505900000):
        with pytest.raises(ValueError, match="15 angka pertama"):
            nik_reader()(value)
    assert phone_reader()("'081234567890") == "081234567890"
    assert phone_reader()("+62 812 3456 7890") == "+62 812 3456 7890"
    assert nik_reader()("3302011505900001") == "3302011505900001"


def test_a_file_failing_on_its_last_row_stores_nothing(app, admin, in_office, make_user):
    pk_id = make_user("pk", office=OFFICE, username="sari", full_name="Sari Wulandari")
    rows = [client_row(i) for i in range(1, 30)] + [client_row(30, PK="Sari Wulandari")]
    response = _upload(admin, xlsx(rows), "akhir.xlsx")
    assert "Menunggu konfirmasi" in _batch_page(admin, response)

    # Between preview and confirmation the PK of the last row leaves the office.
    from portal.auth.models import User
    from portal.auth.operations import set_active

    def deactivate():
        set_active(db.session.get(User, pk_id), False)
        db.session.commit()

    in_office(deactivate)
    page = admin.client.get(_confirm(admin, _token(response)).headers["Location"]).get_data(
        as_text=True
    )
    assert "Gagal, tidak ada yang disimpan" in page
    assert "<td>31</td><td>PK</td><td>PK tersebut sudah tidak aktif.</td>" in page
    assert _clients(in_office) == []
    events = in_office(lambda: db.session.scalars(select(AuditEvent.object_type)).all())
    assert "client" not in events  # the rolled-back rows left no audit trail either


def test_cli_last_row_bad_writes_nothing_and_dry_run_is_default(runner, in_office, tmp_path):
    path = tmp_path / "klien.csv"
    rows = [client_row(i) for i in range(1, 10)] + [client_row(10, NIK="bukan-nik")]
    path.write_text(csv_text(rows), encoding="utf-8-sig")
    result = runner.invoke(args=["import", "clients", str(path), "--office", OFFICE, "--commit"])
    assert result.exit_code == 1
    assert "baris 11, kolom NIK: NIK harus terdiri dari tepat 16 angka." in result.output
    assert "NOT written" in result.output and _clients(in_office) == []

    path.write_text(csv_text(rows[:-1]), encoding="utf-8-sig")
    result = runner.invoke(args=["import", "clients", str(path), "--office", OFFICE])
    assert result.exit_code == 0 and "9 added" in result.output and "dry run" in result.output
    assert _clients(in_office) == []
    result = runner.invoke(args=["import", "clients", str(path), "--office", OFFICE, "--commit"])
    assert "9 added" in result.output and len(_clients(in_office)) == 9
    result = runner.invoke(args=["import", "clients", str(path), "--office", OFFICE, "--commit"])
    assert "0 added, 0 updated, 9 unchanged" in result.output


def test_csv_variants_headers_and_indonesian_dates(admin, in_office):
    headers = [
        "No. Reg",
        "nama lengkap",
        "NIK",
        "L/P",
        "Tgl. Lahir",
        "Perkara",
        "Jenis Program",
        "TMT Bimbingan",
        "Tanggal Akhir Bimbingan",
        "Catatan",
    ]
    rows = [
        client_row(1, **{"Tanggal Lahir": "2 Februari 1981"}),
        client_row(2, **{"Mulai Bimbingan": "6-1-25", "Program": "Asimilasi"}),
    ]
    text = "Daftar Klien Bapas Purwokerto\r\n" + csv_text(
        [r + ["catatan"] for r in rows], headers, sep=","
    )
    response = _upload(admin, text.encode("cp1252"), "klien.csv")
    page = _batch_page(admin, response)
    assert "Catatan" in page and "tidak dikenal dan diabaikan" in page
    _confirm(admin, _token(response))
    assert len(_clients(in_office)) == 2
    programs = in_office(lambda: db.session.scalars(select(Client.program)).all())
    assert sorted(programs) == ["asimilasi", "pb"]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bom.xlsx", zip_bomb(), "zip bomb"),
        ("sebenarnya.xlsx", csv_text([client_row(1)]).encode(), "bukan berkas Excel .xlsx"),
        ("program.xlsx", b"MZ\x90\x00" + b"\x00" * 2000, "bukan berkas Excel .xlsx"),
        ("program.csv", b"MZ\x90\x00" + b"\x00" * 2000, "bukan berkas teks CSV"),
        ("lama.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel lama (.xls)"),
        ("catatan.txt", b"halo", "Hanya berkas .xlsx atau .csv"),
        ("rusak.xlsx", broken_sheet(), "rusak dan tidak dapat dibaca"),
    ],
)
def test_hostile_files_are_refused_before_parsing(
    admin, in_office, uploads, name, content, message
):
    response = _upload(admin, content, name)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _clients(in_office) == [] and not list(uploads.glob("*/*.bin"))


def test_formulas_are_never_evaluated(admin, in_office):
    rows = [client_row(1, Nama='=HYPERLINK("http://jahat.example","klik")')]
    page = _batch_page(admin, _upload(admin, csv_text(rows).encode(), "rumus.csv"))
    assert "Sel berisi rumus" in page and _clients(in_office) == []

    data = xlsx([client_row(1)])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    book.active["B2"] = "=A2&A2"  # a formula saved without a computed value
    out = io.BytesIO()
    book.save(out)
    page = _batch_page(admin, _upload(admin, out.getvalue(), "rumus.xlsx"))
    assert "<td>2</td><td>Nama</td><td>Sel berisi rumus" in page


def test_too_many_rows_is_refused_before_any_row_is_checked(admin, app, monkeypatch):
    from portal.transfer.clients import ClientImporter
    from portal.transfer.reading import HEADER_ALLOWANCE

    def refuse_checks(*args):
        raise AssertionError("a row was checked")

    monkeypatch.setattr(ClientImporter, "check", refuse_checks)
    # Clearly over the limit (beyond the rows a title above the header may take): the
    # reader refuses it from its row count alone.
    rows = "\r\n".join(";".join(client_row(1)) for _ in range(100_001 + HEADER_ALLOWANCE))
    content = (";".join(HEADERS) + "\r\n" + rows).encode()
    response = _upload(admin, content, "besar.csv")  # 14 MB: checked in the background
    for thread in list(service.BACKGROUND):
        thread.join(timeout=120)
    page = admin.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-state="invalid"' in page and "lebih dari 100.000 baris" in page

    app.config["IMPORT_MAX_ROWS"] = 5  # .xlsx: refused from the sheet's declared size
    response = _upload(admin, xlsx([client_row(i) for i in range(40)]), "besar.xlsx")
    assert "lebih dari 5 baris" in response.get_data(as_text=True)


def test_upload_size_limit(admin, app):
    app.config["IMPORT_MAX_BYTES"] = 1024
    response = _upload(admin, csv_text([client_row(i) for i in range(50)]).encode(), "a.csv")
    assert "Berkas lebih besar dari" in response.get_data(as_text=True)


def test_template_example_row_imports(admin, in_office):
    from openpyxl import load_workbook

    response = admin.client.get(f"/{OFFICE}/impor/klien/templat.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Data", "Contoh", "Petunjuk", "Pilihan"]  # lists, hidden
    example = [[c.value for c in row] for row in book["Contoh"].iter_rows()]
    assert example[0][0] == "Nomor Register *"
    notes = {row[0].value: row for row in book["Petunjuk"].iter_rows(min_row=2)}
    assert "Pembebasan Bersyarat (PB); Cuti Bersyarat (CB)" in notes["Program"][3].value
    row = dict(zip(example[0], example[1], strict=True))
    assert row["Kabupaten/Kota"].startswith("Kabupaten ") and row["NIK *"].startswith("330")
    response = _upload(admin, xlsx(example[1:], example[0]), "contoh.xlsx")
    _confirm(admin, _token(response))
    assert [r[:2] for r in _clients(in_office)] == [(row["Nomor Register *"], row["Nama *"])]


def test_background_import_reports_progress(admin, app, in_office):
    app.config["IMPORT_BACKGROUND_ROWS"] = 1
    response = _upload(admin, xlsx([client_row(i) for i in range(1, 40)]), "latar.xlsx")
    token = _token(response)
    _confirm(admin, token)
    for thread in list(service.BACKGROUND):
        thread.join(timeout=60)
    status = admin.client.get(f"/{OFFICE}/impor/batch/{token}/status").get_json()
    assert status == {"state": "done", "processed": 39, "total": 39}
    assert len(_clients(in_office)) == 39
    actors = in_office(
        lambda: set(
            db.session.scalars(
                select(AuditEvent.actor_name).where(AuditEvent.object_type == "client")
            )
        )
    )
    assert actors == {"Admin Purwokerto"}


def test_a_large_upload_is_checked_in_the_background(admin, app, in_office):
    """Reading and checking a large file outlasts a request: the batch page shows the rows
    checked so far, then the preview; nothing is stored until the import is confirmed."""
    app.config["IMPORT_BACKGROUND_BYTES"] = 1
    good = xlsx([client_row(i) for i in range(1, 40)])
    response = _upload(admin, good, "besar.xlsx")
    token = _token(response)
    page = admin.client.get(f"/{OFFICE}/impor/batch/{token}").get_data(as_text=True)
    assert 'data-state="checking"' in page or 'data-state="ready"' in page
    for thread in list(service.BACKGROUND):
        thread.join(timeout=60)
    status = admin.client.get(f"/{OFFICE}/impor/batch/{token}/status").get_json()
    assert status["state"] == "ready" and status["total"] == 39
    assert _clients(in_office) == []  # checked, not stored
    page = admin.client.get(f"/{OFFICE}/impor/batch/{token}").get_data(as_text=True)
    assert 'data-testid="preview"' in page and "Klien Uji 1" in page
    _confirm(admin, token)
    for thread in list(service.BACKGROUND):
        thread.join(timeout=60)
    assert len(_clients(in_office)) == 39

    bad = xlsx([client_row(1), client_row(2, NIK="123")])
    token = _token(_upload(admin, bad, "salah.xlsx"))
    for thread in list(service.BACKGROUND):
        thread.join(timeout=60)
    page = admin.client.get(f"/{OFFICE}/impor/batch/{token}").get_data(as_text=True)
    assert 'data-state="invalid"' in page and "NIK" in page
    _confirm(admin, token)  # refused: an invalid file cannot be imported
    assert len(_clients(in_office)) == 39


def test_cancel_deletes_the_upload_and_pk_may_not_import(admin, uploads, make_user, app, in_office):
    token = _token(_upload(admin, xlsx([client_row(1)]), "a.xlsx"))
    admin.post(f"/{OFFICE}/impor/batch/{token}/batal", form_page=f"/{OFFICE}/impor/")
    assert not list(uploads.glob("*/*.bin"))
    assert _confirm(admin, token).status_code == 302 and _clients(in_office) == []
    state = in_office(lambda: db.session.scalar(select(ImportBatch.state)))
    assert state == "cancelled"

    make_user("pk", office=OFFICE, username="pk.pwt")
    pk = Auth(app.test_client())
    pk.login("pk.pwt", OFFICE)
    assert pk.client.get(f"/{OFFICE}/impor/klien/").status_code == 403
    count = in_office(lambda: db.session.scalar(select(func.count(ImportBatch.id))))
    assert count == 1


def test_an_upload_older_than_a_day_cannot_be_confirmed(admin, in_office, uploads):
    import os

    from portal.transfer.storage import purge_old_files

    response = _upload(admin, xlsx([client_row(1)]), "lama.xlsx")
    stored = next(uploads.glob("purwokerto/*.bin"))
    os.utime(stored, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    with admin.client.application.app_context():
        assert purge_old_files(OFFICE) == 1
    page = admin.client.get(_confirm(admin, _token(response)).headers["Location"])
    assert "Impor ini tidak dapat dijalankan lagi." in page.get_data(as_text=True)
    assert _clients(in_office) == []
