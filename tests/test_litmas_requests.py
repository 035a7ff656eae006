"""Litmas requests: the legal deadlines (in WIB and WITA), intake, appointment and its
history, the report's path to delivery, and the rules that refuse bad input whole."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.clients import operations as client_ops
from portal.errors import OperationError
from portal.extensions import db
from portal.litmas.requests import deadlines, operations, report, tpp
from portal.litmas.requests.models import LitmasRequest, RequestAssignment, RequestReport
from portal.litmas.requests.queries import open_requests, pk_loads
from portal.timeutil import utcnow

pytest_plugins = ["guidance_fixtures"]

SECTIONS = {
    "identity": "Andi Saputra, 15 tahun, pelajar SMP.",
    "background": "Anak ketiga, putus sekolah sejak kelas 8.",
    "family_social": "Tinggal bersama nenek di Cakranegara.",
    "offence": "Pencurian telepon genggam teman sekelas.",
    "needs": "Kembali bersekolah; minat pada pertukangan.",
    "community_view": "Korban dan keluarganya bersedia berdamai.",
    "analysis": "Risiko mengulang rendah; dukungan keluarga ada.",
    "recommendation": "Diversi: dikembalikan kepada orang tua/wali.",
}


def intake(**overrides) -> dict:
    """What intake types for a child's diversion request, received an hour ago."""
    now = utcnow() - timedelta(hours=1)
    local = deadlines.to_local(now, operations.office_timezone())
    data = {
        "requester_kind": "penyidik",
        "requester_institution": "Polresta Mataram",
        "letter_number": "B/123/XII/2026/Reskrim",
        "letter_date": local.date() - timedelta(days=1),
        "purpose": "diversi",
        "received_on": local.date(),
        "received_time": local.time().replace(second=0, microsecond=0),
        "attachments": ["surat_permintaan", "laporan_polisi"],
        "person_name": "Andi Saputra",
        "nik": "5271011203110002",
        "birth_date": date(2011, 3, 12),
        "category": "anak",
        "held_at": "Polresta Mataram",
    }
    data.update(overrides)
    return data


# --- the rule, alone --------------------------------------------------------------------


def test_deadlines_by_purpose_and_time_zone(app):
    received = deadlines.to_utc(date(2026, 12, 1), time(9, 30), "Asia/Makassar")
    assert received == datetime(2026, 12, 1, 1, 30)  # 09.30 WITA is 01.30 UTC
    assert deadlines.to_utc(date(2026, 12, 1), time(9, 30), "Asia/Jakarta") == datetime(
        2026, 12, 1, 2, 30
    )
    # A child's diversion: 3x24 hours from receipt, whoever is appointed whenever.
    assert deadlines.due_at("diversi", received, None) == datetime(2026, 12, 4, 1, 30)
    assert deadlines.due_at("diversi", received, received + timedelta(days=2)) == datetime(
        2026, 12, 4, 1, 30
    )
    # Parole: 7 days from the appointment; no clock before it.
    assert deadlines.due_at("pembebasan_bersyarat", received, None) is None
    appointed = received + timedelta(hours=5)
    assert deadlines.due_at("pembebasan_bersyarat", received, appointed) == appointed + timedelta(
        days=7
    )
    # Read in the office's own zone: the same instant is 09.30 WITA and 08.30 WIB.
    due = deadlines.due_at("diversi", received, None)
    assert deadlines.to_local(due, "Asia/Makassar").strftime("%d %H:%M") == "04 09:30"
    assert deadlines.to_local(due, "Asia/Jakarta").strftime("%d %H:%M") == "04 08:30"

    with app.test_request_context():
        now = received + timedelta(minutes=5)
        assert deadlines.clock(due, None, now).text == "sisa 2 hari 23 jam"
        assert deadlines.clock(due, None, due - timedelta(hours=20, minutes=30)).text == (
            "sisa 20 jam"
        )
        assert deadlines.clock(due, None, due - timedelta(minutes=45)).text == "sisa 45 menit"
        late = deadlines.clock(due, None, due + timedelta(days=1, hours=2))
        assert (late.state, late.text, late.tag) == ("late", "terlambat 1 hari 2 jam", "tag-late")
        assert deadlines.clock(due, due, now).state == "on_time"
        assert deadlines.clock(due, due + timedelta(hours=3), now).text == (
            "terkirim terlambat 3 jam"
        )


# --- the path of a request ---------------------------------------------------------------


def test_a_childs_diversion_request_from_intake_to_delivery(app, make_user, in_office):
    office = "mataram"
    admin_id = make_user("admin", office=office, username="kepala.mtr", full_name="Kepala Mtr")
    pk_id = make_user("pk", office=office, username="pk.mtr", full_name="Ni Luh Ayu")
    other_pk = make_user("pk", office=office, username="pk2.mtr", full_name="Lalu Ahmad")

    def run():
        admin, pk, pk2 = (db.session.get(User, i) for i in (admin_id, pk_id, other_pk))
        request = operations.create_request(admin, **intake())
        assert request.due_at == request.received_at + timedelta(hours=72)
        # A PK cannot appoint; the head does, with each PK's load to choose from.
        with pytest.raises(OperationError):
            operations.appoint_pk(request, pk.id, pk, request.version_id)
        assert {load.pk.full_name: load.total for load in pk_loads()} == {
            "Lalu Ahmad": 0,
            "Ni Luh Ayu": 0,
        }
        operations.appoint_pk(request, pk2.id, admin, request.version_id)
        with pytest.raises(OperationError, match="Alasan"):
            operations.appoint_pk(request, pk.id, admin, request.version_id)
        operations.appoint_pk(request, pk.id, admin, request.version_id, reason="Cuti sakit")
        assert [a.pk_name for a in request.assignments] == ["Lalu Ahmad", "Ni Luh Ayu"]
        assert request.due_at == request.received_at + timedelta(hours=72)  # unchanged
        # Correcting intake recomputes the deadline by the rule; nothing can move it later.
        operations.update_request(
            request,
            admin,
            request.version_id,
            **intake(purpose="penyidikan_anak", received_on=request.letter_date),
        )
        assert request.due_at == request.received_at + timedelta(hours=72)
        operations.update_request(request, admin, request.version_id, **intake())
        assert [r.id for r in open_requests(pk, pk_only=True)] == [request.id]
        assert open_requests(pk2) == []  # a child's request: only its PK and the head

        # Not complete without a PK's signed report; only the appointed PK writes it.
        with pytest.raises(OperationError, match="tanpa laporan"):
            report.acknowledge(request, admin, request.version_id)
        with pytest.raises(OperationError, match="Hanya PK"):
            report.save_report(request, pk2, None, **SECTIONS)
        draft = report.save_report(request, pk, None, **{**SECTIONS, "analysis": ""})
        with pytest.raises(OperationError, match="Analisis"):
            report.sign_report(request, pk, draft.version_id)
        report.save_report(request, pk, draft.version_id, **SECTIONS)

        session = tpp.create_session(
            admin, operations.received_today_default()[0], ["Kepala Mtr", "Ni Luh Ayu"]
        )
        tpp.record_recommendation(session, request, "Setuju diversi.")
        report.sign_report(request, pk, draft.version_id)
        with pytest.raises(OperationError, match="ditandatangani"):
            report.save_report(request, pk, draft.version_id, **SECTIONS)
        with pytest.raises(OperationError, match="urutan"):  # an imported time out of order
            report.acknowledge(request, admin, request.version_id, at=request.received_at)
        report.acknowledge(request, admin, request.version_id)

        local = deadlines.to_local(request.received_at, operations.office_timezone())
        before = local - timedelta(minutes=1)
        with pytest.raises(OperationError, match="sebelum permintaannya diterima"):
            report.deliver(
                request, admin, request.version_id, before.date(), before.time(), "langsung"
            )
        now = deadlines.to_local(utcnow(), operations.office_timezone())
        report.deliver(request, admin, request.version_id, now.date(), now.time(), "langsung")
        assert request.status == "terkirim" and request.delivered_at <= request.due_at
        return request.id

    request_id = in_office(run, office)

    def database_refuses_a_change_to_the_final_report():
        with pytest.raises(DBAPIError):
            with db.session.begin_nested():
                db.session.execute(
                    text("UPDATE litmas_request_reports SET recommendation = 'lain'")
                )
        found = db.session.scalar(select(RequestReport.recommendation))
        assert found == SECTIONS["recommendation"]
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.object_type.in_(["litmas_request", "litmas_request_report"])
            )
        ).all()
        assert {"create", "appoint", "reassign", "sign", "acknowledge", "deliver"} <= set(actions)
        assert db.session.scalar(select(func.count(RequestAssignment.id))) == 2

    in_office(database_refuses_a_change_to_the_final_report, office)
    assert request_id


def test_bad_intake_is_refused_whole_and_a_later_client_is_linked(
    app, make_user, in_office, new_client
):
    admin_id = make_user("admin", office="purwokerto")

    def refusals():
        admin = db.session.get(User, admin_id)
        cases = [
            ({"category": "dewasa"}, "hanya untuk anak"),
            ({"nik": "12345"}, "16 angka"),
            ({"purpose": "naik_banding"}, "Tujuan"),
            ({"letter_date": date.today() + timedelta(days=3)}, "Tanggal surat"),
            ({"received_on": date.today() + timedelta(days=2)}, "masa depan"),
            ({"register_number": "TIDAK-ADA"}, "nomor register"),
        ]
        for overrides, message in cases:
            with pytest.raises(OperationError, match=message):
                operations.create_request(admin, **intake(**overrides))
        assert db.session.scalar(select(func.count(LitmasRequest.id))) == 0
        adult = operations.create_request(
            admin,
            **intake(purpose="pembebasan_bersyarat", category="dewasa", nik="3302011505900007"),
        )
        assert adult.due_at is None and adult.client_id is None  # no PK: no clock yet
        return adult.id

    request_id = in_office(refusals)
    client_id = new_client(7)  # NIK 3302011505900007: the same person, now a client
    linked = in_office(lambda: db.session.get(LitmasRequest, request_id).client_id)
    assert linked == client_id


def test_clients_imported_in_bulk_join_the_requests_waiting_for_them(app, make_user, in_office):
    """An import links each chunk of new clients to the requests waiting by NIK (read
    once per transaction), and a request received meanwhile is not missed."""
    admin_id = make_user("admin", office="purwokerto")

    def client(n: int) -> dict:
        return client_ops.check_new_client(
            {
                "register_number": f"PB-MASSAL-{n}",
                "name": f"Klien Massal {n}",
                "nik": f"3302011505900{n:03d}",
                "sex": "L",
                "birth_date": date(1990, 5, 15),
                "offence": "pencurian",
                "program": "pb",
                "guidance_start": date(2025, 1, 6),
                "guidance_end": date(2026, 1, 6),
            }
        )

    def run():
        admin = db.session.get(User, admin_id)

        def waiting(number: str, n: int) -> int:
            data = intake(letter_number=number, category="dewasa", nik=f"3302011505900{n:03d}")
            return operations.create_request(admin, **{**data, "purpose": "asimilasi"}).id

        first = waiting("B/1", 1)
        client_ops.insert_clients([client(2)])  # the NIKs waiting are read here: only 1's
        later = waiting("B/3", 3)  # received after they were read
        one, three = client_ops.insert_clients([client(1), client(3)])
        linked = dict(db.session.execute(select(LitmasRequest.id, LitmasRequest.client_id)).all())
        assert linked == {first: one, later: three}
        events = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "link")
        ).all()
        assert sorted(events) == sorted([first, later])

    in_office(run)


# --- the pages: juvenile rule, roles, refusals, audit ---------------------------------------

BASE = "/purwokerto/litmas/permintaan"


def form_of(data: dict) -> dict:
    """`intake()` as the browser sends it."""
    out = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, time):
            out[key] = value.strftime("%H:%M")
        else:
            out[key] = value
    return out


def test_pages_keep_a_childs_request_to_its_pk_and_refuse_bad_input(
    app, auth, make_user, login_as, in_office
):
    pk_id = make_user("pk", office="purwokerto", username="pk.anak", full_name="Rahayu PK")
    other_id = make_user("pk", office="purwokerto", username="pk.lain", full_name="Agus PK")
    admin_id = login_as("admin")

    # Intake through the form: a refusal names the field in Indonesian and stores nothing.
    data = form_of(in_office(lambda: intake()))
    refused = auth.post(f"{BASE}/baru", {**data, "category": "dewasa"}, form_page=f"{BASE}/baru")
    assert refused.status_code == 200
    assert "Tujuan ini hanya untuk anak yang berhadapan dengan hukum." in refused.text
    assert 'value="Andi Saputra"' in refused.text  # what was typed is kept
    assert in_office(lambda: db.session.scalar(select(func.count(LitmasRequest.id)))) == 0
    # Sent twice (the first answer lost): one request stored, the first answer again.
    page = auth.client.get(f"{BASE}/baru").text
    tokens = {
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1],
        "form_once": re.search(r'name="form_once" value="([^"]+)"', page)[1],
    }
    created = auth.client.post(f"{BASE}/baru", data={**data, **tokens})
    again = auth.client.post(f"{BASE}/baru", data={**data, **tokens})
    assert created.status_code == 302 and again.location == created.location
    assert in_office(lambda: db.session.scalar(select(func.count(LitmasRequest.id)))) == 1
    request_id = int(created.headers["Location"].rsplit("/", 1)[1])

    def appoint():
        item = db.session.get(LitmasRequest, request_id)
        operations.appoint_pk(item, pk_id, db.session.get(User, admin_id), item.version_id)
        report.save_report(item, db.session.get(User, pk_id), None, **SECTIONS)
        session = tpp.create_session(
            db.session.get(User, admin_id), item.letter_date + timedelta(days=1), ["Kepala"]
        )
        tpp.record_recommendation(session, item, "Setuju diversi.")
        return session.id

    session_id = in_office(appoint)
    auth.logout()

    # Another PK: the child's request does not exist for them, anywhere.
    auth.login("pk.lain", "purwokerto")
    for path in (f"{BASE}/{request_id}", f"{BASE}/{request_id}/cetak"):
        assert auth.client.get(path).status_code == 404
    assert "Andi Saputra" not in auth.client.get(f"{BASE}/").text
    tpp_page = auth.client.get(f"{BASE}/tpp/{session_id}").text
    assert "Andi Saputra" not in tpp_page and "1 permintaan anak tidak ditampilkan" in tpp_page
    # A PK cannot appoint, nor act as the head.
    assert auth.client.get(f"{BASE}/{request_id}/tunjuk").status_code == 403
    auth.logout()

    # Its PK sees it; the view is audited.
    auth.login("pk.anak", "purwokerto")
    assert "sisa 2 hari" in auth.client.get(f"{BASE}/{request_id}").text
    assert auth.client.get(f"{BASE}/{request_id}/cetak").status_code == 200
    views = in_office(
        lambda: db.session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "litmas_request",
                AuditEvent.object_id == request_id,
                AuditEvent.action.in_(("view", "print")),
            )
            .order_by(AuditEvent.id)
        ).all()
    )
    assert views == ["view", "print"]
    assert other_id


def test_the_head_withdraws_a_request_after_a_confirmation_page(
    app, auth, make_user, login_as, in_office
):
    """Withdrawn by the requester: asked first, a reason required, off every worklist,
    never late, still received in the figures' sense, and audited with its reason."""
    pk_id = make_user("pk", office="purwokerto", username="pk.tarik", full_name="Rahayu PK")
    admin_id = login_as("admin")

    def open_one():
        item = operations.create_request(
            db.session.get(User, admin_id),
            **intake(received_on=date(2026, 1, 5), letter_date=date(2026, 1, 2)),
        )
        operations.appoint_pk(item, pk_id, db.session.get(User, admin_id), item.version_id)
        return item.id

    request_id = in_office(open_one)
    assert "terlambat" in auth.client.get(f"{BASE}/{request_id}").text  # due in January
    page = auth.client.get(f"{BASE}/{request_id}/batalkan").text
    assert 'data-testid="withdraw-confirm"' in page and "tidak lagi dihitung terlambat" in page

    version = str(in_office(lambda: db.session.get(LitmasRequest, request_id).version_id))

    refused = auth.post(
        f"{BASE}/{request_id}/batalkan",
        {"version_id": version},
        form_page=f"{BASE}/{request_id}/batalkan",
    )
    assert refused.status_code == 200 and "Alasan pembatalan wajib diisi." in refused.text
    assert in_office(lambda: db.session.get(LitmasRequest, request_id).status) == "dikerjakan"

    done = auth.post(
        f"{BASE}/{request_id}/batalkan",
        {
            "version_id": version,
            "reason": "Surat pencabutan Polresta No. B/9/I/2026: diversi tercapai di penyidikan",
        },
        form_page=f"{BASE}/{request_id}/batalkan",
    )
    assert done.status_code == 302
    detail = auth.client.get(done.headers["Location"]).text
    assert 'data-testid="withdrawn"' in detail and "diversi tercapai" in detail
    assert "terlambat" not in detail
    assert 'data-testid="withdraw-link"' not in detail  # once only
    # Off the worklists, listed among the closed requests.
    index = auth.client.get(f"{BASE}/").text
    assert index.count(f'data-request="{request_id}"') == 1
    assert auth.client.get(f"{BASE}/{request_id}/batalkan").status_code == 302

    def check():
        pk = db.session.get(User, pk_id)
        assert open_requests(pk, pk_only=True) == []
        event = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail).where(
                AuditEvent.object_type == "litmas_request", AuditEvent.action == "withdraw"
            )
        ).one()
        assert event.detail["from_status"] == "dikerjakan"
        with pytest.raises(OperationError, match="tidak dapat dibatalkan"):
            item = db.session.get(LitmasRequest, request_id)
            operations.withdraw(item, db.session.get(User, admin_id), item.version_id, "lagi")

    in_office(check)
