"""The office administrator reads the office's audit log: filtered, paged, own office only."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import office_scope

OFFICE = "purwokerto"  # WIB, UTC+7
URL = f"/{OFFICE}/audit/"


@pytest.fixture
def add_events(app):
    """add_events(slug, [(at, actor, action, object_type, summary), ...]) writes log rows."""

    def add(slug: str, rows: list[tuple]) -> None:
        with app.app_context():
            office_id = db.session.scalar(select(Office.id).where(Office.slug == slug))
            with office_scope(office_id):
                for at, actor, action, object_type, summary in rows:
                    db.session.add(
                        AuditEvent(
                            at=at,
                            actor_name=actor,
                            action=action,
                            object_type=object_type,
                            object_id=1,
                            summary=summary,
                        )
                    )
                db.session.commit()
            db.session.remove()

    return add


@pytest.fixture
def admin(auth, make_user):
    make_user("admin", office=OFFICE, username="admin.pwt", full_name="Admin Purwokerto")
    auth.login("admin.pwt", OFFICE)
    return auth


def _rows(html: str) -> list[str]:
    body = html.split('data-testid="audit-events"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr><td>.*?</tr>", body, re.S)


def test_administrator_reads_only_their_own_offices_log(admin, add_events, make_user, auth):
    add_events(OFFICE, [(datetime(2026, 3, 2, 3, 0), "Sari", "view", "client", "Berkas PWT-1")])
    add_events("tangerang", [(datetime(2026, 3, 2, 3, 0), "Tono", "view", "client", "TNG-9")])
    html = admin.client.get(URL).get_data(as_text=True)
    assert "Berkas PWT-1" in html and "TNG-9" not in html and "Tono" not in html
    assert 'href="/purwokerto/audit/"' in admin.client.get(f"/{OFFICE}/").get_data(as_text=True)

    make_user("pk", office=OFFICE, username="pk.pwt")
    admin.logout()
    auth.login("pk.pwt", OFFICE)
    assert auth.client.get(URL).status_code == 403
    assert "/audit/" not in auth.client.get(f"/{OFFICE}/").get_data(as_text=True)


def test_filters_use_the_offices_own_calendar_days(admin, add_events):
    add_events(
        OFFICE,
        [
            # 17:30 UTC on 1 March is 00:30 WIB on 2 March: it belongs to 2 March here.
            (datetime(2026, 3, 1, 17, 30), "Sari", "status", "client", "Status PB-7"),
            (datetime(2026, 3, 1, 9, 0), "Budi", "view", "litmas", "Litmas PB-8 dibuka"),
        ],
    )
    html = admin.client.get(f"{URL}?dari=2026-03-02&sampai=2026-03-02").get_data(as_text=True)
    assert "Status PB-7" in html and "Litmas PB-8" not in html
    html = admin.client.get(f"{URL}?dari=2026-03-01&sampai=2026-03-01").get_data(as_text=True)
    assert "Litmas PB-8" in html and "Status PB-7" not in html

    only_budi = admin.client.get(f"{URL}?pengguna=Budi").get_data(as_text=True)
    assert [r for r in _rows(only_budi) if "Litmas PB-8" in r] and "Status PB-7" not in only_budi
    by_action = admin.client.get(f"{URL}?aksi=status").get_data(as_text=True)
    assert "Status PB-7" in by_action and "Litmas PB-8" not in by_action
    by_kind = admin.client.get(f"{URL}?jenis=litmas").get_data(as_text=True)
    assert "Litmas PB-8" in by_kind and "Status PB-7" not in by_kind
    searched = admin.client.get(f"{URL}?q=pb-7").get_data(as_text=True)
    assert "Status PB-7" in searched and "Litmas PB-8" not in searched


def test_a_bad_date_is_explained_and_kept_and_filters_nothing_out(admin, add_events):
    add_events(OFFICE, [(datetime(2026, 3, 1, 9, 0), "Budi", "view", "client", "Berkas PB-8")])
    html = admin.client.get(f"{URL}?dari=1-3-2026").get_data(as_text=True)
    assert "Tanggal tidak valid (format TTTT-BB-HH)." in html
    assert 'value="1-3-2026"' in html and "Berkas PB-8" in html


def test_log_is_paged_newest_first_and_reading_it_is_recorded(app, admin, add_events):
    add_events(
        OFFICE,
        [
            (datetime(2026, 1, 1, 1, i), "Sari", "view", "client", f"Berkas N-{i:02d}")
            for i in range(55)
        ],
    )
    first = admin.client.get(f"{URL}?q=Berkas").get_data(as_text=True)
    rows = _rows(first)
    assert len(rows) == 50 and "Berkas N-54" in rows[0] and "Halaman 1 dari 2" in first
    assert "55 kejadian" in first
    second = admin.client.get(f"{URL}?q=Berkas&page=2").get_data(as_text=True)
    assert len(_rows(second)) == 5 and "Berkas N-00" in _rows(second)[-1]
    assert 'href="/purwokerto/audit/?page=1&amp;q=Berkas"' in second

    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.slug == OFFICE))
        with office_scope(office_id):
            views = db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.object_type == "audit_log")
            )
        db.session.remove()
    assert views == 2
