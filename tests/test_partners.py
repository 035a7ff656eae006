"""Partners (Pokmas Lipas), agreements, Griya Abhipraya and placements through the pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from training_factories import OFFICE

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.partners.models import Agreement, Partner, Placement, Venue

BASE = f"/{OFFICE}/mitra"


def partner_form(**overrides) -> dict:
    data = {
        "name": "Rumah Makan dan Cuci Mobil Sumber Rejeki",
        "kind": "badan_usaha",
        "contact_person": "Bapak Darsono",
        "phone": "081327001122",
        "address": "Jl. Jenderal Sudirman 120, Purwokerto",
        "services": ["pelatihan", "penyaluran_kerja"],
        "status": "aktif",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def count(office_run):
    return lambda model: office_run(OFFICE, lambda: db.session.scalar(select(func.count(model.id))))


@pytest.fixture
def partner_id(office_run):
    from portal.partners.operations import create_partner

    def make(name="LPK Terampil Mandiri", kind="lpk", services=("pelatihan",)):
        def build():
            partner = create_partner(name=name, kind=kind, services=list(services))
            db.session.commit()
            return partner.id

        return office_run(OFFICE, build)

    return make


def test_staff_registers_a_partner_with_an_agreement(auth, sign_in, office_run):
    sign_in("staff")
    response = auth.post(f"{BASE}/baru", partner_form())
    assert response.status_code == 302
    pid = int(re.search(r"/mitra/(\d+)$", response.headers["Location"]).group(1))
    soon = date.today() + timedelta(days=30)
    response = auth.post(
        f"{BASE}/{pid}/perjanjian/baru",
        {
            "number": "W.10.PAS.PAS.24-PK.01.05-123",
            "start_date": "2025-01-02",
            "end_date": soon.isoformat(),
            "services": ["pelatihan", "magang"],
            "document_ref": "Arsip Bimker 2025/07",
        },
    )
    assert response.status_code == 302
    auth.post(
        f"{BASE}/{pid}/perjanjian/baru",
        {
            "number": "PKS-LAMA/2021",
            "start_date": "2021-01-04",
            "end_date": "2023-01-04",
            "services": ["pelatihan"],
        },
    )
    page = auth.client.get(f"{BASE}/{pid}").text
    assert "Rumah Makan dan Cuci Mobil Sumber Rejeki" in page
    assert "Segera berakhir" in page and "(30 hari lagi)" in page
    assert "PKS-LAMA/2021" in page and "Berakhir" in page  # expired, kept as history
    listing = auth.client.get(f"{BASE}/").text
    assert (
        "Perjanjian yang segera berakhir" in listing and "W.10.PAS.PAS.24-PK.01.05-123" in listing
    )
    assert (
        office_run(
            OFFICE,
            lambda: db.session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.object_type.in_(["partner", "agreement"])
                )
            ),
        )
        == 3
    )


PARTNER_BAD = [
    ({"name": ""}, "Nama mitra wajib diisi."),
    ({"services": []}, "Pilih paling sedikit satu layanan."),
    ({"kind": "mafia"}, "Pilihan tidak dikenal."),
    ({"services": ["pelatihan", "judi"]}, "Pilihan tidak dikenal."),
]


@pytest.mark.parametrize(("overrides", "message"), PARTNER_BAD)
def test_bad_partner_is_refused_and_keeps_typing(auth, sign_in, count, overrides, message):
    sign_in("staff")
    response = auth.post(f"{BASE}/baru", partner_form(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "Bapak Darsono" in response.text  # what the user typed is kept
    assert count(Partner) == 0


def test_duplicate_partner_name_is_refused(auth, sign_in, partner_id, count):
    sign_in("admin")
    partner_id(name="LPK Terampil Mandiri")
    response = auth.post(f"{BASE}/baru", partner_form(name="LPK Terampil Mandiri"))
    assert "sudah terdaftar di kantor ini" in response.text
    assert count(Partner) == 1


AGREEMENT_BAD = [
    ({"end_date": "2024-12-31"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ({"services": []}, "Pilih paling sedikit satu layanan."),
    ({"number": ""}, "Nomor perjanjian wajib diisi."),
    ({"start_date": "2-1-2025"}, "Tanggal tidak valid"),
]


@pytest.mark.parametrize(("overrides", "message"), AGREEMENT_BAD)
def test_bad_agreement_is_refused(auth, sign_in, partner_id, count, overrides, message):
    sign_in("staff")
    pid = partner_id()
    data = {
        "number": "PKS-01/2025",
        "start_date": "2025-01-02",
        "end_date": "2026-01-02",
        "services": ["pelatihan"],
        "document_ref": "Lemari arsip B",
        **overrides,
    }
    response = auth.post(f"{BASE}/{pid}/perjanjian/baru", data)
    assert response.status_code == 200 and message in response.text
    assert "Lemari arsip B" in response.text
    assert count(Agreement) == 0


@pytest.mark.parametrize("role", ["viewer", "pk"])
def test_readers_cannot_write_partners(auth, sign_in, partner_id, count, role):
    pid = partner_id()
    sign_in(role)
    assert auth.client.get(f"{BASE}/").status_code == 200
    assert auth.client.get(f"{BASE}/{pid}").status_code == 200
    assert auth.post(f"{BASE}/baru", partner_form(name="Baru")).status_code == 403
    assert auth.post(f"{BASE}/{pid}/ubah", partner_form(name="Diubah")).status_code == 403
    assert auth.post(f"{BASE}/griya-abhipraya/baru", {"name": "G"}).status_code == 403
    assert count(Partner) == 1 and count(Venue) == 0


def test_griya_abhipraya_with_partners_and_capacity(auth, sign_in, partner_id, count):
    sign_in("staff")
    pid = partner_id(name="Paguyuban Petani Kangkung")
    response = auth.post(
        f"{BASE}/griya-abhipraya/baru",
        {
            "name": "Griya Abhipraya Satria",
            "address": "Jl. Gerilya",
            "beds": "6",
            "training_places": "15",
            "partner_ids": [str(pid)],
            "note": "Warung makan",
        },
    )
    assert response.status_code == 302
    page = auth.client.get(f"{BASE}/griya-abhipraya").text
    assert "Griya Abhipraya Satria" in page and "Paguyuban Petani Kangkung" in page
    bad = auth.post(f"{BASE}/griya-abhipraya/baru", {"name": "Griya Dua", "beds": "-1"})
    assert "Tidak boleh negatif." in bad.text and count(Venue) == 1


def test_placement_is_recorded_and_shown_in_the_client_file(
    auth, sign_in, partner_id, add_client, count
):
    sign_in("staff")
    pid = partner_id(
        name="Bengkel Motor Jaya", kind="badan_usaha", services=("penyaluran_kerja", "magang")
    )
    cid = add_client("Wahyu Setiawan")
    data = {
        "client_id": str(cid),
        "partner_id": str(pid),
        "kind": "magang",
        "position": "Montir pembantu",
        "start_date": "2025-05-05",
        "end_date": "",
        "outcome": "berlangsung",
        "note": "",
    }
    assert auth.post(f"{BASE}/{pid}/penempatan/baru", data).status_code == 302
    assert "Montir pembantu" in auth.client.get(f"{BASE}/{pid}").text
    section = auth.client.get(f"/{OFFICE}/klien/{cid}").text
    assert "Bengkel Motor Jaya" in section and "Montir pembantu" in section

    early = auth.post(f"{BASE}/{pid}/penempatan/baru", {**data, "start_date": "2023-01-01"})
    assert "sebelum klien mulai bimbingan" in early.text
    backwards = auth.post(f"{BASE}/{pid}/penempatan/baru", {**data, "end_date": "2025-01-01"})
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in backwards.text
    assert count(Placement) == 1


def test_placement_of_another_offices_client_is_not_found(
    auth, sign_in, partner_id, add_client, count
):
    sign_in("staff")
    pid = partner_id()
    other = add_client("Klien Mataram", office="mataram")
    response = auth.post(
        f"{BASE}/{pid}/penempatan/baru",
        {
            "client_id": str(other),
            "partner_id": str(pid),
            "kind": "kerja",
            "position": "Juru masak",
            "start_date": "2025-05-05",
            "outcome": "berlangsung",
        },
    )
    assert "Klien tidak ditemukan di kantor ini" in response.text
    assert count(Placement) == 0
