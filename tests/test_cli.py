"""`flask users create` makes the first accounts; bad input is refused with a reason."""

from __future__ import annotations

from conftest import Auth


def test_users_create_makes_an_office_administrator(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "admin.mtr",
            "--name",
            "Lalu Ahmad Zainul",
            "--role",
            "admin",
            "--office",
            "mataram",
            "--password",
            "Sandi-Admin-Mataram-1",
        ]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert Auth(client).login("admin.mtr", "mataram", "Sandi-Admin-Mataram-1").status_code == 302
    assert client.get("/mataram/pengguna/").status_code == 200


def test_users_create_refuses_bad_input(runner):
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "x1",
            "--name",
            "X",
            "--role",
            "pk",
            "--office",
            "bogor",
            "--password",
            "abc",
        ]
    )
    assert unknown.exit_code != 0 and "no office 'bogor'" in unknown.output
    weak = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "pk1",
            "--name",
            "Pk Satu",
            "--role",
            "pk",
            "--office",
            "mataram",
            "--password",
            "pendek",
        ]
    )
    assert weak.exit_code != 0 and "Kata sandi minimal" in weak.output
    regional = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "kanwil",
            "--name",
            "K",
            "--role",
            "regional",
            "--password",
            "Sandi-Kanwil-Baru-9",
        ]
    )
    assert regional.exit_code != 0 and "wilayah" in regional.output
