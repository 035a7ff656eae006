"""Client case files through the browser's door: forms, lists, rules, privacy, audit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from conftest import PASSWORD
from isolation_fixtures import _make_client, _make_juvenile
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.clients.demo import DEFAULT_PAST_SHARE, PAST_SHARE
from portal.clients.models import Client, ClientStatusChange
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes.models import ClientTransfer
from portal.tenancy import office_scope

OFFICE = "purwokerto"
BASE = f"/{OFFICE}/klien"


def valid_form(**overrides) -> dict:
    data = {
        "register_number": "PB-2025-0101",
        "name": "Slamet Riyadi",
        "nik": "3302011505900003",
        "sex": "L",
        "birth_date": "1990-05-15",
        "street": "Jl. Melati No. 4",
        "kelurahan": "Sokanegara",
        "kecamatan": "Purwokerto Timur",
        "kabupaten_kota": "Banyumas",
        "phone": "081234567890",
        "education": "sma",
        "marital_status": "kawin",
        "dependants": "2",
        "work_before": "Buruh bangunan",
        "offence": "pencurian",
        "court_decision_number": "123/Pid.B/2023/PN Pwt",
        "court_decision_date": "2023-03-01",
        "sentence_months": "24",
        "origin_institution": "Lapas Purwokerto",
        "program": "pb",
        "guidance_start": "2025-01-06",
        "guidance_end": "2026-07-06",
        "pk_id": "",
        "category_override": "",
        "category_reason": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def in_office(app):
    """in_office(slug, fn) runs fn() inside that office's scope and returns its result."""

    def run(slug, fn):
        with app.app_context():
            office_id = db.session.scalar(select(Office.id).where(Office.slug == slug))
            with office_scope(office_id):
                result = fn()
            db.session.remove()
            return result

    return run


@pytest.fixture
def count_clients(in_office):
    return lambda slug=OFFICE: in_office(
        slug, lambda: db.session.scalar(select(func.count(Client.id)))
    )


@pytest.fixture
def signed_in(make_user, auth):
    """signed_in(role) -> user id, with that user of OFFICE signed in."""

    def login(role: str, username: str | None = None) -> int:
        user_id = make_user(role, office=OFFICE, username=username)
        name = username or _username(auth.client.application, user_id)
        assert auth.login(name, OFFICE, PASSWORD).status_code == 302
        return user_id

    return login


def _username(app, user_id):
    from portal.auth.models import User

    with app.app_context(), office_scope(_office_id(app)):
        name = db.session.scalar(select(User.username).where(User.id == user_id))
        db.session.remove()
        return name


def _office_id(app, slug=OFFICE):
    with app.app_context():
        return db.session.scalar(select(Office.id).where(Office.slug == slug))


def _audit_actions(in_office, client_id):
    return in_office(
        OFFICE,
        lambda: list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.object_type == "client", AuditEvent.object_id == client_id)
                .order_by(AuditEvent.id)
            )
        ),
    )


def test_pk_registers_finds_and_opens_a_client(app, auth, signed_in, in_office):
    pk_id = signed_in("pk")
    response = auth.post(f"{BASE}/baru", valid_form(pk_id=str(pk_id)))
    assert response.status_code == 302
    client_id = int(re.search(r"/klien/(\d+)$", response.headers["Location"]).group(1))

    page = auth.client.get(f"{BASE}/{client_id}").get_data(as_text=True)
    assert "Slamet Riyadi" in page and "3302011505900003" in page
    assert "Pembebasan Bersyarat (PB)" in page and "Anak" not in page
    assert _audit_actions(in_office, client_id) == ["create", "view"]

    for query in ("slamet", "330201150", "pb-2025-01"):
        listing = auth.client.get(f"{BASE}/?q={query}").get_data(as_text=True)
        assert "Slamet Riyadi" in listing, query
    assert "Slamet Riyadi" in auth.client.get(f"{BASE}/?program=pb&status=aktif").text
    assert "Slamet Riyadi" not in auth.client.get(f"{BASE}/?program=cb").text
    assert "Slamet Riyadi" not in auth.client.get(f"{BASE}/?q=tidakada").text
    assert "Slamet Riyadi" in auth.client.get(f"{BASE}/saya").text


def test_search_ignores_case_takes_wildcards_literally_and_follows_edits(
    app, auth, signed_in, in_office
):
    """The search reads a lowered copy of name and register number the database keeps
    (clients.search_text): it must follow an edit and treat % and _ as plain letters."""
    pk_id = signed_in("pk")
    response = auth.post(f"{BASE}/baru", valid_form(pk_id=str(pk_id)))
    client_id = int(re.search(r"/klien/(\d+)$", response.headers["Location"]).group(1))

    def found(query: str) -> bool:  # the page repeats the query: look for the link
        page = auth.client.get(f"{BASE}/", query_string={"q": query}).text
        return f'href="{BASE}/{client_id}"' in page

    assert found("SLAMET RIYADI") and found("pB-2025-0101") and found("met riy")
    assert not found("%") and not found("_") and not found("Slamet%Riyadi")
    edit = valid_form(pk_id=str(pk_id), name="Slamet Widodo")
    page = auth.client.get(f"{BASE}/{client_id}/ubah").text
    edit["version_id"] = re.search(r'name="version_id"[^>]*value="(\d+)"', page).group(1)
    assert auth.post(f"{BASE}/{client_id}/ubah", edit).status_code == 302
    assert found("widodo") and not found("riyadi")


def test_edit_saves_and_is_audited(app, auth, signed_in, in_office):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    form = auth.client.get(f"{BASE}/{client_id}/ubah").text
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    response = auth.post(
        f"{BASE}/{client_id}/ubah",
        valid_form(
            register_number="PB-KORBAN-001",
            name="Nama Baru",
            nik="3603011505900001",
            version_id=version,
        ),
    )
    assert response.status_code == 302
    assert in_office(OFFICE, lambda: db.session.get(Client, client_id).name) == "Nama Baru"
    assert "update" in _audit_actions(in_office, client_id)


BAD_INPUT = [
    ({"nik": "33020115059"}, "NIK harus terdiri dari tepat 16 angka."),
    ({"nik": "3302011505900003x"}, "NIK harus terdiri dari tepat 16 angka."),
    ({"nik": "3302011605900003"}, "NIK tidak sesuai dengan tanggal lahir"),
    ({"sex": "P"}, "NIK tidak sesuai dengan tanggal lahir"),
    ({"nik": "0502011505900003"}, "bukan kode provinsi"),
    ({"guidance_end": "2024-12-31"}, "Tanggal akhir bimbingan harus setelah tanggal mulai."),
    ({"register_number": "PB-KORBAN-001"}, "sudah dipakai di kantor ini"),
    ({"category_override": "anak"}, "Alasan wajib diisi"),
    ({"program": "diversi"}, "Diversi hanya untuk klien anak."),
    ({"birth_date": "15-05-1990"}, "Tanggal tidak valid"),
    ({"name": ""}, "Wajib diisi."),
    ({"dependants": "-1"}, "Tidak boleh negatif."),
    ({"phone": "hubungi istri"}, "Nomor telepon hanya boleh berisi angka"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_INPUT)
def test_bad_input_is_refused_in_indonesian_and_keeps_typing(
    app, auth, signed_in, count_clients, overrides, message
):
    signed_in("admin")
    _make_client(app, OFFICE)  # holds register number PB-KORBAN-001
    before = count_clients()
    data = valid_form(work_before="Pedagang sayur keliling", **overrides)
    response = auth.post(f"{BASE}/baru", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in body
    assert "Pedagang sayur keliling" in body  # what the user typed is still there
    assert count_clients() == before


def test_every_broken_rule_of_the_form_is_shown_at_once(app, auth, signed_in, count_clients):
    signed_in("admin")
    _make_client(app, OFFICE)  # holds register number PB-KORBAN-001
    data = valid_form(
        register_number="PB-KORBAN-001", guidance_end="2024-12-31", phone="hubungi istri"
    )
    body = auth.post(f"{BASE}/baru", data).get_data(as_text=True)
    for message in (
        "sudah dipakai di kantor ini",
        "Tanggal akhir bimbingan harus setelah tanggal mulai.",
        "Nomor telepon hanya boleh berisi angka",
    ):
        assert body.count(message) == 2, message  # in the summary and at its field
    assert count_clients() == 1


def test_bad_edit_changes_nothing_and_keeps_typing(app, auth, signed_in, in_office):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    form = auth.client.get(f"{BASE}/{client_id}/ubah").text
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    response = auth.post(
        f"{BASE}/{client_id}/ubah",
        valid_form(
            register_number="PB-KORBAN-001",
            name="Nama Ketikan",
            nik="36030115059",
            version_id=version,
        ),
    )
    assert "NIK harus terdiri dari tepat 16 angka." in response.text
    assert "Nama Ketikan" in response.text and "36030115059" in response.text
    assert in_office(
        OFFICE,
        lambda: (
            db.session.get(Client, client_id).name,
            db.session.get(Client, client_id).version_id,
        ),
    ) == ("Budi Santoso", 1)


def test_pk_of_another_office_is_not_found(app, auth, signed_in, make_user, count_clients):
    signed_in("admin")
    foreign_pk = make_user("pk", office="tangerang")
    response = auth.post(f"{BASE}/baru", valid_form(pk_id=str(foreign_pk)))
    assert "PK tidak ditemukan di kantor ini." in response.text
    assert count_clients() == 0


def test_register_number_may_repeat_in_another_office(app, auth, signed_in, count_clients):
    signed_in("admin")
    _make_client(app, "tangerang")  # PB-KORBAN-001 in Tangerang
    response = auth.post(f"{BASE}/baru", valid_form(register_number="PB-KORBAN-001"))
    assert response.status_code == 302
    assert count_clients() == 1
    listing = auth.client.get(f"{BASE}/").text
    assert "1 klien" in listing and "Budi Santoso" not in listing  # Tangerang's stays there


def _status_now(in_office, client_id: int) -> tuple[str, int]:
    return in_office(
        OFFICE,
        lambda: (
            db.session.get(Client, client_id).status,
            db.session.scalar(select(func.count(ClientStatusChange.id))),
        ),
    )


def test_status_change_is_kept_as_history(app, auth, signed_in, in_office):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    data = {"to_status": "dicabut", "on": "2025-06-02", "reason": "Tidak wajib lapor"}
    response = auth.post(f"{BASE}/{client_id}/status", {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("changed=status#ringkasan")
    page = auth.client.get(response.headers["Location"]).text
    assert "Tidak wajib lapor" in page and "Dicabut" in page
    assert re.search(r'<div data-changed data-testid="summary-status">', page)
    assert "status" in _audit_actions(in_office, client_id)


def test_ending_guidance_asks_for_confirmation_first(app, auth, signed_in, in_office):
    """The first POST shows what will happen and changes nothing; cancelling is a link."""
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    form = auth.client.get(f"{BASE}/{client_id}/status?ke=selesai").text
    status_form = form.split('data-testid="status-form"')[1]
    assert re.search(r'<input checked [^>]*name="to_status"[^>]*value="selesai">', status_form)
    assert 'value="pindah"' not in status_form  # a transfer has its own page
    data = {"to_status": "selesai", "on": "2025-06-02", "reason": "Masa bimbingan dipenuhi"}
    check = auth.post(f"{BASE}/{client_id}/status", data)
    assert check.status_code == 200
    assert "Akhiri bimbingan" in check.text and "Ya, akhiri bimbingan" in check.text
    assert "Jadwal wajib lapor ditutup" in check.text and "dibatalkan" in check.text
    assert f'href="/{OFFICE}/klien/{client_id}#ringkasan" data-testid="cancel"' in check.text
    assert _status_now(in_office, client_id) == ("aktif", 0)
    again = auth.post(f"{BASE}/{client_id}/status", {**data, "edit": "1"})
    assert "Masa bimbingan dipenuhi" in again.text and "Lanjutkan" in again.text
    assert _status_now(in_office, client_id) == ("aktif", 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "to_status": "selesai",
                "on": (date.today() + timedelta(days=3)).isoformat(),
                "reason": "Selesai",
            },
            "tidak boleh di masa depan",
        ),
        (
            {"to_status": "selesai", "on": "2024-12-01", "reason": "Selesai"},
            "tidak boleh sebelum mulai bimbingan",
        ),
        ({"to_status": "selesai", "on": "2025-06-02", "reason": ""}, "Wajib diisi."),
        ({"to_status": "aktif", "on": "2025-06-02", "reason": "x"}, "tidak dapat diubah"),
    ],
)
def test_bad_status_change_changes_nothing(app, auth, signed_in, in_office, data, message):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    for step in ({}, {"confirmed": "1"}):  # refused before the confirmation, and at it
        response = auth.post(f"{BASE}/{client_id}/status", {**data, **step})
        assert message in response.text
        assert 'data-testid="error-summary"' in response.text
        assert "Ya, akhiri bimbingan" not in response.text
    assert _status_now(in_office, client_id) == ("aktif", 0)


def test_concurrent_edit_is_refused_and_keeps_typing(app, auth, signed_in, in_office):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    form = auth.client.get(f"{BASE}/{client_id}/ubah").text
    stale = re.search(r'name="version_id" type="hidden" value="(\d+)"', form).group(1)
    common = {"register_number": "PB-KORBAN-001", "nik": "3603011505900001"}
    first = auth.post(
        f"{BASE}/{client_id}/ubah", valid_form(name="Disimpan Duluan", version_id=stale, **common)
    )
    assert first.status_code == 302
    second = auth.post(
        f"{BASE}/{client_id}/ubah", valid_form(name="Ketikan Kedua", version_id=stale, **common)
    )
    assert "telah diubah oleh petugas lain" in second.text
    assert "Ketikan Kedua" in second.text
    assert in_office(OFFICE, lambda: db.session.get(Client, client_id).name) == "Disimpan Duluan"


def test_juvenile_file_is_seen_only_by_its_pk_and_the_administrator(
    app, client, auth, make_user, in_office
):
    own_pk = make_user("pk", office=OFFICE, username="pk.anak")
    make_user("pk", office=OFFICE, username="pk.lain")
    make_user("admin", office=OFFICE, username="admin.kantor")
    make_user("staff", office=OFFICE, username="staf.kantor")
    anak_id = _make_juvenile(app, OFFICE, own_pk)
    assert in_office(OFFICE, lambda: db.session.get(Client, anak_id).category) == "anak"

    for username in ("pk.lain", "staf.kantor"):
        auth.login(username, OFFICE)
        assert client.get(f"{BASE}/{anak_id}").status_code == 404
        assert client.get(f"{BASE}/{anak_id}/ubah").status_code in (403, 404)
        assert "Anak Rahasia" not in client.get(f"{BASE}/?category=anak").text
        auth.logout()
    for username in ("pk.anak", "admin.kantor"):
        auth.login(username, OFFICE)
        assert "Anak Rahasia" in client.get(f"{BASE}/{anak_id}").text
        listing = client.get(f"{BASE}/").text
        assert "Anak Rahasia" in listing and "badge-anak" in listing
        auth.logout()
    auth.login("admin.kantor", OFFICE)
    caseload = client.get(f"{BASE}/beban-kerja").text
    row = caseload.split('data-pk="pk.anak"')[1].split("</tr>")[0]
    assert 'data-testid="caseload-active">1<' in row and "1 anak" in row


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_read_only_roles_cannot_write(app, auth, signed_in, count_clients, role):
    signed_in(role)
    client_id = _make_client(app, OFFICE)
    assert auth.client.get(f"{BASE}/{client_id}").status_code == 200
    assert auth.client.get(f"{BASE}/").status_code == 200
    assert auth.client.get(f"{BASE}/baru").status_code == 403
    assert auth.post(f"{BASE}/baru", valid_form(register_number="X-1")).status_code == 403
    assert auth.post(f"{BASE}/{client_id}/ubah", valid_form()).status_code == 403
    assert (
        auth.post(
            f"{BASE}/{client_id}/status",
            {"to_status": "selesai", "on": "2025-06-02", "reason": "x"},
        ).status_code
        == 403
    )
    assert auth.client.get(f"{BASE}/beban-kerja").status_code == 403
    assert count_clients() == 1


def test_status_change_is_not_possible_by_get(app, auth, signed_in, in_office):
    signed_in("pk")
    client_id = _make_client(app, OFFICE)
    page = auth.client.get(f"{BASE}/{client_id}/status?ke=selesai&on=2025-06-02&reason=x")
    assert page.status_code == 200 and "Lanjutkan" in page.text
    assert _status_now(in_office, client_id) == ("aktif", 0)


def test_list_is_paginated_and_sorted(app, auth, signed_in, in_office):
    from portal.clients.operations import create_client

    signed_in("viewer")

    def make_many():
        for i in range(55):
            create_client(
                register_number=f"R-{i:03d}",
                name=f"Klien {i:03d}",
                nik="3302011505900003",
                sex="L",
                birth_date=date(1990, 5, 15),
                offence="narkotika",
                program="asimilasi",
                guidance_start=date(2025, 1, 1) + timedelta(days=i),
                guidance_end=date(2026, 1, 1),
            )
        db.session.commit()

    in_office(OFFICE, make_many)
    first = auth.client.get(f"{BASE}/?sort=nama").text
    assert "55 klien" in first and "Klien 000" in first and "Klien 050" not in first
    assert "Halaman 1 dari 2" in first
    second = auth.client.get(f"{BASE}/?sort=nama&page=2").text
    assert "Klien 050" in second and "Klien 049" not in second
    # A page past the end (an old link after clients left the filter) shows the last one.
    beyond = auth.client.get(f"{BASE}/?sort=nama&page=9").text
    assert "55 klien" in beyond and "Halaman 2 dari 2" in beyond and "Klien 054" in beyond
    nothing = auth.client.get(f"{BASE}/?q=tidak-ada-yang-cocok&page=3").text
    assert "0 klien" in nothing and "Tidak ada klien yang cocok." in nothing
    newest_first = auth.client.get(f"{BASE}/?sort=mulai").text
    assert newest_first.index("Klien 054") < newest_first.index("Klien 053")


def test_operations_hold_the_rules_for_other_doors_too(app, in_office):
    """The Excel import and the CLI call the operations directly, without a form."""
    from portal.clients.operations import create_client
    from portal.errors import OperationError

    base = {
        "register_number": "IMP-1",
        "name": "Impor",
        "nik": "3302011505900003",
        "sex": "L",
        "birth_date": date(1990, 5, 15),
        "offence": "narkotika",
        "program": "pb",
        "guidance_start": date(2025, 1, 1),
        "guidance_end": date(2026, 1, 1),
    }

    def attempt(**overrides):
        try:
            create_client(**{**base, **overrides})
        except OperationError as exc:
            db.session.rollback()
            return exc.field
        db.session.rollback()
        return None

    assert in_office(OFFICE, lambda: attempt(street=None, phone=None)) is None
    assert in_office(OFFICE, lambda: attempt(name="x" * 121)) == "name"
    assert in_office(OFFICE, lambda: attempt(offence="mencuri")) == "offence"
    assert in_office(OFFICE, lambda: attempt(category_override="anak")) == "category_reason"
    assert in_office(OFFICE, lambda: attempt(pk_id=99999)) == "pk_id"


def test_another_offices_file_cannot_be_changed_through_ones_own_office(
    app, auth, signed_in, in_office
):
    signed_in("admin")
    victim_id = _make_client(app, "tangerang")
    form = valid_form(
        register_number="PB-KORBAN-001", name="Diubah", nik="3603011505900001", version_id="1"
    )
    assert auth.post(f"{BASE}/{victim_id}/ubah", form).status_code == 404
    status = {"to_status": "selesai", "on": "2025-06-02", "reason": "x"}
    assert auth.post(f"{BASE}/{victim_id}/status", status).status_code == 404
    assert in_office(
        "tangerang",
        lambda: (db.session.get(Client, victim_id).name, db.session.get(Client, victim_id).status),
    ) == ("Budi Santoso", "aktif")


def test_demo_seed_fills_each_office_with_consistent_clients(app, runner, in_office):
    from portal.clients.operations import check_nik, derive_category

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0

    def summary():
        clients = db.session.scalars(select(Client)).all()
        for c in clients:
            check_nik(c.nik, c.birth_date, c.sex)  # raises if inconsistent
            assert c.category == derive_category(c.birth_date, c.guidance_start)
        changes = db.session.scalar(select(func.count(ClientStatusChange.id)))
        arrived = db.session.scalar(  # files opened by transfers from the other demo offices
            select(func.count(ClientTransfer.id)).where(ClientTransfer.direction == "masuk")
        )
        return (
            len(clients) - arrived,
            {c.status for c in clients},
            sum(c.is_anak for c in clients),
            changes,
        )

    for slug in ("purwokerto", "mataram", "tangerang", "jakarta-timur-utara"):
        total, statuses, anak, changes = in_office(slug, summary)
        # the current caseload and the files closed long ago (portal.clients.demo.PAST_SHARE)
        size, scale = app.config["DEMO_CLIENTS_PER_OFFICE"], app.config["DEMO_CLOSED_SCALE"]
        past = round(size * scale * PAST_SHARE.get(slug, DEFAULT_PAST_SHARE))
        assert total == size + past
        assert {"aktif", "selesai", "dicabut"} <= statuses
        assert 1 <= anak <= total * 0.15 and changes > total / 6
