"""System administrators create and reset administrator accounts without ever
holding a credential that opens an office's client data (issue 14, findings 2-3)."""

from __future__ import annotations

import re

from conftest import Auth
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.extensions import db
from portal.tenancy import all_offices

NEW_PASSWORD = "Sawah-Hijau-Banyumas-7"  # noqa: S105 - a test password
LINK_RE = re.compile(r'data-testid="enrolment-link">http://localhost(/[^<]+)<')


def _create_admin(auth, office_id: int, username: str = "admin.baru"):
    return auth.post(
        "/admin/akun/baru",
        {
            "username": username,
            "full_name": "Dewi Lestari",
            "role": "admin",
            "nip": "",
            "office_id": str(office_id),
            "region_id": "0",
        },
        form_page="/admin/akun/baru",
    )


def _accounts(app, username):
    with app.app_context(), all_offices("test"):
        return db.session.scalars(select(User).where(User.username == username)).all()


def _link(response) -> str:
    match = LINK_RE.search(response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:3000]
    return match.group(1)


def _enrol(app, path: str, password: str = NEW_PASSWORD):
    holder = Auth(app.test_client())
    return holder, holder.post(
        path, {"new_password": password, "confirm": password}, form_page=path
    )


def test_creating_an_office_administrator_answers_and_stores_one_account(
    app, auth, make_user, office
):
    make_user("sysadmin", username="root")
    auth.login("root")
    response = _create_admin(auth, office("purwokerto").id)
    assert response.status_code == 200
    assert len(_accounts(app, "admin.baru")) == 1
    # The sysadmin is shown a link, never a password.
    assert "temporary-password" not in response.get_data(as_text=True)
    path = _link(response)
    assert path.startswith("/purwokerto/aktivasi/")


def test_a_refused_account_stores_nothing(app, auth, make_user, office):
    make_user("sysadmin", username="root")
    make_user("admin", office="purwokerto", username="admin.lama")
    auth.login("root")
    response = _create_admin(auth, office("purwokerto").id, username="admin.lama")
    assert response.status_code == 200
    assert "Nama pengguna sudah dipakai" in response.get_data(as_text=True)
    assert len(_accounts(app, "admin.lama")) == 1


def test_the_account_holder_chooses_the_password_through_a_one_time_link(
    app, auth, make_user, office
):
    make_user("sysadmin", username="root")
    auth.login("root")
    path = _link(_create_admin(auth, office("purwokerto").id))
    # No password opens the account before its holder chooses one.
    assert Auth(app.test_client()).login("admin.baru", "purwokerto", "").status_code == 200
    holder, response = _enrol(app, path)
    assert response.status_code == 302 and response.location.endswith("/purwokerto/login")
    signed_in = holder.login("admin.baru", "purwokerto", NEW_PASSWORD)
    assert signed_in.status_code == 302 and signed_in.location == "/purwokerto/"
    # The link works once: a second use is refused and says what to do.
    again = app.test_client().get(path)
    assert again.status_code == 404
    assert "laporkan segera" in again.get_data(as_text=True)
    # The office's own audit log shows who made the link and when it was used.
    with app.app_context(), all_offices("test"):
        events = db.session.execute(
            select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.office_id).where(
                AuditEvent.object_type == "user", AuditEvent.summary == "admin.baru"
            )
        ).all()
    purwokerto = office("purwokerto").id
    assert ("enrolment_link", "Uji root", purwokerto) in events
    assert any(action == "enrol" and office_id == purwokerto for action, _, office_id in events)


def test_a_reset_gives_the_sysadmin_no_password_and_locks_the_old_one(app, client, auth, make_user):
    make_user("sysadmin", username="root")
    admin_id = make_user("admin", office="mataram", username="admin.mataram")
    holder = Auth(app.test_client())
    assert holder.login("admin.mataram", "mataram").status_code == 302
    auth.login("root")
    response = auth.post(f"/admin/akun/{admin_id}/reset-sandi", form_page="/admin/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "temporary-password" not in body
    path = _link(response)
    # The holder notices at once: their session ended and their password no longer works.
    assert holder.client.get("/mataram/").status_code == 302
    assert Auth(app.test_client()).login("admin.mataram", "mataram").status_code == 200
    assert _enrol(app, path)[1].status_code == 302


def test_a_central_account_never_signs_in_to_an_office(app, make_user):
    make_user("sysadmin", username="root")
    response = Auth(app.test_client()).login("root", "purwokerto")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_a_central_account_enrols_at_the_centre(app, auth, make_user):
    make_user("sysadmin", username="root")
    auth.login("root")
    response = auth.post(
        "/admin/akun/baru",
        {
            "username": "ditjen.baru",
            "full_name": "Rudi Hartono",
            "role": "national",
            "nip": "",
            "office_id": "0",
            "region_id": "0",
        },
        form_page="/admin/akun/baru",
    )
    path = _link(response)
    assert path.startswith("/pusat/aktivasi/")
    holder, enrolled = _enrol(app, path)
    assert enrolled.status_code == 302
    assert holder.login("ditjen.baru", None, NEW_PASSWORD).status_code == 302
