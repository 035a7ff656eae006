"""Importing trainings (sessions, participants, headcounts) and their follow-ups from
.xlsx and .csv: preview, confirm, re-import, problems by row and column, all or nothing."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from training_factories import OFFICE
from transfer_helpers import csv_text, xlsx, zip_bomb

from portal.audit.models import AuditEvent
from portal.clients.models import Client
from portal.clients.operations import change_status
from portal.extensions import db
from portal.partners.operations import create_partner
from portal.trainings import operations
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

HEADERS = [
    "Judul Pelatihan",
    "Bidang Keterampilan",
    "Penyelenggara",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Tempat",
    "Anggaran",
    "Jumlah Peserta",
    "Nomor Register",
    "Nama Klien",
    "Hadir",
    "Lulus",
    "Sertifikat",
    "Uang Transport",
]
FOLLOW_HEADERS = [
    "Nomor Register",
    "Judul Pelatihan",
    "Tanggal Mulai Sesi",
    "Tahap (Bulan)",
    "Tanggal Tindak Lanjut",
    "Menerapkan Keterampilan",
    "Status Pekerjaan",
    "Sektor",
    "Penghasilan",
]
BARISTA = "Barista Dasar"
RIAS = "Tata Rias Pengantin"


def row(**cells) -> list:
    base = {
        "Judul Pelatihan": BARISTA,
        "Bidang Keterampilan": "Barista",
        "Penyelenggara": "Kedai Kopi Nusantara",
        "Tanggal Mulai": "10/03/2025",
        "Tanggal Selesai": "12/03/2025",
        "Tempat": "Lokasi mitra",
        "Anggaran": "2.500.000",
        "Jumlah Peserta": "",
        "Nomor Register": "",
        "Nama Klien": "",
        "Hadir": "Ya",
        "Lulus": "Ya",
        "Sertifikat": "Tidak",
        "Uang Transport": "50000",
    }
    base.update(cells)
    return [base[h] for h in HEADERS]


def follow_row(**cells) -> list:
    base = {
        "Nomor Register": "PB-UJI-001",
        "Judul Pelatihan": BARISTA,
        "Tanggal Mulai Sesi": "10/03/2025",
        "Tahap (Bulan)": "3",
        "Tanggal Tindak Lanjut": "12/06/2025",
        "Menerapkan Keterampilan": "Ya",
        "Status Pekerjaan": "Bekerja",
        "Sektor": "Kuliner / rumah makan",
        "Penghasilan": "Rp1–2 juta per bulan",
    }
    base.update(cells)
    return [base[h] for h in FOLLOW_HEADERS]


@pytest.fixture
def uploads(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def office(add_client, office_run, uploads):
    """Three adult clients (PB-UJI-001..003), a partner, and one of another office."""
    for name in ("Siti Aminah", "Joko Susilo", "Rina Marlina"):
        add_client(name)
    office_run(
        OFFICE,
        lambda: create_partner(
            name="Kedai Kopi Nusantara", kind="badan_usaha", services=["pelatihan"]
        ),
    )
    office_run(
        "tangerang",
        lambda: create_partner(name="Salon Tetangga", kind="badan_usaha", services=["pelatihan"]),
    )


@pytest.fixture
def admin(sign_in, auth, office):
    sign_in("admin", "admin.pwt")
    return auth


def good_rows() -> list[list]:
    return [
        row(**{"Nomor Register": "PB-UJI-001", "Nama Klien": "Siti Aminah"}),
        row(**{"Nomor Register": "PB-UJI-002", "Hadir": "Tidak", "Lulus": "", "Sertifikat": ""}),
        # A headcount-only session of the same training: register number empty.
        row(**{"Tanggal Mulai": "05/05/2025", "Tanggal Selesai": "", "Jumlah Peserta": "12"}),
        row(
            **{
                "Judul Pelatihan": RIAS,
                "Bidang Keterampilan": "Tata rias",
                "Penyelenggara": "Kantor sendiri",
                "Tempat": "Aula kantor",
                "Tanggal Mulai": "2025-04-07",
                "Tanggal Selesai": "",
                "Anggaran": "",
                "Nomor Register": "PB-UJI-003",
                "Sertifikat": "Ya",
            }
        ),
    ]


def upload(auth, kind: str, content: bytes, name: str):
    return auth.post(
        f"/{OFFICE}/impor/{kind}/",
        data={"file": (io.BytesIO(content), name)},
        form_page=f"/{OFFICE}/impor/{kind}/",
        content_type="multipart/form-data",
    )


def batch_page(auth, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True).split("<main>")[-1]
    return auth.client.get(response.headers["Location"]).get_data(as_text=True)


def confirm(auth, response) -> str:
    token = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = auth.post(
        f"/{OFFICE}/impor/batch/{token}/konfirmasi", form_page=f"/{OFFICE}/impor/batch/{token}"
    )
    return auth.client.get(done.headers["Location"]).get_data(as_text=True)


def counts(page: str) -> tuple[int, int, int]:
    def one(name):
        marker = f'data-testid="count-{name}">'
        return int(page.split(marker, 1)[1].split("<", 1)[0])

    return one("added"), one("updated"), one("unchanged")


@pytest.fixture
def stored(office_run):
    """What the office holds: trainings, sessions, participants and follow-ups, as tuples."""

    def read():
        def run():
            sessions = db.session.scalars(
                select(TrainingSession).order_by(TrainingSession.start_date)
            )
            participants = db.session.execute(
                select(
                    Client.register_number,
                    TrainingSession.start_date,
                    Participant.attended,
                    Participant.completed,
                    Participant.certificate,
                    Participant.transport_money,
                )
                .join(Participant.client)
                .join(Participant.session)
                .order_by(Client.register_number, TrainingSession.start_date)
            )
            return {
                "trainings": sorted(
                    (t.title, t.skill_field, t.partner_id is not None)
                    for t in db.session.scalars(select(Training))
                ),
                "sessions": [
                    (
                        s.training.title,
                        s.start_date,
                        s.end_date,
                        s.venue_kind,
                        s.budget,
                        s.headcount,
                    )
                    for s in sessions
                ],
                "participants": [tuple(p) for p in participants],
                "follow_ups": db.session.scalar(select(func.count(FollowUp.id))),
            }

        return office_run(OFFICE, run)

    return read


def test_preview_writes_nothing_then_confirm_imports_every_session(admin, stored):
    empty = stored()
    response = upload(admin, "pelatihan", xlsx(good_rows(), HEADERS), "pelatihan.xlsx")
    page = batch_page(admin, response)
    assert "Menunggu konfirmasi" in page and counts(page) == (4, 0, 0)
    assert stored() == empty  # nothing written before the confirmation

    page = confirm(admin, response)
    assert "Selesai" in page and counts(page) == (4, 0, 0)
    assert "Lihat daftar pelatihan" in page
    now = stored()
    assert now["trainings"] == [(BARISTA, "barista", True), (RIAS, "tata_rias", False)]
    assert now["sessions"] == [
        (BARISTA, date(2025, 3, 10), date(2025, 3, 12), "lokasi_mitra", 2_500_000, None),
        (RIAS, date(2025, 4, 7), date(2025, 4, 7), "aula_kantor", None, None),  # no budget
        (BARISTA, date(2025, 5, 5), date(2025, 5, 5), "lokasi_mitra", 2_500_000, 12),
    ]
    assert now["participants"] == [
        ("PB-UJI-001", date(2025, 3, 10), True, True, False, 50_000),
        ("PB-UJI-002", date(2025, 3, 10), False, False, False, 50_000),
        ("PB-UJI-003", date(2025, 4, 7), True, True, True, 50_000),
    ]


def test_reimport_is_idempotent_and_counts_what_changed(admin, stored, office_run):
    content = csv_text(good_rows(), HEADERS).encode("utf-8-sig")
    confirm(admin, upload(admin, "pelatihan", content, "pelatihan.csv"))
    before = stored()
    events = office_run(OFFICE, lambda: db.session.scalar(select(func.count(AuditEvent.id))))

    again = upload(admin, "pelatihan", content, "pelatihan.csv")
    assert counts(batch_page(admin, again)) == (0, 0, 4)
    confirm(admin, again)
    assert stored() == before
    assert (
        office_run(
            OFFICE,
            lambda: db.session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.object_type.like("training%"), AuditEvent.id > events
                )
            ),
        )
        == 0
    )

    rows = good_rows()
    rows[0] = row(**{"Nomor Register": "PB-UJI-001", "Uang Transport": "75.000"})
    rows[2] = row(**{"Tanggal Mulai": "05/05/2025", "Tanggal Selesai": "", "Jumlah Peserta": "15"})
    rows.append(row(**{"Nomor Register": "PB-UJI-003"}))  # a new participant
    changed = upload(admin, "pelatihan", xlsx(rows, HEADERS), "pelatihan.xlsx")
    assert counts(batch_page(admin, changed)) == (1, 2, 2)
    confirm(admin, changed)
    after = stored()
    assert after["sessions"][2][-1] == 15
    assert ("PB-UJI-001", date(2025, 3, 10), True, True, False, 75_000) in after["participants"]
    assert ("PB-UJI-003", date(2025, 3, 10), True, True, False, 50_000) in after["participants"]
    assert len(after["trainings"]) == 2 and len(after["sessions"]) == 3


def test_row_problems_are_reported_in_indonesian_and_nothing_is_stored(admin, stored, add_client):
    add_client("Dewi Lestari", guidance_end=date.today() + timedelta(days=900))
    soon = (date.today() + timedelta(days=10)).strftime("%d/%m/%Y")
    empty = stored()
    rows = [
        row(**{"Nomor Register": "PB-UJI-001"}),
        row(**{"Nomor Register": "PB-TIDAK-ADA"}),
        row(**{"Nomor Register": "PB-UJI-002", "Anggaran": "3000000"}),
        row(**{"Judul Pelatihan": "Salon", "Penyelenggara": "Salon Tetangga"}),
        row(**{"Nomor Register": "PB-UJI-002", "Hadir": "Tidak", "Lulus": "Ya"}),
        row(**{"Nomor Register": "PB-UJI-003", "Nama Klien": "Orang Lain"}),
        row(**{"Nomor Register": "PB-UJI-001"}),
        row(
            **{
                "Tanggal Mulai": "01/06/2025",
                "Tanggal Selesai": "",
                "Jumlah Peserta": "9",
                "Nomor Register": "PB-UJI-001",
            }
        ),
        row(**{"Tanggal Mulai": "02/06/2025", "Tempat": "Griya", "Hadir": "mungkin"}),
        row(**{"Tanggal Mulai": "01/01/2023", "Nomor Register": "PB-UJI-003"}),
        row(**{"Tanggal Mulai": soon, "Tanggal Selesai": "", "Nomor Register": "PB-UJI-004"}),
    ]
    page = batch_page(admin, upload(admin, "pelatihan", xlsx(rows, HEADERS), "masalah.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    expected = [
        (
            3,
            "Nomor Register",
            "Klien dengan nomor register PB-TIDAK-ADA tidak ditemukan di kantor ini.",
        ),
        (4, "Anggaran", "Berbeda dengan baris 2 untuk sesi yang sama"),
        (5, "Penyelenggara", "Mitra &#39;Salon Tetangga&#39; tidak ditemukan di kantor ini."),
        (6, "Lulus", "Peserta yang tidak hadir tidak dapat dinyatakan lulus."),
        (7, "Nama Klien", "Nama &#39;Orang Lain&#39; tidak sesuai dengan klien bernomor register"),
        (8, "Nomor Register", "Klien PB-UJI-001 sudah ada di baris 2 untuk sesi yang sama."),
        (9, "Nomor Register", "Sesi ini dicatat hanya dengan jumlah peserta (9 orang)"),
        (10, "Hadir", "&#39;mungkin&#39; bukan Ya atau Tidak."),
        (
            11,
            "Nomor Register",
            "Klien Rina Marlina tidak dalam masa bimbingan pada tanggal sesi (1 Jan 2023).",
        ),
        (12, "Hadir", "Kehadiran baru dapat dicatat setelah sesi dimulai."),
    ]
    for number, column, message in expected:
        assert f"<td>{number}</td><td>{column}</td><td>{message}" in page, (number, message)
    assert stored() == empty


def test_every_problem_of_every_row_in_one_preview(admin, stored):
    """Unknown values, lookups (partner, Griya, client), rules across fields (date order,
    attendance before completion, a headcount session given a name) and repeats inside
    the file, in the training's, the session's and the participant's columns of several
    rows: one preview lists them all, each by row, column and the cell as written."""
    headers = [*HEADERS, "Griya Abhipraya"]
    empty = stored()
    rows = [
        # Row 2: an unknown skill and partner, an unknown client, a rule of attendance.
        row(
            **{
                "Judul Pelatihan": "Memasak Dasar",
                "Bidang Keterampilan": "Masak bebas",
                "Penyelenggara": "Mitra Hantu",
                "Nomor Register": "PB-TIDAK-ADA",
                "Hadir": "Tidak",
                "Lulus": "Ya",
            }
        )
        + [""],
        # Row 3: dates in the wrong order, a negative budget, a Griya nobody has, a name
        # that is not the client's, a certificate without completion, negative money.
        row(
            **{
                "Judul Pelatihan": "Menjahit Dasar",
                "Bidang Keterampilan": "Menjahit",
                "Penyelenggara": "Kantor sendiri",
                "Tanggal Mulai": "12/03/2025",
                "Tanggal Selesai": "10/03/2025",
                "Tempat": "Griya Abhipraya",
                "Anggaran": "-5",
                "Nomor Register": "PB-UJI-001",
                "Nama Klien": "Orang Lain",
                "Lulus": "Tidak",
                "Sertifikat": "Ya",
                "Uang Transport": "-1",
            }
        )
        + ["Griya Hantu"],
        # Rows 4 and 5: one session; row 5 repeats its participant and differs in budget,
        # and its attendance cell cannot be read.
        row(**{"Nomor Register": "PB-UJI-002"}) + [""],
        row(
            **{
                "Nomor Register": "PB-UJI-002",
                "Anggaran": "3000000",
                **{"Hadir": "mungkin", "Lulus": "", "Sertifikat": ""},
            }
        )
        + [""],
        # Row 6: a session recorded by headcount given a named client not under guidance.
        row(
            **{
                "Tanggal Mulai": "01/01/2023",
                "Tanggal Selesai": "",
                "Jumlah Peserta": "9",
                "Nomor Register": "PB-UJI-003",
            }
        )
        + [""],
    ]
    page = batch_page(admin, upload(admin, "pelatihan", xlsx(rows, headers), "semua.xlsx"))
    assert "Ada masalah" in page and "Konfirmasi impor" not in page
    expected = [
        (2, "Bidang Keterampilan", "&#39;Masak bebas&#39; tidak dikenal.", "Masak bebas"),
        (2, "Penyelenggara", "Mitra &#39;Mitra Hantu&#39; tidak ditemukan", "Mitra Hantu"),
        (2, "Nomor Register", "Klien dengan nomor register PB-TIDAK-ADA tidak", "PB-TIDAK-ADA"),
        (2, "Lulus", "Peserta yang tidak hadir tidak dapat dinyatakan lulus.", "Ya"),
        (3, "Tanggal Selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.", "10/03/2025"),
        (3, "Anggaran", "Anggaran tidak boleh negatif.", "-5"),
        (3, "Griya Abhipraya", "Griya Abhipraya &#39;Griya Hantu&#39; tidak ditemukan", "Griya"),
        (3, "Nama Klien", "Nama &#39;Orang Lain&#39; tidak sesuai dengan klien", "Orang Lain"),
        (3, "Sertifikat", "Sertifikat hanya untuk peserta yang menyelesaikan", "Ya"),
        (3, "Uang Transport", "Uang transport tidak boleh negatif.", "-1"),
        (5, "Anggaran", "Berbeda dengan baris 4 untuk sesi yang sama", "3000000"),
        (5, "Hadir", "&#39;mungkin&#39; bukan Ya atau Tidak.", "mungkin"),
        (5, "Nomor Register", "Klien PB-UJI-002 sudah ada di baris 4 untuk sesi", "PB-UJI-002"),
        (6, "Nomor Register", "Sesi ini dicatat hanya dengan jumlah peserta (9 orang)", "PB-UJI"),
        (6, "Nomor Register", "Klien Rina Marlina tidak dalam masa bimbingan", "PB-UJI-003"),
    ]
    for number, column, message, value in expected:
        pattern = (
            f"<td>{number}</td><td>{re.escape(column)}</td><td>{re.escape(message)}[^<]*</td>"
            f'<td class="cell-value"><code>{re.escape(value)}'
        )
        assert re.search(pattern, page), (number, column, message)
    # Each problem once: the Griya not found is not said a second time by the session's
    # rule, nor the unknown partner by the training's.
    assert page.count("Pilih Griya Abhipraya tempat sesi diadakan.") == 0
    assert f"Masalah ({len(expected)})" in page
    assert stored() == empty


def test_a_file_failing_on_its_last_row_stores_nothing(admin, stored, office_run):
    rows = good_rows() + [row(**{"Judul Pelatihan": "Kopi Lanjut", "Nomor Register": "PB-UJI-003"})]
    response = upload(admin, "pelatihan", xlsx(rows, HEADERS), "akhir.xlsx")
    assert "Menunggu konfirmasi" in batch_page(admin, response)
    empty = stored()

    def end_guidance():  # between preview and confirmation, the last client's guidance ends
        client = db.session.scalar(select(Client).where(Client.register_number == "PB-UJI-003"))
        change_status(client, "selesai", date(2025, 1, 2), "Bimbingan selesai lebih awal.")

    office_run(OFFICE, end_guidance)
    page = confirm(admin, response)
    assert "Gagal, tidak ada yang disimpan" in page
    assert (
        "<td>6</td><td>Nomor Register</td><td>Klien Rina Marlina tidak dalam masa bimbingan" in page
    )
    assert stored() == empty
    kinds = office_run(OFFICE, lambda: db.session.scalars(select(AuditEvent.object_type)).all())
    assert "training" not in kinds and "training_participant" not in kinds


def test_cli_needs_an_account_and_writes_all_or_nothing(
    runner, office, make_user, tmp_path, stored
):
    make_user("admin", office=OFFICE, username="admin.cli")
    path = tmp_path / "pelatihan.csv"
    bad = good_rows() + [row(**{"Nomor Register": "PB-UJI-404"})]
    path.write_text(csv_text(bad, HEADERS), encoding="utf-8-sig")
    args = ["import", "pelatihan", str(path), "--office", OFFICE]
    result = runner.invoke(args=[*args, "--commit"])
    assert result.exit_code != 0 and "memerlukan akun" in result.output
    result = runner.invoke(args=[*args, "--user", "admin.cli", "--commit"])
    assert result.exit_code == 1 and "NOT written" in result.output
    assert "baris 6, kolom Nomor Register: Klien dengan nomor register PB-UJI-404" in result.output
    assert stored()["trainings"] == []

    path.write_text(csv_text(good_rows(), HEADERS), encoding="utf-8-sig")
    result = runner.invoke(args=[*args, "--user", "admin.cli", "--commit"])
    assert "4 rows: 4 added, 0 updated, 0 unchanged, 0 problems; written" in result.output
    result = runner.invoke(args=[*args, "--user", "admin.cli", "--commit"])
    assert "4 rows: 0 added, 0 updated, 4 unchanged" in result.output


def test_juvenile_clients_are_not_found_for_staff(runner, office, add_client, make_user, tmp_path):
    pk_id = make_user("pk", office=OFFICE, username="pk.anak")
    add_client("Anak Rahasia", birth_date=date(2010, 5, 15), program="diversi", pk_id=pk_id)
    make_user("staff", office=OFFICE, username="staf.bimker")
    path = tmp_path / "pelatihan.csv"
    path.write_text(csv_text([row(**{"Nomor Register": "PB-UJI-004"})], HEADERS))
    args = ["import", "pelatihan", str(path), "--office", OFFICE, "--user"]
    result = runner.invoke(args=[*args, "staf.bimker"])
    assert "Klien dengan nomor register PB-UJI-004 tidak ditemukan di kantor ini." in result.output
    assert "Anak Rahasia" not in result.output
    assert "1 rows: 1 added" in runner.invoke(args=[*args, "pk.anak"]).output


def test_hostile_file_and_missing_columns_are_refused(admin, stored, uploads):
    response = upload(admin, "pelatihan", zip_bomb(), "bom.xlsx")
    assert response.status_code == 200 and "zip bomb" in response.get_data(as_text=True)
    assert not list(uploads.glob("*/*.bin"))
    headers = [h for h in HEADERS if h != "Bidang Keterampilan"]
    page = batch_page(
        admin, upload(admin, "pelatihan", xlsx([row()[:1] + row()[2:]], headers), "kurang.xlsx")
    )
    assert "Kolom wajib &#39;Bidang Keterampilan&#39; tidak ditemukan di baris judul." in page
    assert stored()["trainings"] == []


def test_template_example_row_imports(admin, add_client, stored):
    from openpyxl import load_workbook

    add_client("Budi Santoso", register_number="PB.2025.0142")
    response = admin.client.get(f"/{OFFICE}/impor/pelatihan/templat.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    example = [[c.value for c in r] for r in book["Contoh"].iter_rows()]
    assert example[0][0] == "Judul Pelatihan *"
    page = confirm(admin, upload(admin, "pelatihan", xlsx(example[1:], example[0]), "c.xlsx"))
    assert "Selesai" in page
    assert stored()["participants"][0][0] == "PB.2025.0142"
    index = admin.client.get(f"/{OFFICE}/impor/").get_data(as_text=True)
    assert "/purwokerto/impor/pelatihan/templat.xlsx" in index
    assert "/purwokerto/impor/tindak-lanjut/" in index


# --- follow-ups -------------------------------------------------------------------------


@pytest.fixture
def trained(admin, stored):
    """The good training file imported: PB-UJI-001 attended, PB-UJI-002 did not."""
    confirm(admin, upload(admin, "pelatihan", xlsx(good_rows(), HEADERS), "p.xlsx"))
    return admin


def follow_ups(office_run) -> list[tuple]:
    return office_run(
        OFFICE,
        lambda: [
            tuple(r)
            for r in db.session.execute(
                select(
                    FollowUp.stage,
                    FollowUp.followed_on,
                    FollowUp.applying_skill,
                    FollowUp.work_status,
                    FollowUp.sector,
                    FollowUp.income_band,
                    FollowUp.recorded_by,
                ).order_by(FollowUp.stage)
            )
        ],
    )


def test_follow_ups_import_preview_confirm_and_reimport(trained, office_run):
    rows = [
        follow_row(),
        follow_row(
            **{
                "Tahap (Bulan)": "6 bulan",
                "Tanggal Tindak Lanjut": "15 September 2025",
                "Menerapkan Keterampilan": "Tidak",
                "Status Pekerjaan": "Tidak bekerja",
                "Sektor": "",
                "Penghasilan": "",
            }
        ),
    ]
    response = upload(trained, "tindak-lanjut", xlsx(rows, FOLLOW_HEADERS), "tl.xlsx")
    assert counts(batch_page(trained, response)) == (2, 0, 0)
    assert follow_ups(office_run) == []
    assert counts(confirm(trained, response)) == (2, 0, 0)
    name = "Uji admin.pwt"
    assert follow_ups(office_run) == [
        (3, date(2025, 6, 12), True, "bekerja", "kuliner", "1to2", name),
        (6, date(2025, 9, 15), False, "tidak_bekerja", None, None, name),
    ]

    content = csv_text(rows, FOLLOW_HEADERS).encode("utf-8-sig")
    again = upload(trained, "tindak-lanjut", content, "tl.csv")
    assert counts(batch_page(trained, again)) == (0, 0, 2)
    rows[1] = follow_row(
        **{
            "Tahap (Bulan)": "6",
            "Tanggal Tindak Lanjut": "15/09/2025",
            "Status Pekerjaan": "Wirausaha",
            "Sektor": "Kuliner / rumah makan",
        }
    )
    changed = upload(trained, "tindak-lanjut", xlsx(rows, FOLLOW_HEADERS), "tl2.xlsx")
    assert counts(batch_page(trained, changed)) == (0, 1, 1)
    confirm(trained, changed)
    assert follow_ups(office_run)[1][2:5] == (True, "wirausaha", "kuliner")


def test_every_problem_of_a_follow_up_row_is_shown_at_once(trained):
    row = follow_row(
        **{"Tanggal Tindak Lanjut": "01/03/2025", "Menerapkan Keterampilan": "Mungkin"},
        **{"Sektor": "", "Penghasilan": "banyak"},
    )
    page = batch_page(
        trained, upload(trained, "tindak-lanjut", xlsx([row], FOLLOW_HEADERS), "x.xlsx")
    )
    for column, message in (
        ("Menerapkan Keterampilan", "&#39;Mungkin&#39; bukan Ya atau Tidak."),
        ("Penghasilan", "&#39;banyak&#39; tidak dikenal."),
        ("Tanggal Tindak Lanjut", "Tanggal tindak lanjut tidak boleh sebelum sesi pelatihan"),
        ("Sektor", "Untuk klien yang bekerja, pilih sektor pekerjaannya."),
    ):
        assert f"<td>2</td><td>{column}</td><td>{message}" in page, column
    assert "Masalah (4)" in page

    # The participant a row names: a client and a session not found, cells left empty,
    # all said at once; a stage repeated in the file beside the follow-up's own rules.
    rows = [
        follow_row(**{"Nomor Register": "PB-TIDAK-ADA", "Judul Pelatihan": "Menyelam"}),
        follow_row(**{"Nomor Register": "", "Tanggal Mulai Sesi": ""}),
        follow_row(),
        follow_row(**{"Sektor": ""}),
    ]
    page = batch_page(
        trained, upload(trained, "tindak-lanjut", xlsx(rows, FOLLOW_HEADERS), "y.xlsx")
    )
    for number, column, message in (
        (2, "Nomor Register", "Klien dengan nomor register PB-TIDAK-ADA tidak ditemukan"),
        (2, "Judul Pelatihan", "Tidak ada sesi pelatihan &#39;Menyelam&#39; yang mulai"),
        (3, "Nomor Register", "Wajib diisi."),
        (3, "Tanggal Mulai Sesi", "Wajib diisi."),
        (5, "Tahap (Bulan)", "Tindak lanjut tahap ini untuk peserta yang sama sudah ada di"),
        (5, "Sektor", "Untuk klien yang bekerja, pilih sektor pekerjaannya."),
    ):
        assert f"<td>{number}</td><td>{column}</td><td>{message}" in page, (number, column)
    assert "Masalah (6)" in page


def test_follow_up_problems_are_reported_and_nothing_stored(trained, office_run):
    rows = [
        follow_row(),
        follow_row(**{"Nomor Register": "PB-UJI-002"}),  # did not attend
        follow_row(**{"Nomor Register": "PB-UJI-003"}),  # in another training
        follow_row(**{"Tanggal Mulai Sesi": "11/03/2025"}),
        follow_row(**{"Tahap (Bulan)": "4"}),
        follow_row(**{"Tahap (Bulan)": "6", "Tanggal Tindak Lanjut": "01/03/2025"}),
        follow_row(**{"Tahap (Bulan)": "6", "Sektor": ""}),
        follow_row(),
        follow_row(
            **{
                "Tahap (Bulan)": "6",
                "Tanggal Tindak Lanjut": f"{date.today() + timedelta(days=30):%d/%m/%Y}",
            }
        ),
    ]
    page = batch_page(
        trained, upload(trained, "tindak-lanjut", xlsx(rows, FOLLOW_HEADERS), "x.xlsx")
    )
    expected = [
        (3, "—", "Tindak lanjut hanya dicatat untuk peserta yang hadir pada pelatihan."),
        (4, "Nomor Register", "Klien PB-UJI-003 bukan peserta sesi ini."),
        (
            5,
            "Judul Pelatihan",
            "Tidak ada sesi pelatihan &#39;Barista Dasar&#39; yang mulai 11/03/2025",
        ),
        (6, "Tahap (Bulan)", "Tahap tindak lanjut tidak dikenal."),
        (
            7,
            "Tanggal Tindak Lanjut",
            "Tanggal tindak lanjut tidak boleh sebelum sesi pelatihan berakhir (12 Mar 2025).",
        ),
        (8, "Sektor", "Untuk klien yang bekerja, pilih sektor pekerjaannya."),
        (
            9,
            "Tahap (Bulan)",
            "Tindak lanjut tahap ini untuk peserta yang sama sudah ada di baris 2.",
        ),
        (10, "Tanggal Tindak Lanjut", "Tanggal tindak lanjut tidak boleh di masa depan."),
    ]
    for number, column, message in expected:
        assert f"<td>{number}</td><td>{column}</td><td>{message}" in page, (number, message)
    assert follow_ups(office_run) == []


def test_a_pk_imports_follow_ups_of_own_clients_only(
    trained, runner, make_user, tmp_path, office_run
):
    make_user("pk", office=OFFICE, username="pk.lain")
    path = tmp_path / "tl.csv"
    path.write_text(csv_text([follow_row()], FOLLOW_HEADERS), encoding="utf-8-sig")
    args = ["import", "tindak-lanjut", str(path), "--office", OFFICE, "--commit", "--user"]
    result = runner.invoke(args=[*args, "pk.lain"])
    assert "Anda hanya dapat mencatat tindak lanjut untuk klien bimbingan Anda sendiri." in (
        result.output
    )
    assert follow_ups(office_run) == []
    make_user("staff", office=OFFICE, username="staf.bimker")
    assert "1 added" in runner.invoke(args=[*args, "staf.bimker"]).output
    assert len(follow_ups(office_run)) == 1


def test_participants_added_by_import_are_enrolled_as_by_the_form(trained, office_run):
    """The training page shows imported participants like enrolled ones, audit included."""
    page = trained.client.get(f"/{OFFICE}/pelatihan/").get_data(as_text=True)
    assert BARISTA in page and RIAS in page
    enrolled = office_run(
        OFFICE,
        lambda: db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "enrol", AuditEvent.object_type == "training_participant"
            )
        ),
    )
    assert enrolled == 3
    rows = office_run(OFFICE, lambda: len(operations.list_trainings("barista")))
    assert rows == 1
