"""Exports of the training list: participants and follow-ups as the pages show them,
juvenile clients only for those who may see them, re-importable as 'unchanged'."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select
from training_factories import OFFICE
from transfer_helpers import libreoffice_frame, needs_libreoffice

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.partners.operations import create_partner
from portal.trainings import followups, operations
from portal.trainings.models import Participant, TrainingSession

FIRST = {"attended": True, "completed": True, "certificate": True, "transport_money": 75_000}


@pytest.fixture
def records(add_client, make_user, as_user, office_run):
    """Two trainings (barista by a partner, tata rias by the office); a juvenile client of
    PK 'pk.anak' in the barista session; a headcount session; follow-ups for two people."""
    pk_id = make_user("pk", office=OFFICE, username="pk.anak", full_name="Dewi PK")
    admin_id = make_user("admin", office=OFFICE, username="admin.x", full_name="Admin Kantor")
    adult = add_client("Siti Aminah")
    anak = add_client("Rahasia Anak", birth_date=date(2010, 5, 15), program="diversi", pk_id=pk_id)

    def build(user):
        partner = create_partner(name="Kedai Kopi", kind="badan_usaha", services=["pelatihan"])
        barista = operations.create_training(
            title="=Barista Dasar", skill_field="barista", partner_id=partner.id
        )
        rias = operations.create_training(title="Tata Rias", skill_field="tata_rias")
        operations.create_training(title="Pertanian Kangkung", skill_field="pertanian")
        session = operations.create_session(
            barista,
            start_date=date(2025, 3, 10),
            end_date=date(2025, 3, 12),
            venue_kind="lokasi_mitra",
            budget=2_000_000,
        )
        operations.create_session(
            barista, start_date=date(2025, 5, 5), venue_kind="aula_kantor", headcount=12
        )
        operations.create_session(rias, start_date=date(2025, 4, 7), venue_kind="aula_kantor")
        for client_id in (adult, anak):
            p = operations.enrol(user, session, client_id)
            operations.update_participant(user, p, **FIRST)
            followups.record_follow_up(
                user,
                p,
                3,
                followed_on=date(2025, 6, 12),
                applying_skill=True,
                work_status="wirausaha",
                sector="kuliner",
                income_band="1to2",
                note="Buka kedai kopi",
            )

    as_user(admin_id, build)
    return {"pk": pk_id}


def _get(auth, path: str):
    response = auth.client.get(f"/{OFFICE}{path}")
    assert response.status_code == 200, path
    return response


def _frame(auth, path: str) -> pd.DataFrame:
    content = _get(auth, path).data
    if path.split("?")[0].endswith(".csv"):
        return pd.read_csv(io.BytesIO(content), sep=";", dtype=str, encoding="utf-8-sig")
    return pd.read_excel(io.BytesIO(content), dtype={"Nomor Register": str}, engine="calamine")


def test_training_export_matches_the_filtered_page(sign_in, auth, records, office_run):
    sign_in("admin")
    page = _get(auth, "/pelatihan/?skill=barista").get_data(as_text=True)
    assert "Barista Dasar" in page and "Tata Rias" not in page
    assert 'href="/purwokerto/ekspor/pelatihan.xlsx?skill=barista' in page

    frame = _frame(auth, "/ekspor/pelatihan.xlsx?skill=barista")
    assert list(frame["Judul Pelatihan"]) == ["'=Barista Dasar"] * 3  # formula neutralised
    assert list(frame["Nama Klien"][:2]) == ["Siti Aminah", "Rahasia Anak"]  # admin sees all
    assert frame["Tanggal Mulai"][0].date() == date(2025, 3, 10)
    assert list(frame["Penyelenggara"]) == ["Kedai Kopi"] * 3
    assert list(frame["Hadir"][:2]) == ["Ya", "Ya"] and frame["Uang Transport"][0] == 75_000
    assert frame["Jumlah Peserta"][2] == 12 and pd.isna(frame["Nomor Register"][2])

    everything = _frame(auth, "/ekspor/pelatihan.csv")
    assert list(everything["Judul Pelatihan"]) == [
        "'=Barista Dasar",
        "'=Barista Dasar",
        "'=Barista Dasar",
        "Pertanian Kangkung",  # a training without sessions: one row, no session
        "Tata Rias",  # a session without participants: one row
    ]
    assert everything["Tanggal Mulai"][4] == "07/04/2025"
    assert everything["Penyelenggara"][4] == "Kantor sendiri"
    assert pd.isna(everything["Tanggal Mulai"][3])
    exported = office_run(
        OFFICE,
        lambda: db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "export").order_by(AuditEvent.id)
        ).all(),
    )
    assert [(d["rows"], d["format"]) for d in exported] == [(3, "xlsx"), (5, "csv")]
    assert exported[0]["filters"] == {"skill_field": "barista"}


def test_juvenile_participants_are_masked_for_staff_but_not_their_pk(sign_in, auth, records, app):
    sign_in("staff")
    frame = _frame(auth, "/ekspor/pelatihan.csv?skill=barista")
    assert list(frame["Nomor Register"][:2].fillna("")) == ["PB-UJI-001", ""]
    assert list(frame["Nama Klien"][:2]) == ["Siti Aminah", "Klien anak (nama disembunyikan)"]
    body = _get(auth, "/ekspor/pelatihan.csv").get_data(as_text=True)
    assert "Rahasia Anak" not in body and "PB-UJI-002" not in body
    follow = _frame(auth, "/ekspor/tindak-lanjut.csv")
    assert list(follow["Nomor Register"]) == ["PB-UJI-001"]  # the page hides the other outcome

    from conftest import Auth

    pk = Auth(app.test_client())
    pk.login("pk.anak", OFFICE)
    body = _get(pk, "/ekspor/tindak-lanjut.csv").get_data(as_text=True)
    assert "Rahasia Anak" in body and "PB-UJI-002" in body


def test_follow_up_export_shows_the_outcomes(sign_in, auth, records):
    sign_in("admin")
    frame = _frame(auth, "/ekspor/tindak-lanjut.xlsx")
    assert list(frame["Nomor Register"]) == ["PB-UJI-001", "PB-UJI-002"]
    assert list(frame["Tahap (Bulan)"]) == [3, 3]
    assert frame["Tanggal Tindak Lanjut"][0].date() == date(2025, 6, 12)
    assert list(frame["Status Pekerjaan"]) == ["Wirausaha"] * 2
    assert list(frame["Penghasilan"]) == ["Rp1–2 juta per bulan"] * 2
    assert list(frame["Dicatat oleh"]) == ["Admin Kantor"] * 2
    assert _frame(auth, "/ekspor/tindak-lanjut.csv?skill=tata_rias").empty
    page = _get(auth, "/pelatihan/").get_data(as_text=True)
    assert 'data-testid="export-follow-ups-xlsx"' in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_reimport_as_unchanged(sign_in, auth, records, runner, tmp_path, fmt):
    sign_in("admin")
    for kind, rows in (("pelatihan", 5), ("tindak-lanjut", 2)):
        file = tmp_path / f"{kind}.{fmt}"
        file.write_bytes(_get(auth, f"/ekspor/{kind}.{fmt}").data)
        args = ["import", kind, str(file), "--office", OFFICE, "--user", "admin.x", "--commit"]
        result = runner.invoke(args=args)
        expected = f"{rows} rows: 0 added, 0 updated, {rows} unchanged, 0 problems"
        assert expected in result.output, result.output


def test_staff_export_reimports_without_touching_the_hidden_participant(
    sign_in, auth, records, runner, tmp_path, office_run
):
    """The masked row is read as a session row: the hidden participant stays as it was."""
    sign_in("staff", "staf.bimker")
    file = tmp_path / "pelatihan.xlsx"
    file.write_bytes(_get(auth, "/ekspor/pelatihan.xlsx").data)
    args = ["import", "pelatihan", str(file), "--office", OFFICE, "--user", "staf.bimker"]
    result = runner.invoke(args=[*args, "--commit"])
    assert "5 rows: 0 added, 0 updated, 5 unchanged, 0 problems" in result.output
    count = office_run(
        OFFICE,
        lambda: len(
            db.session.scalars(
                select(Participant)
                .join(Participant.session)
                .where(TrainingSession.start_date == date(2025, 3, 10))
            ).all()
        ),
    )
    assert count == 2


@needs_libreoffice
def test_libreoffice_reads_the_training_exports(sign_in, auth, records, tmp_path):
    sign_in("admin")
    frame = libreoffice_frame(_get(auth, "/ekspor/pelatihan.xlsx?skill=barista").data, tmp_path)
    assert list(frame["Judul Pelatihan"]) == ["'=Barista Dasar"] * 3
    assert list(frame["Nama Klien"][:2]) == ["Siti Aminah", "Rahasia Anak"]
    assert list(frame["Tanggal Mulai"][:2]) == ["10/03/2025"] * 2
    assert frame["Jumlah Peserta"][2] == "12" and frame["Uang Transport"][0] == "75000"
    follow = libreoffice_frame(_get(auth, "/ekspor/tindak-lanjut.xlsx").data, tmp_path, "tl")
    assert list(follow["Nomor Register"]) == ["PB-UJI-001", "PB-UJI-002"]
    assert list(follow["Tanggal Tindak Lanjut"])[0] == "12/06/2025"
    assert list(follow["Penghasilan"]) == ["Rp1–2 juta per bulan"] * 2
