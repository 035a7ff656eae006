"""Wajib lapor reports from .xlsx and .csv, and back out: the report form's rules, row by row.

"Today" is pinned to Thursday 10 April 2025. Clients report monthly from Monday
6 January 2025: due 6 Feb, 6 Mar, 7 Apr (6 Apr is a Sunday)..., each met by a report
within seven days either side.
"""

# Fixtures imported from another test module are parameters here, which ruff reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from conftest import PASSWORD, Auth
from isolation_fixtures import _make_client
from sqlalchemy import select
from test_imports import _batch_page, _token, admin, in_office, uploads  # noqa: F401 (fixtures)
from test_imports import _upload as upload
from transfer_helpers import csv_text, libreoffice_frame, needs_libreoffice, nik_for, xlsx, zip_bomb

from portal.audit.models import AuditEvent
from portal.clients import operations as client_ops
from portal.clients.models import Client
from portal.extensions import db
from portal.reporting import operations
from portal.reporting.models import Report

OFFICE = "purwokerto"
TODAY = date(2025, 4, 10)
HEADERS = ["Nomor Register", "Nama", "Tanggal Lapor", "Cara Lapor", "Kelurahan", "PK", "Catatan"]


@pytest.fixture
def office_clients(app, make_user, monkeypatch):
    """Two adults (PKs Sari and Dewi), a juvenile of Dewi, a client ending in March, and a
    client of Tangerang holding a Purwokerto-looking register number."""
    monkeypatch.setattr(client_ops, "office_today", lambda: TODAY)
    sari = make_user("pk", office=OFFICE, username="sari", full_name="Sari Wulandari")
    dewi = make_user("pk", office=OFFICE, username="dewi", full_name="Dewi Lestari")
    people = [
        ("PB-WL-001", "Agus Salim", date(1990, 5, 15), sari, date(2025, 12, 31), "pb"),
        ("PB-WL-002", "Bambang Wijaya", date(1985, 7, 20), dewi, date(2025, 12, 31), "pb"),
        ("DV-WL-003", "Rahasia Anak", date(2011, 3, 10), dewi, date(2025, 12, 31), "diversi"),
        ("AS-WL-004", "Citra Lestari", date(1992, 1, 2), sari, date(2025, 3, 31), "asimilasi"),
    ]
    for i, (number, name, born, pk, end, program) in enumerate(people, start=1):
        _make_client(
            app,
            OFFICE,
            register_number=number,
            name=name,
            nik=nik_for(born, "L", i),
            birth_date=born,
            pk_id=pk,
            program=program,
            guidance_end=end,
        )
    _make_client(
        app, "tangerang", register_number="PB-WL-009", nik=nik_for(date(1990, 5, 15), "L", 9)
    )
    return {"sari": sari, "dewi": dewi}


def row(number: str, on, mode: str = "Di kantor", **cells) -> list:
    values = {"Nomor Register": number, "Tanggal Lapor": on, "Cara Lapor": mode, **cells}
    return [values.get(h, "") for h in HEADERS]


def _upload(auth: Auth, content: bytes, name: str):
    return upload(auth, content, name, "wajib-lapor")


def _confirm(auth: Auth, response) -> str:
    token = _token(response)
    done = auth.post(
        f"/{OFFICE}/impor/batch/{token}/konfirmasi", form_page=f"/{OFFICE}/impor/batch/{token}"
    )
    return auth.client.get(done.headers["Location"]).get_data(as_text=True)


def _reports(in_office) -> list[tuple]:
    """(register number, date, mode, kelurahan, PK username, note, met a due date)."""
    from portal.auth.models import User

    def read():
        query = (
            select(Client.register_number, Report, User.username)
            .join(Client, Client.id == Report.client_id)
            .join(User, User.id == Report.pk_id)
            .order_by(Client.register_number, Report.reported_on)
        )
        return [
            (n, r.reported_on, r.mode, r.kelurahan, pk, r.note, r.due_id is not None)
            for n, r, pk in db.session.execute(query)
        ]

    return in_office(read)


def _schedule(in_office, number: str) -> list[tuple]:
    def read():
        client = db.session.scalar(select(Client).where(Client.register_number == number))
        return [(r.due.due_on, r.status) for r in operations.client_reporting(client).rows[:3]]

    return in_office(read)


def test_xlsx_with_excel_dates_previews_nothing_then_imports_all(admin, office_clients, in_office):
    rows = [
        row("PB-WL-001", date(2025, 2, 6), Nama="Agus Salim", Catatan="Tepat waktu"),
        row("PB-WL-001", "04/03/2025", "video call"),
        row("PB-WL-001", date(2025, 1, 20), "Kunjungan Rumah"),  # between windows: extra
        row("PB-WL-002", "8 April 2025", "Konseling keliling", Kelurahan="Sokanegara", PK="sari"),
    ]
    response = _upload(admin, xlsx(rows, HEADERS), "lapor.xlsx")
    page = _batch_page(admin, response)
    assert "Menunggu konfirmasi" in page and 'data-testid="count-added">4<' in page
    assert _reports(in_office) == []  # nothing written before the user confirms

    page = _confirm(admin, response)
    assert "Selesai" in page and "Lihat wajib lapor" in page
    assert _reports(in_office) == [
        ("PB-WL-001", date(2025, 1, 20), "kunjungan_rumah", "", "sari", "", False),
        ("PB-WL-001", date(2025, 2, 6), "kantor", "", "sari", "Tepat waktu", True),
        ("PB-WL-001", date(2025, 3, 4), "video", "", "sari", "", True),
        ("PB-WL-002", date(2025, 4, 8), "keliling", "Sokanegara", "sari", "", True),
    ]
    # The schedule reads the imported reports as the client page does for the form's.
    assert _schedule(in_office, "PB-WL-001") == [
        (date(2025, 2, 6), "hadir"),
        (date(2025, 3, 6), "hadir"),
        (date(2025, 4, 7), "jatuh_tempo"),
    ]
    events = in_office(
        lambda: db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    )
    assert events.count("report") == 4 and "import" in events


def test_csv_header_variants_and_reimport_is_idempotent(admin, office_clients, in_office):
    headers = ["No. Reg", "Tgl. Lapor", "Cara", "Kelurahan/Desa", "Diterima oleh", "Ket"]
    rows = [
        ["PB-WL-001", "6-2-25", "kantor", "", "", "Datang sendiri"],
        ["PB-WL-001", "4 Maret 2025", "VC", "", "Sari Wulandari", ""],
        ["PB-WL-002", "07/04/2025", "home visit", "", "dewi", ""],
    ]
    text = "Rekap Wajib Lapor Bapas Purwokerto\r\n" + csv_text(rows, headers, sep=",")
    response = _upload(admin, text.encode("cp1252"), "rekap.csv")
    assert 'data-testid="count-added">3<' in _batch_page(admin, response)
    _confirm(admin, response)
    before = _reports(in_office)
    assert [r[2] for r in before] == ["kantor", "video", "kunjungan_rumah"]

    again = _upload(admin, text.encode("cp1252"), "rekap.csv")
    page = _batch_page(admin, again)
    assert 'data-testid="count-added">0<' in page and 'data-testid="count-unchanged">3<' in page
    _confirm(admin, again)
    assert _reports(in_office) == before  # no duplicates

    rows[1] = ["PB-WL-001", "04/03/2025", "Di kantor", "", "", "Pindah ke tatap muka"]
    changed = _upload(admin, csv_text(rows, headers, sep=",").encode(), "rekap.csv")
    page = _batch_page(admin, changed)
    assert 'data-testid="count-updated">1<' in page and 'data-testid="count-unchanged">2<' in page
    _confirm(admin, changed)
    after = _reports(in_office)
    # An empty PK keeps the report's own PK; the date (and the due date met) stays.
    assert after[1] == (
        "PB-WL-001",
        date(2025, 3, 4),
        "kantor",
        "",
        "sari",
        "Pindah ke tatap muka",
        True,
    )
    assert len(after) == 3
    updates = in_office(
        lambda: db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "report_update")
        ).all()
    )
    assert [d["changed"] for d in updates] == [["mode", "note"]]


def test_bad_rows_are_reported_per_row_and_column(admin, office_clients, in_office):
    rows = [
        row("PB-WL-404", "06/02/2025"),  # row 2: no such client
        row("PB-WL-009", "06/02/2025"),  # row 3: Tangerang's client is unknown here
        row("PB-WL-001", "11/04/2025"),  # row 4: tomorrow
        row("PB-WL-001", "02/01/2025"),  # row 5: before guidance started
        row("AS-WL-004", "02/04/2025"),  # row 6: after guidance ended
        row("PB-WL-002", "06/02/2025", "lewat pos"),  # row 7
        row("PB-WL-002", "06/03/2025", "Konseling keliling"),  # row 8: no kelurahan
        row("PB-WL-002", "07/04/2025", PK="Pak Tidak Ada"),  # row 9
        row("PB-WL-001", "06/02/2025", Nama="Orang Lain"),  # row 10
        row("PB-WL-001", "06/03/2025"),  # row 11
        row("PB-WL-001", "06/03/2025", "video"),  # row 12: repeats row 11
        row("PB-WL-001", "31/02/2025"),  # row 13
    ]
    page = _batch_page(admin, _upload(admin, xlsx(rows, HEADERS), "masalah.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    expected = [
        (
            2,
            "Nomor Register",
            "Klien dengan nomor register PB-WL-404 tidak ditemukan di kantor ini.",
        ),
        (
            3,
            "Nomor Register",
            "Klien dengan nomor register PB-WL-009 tidak ditemukan di kantor ini.",
        ),
        (4, "Tanggal Lapor", "Tanggal lapor tidak boleh di masa depan."),
        (5, "Tanggal Lapor", "Tanggal lapor tidak boleh sebelum mulai bimbingan (2025-01-06)."),
        (6, "Tanggal Lapor", "Tanggal lapor tidak boleh setelah akhir bimbingan (2025-03-31)."),
        (7, "Cara Lapor", "&#39;lewat pos&#39; tidak dikenal. Pilihan: Di kantor,"),
        (8, "Kelurahan", "Kelurahan wajib diisi untuk konseling keliling."),
        (9, "PK", "PK &#39;Pak Tidak Ada&#39; tidak ditemukan di kantor ini"),
        (
            10,
            "Nama",
            "Nama &#39;Orang Lain&#39; tidak sesuai dengan klien bernomor register PB-WL-001",
        ),
        (12, "Tanggal Lapor", "Laporan klien PB-WL-001 pada tanggal ini sudah ada di baris 11"),
        (13, "Tanggal Lapor", "Tanggal &#39;31/02/2025&#39; tidak ada di kalender."),
    ]
    for number, column, message in expected:
        assert f"<td>{number}</td><td>{column}</td><td>{message}" in page, (number, message)
    assert "<td>11</td>" not in page.split('data-testid="problems"')[1].split("</table>")[0]
    assert _reports(in_office) == []


def test_every_problem_of_a_report_row_is_shown_at_once(admin, office_clients, in_office):
    rows = [row("PB-WL-002", "11/04/2025", "Konseling keliling", PK="Pak Tidak Ada")]
    page = _batch_page(admin, _upload(admin, xlsx(rows, HEADERS), "tiga.xlsx"))
    for column, message in (
        ("PK", "PK &#39;Pak Tidak Ada&#39; tidak ditemukan di kantor ini"),
        ("Tanggal Lapor", "Tanggal lapor tidak boleh di masa depan."),
        ("Kelurahan", "Kelurahan wajib diisi untuk konseling keliling."),
    ):
        assert f"<td>2</td><td>{column}</td><td>{message}" in page, column
    assert "Masalah (3)" in page and _reports(in_office) == []


def test_a_file_failing_on_its_last_row_stores_nothing(
    admin, office_clients, in_office, app, runner, tmp_path
):
    rows = [row("PB-WL-001", f"{d:02d}/02/2025") for d in range(7, 28)]
    rows.append(row("PB-WL-002", "06/03/2025"))
    response = _upload(admin, xlsx(rows, HEADERS), "akhir.xlsx")
    assert "Menunggu konfirmasi" in _batch_page(admin, response)

    # Between preview and confirmation the last row's client is revoked on 1 March.
    def revoke():
        client = db.session.scalar(select(Client).where(Client.register_number == "PB-WL-002"))
        client_ops.change_status(
            client, "dicabut", date(2025, 3, 1), "Melakukan tindak pidana baru."
        )
        db.session.commit()

    in_office(revoke)
    page = _confirm(admin, response)
    assert "Gagal, tidak ada yang disimpan" in page
    assert "<td>23</td><td>Tanggal Lapor</td><td>Klien tidak lagi dalam bimbingan" in page
    assert _reports(in_office) == []
    events = in_office(lambda: db.session.scalars(select(AuditEvent.action)).all())
    assert "report" not in events  # the rolled-back rows left no audit trail either

    path = tmp_path / "akhir.csv"
    path.write_text(csv_text(rows, HEADERS), encoding="utf-8-sig")
    args = ["import", "wajib-lapor", str(path), "--office", OFFICE, "--commit"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "baris 23, kolom Tanggal Lapor" in result.output
    assert "NOT written" in result.output and _reports(in_office) == []
    path.write_text(csv_text(rows[:-1], HEADERS), encoding="utf-8-sig")
    assert "21 added" in runner.invoke(args=args).output
    assert "0 added, 0 updated, 21 unchanged" in runner.invoke(args=args).output
    # The first report in each window met its due date (6 March's window opens on 27 Feb);
    # the rest are extra contacts.
    met = [r[1] for r in _reports(in_office) if r[-1]]
    assert met == [date(2025, 2, 7), date(2025, 2, 27)]


def test_juvenile_files_are_unknown_to_whoever_may_not_see_them(
    office_clients, in_office, runner, tmp_path
):
    path = tmp_path / "anak.csv"
    path.write_text(csv_text([row("DV-WL-003", "06/02/2025")], HEADERS), encoding="utf-8-sig")
    base = ["import", "wajib-lapor", str(path), "--office", OFFICE]
    result = runner.invoke(args=[*base, "--user", "sari"])
    assert "Klien dengan nomor register DV-WL-003 tidak ditemukan di kantor ini." in result.output
    assert "1 added" in runner.invoke(args=[*base, "--user", "dewi"]).output


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bom.xlsx", zip_bomb(), "zip bomb"),
        (
            "lapor.xlsx",
            csv_text([row("PB-WL-001", "06/02/2025")], HEADERS).encode(),
            "bukan berkas Excel",
        ),
        ("lapor.csv", b"MZ\x90\x00" + b"\x00" * 2000, "bukan berkas teks CSV"),
    ],
)
def test_hostile_files_are_refused(
    admin, office_clients, in_office, uploads, name, content, message
):
    response = _upload(admin, content, name)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _reports(in_office) == [] and not list(uploads.glob("*/*.bin"))


def test_template_explains_the_modes(admin):
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(admin.client.get(f"/{OFFICE}/impor/wajib-lapor/templat.xlsx").data)
    )
    assert [c.value for c in book["Data"][1]][:4] == [
        "Nomor Register *",
        "Nama",
        "Tanggal Lapor *",
        "Cara Lapor *",
    ]
    notes = {r[0].value: r for r in book["Petunjuk"].iter_rows(min_row=2)}
    assert "Konseling keliling" in notes["Cara Lapor"][3].value
    index = admin.client.get(f"/{OFFICE}/impor/").get_data(as_text=True)
    assert "Laporan wajib lapor" in index and f"/{OFFICE}/impor/wajib-lapor/" in index


# --- export ----------------------------------------------------------------------------


@pytest.fixture
def reported(office_clients, in_office):
    """Reports of all three clients, recorded through the form's operation."""

    def record():
        by_number = {c.register_number: c for c in db.session.scalars(select(Client))}
        for number, on, mode, kelurahan, note in [
            ("PB-WL-001", date(2025, 2, 6), "kantor", "", "=1+1"),
            ("PB-WL-001", date(2025, 3, 5), "keliling", "Sokanegara", ""),
            ("PB-WL-002", date(2025, 2, 7), "video", "", ""),
            ("DV-WL-003", date(2025, 2, 6), "kantor", "", "Didampingi orang tua"),
        ]:
            client = by_number[number]
            operations.record_report(
                client, on=on, mode=mode, pk_id=client.pk_id, kelurahan=kelurahan, note=note
            )
        db.session.commit()

    in_office(record)
    return office_clients


def _login(app, username: str) -> Auth:
    auth = Auth(app.test_client())
    assert auth.login(username, OFFICE, PASSWORD).status_code == 302
    return auth


def test_export_follows_the_page_filter_and_reimports_unchanged(
    app, admin, reported, in_office, runner, tmp_path
):
    sari = reported["sari"]
    page = admin.client.get(f"/{OFFICE}/wajib-lapor/?pk={sari}").get_data(as_text=True)
    assert f'<input type="hidden" name="pk" value="{sari}">' in page
    assert f'action="/{OFFICE}/ekspor/wajib-lapor.xlsx"' in page

    data = admin.client.get(f"/{OFFICE}/ekspor/wajib-lapor.xlsx?pk={sari}&dari=2025-02-01").data
    frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="calamine")
    assert list(frame.columns) == [*HEADERS, "Jadwal yang Dipenuhi"]
    assert list(frame["Nomor Register"]) == ["PB-WL-001", "PB-WL-001"]  # Sari's client only
    assert list(frame["Tanggal Lapor"].str[:10]) == ["2025-02-06", "2025-03-05"]
    assert list(frame["Cara Lapor"]) == ["Di kantor", "Konseling keliling"]
    assert list(frame["PK"]) == ["Sari Wulandari"] * 2
    assert frame["Catatan"][0] == "'=1+1"  # neutralised, restored on re-import

    csv = admin.client.get(f"/{OFFICE}/ekspor/wajib-lapor.csv?pk=all&sampai=2025-02-28")
    frame = pd.read_csv(io.BytesIO(csv.data), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(frame["Nomor Register"]) == ["DV-WL-003", "PB-WL-001", "PB-WL-002"]
    assert list(frame["Tanggal Lapor"]) == ["06/02/2025", "06/02/2025", "07/02/2025"]
    assert list(frame["Jadwal yang Dipenuhi"]) == ["06/02/2025", "06/02/2025", "06/02/2025"]

    exports = in_office(
        lambda: db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "export")
        ).all()
    )
    assert [(d["rows"], d["format"]) for d in exports] == [(2, "xlsx"), (3, "csv")]
    assert exports[0]["filters"] == {"pk_id": str(sari), "start": "2025-02-01"}

    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"ekspor.{fmt}"
        path.write_bytes(admin.client.get(f"/{OFFICE}/ekspor/wajib-lapor.{fmt}").data)
        result = runner.invoke(args=["import", "wajib-lapor", str(path), "--office", OFFICE])
        assert "4 rows: 0 added, 0 updated, 4 unchanged, 0 problems" in result.output


def test_export_leaves_out_juvenile_files_the_user_may_not_see(app, make_user, reported):
    make_user("staff", office=OFFICE, username="staf", full_name="Staf Bimker")
    for username, sees in [("staf", False), ("sari", False), ("dewi", True)]:
        body = _login(app, username).client.get(f"/{OFFICE}/ekspor/wajib-lapor.csv?pk=all")
        text = body.get_data(as_text=True)
        assert "Agus Salim" in text
        assert ("Rahasia Anak" in text) is sees and ("DV-WL-003" in text) is sees, username


@needs_libreoffice
def test_libreoffice_reads_the_report_export(admin, reported, tmp_path):
    sari = reported["sari"]
    data = admin.client.get(f"/{OFFICE}/ekspor/wajib-lapor.xlsx?pk={sari}&dari=2025-02-01").data
    frame = libreoffice_frame(data, tmp_path)
    assert list(frame["Nomor Register"]) == ["PB-WL-001", "PB-WL-001"]
    assert list(frame["Tanggal Lapor"]) == ["06/02/2025", "05/03/2025"]
    assert list(frame["Cara Lapor"]) == ["Di kantor", "Konseling keliling"]
    assert frame["Catatan"][0] == "'=1+1"
