"""Importing Pokmas Lipas partners with their agreements from .xlsx and .csv, and
exporting them again: preview, confirm, all or nothing, re-import without duplicates."""

# ruff: noqa: F811  (pytest fixtures imported from test_imports are parameters here)

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import Auth
from sqlalchemy import select
from test_imports import OFFICE, _batch_page, _confirm, _token, admin, uploads  # noqa: F401 (fixtures)
from test_imports import _upload as upload
from transfer_helpers import libreoffice_frame, needs_libreoffice, xlsx, zip_bomb

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.partners import operations
from portal.partners.models import Partner

HEADERS = [
    "Nama Mitra",
    "Jenis Mitra",
    "Narahubung",
    "Telepon",
    "Alamat",
    "Layanan",
    "Status",
    "Catatan",
    "Nomor Perjanjian",
    "Berlaku Mulai",
    "Berlaku Sampai",
    "Layanan Perjanjian",
    "Rujukan Dokumen",
]


def csv_bytes(rows: list[list], headers: list[str] = HEADERS, sep: str = ";", enc="utf-8-sig"):
    """A CSV as a spreadsheet program saves it: cells holding the separator are quoted."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerows([headers, *rows])
    return out.getvalue().encode(enc)


def partner_row(name: str = "Rumah Makan Sumber Rejeki", **overrides) -> list:
    row = {
        "Nama Mitra": name,
        "Jenis Mitra": "Badan usaha",
        "Narahubung": "Bapak Darsono",
        "Telepon": "081327001122",
        "Alamat": "Jl. Jenderal Sudirman 120, Purwokerto",
        "Layanan": "Pelatihan, Penyaluran kerja",
        "Status": "",
        "Catatan": "",
        "Nomor Perjanjian": "",
        "Berlaku Mulai": "",
        "Berlaku Sampai": "",
        "Layanan Perjanjian": "",
        "Rujukan Dokumen": "",
    }
    row.update(overrides)
    return [row[h] for h in HEADERS]


def agreement(number: str, start, end, **more) -> dict:
    return {"Nomor Perjanjian": number, "Berlaku Mulai": start, "Berlaku Sampai": end, **more}


def good_rows() -> list[list]:
    """Three partners: one with a renewed agreement (two rows, Excel date cells in the
    old one), one LPK with an agreement, one community group without any."""
    return [
        partner_row(
            **agreement("PKS-01/2023", datetime(2023, 1, 2), datetime(2024, 12, 31)),
            **{"Layanan Perjanjian": "Pelatihan"},
        ),
        partner_row(
            **agreement("PKS-07/2025", "02/01/2025", "31/12/2026"),
            **{"Rujukan Dokumen": "Arsip Bimker 2025/07"},
        ),
        partner_row(
            "LPK Terampil Mandiri",
            **{"Jenis Mitra": "LPK", "Layanan": "pelatihan; magang", "Telepon": ""},
            **agreement("PKS-11/2025", date(2025, 3, 1), "1 Maret 2027"),
        ),
        partner_row(
            "Majelis Taklim Al-Ikhlas",
            **{"Jenis Mitra": "masjid", "Layanan": "Dukungan moral", "Narahubung": ""},
        ),
    ]


@pytest.fixture
def in_office(office_run):
    return lambda fn: office_run(OFFICE, fn)


def _stored(in_office) -> dict:
    """Every partner as (kind, phone, services, status) and its agreements."""

    def read():
        return {
            p.name: (
                p.kind,
                p.phone,
                p.services,
                p.status,
                [(a.number, a.start_date, a.end_date, a.services) for a in p.agreements],
            )
            for p in db.session.scalars(select(Partner).order_by(Partner.name))
        }

    return in_office(read)


def _audit(in_office, *actions: str) -> list[tuple]:
    """The audit events of these actions about partners, agreements and their imports."""
    return in_office(
        lambda: [
            tuple(e)
            for e in db.session.execute(
                select(AuditEvent.action, AuditEvent.object_type)
                .where(
                    AuditEvent.action.in_(actions),
                    AuditEvent.object_type.in_(("partner", "agreement", "mitra")),
                )
                .order_by(AuditEvent.id)
            )
        ]
    )


def _upload(auth: Auth, content: bytes, name: str):
    return upload(auth, content, name, "mitra")


def _confirmed(auth: Auth, token: str) -> str:
    """Confirm the import; the batch page after it."""
    return auth.client.get(_confirm(auth, token).headers["Location"]).get_data(as_text=True)


def _record_agreement(partner: Partner, number: str, start: date, end: date):
    """An agreement recorded by hand, as the form does, covering training."""
    operations.create_agreement(
        partner, number=number, start_date=start, end_date=end, services=["pelatihan"]
    )


def _counts(page: str) -> tuple[int, int, int]:
    import re

    found = {
        k: int(re.search(rf'data-testid="count-{k}">(\d+)<', page).group(1))
        for k in ("added", "updated", "unchanged")
    }
    return found["added"], found["updated"], found["unchanged"]


def test_preview_writes_nothing_then_confirm_writes_all(admin, in_office, uploads):
    response = _upload(admin, xlsx(good_rows(), HEADERS), "mitra.xlsx")
    page = _batch_page(admin, response)
    assert "Menunggu konfirmasi" in page and "LPK Terampil Mandiri" in page
    assert _counts(page) == (4, 0, 0)
    assert _stored(in_office) == {}  # nothing before the confirmation
    assert _audit(in_office, "create") == []

    page = _confirmed(admin, _token(response))
    assert "Selesai" in page and _counts(page) == (4, 0, 0)
    assert _stored(in_office) == {
        "LPK Terampil Mandiri": (
            "lpk",
            "",
            ["pelatihan", "magang"],
            "aktif",
            [("PKS-11/2025", date(2025, 3, 1), date(2027, 3, 1), ["pelatihan", "magang"])],
        ),
        "Majelis Taklim Al-Ikhlas": (
            "komunitas_keagamaan",
            "081327001122",
            ["dukungan_psikososial"],
            "aktif",
            [],
        ),
        "Rumah Makan Sumber Rejeki": (
            "badan_usaha",
            "081327001122",
            ["pelatihan", "penyaluran_kerja"],
            "aktif",
            [
                (
                    "PKS-07/2025",
                    date(2025, 1, 2),
                    date(2026, 12, 31),
                    ["pelatihan", "penyaluran_kerja"],
                ),
                ("PKS-01/2023", date(2023, 1, 2), date(2024, 12, 31), ["pelatihan"]),
            ],
        ),
    }
    events = _audit(in_office, "create", "import")
    assert events.count(("create", "partner")) == 3
    assert events.count(("create", "agreement")) == 3
    assert events[-1] == ("import", "mitra")
    assert not list(uploads.glob("purwokerto/*.bin"))


def test_reimport_matches_by_name_and_number_and_counts_rows(admin, in_office):
    rows = good_rows()
    _confirmed(admin, _token(_upload(admin, xlsx(rows, HEADERS), "mitra.xlsx")))
    before = _stored(in_office)

    again = _upload(admin, csv_bytes(rows), "mitra.csv")
    assert _counts(_batch_page(admin, again)) == (0, 0, 4)
    _confirmed(admin, _token(again))
    assert _stored(in_office) == before
    assert _audit(in_office, "update") == []

    # Names match whatever their case and punctuation; the stored spelling stays.
    rows[0][0] = rows[1][0] = "RUMAH MAKAN SUMBER REJEKI."
    rows[1][HEADERS.index("Berlaku Sampai")] = "30/06/2027"  # the agreement is extended
    rows[2][HEADERS.index("Telepon")] = "0281 635 100"  # the LPK gets a phone
    rows.append(
        partner_row(
            "LPK Terampil Mandiri",
            **{"Jenis Mitra": "LPK", "Layanan": "pelatihan; magang", "Telepon": "0281 635 100"},
            **agreement("PKS-02/2027", "02/03/2027", "01/03/2029"),
        )
    )
    changed = _upload(admin, xlsx(rows, HEADERS), "mitra.xlsx")
    assert _counts(_batch_page(admin, changed)) == (1, 2, 2)
    _confirmed(admin, _token(changed))
    after = _stored(in_office)
    assert set(after) == set(before)
    assert after["Rumah Makan Sumber Rejeki"][4][0][2] == date(2027, 6, 30)
    assert after["LPK Terampil Mandiri"][1] == "0281 635 100"
    assert [a[0] for a in after["LPK Terampil Mandiri"][4]] == ["PKS-02/2027", "PKS-11/2025"]
    assert _audit(in_office, "update") == [("update", "agreement"), ("update", "partner")]


def test_a_corrected_agreement_number_updates_the_agreement(admin, in_office):
    rows = good_rows()
    _confirmed(admin, _token(_upload(admin, xlsx(rows, HEADERS), "mitra.xlsx")))
    rows[2][HEADERS.index("Nomor Perjanjian")] = "PKS-12/2025"  # same partner, same start
    response = _upload(admin, xlsx(rows, HEADERS), "mitra.xlsx")
    assert _counts(_batch_page(admin, response)) == (0, 1, 3)
    _confirmed(admin, _token(response))
    assert [a[0] for a in _stored(in_office)["LPK Terampil Mandiri"][4]] == ["PKS-12/2025"]


def test_office_sheet_headers_and_indonesian_dates_in_csv(admin, in_office):
    headers = [
        "No.",
        "NAMA POKMAS",
        "Jenis",
        "CP",
        "No. HP",
        "Bidang Kerja Sama",
        "No. PKS",
        "Tgl. PKS",
        "Masa Berlaku",
    ]
    rows = [
        [
            "1",
            "Yayasan Bina Insan",
            "Yayasan",
            "Ibu Ratna",
            "'081200000001",
            "Bantuan hukum",
            "PKS-3/2024",
            "2 Januari 2024",
            "31-12-25",
        ],
        [
            "2",
            "Dinas Sosial Kab. Banyumas",
            "Dinas",
            "",
            "",
            "pelatihan, rumah singgah",
            "PKS-4/2024",
            "17/08/2024",
            "16 Agu 2026",
        ],
    ]
    title = "Daftar Mitra Pokmas Lipas Bapas Purwokerto\r\n".encode("cp1252")
    response = _upload(admin, title + csv_bytes(rows, headers, ",", "cp1252"), "mitra.csv")
    page = _batch_page(admin, response)
    assert "No." in page and "tidak dikenal dan diabaikan" in page
    assert _counts(page) == (2, 0, 0)
    _confirmed(admin, _token(response))
    stored = _stored(in_office)
    assert stored["Yayasan Bina Insan"][:3] == ("lsm_lbh", "081200000001", ["bantuan_hukum"])
    assert stored["Yayasan Bina Insan"][4] == [
        ("PKS-3/2024", date(2024, 1, 2), date(2025, 12, 31), ["bantuan_hukum"])
    ]
    social = stored["Dinas Sosial Kab. Banyumas"]
    assert social[0] == "instansi_pemerintah" and social[2] == ["pelatihan", "rumah_singgah"]
    assert social[4][0][1:3] == (date(2024, 8, 17), date(2026, 8, 16))


def test_row_and_column_problems_in_indonesian(admin, in_office):
    rows = [
        partner_row(**agreement("PKS-1", "01/01/2025", "31/12/2025")),
        partner_row("", **{"Jenis Mitra": "Badan usaha"}),
        partner_row("Warung Bu Tini", **{"Jenis Mitra": "Warung kopi"}),
        partner_row("Koperasi Tani", **agreement("PKS-2", "01/06/2025", "31/05/2025")),
        partner_row("Kelompok Tani Subur", **{"Jenis Mitra": "Kelompok masyarakat"}),
        partner_row("kelompok tani subur", **{"Jenis Mitra": "Kelompok masyarakat"}),
        partner_row("Bengkel Jaya", **agreement("PKS-1", "01/01/2025", "31/12/2025")),
        partner_row(**{"Telepon": "0800"}, **agreement("PKS-9", "01/01/2025", "31/12/2025")),
        partner_row("Salon Ayu", **{"Layanan": ""}),
        partner_row("Toko Roti Ani", **agreement("", "31/02/2025", "")),
    ]
    page = _batch_page(admin, _upload(admin, xlsx(rows, HEADERS), "masalah.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    expected = [
        (3, "Nama Mitra", "Nama mitra wajib diisi."),
        (4, "Jenis Mitra", "&#39;Warung kopi&#39; tidak dikenal. Pilihan: Kelompok masyarakat"),
        (5, "Berlaku Sampai", "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        (7, "Nama Mitra", "Mitra &#39;kelompok tani subur&#39; sudah ada di baris 6 berkas ini."),
        (8, "Nomor Perjanjian", "Perjanjian PKS-1 sudah ada di baris 2 berkas ini."),
        (9, "Telepon", "Data mitra &#39;Rumah Makan Sumber Rejeki&#39; berbeda dengan baris 2"),
        (10, "Layanan", "Pilih paling sedikit satu layanan."),
        (11, "Berlaku Mulai", "Tanggal &#39;31/02/2025&#39; tidak ada di kalender."),
    ]
    for row, column, message in expected:
        assert f"<td>{row}</td><td>{column}</td><td>{message}" in page, (row, message)
    assert _stored(in_office) == {}


def test_every_problem_of_a_partner_row_is_shown_at_once(admin, in_office):
    rows = [
        partner_row(
            "Warung Bu Tini",
            **{"Jenis Mitra": "", "Layanan": ""},
            **agreement("", "01/06/2025", "31/05/2025"),
        )
    ]
    page = _batch_page(admin, _upload(admin, xlsx(rows, HEADERS), "banyak.xlsx"))
    for column, message in (
        ("Jenis Mitra", "Jenis mitra wajib diisi."),
        ("Layanan", "Pilih paling sedikit satu layanan."),
        ("Nomor Perjanjian", "Nomor perjanjian wajib diisi."),
        ("Berlaku Sampai", "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ):
        assert f"<td>2</td><td>{column}</td><td>{message}" in page, column
    assert _stored(in_office) == {}


def test_an_agreement_number_of_another_partner_is_refused(admin, in_office):
    def existing():
        partner = operations.create_partner(
            name="Bengkel Jaya", kind="badan_usaha", services=["magang"]
        )
        _record_agreement(partner, "PKS-5/2024", date(2024, 1, 1), date(2025, 1, 1))

    in_office(existing)
    rows = [partner_row(**agreement("PKS-5/2024", "01/01/2024", "01/01/2025"))]
    page = _batch_page(admin, _upload(admin, xlsx(rows, HEADERS), "a.xlsx"))
    assert "Nomor perjanjian PKS-5/2024 sudah dipakai untuk mitra Bengkel Jaya." in page


def test_a_file_failing_on_its_last_row_stores_nothing(admin, in_office):
    def existing():
        operations.create_partner(
            name="LPK Terampil Mandiri", kind="lpk", services=["pelatihan"], phone="0281 1"
        )

    in_office(existing)
    before = _stored(in_office)
    rows = good_rows() + [
        partner_row(f"Mitra Uji {i}", **agreement(f"PKS-U{i}", "01/01/2025", "31/12/2025"))
        for i in range(1, 25)
    ]
    response = _upload(admin, xlsx(rows, HEADERS), "akhir.xlsx")
    assert _counts(_batch_page(admin, response)) == (28, 0, 0)

    # Between preview and confirmation a colleague records the last row's number by hand.
    def taken():
        partner = db.session.scalar(select(Partner))
        _record_agreement(partner, "PKS-U24", date(2025, 1, 1), date(2025, 12, 31))

    in_office(taken)
    before["LPK Terampil Mandiri"][4].append(
        ("PKS-U24", date(2025, 1, 1), date(2025, 12, 31), ["pelatihan"])
    )
    page = _confirmed(admin, _token(response))
    assert "Gagal, tidak ada yang disimpan" in page
    assert "<td>29</td><td>Nomor Perjanjian</td><td>Nomor perjanjian PKS-U24 sudah dipakai" in page
    assert _stored(in_office) == before  # the LPK's phone and agreements as they were
    assert _audit(in_office, "create") == [("create", "partner"), ("create", "agreement")]


def test_cli_checks_then_imports_and_refuses_a_bad_last_row(runner, in_office, tmp_path):
    path = tmp_path / "mitra.xlsx"
    rows = good_rows()
    path.write_bytes(xlsx([*rows, partner_row("Tanpa Jenis", **{"Jenis Mitra": ""})], HEADERS))
    result = runner.invoke(args=["import", "partners", str(path), "--office", OFFICE, "--commit"])
    assert result.exit_code == 1 and "NOT written" in result.output
    assert "baris 6, kolom Jenis Mitra: Jenis mitra wajib diisi." in result.output
    assert _stored(in_office) == {}

    path.write_bytes(xlsx(rows, HEADERS))
    result = runner.invoke(args=["import", "mitra", str(path), "--office", OFFICE, "--commit"])
    assert "4 rows: 4 added, 0 updated, 0 unchanged, 0 problems; written" in result.output
    result = runner.invoke(args=["import", "partners", str(path), "--office", OFFICE])
    assert "0 added, 0 updated, 4 unchanged" in result.output


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bom.xlsx", zip_bomb(), "zip bomb"),
        ("mitra.xlsx", csv_bytes([partner_row()]), "bukan berkas Excel .xlsx"),
        ("mitra.csv", b"MZ\x90\x00" + b"\x00" * 2000, "bukan berkas teks CSV"),
    ],
)
def test_hostile_files_are_refused(admin, in_office, uploads, name, content, message):
    response = _upload(admin, content, name)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _stored(in_office) == {} and not list(uploads.glob("*/*.bin"))


def test_formula_cells_are_not_evaluated(admin, in_office):
    rows = [partner_row('=HYPERLINK("http://jahat.example","klik")')]
    page = _batch_page(admin, _upload(admin, csv_bytes(rows), "rumus.csv"))
    assert "<td>2</td><td>Nama Mitra</td><td>Sel berisi rumus" in page
    assert _stored(in_office) == {}


def test_template_lists_the_columns_and_its_example_imports(admin, in_office):
    from openpyxl import load_workbook

    response = admin.client.get(f"/{OFFICE}/impor/mitra/templat.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    example = [[c.value for c in row] for row in book["Contoh"].iter_rows()]
    assert example[0][:2] == ["Nama Mitra *", "Jenis Mitra *"]
    notes = {row[0].value: row for row in book["Petunjuk"].iter_rows(min_row=2)}
    assert "LPK (lembaga pelatihan kerja)" in notes["Jenis Mitra"][3].value
    index = admin.client.get(f"/{OFFICE}/impor/").get_data(as_text=True)
    assert f'href="/{OFFICE}/impor/mitra/templat.xlsx"' in index
    assert f'href="/{OFFICE}/ekspor/mitra.xlsx?status="' in index
    _confirmed(admin, _token(_upload(admin, xlsx(example[1:], example[0]), "contoh.xlsx")))
    assert list(_stored(in_office)) == ["Rumah Makan Sumber Rejeki"]


# --- export ------------------------------------------------------------------------------


@pytest.fixture
def network(in_office):
    """An active business with two agreements, an active LPK without one, an inactive
    group whose name would start a formula."""

    def build():
        shop = operations.create_partner(
            name="Rumah Makan Sumber Rejeki",
            kind="badan_usaha",
            phone="081327001122",
            services=["pelatihan", "penyaluran_kerja"],
        )
        for number, start, end in (
            ("PKS-01/2023", date(2023, 1, 2), date(2024, 12, 31)),
            ("PKS-07/2025", date(2025, 1, 2), date(2099, 12, 31)),
        ):
            _record_agreement(shop, number, start, end)
        operations.create_partner(name="LPK Terampil Mandiri", kind="lpk", services=["magang"])
        operations.create_partner(
            name="-Kelompok Lama",
            kind="kelompok_masyarakat",
            services=["pelatihan"],
            status="nonaktif",
            note="=1+1",
        )

    in_office(build)


def test_export_matches_the_page_and_reimports_unchanged(
    app, make_user, network, in_office, runner, tmp_path
):
    make_user("pk", office=OFFICE, username="pk.pwt")
    pk = Auth(app.test_client())
    assert pk.login("pk.pwt", OFFICE).status_code == 302
    page = pk.client.get(f"/{OFFICE}/mitra/").get_data(as_text=True)
    assert "LPK Terampil Mandiri" in page and "Kelompok Lama" not in page  # active only
    assert f'href="/{OFFICE}/ekspor/mitra.xlsx?status=aktif"' in page

    frame = pd.read_excel(
        io.BytesIO(pk.client.get(f"/{OFFICE}/ekspor/mitra.xlsx?status=aktif").data),
        dtype={"Telepon": str},
        engine="calamine",
    )
    assert list(frame["Nama Mitra"]) == ["LPK Terampil Mandiri"] + ["Rumah Makan Sumber Rejeki"] * 2
    assert list(frame["Nomor Perjanjian"].fillna("")) == ["", "PKS-07/2025", "PKS-01/2023"]
    assert list(frame["Status Perjanjian"].fillna("")) == ["", "Berlaku", "Berakhir"]
    assert frame["Berlaku Mulai"][1].date() == date(2025, 1, 2)
    assert frame["Telepon"][1] == "081327001122"
    assert frame["Jenis Mitra"][0] == "LPK (lembaga pelatihan kerja)"

    everything = pk.client.get(f"/{OFFICE}/ekspor/mitra.csv?status=")
    frame = pd.read_csv(io.BytesIO(everything.data), sep=";", dtype=str, encoding="utf-8-sig")
    assert list(frame["Nama Mitra"])[0] == "'-Kelompok Lama"  # neutralised, read back as text
    assert frame["Catatan"][0] == "'=1+1" and frame["Status"][0] == "Tidak aktif"
    assert frame["Berlaku Sampai"][3] == "31/12/2024"

    exports = in_office(
        lambda: [
            e.detail
            for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
        ]
    )
    assert [(d["rows"], d["format"], d["status"]) for d in exports] == [
        (3, "xlsx", "aktif"),
        (4, "csv", ""),
    ]

    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"mitra.{fmt}"
        path.write_bytes(pk.client.get(f"/{OFFICE}/ekspor/mitra.{fmt}?status=").data)
        result = runner.invoke(args=["import", "partners", str(path), "--office", OFFICE])
        assert "4 rows: 0 added, 0 updated, 4 unchanged, 0 problems" in result.output, fmt


@needs_libreoffice
def test_libreoffice_reads_the_partner_export(app, make_user, network, tmp_path):
    make_user("pk", office=OFFICE, username="pk.pwt")
    pk = Auth(app.test_client())
    assert pk.login("pk.pwt", OFFICE).status_code == 302
    content = pk.client.get(f"/{OFFICE}/ekspor/mitra.xlsx?status=aktif").data
    frame = libreoffice_frame(content, tmp_path)
    assert list(frame["Nama Mitra"]) == ["LPK Terampil Mandiri"] + ["Rumah Makan Sumber Rejeki"] * 2
    assert list(frame["Nomor Perjanjian"].fillna("")) == ["", "PKS-07/2025", "PKS-01/2023"]
    assert frame["Berlaku Mulai"][1] == "02/01/2025"
    assert frame["Telepon"][1] == "081327001122"  # a text cell: the leading 0 is kept
