"""Office administrators manage their own office's accounts in the web UI."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.extensions import db
from portal.tenancy import all_offices


def _user(app, username):
    with app.app_context(), all_offices("test"):
        user = db.session.scalar(
            select(User).where(User.username == username).options(joinedload(User.office))
        )
        db.session.expunge_all()
        return user


def test_admin_creates_and_edits_a_user(app, client, auth, make_user):
    make_user("admin", office="mataram", username="admin")
    auth.login("admin", "mataram")
    response = auth.post(
        "/mataram/pengguna/baru",
        {
            "username": "baiq.nurul",
            "full_name": "Baiq Nurul Hidayati",
            "role": "pk",
            "nip": "198703152010122001",
        },
        form_page="/mataram/pengguna/baru",
    )
    assert response.status_code == 200
    user = _user(app, "baiq.nurul")
    assert user.role == "pk" and user.must_change_password and user.office.slug == "mataram"
    response = auth.post(
        f"/mataram/pengguna/{user.id}/ubah",
        {"full_name": "Baiq Nurul H.", "role": "staff", "nip": ""},
        form_page=f"/mataram/pengguna/{user.id}/ubah",
    )
    assert response.status_code == 302
    assert _user(app, "baiq.nurul").role == "staff"
    assert "Baiq Nurul H." in client.get("/mataram/pengguna/").get_data(as_text=True)


def test_bad_input_is_explained_and_nothing_is_stored(app, client, auth, make_user):
    make_user("admin", office="mataram", username="admin")
    auth.login("admin", "mataram")
    for data, message in [
        (
            {"username": "admin", "full_name": "Dua Kali", "role": "pk", "nip": ""},
            "Nama pengguna sudah dipakai",
        ),
        ({"username": "x y", "full_name": "Spasi", "role": "pk", "nip": ""}, "Nama pengguna 2"),
        (
            {"username": "nipsalah", "full_name": "NIP Salah", "role": "pk", "nip": "12345"},
            "NIP harus 18 digit",
        ),
    ]:
        response = auth.post("/mataram/pengguna/baru", data, form_page="/mataram/pengguna/baru")
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and message in body
        assert data["full_name"] in body  # what the user typed is kept
    assert _user(app, "nipsalah") is None and _user(app, "x y") is None


def test_admin_cannot_lock_themselves_out(app, auth, make_user):
    admin_id = make_user("admin", office="mataram", username="admin")
    auth.login("admin", "mataram")
    auth.post(
        f"/mataram/pengguna/{admin_id}/ubah",
        {"full_name": "Admin", "role": "viewer", "nip": ""},
        form_page=f"/mataram/pengguna/{admin_id}/ubah",
    )
    auth.post(f"/mataram/pengguna/{admin_id}/nonaktifkan", form_page="/mataram/pengguna/")
    user = _user(app, "admin")
    assert user.role == "admin" and user.active


def test_reset_password_gives_a_one_time_password(app, auth, make_user):
    make_user("admin", office="mataram", username="admin")
    pk = make_user("pk", office="mataram", username="lupa")
    auth.login("admin", "mataram")
    response = auth.post(f"/mataram/pengguna/{pk}/reset-sandi", form_page="/mataram/pengguna/")
    assert 'data-testid="temporary-password"' in response.get_data(as_text=True)
    assert _user(app, "lupa").must_change_password


def test_non_admins_cannot_manage_users(client, auth, make_user):
    make_user("pk", office="mataram", username="pk1")
    auth.login("pk1", "mataram")
    assert client.get("/mataram/pengguna/").status_code == 403
