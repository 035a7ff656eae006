"""The office administrator reads the office's audit log: in words, in either language,
filtered, paged by position, own office only; sign-in events included; a typed export."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices, office_scope
from tests.isolation_fixtures import _make_client

OFFICE = "purwokerto"  # WIB, UTC+7
URL = f"/{OFFICE}/audit/"


@pytest.fixture
def add_events(app):
    """add_events(slug, [(at, actor, action, object_type, summary[, id, detail, actor_id])])."""

    def add(slug: str, rows: list[tuple]) -> None:
        with app.app_context():
            office_id = db.session.scalar(select(Office.id).where(Office.slug == slug))
            with office_scope(office_id):
                for at, actor, action, object_type, summary, *more in rows:
                    object_id, detail, actor_id = [*more, *[1, {}, None][len(more) :]]
                    db.session.add(
                        AuditEvent(
                            at=at,
                            actor_id=actor_id,
                            actor_name=actor,
                            action=action,
                            object_type=object_type,
                            object_id=object_id,
                            summary=summary,
                            detail=detail,
                        )
                    )
                db.session.commit()
            db.session.remove()

    return add


def _events(app, slug: str | None, action: str) -> list[AuditEvent]:
    with app.app_context(), all_offices("test reads the log"):
        office_id = (
            db.session.scalar(select(Office.id).where(Office.slug == slug)) if slug else None
        )
        found = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == action,
                AuditEvent.office_id == office_id if office_id else AuditEvent.office_id.is_(None),
            )
        ).all()
        db.session.expunge_all()
    return list(found)


@pytest.fixture
def admin(auth, make_user):
    make_user("admin", office=OFFICE, username="admin.pwt", full_name="Admin Purwokerto")
    auth.login("admin.pwt", OFFICE)
    return auth


def _rows(html: str) -> list[str]:
    body = html.split('data-testid="audit-events"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", body.split("<tbody>", 1)[1], re.S)


def _english(auth) -> None:
    auth.post("/bahasa", {"lang": "en", "next": "/"})


def test_administrator_reads_only_their_own_offices_log(admin, add_events, make_user, auth):
    add_events(OFFICE, [(datetime(2026, 3, 2, 3, 0), "Sari Pwt", "view", "client", "x")])
    add_events("tangerang", [(datetime(2026, 3, 2, 3, 0), "Tono Tng", "view", "client", "y")])
    html = admin.client.get(URL).get_data(as_text=True)
    assert "Sari Pwt" in html and "Tono Tng" not in html
    assert 'href="/purwokerto/audit/"' in admin.client.get(f"/{OFFICE}/").get_data(as_text=True)

    make_user("pk", office=OFFICE, username="pk.pwt")
    admin.logout()
    auth.login("pk.pwt", OFFICE)
    assert auth.client.get(URL).status_code == 403
    assert auth.client.get(f"{URL}ekspor.xlsx").status_code == 403
    assert "/audit/" not in auth.client.get(f"/{OFFICE}/").get_data(as_text=True)


def test_events_read_in_words_in_both_languages_with_links(app, admin, add_events):
    """Codes never reach the page; parameters are shown through the pages' own lists;
    the record is linked in this office only, never across."""
    mine = _make_client(app, OFFICE, register_number="PWT-AUD-1", name="Dewi Lestari")
    theirs = _make_client(app, "tangerang", register_number="TNG-AUD-9", name="Orang Tangerang")
    at = datetime(2026, 3, 2, 3, 0)
    add_events(
        OFFICE,
        [
            (at, "Sari", "reoffence", "client", "Kejadian x", mine, {"kind": "tindak_pidana_baru"}),
            (at, "Sari", "status", "client", "Status y", mine, {"from": "aktif", "to": "selesai"}),
            (at, "Sari", "view", "training_participants", "Daftar peserta pelatihan dibuka"),
            (at, "Sari", "view", "client", "Berkas klien TNG-AUD-9 dibuka", theirs, {}),
        ],
    )
    html = admin.client.get(URL).get_data(as_text=True)
    rows = _rows(html)
    for code in ("tindak_pidana_baru", "training_participants", ">view<", ">reoffence<"):
        assert code not in "".join(rows)
    assert "Mencatat pelanggaran atau tindak pidana" in html and "Tindak pidana baru" in html
    assert "Aktif → Selesai" in html and "Daftar peserta pelatihan" in html
    assert f'<a href="/purwokerto/klien/{mine}">PWT-AUD-1</a>' in html
    # Another office's record is neither named nor linked, whatever id an event holds.
    assert "TNG-AUD-9" not in "".join(rows) and f"/klien/{theirs}" not in html

    _english(admin)
    html = admin.client.get(URL).get_data(as_text=True)
    assert "Recorded an offence or violation" in html and "New offence" in html
    assert "Active → Completed" in html and "Training participant list" in html
    assert "Opened" in html and "Client case file" in html
    for indonesian in ("Kejadian x", "dibuka", "Tindak pidana baru", "Membuka"):
        assert indonesian not in "".join(_rows(html))


def test_filters_use_the_offices_own_calendar_days(admin, add_events, make_user, app):
    budi = make_user("pk", office=OFFICE, username="budi", full_name="Budi Santoso")
    add_events(
        OFFICE,
        [
            # 17:30 UTC on 1 March is 00:30 WIB on 2 March: it belongs to 2 March here.
            (datetime(2026, 3, 1, 17, 30), "Sari Status", "status", "client", "Status PB-7"),
            (datetime(2026, 3, 1, 9, 0), "Budi Santoso", "view", "litmas", "L", 1, {}, budi),
        ],
    )
    html = admin.client.get(f"{URL}?dari=2026-03-02&sampai=2026-03-02").get_data(as_text=True)
    assert "Sari Status" in html and "Budi Santoso</td>" not in html
    html = admin.client.get(f"{URL}?dari=2026-03-01&sampai=2026-03-01").get_data(as_text=True)
    assert "Budi Santoso</td>" in html and "Sari Status" not in html

    only_budi = admin.client.get(f"{URL}?pengguna={budi}").get_data(as_text=True)
    assert len(_rows(only_budi)) == 1 and "Budi Santoso</td>" in only_budi
    by_action = admin.client.get(f"{URL}?aksi=status").get_data(as_text=True)
    assert "Sari Status" in by_action and "Budi Santoso</td>" not in by_action
    by_kind = admin.client.get(f"{URL}?jenis=litmas").get_data(as_text=True)
    assert "Budi Santoso</td>" in by_kind and "Sari Status" not in by_kind


def test_bad_filters_are_explained_kept_and_filter_nothing_out(admin, add_events):
    add_events(OFFICE, [(datetime(2026, 3, 1, 9, 0), "Budi", "view", "client", "Berkas PB-8")])
    cases = {
        "dari=1-3-2026": "Tanggal tidak valid (format TTTT-BB-HH).",
        "dari=9999-01-01": "",
        "pengguna=abc": "Pengguna ini tidak dikenal; pilih dari daftar.",
        "pengguna=99999999999999": "Pengguna ini tidak dikenal; pilih dari daftar.",
        "aksi=drop_table": "Aksi ini tidak dikenal; pilih dari daftar.",
        "jenis=zzz": "Jenis data ini tidak dikenal; pilih dari daftar.",
        "dari=2026-03-05&sampai=2026-03-01": "Tanggal akhir harus sama atau setelah",
        "sebelum=garbage": "Posisi halaman tidak dikenal",
        "sesudah=20260101000000000000-99999999999": "Posisi halaman tidak dikenal",
    }
    for query, message in cases.items():
        response = admin.client.get(f"{URL}?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert message in html, query
        assert len(_rows(html)) >= 1, query
    html = admin.client.get(f"{URL}?dari=1-3-2026").get_data(as_text=True)
    assert 'value="1-3-2026"' in html and "Budi</td>" in html
    assert admin.client.get(f"{URL}ekspor.xlsx?aksi=zzz&dari=x").status_code == 200


def test_log_is_paged_by_position_newest_first_and_reading_it_is_recorded(app, admin, add_events):
    add_events(
        OFFICE,
        [
            (datetime(2026, 1, 1, 1, i), f"Petugas {i:02d}", "view", "client", "x")
            for i in range(55)
        ],
    )
    first = admin.client.get(f"{URL}?q=Petugas").get_data(as_text=True)
    rows = _rows(first)
    assert len(rows) == 50 and "Petugas 54" in rows[0] and "Lebih baru" not in first
    older = re.search(r'href="([^"]*sebelum=[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "q=Petugas" in older
    second = admin.client.get(older).get_data(as_text=True)
    assert len(_rows(second)) == 5 and "Petugas 00" in _rows(second)[-1]
    assert "Petugas 04" in _rows(second)[0] and "Lebih lama" not in second
    newer = re.search(r'href="([^"]*sesudah=[^"]*)"', second).group(1).replace("&amp;", "&")
    back = admin.client.get(newer).get_data(as_text=True)
    assert _rows(back) == rows

    assert len(_events(app, OFFICE, "view")) >= 55 + 3
    views = [e for e in _events(app, OFFICE, "view") if e.object_type == "audit_log"]
    assert len(views) == 3


def test_sign_in_events_land_in_the_right_log_and_reveal_no_usernames(app, auth, client, make_user):
    make_user("pk", office=OFFICE, username="sari.pk", full_name="Sari Pertiwi")
    make_user("national", username="pusat.nasional", full_name="Petugas Pusat")

    wrong = auth.login("sari.pk", OFFICE, password="salah-sekali-123")
    unknown = auth.login("tidak.ada", OFFICE, password="salah-sekali-123")
    # The same answer, whether the account exists or not.
    assert wrong.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(wrong) == strip(unknown)
    failed = _events(app, OFFICE, "login_failed")
    assert sorted(e.detail["username"] for e in failed) == ["sari.pk", "tidak.ada"]
    assert {e.actor_name for e in failed} == {"Sari Pertiwi", "tidak.ada"}
    # A password typed in the username box is never stored.
    auth.login("Rahasia#Sandi 2026", OFFICE, password="x")
    assert "Rahasia#Sandi 2026" not in str([e.detail for e in _events(app, OFFICE, "login_failed")])

    for _ in range(4):
        auth.login("sari.pk", OFFICE, password="salah-sekali-123")
    lockouts = _events(app, OFFICE, "lockout")
    assert [e.detail["username"] for e in lockouts] == ["sari.pk"]
    assert lockouts[0].detail["minutes"] == 15
    for _ in range(5):  # an unknown name is locked out the same way (no telling them apart)
        auth.login("tidak.ada", OFFICE, password="salah-sekali-123")
    assert len(_events(app, OFFICE, "lockout")) == 2
    assert not _events(app, "tangerang", "login_failed")

    auth.login("pusat.nasional")
    auth.logout()
    assert [e.actor_name for e in _events(app, None, "login")] == ["Petugas Pusat"]
    assert [e.actor_name for e in _events(app, None, "logout")] == ["Petugas Pusat"]
    assert not _events(app, OFFICE, "login")

    make_user("admin", office=OFFICE, username="admin.pwt", full_name="Admin Purwokerto")
    auth.login("admin.pwt", OFFICE)
    html = auth.client.get(f"{URL}?aksi=login_failed").get_data(as_text=True)
    assert "Gagal masuk" in html and "nama pengguna «tidak.ada»" in html
    auth.logout()
    assert [e.actor_name for e in _events(app, OFFICE, "logout")] == ["Admin Purwokerto"]
    auth.login("admin.pwt", OFFICE)
    html = auth.client.get(URL).get_data(as_text=True)
    assert "Keluar" in html and "Akun dikunci sementara" in html and ">Masuk<" in html


def test_export_is_the_filtered_log_in_words_with_dates_as_dates(app, admin, add_events):
    add_events(
        OFFICE,
        [
            (
                datetime(2026, 3, 1, 9, 0),
                "Sari",
                "status",
                "client",
                "s",
                1,
                {"from": "aktif", "to": "dicabut"},
            ),
            (datetime(2026, 3, 3, 9, 0), "Budi", "view", "client", "v"),
        ],
    )
    response = admin.client.get(f"{URL}ekspor.xlsx?aksi=status&dari=2026-03-01")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Waktu", "Pengguna", "Aksi")
    assert len(rows) == 2
    at, who, action, kind, _id, _named, words = rows[1]
    assert isinstance(at, datetime) and at == datetime(2026, 3, 1, 16, 0)  # WIB
    assert (who, action, kind, words) == (
        "Sari",
        "Mengubah status",
        "Berkas klien",
        "Aktif → Dicabut",
    )
    exports = [e for e in _events(app, OFFICE, "export") if e.object_type == "audit_log"]
    assert len(exports) == 1 and exports[0].detail["action"] == "status"


def _recorded_codes() -> set[tuple[str, str, str]]:
    """(file, action, kind) of every audit call in the code whose codes are written out."""
    import ast
    from pathlib import Path

    calls = {"record", "record_read", "record_many"}
    found = set()
    for path in Path("portal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            action, kind = node.args[0], node.args[1]
            if name in calls:
                found.add(
                    (
                        str(path),
                        action.value if isinstance(action, ast.Constant) else "",
                        kind.value if isinstance(kind, ast.Constant) else "",
                    )
                )
    return found


def test_every_recorded_action_and_kind_reads_in_words():
    """A new module's audit codes must be given words, or the log shows raw codes."""
    from portal.audit import words

    codes = _recorded_codes()
    assert len(codes) > 20  # the scan finds the calls
    missing = [
        (path, action, kind)
        for path, action, kind in codes
        if (action and action not in words.ACTIONS)
        or (kind and words.ALIASES.get(kind, kind) not in words.KINDS)
    ]
    assert not missing, f"give these codes words in portal/audit/words.py: {missing}"


def test_system_administrator_reads_central_accounts_log_and_no_office_event(
    app, auth, make_user, add_events
):
    """Kanwil and Ditjenpas sign-ins and exports are read by the system administrator,
    who never sees an office's events (they may name its clients)."""
    add_events(
        OFFICE,
        [
            (
                datetime(2026, 11, 2, 3, 0),
                "Sari Pertiwi",
                "view",
                "client",
                "Berkas klien Budi Santoso dibuka",
            )
        ],
    )
    make_user("national", username="pusat.nasional", full_name="Petugas Pusat")
    make_user("regional", region="banten", username="kanwil.jateng", full_name="Petugas Kanwil")
    make_user("sysadmin", username="admin.sistem", full_name="Admin Sistem")
    for name in ("pusat.nasional", "kanwil.jateng"):
        auth.login(name)
        auth.logout()

    auth.login("admin.sistem")
    assert 'data-testid="central-audit-link"' in auth.client.get("/admin/").get_data(as_text=True)
    html = auth.client.get("/admin/audit/").get_data(as_text=True)
    rows = _rows(html)
    assert any("Petugas Pusat" in r and ">Masuk<" in r for r in rows)
    assert any("Petugas Kanwil" in r and ">Keluar<" in r for r in rows)
    assert "Budi Santoso" not in html and "Sari Pertiwi" not in html
    # The person filter lists central accounts only, and filters.
    assert "Sari Pertiwi" not in html
    logins = _events(app, None, "login")
    kanwil = next(e.actor_id for e in logins if e.actor_name == "Petugas Kanwil")
    only = auth.client.get(f"/admin/audit/?pengguna={kanwil}").get_data(as_text=True)
    assert all("Petugas Kanwil" in r for r in _rows(only)) and _rows(only)
    assert "tidak dikenal" in auth.client.get("/admin/audit/?pengguna=999999").get_data(
        as_text=True
    )

    sheet = auth.client.get("/admin/audit/ekspor.xlsx?aksi=login")
    assert sheet.status_code == 200
    cells = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert {row[1] for row in cells[1:]} == {"Petugas Pusat", "Petugas Kanwil", "Admin Sistem"}
    assert isinstance(cells[1][0], datetime)
    # Reading it is itself in the central log.
    assert [e.actor_name for e in _events(app, None, "export")] == ["Admin Sistem"]
