"""Demo data, the README's accounts, and the language switch."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.auth.models import User
from portal.demo.seed import DEMO_PASSWORD
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices


def test_demo_seed_creates_an_account_per_role(app, runner, auth, client):
    result = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context(), all_offices("test counts demo accounts"):
        roles = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    assert {"admin", "pk", "staff", "viewer", "regional", "national", "sysadmin"} <= set(roles)
    assert roles["admin"] == 4
    again = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert "nothing done" in again.output
    assert auth.login("pk", "purwokerto", DEMO_PASSWORD).status_code == 302
    accounts = runner.invoke(args=["demo", "accounts"]).output
    assert "/purwokerto/login" in accounts and DEMO_PASSWORD in accounts
    # Every account the seed made is printed, on its office's line or the centre's.
    lines = {line.split()[0]: line for line in accounts.splitlines()[1:]}
    with app.app_context(), all_offices("test reads demo accounts"):
        made = db.session.execute(
            select(User.username, User.office_id.is_(None), User.office_id)
        ).all()
        slugs = dict(db.session.execute(select(Office.id, Office.slug)).all())
    for username, central, office_id in made:
        line = lines["/pusat/login" if central else f"/{slugs[office_id]}/login"]
        assert f" {username}" in line.replace(",", " ").replace("(", " "), username
    _demo_has_litmas_requests_of_every_kind(app)


def _demo_has_litmas_requests_of_every_kind(app) -> None:
    """Each office's demo desk: every requester kind and purpose, some delivered late, a
    child's diversion open, requests linked to the case files of people now clients."""
    from portal.litmas.requests import vocab
    from portal.litmas.requests.models import LitmasRequest as R

    with app.app_context(), all_offices("test reads demo Litmas requests"):
        for office_id in db.session.scalars(select(Office.id)):
            rows = db.session.execute(
                select(
                    R.requester_kind, R.purpose, R.status, R.due_at, R.delivered_at, R.client_id
                ).where(R.office_id == office_id)
            ).all()
            assert {r.requester_kind for r in rows} == set(vocab.REQUESTER_KINDS)
            assert {r.purpose for r in rows} == set(vocab.PURPOSES)
            assert any(r.delivered_at and r.delivered_at > r.due_at for r in rows)
            assert any(r.purpose == "diversi" and r.status in vocab.OPEN for r in rows)
            assert set(vocab.STATUSES) == {r.status for r in rows}
            assert any(r.client_id for r in rows)


def test_indonesian_by_default_english_on_request(client):
    assert "Pilih kantor Anda" in client.get("/").get_data(as_text=True)
    token = (
        client.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    )
    client.post("/bahasa", data={"csrf_token": token, "lang": "en", "next": "/"})
    assert "Choose your office" in client.get("/").get_data(as_text=True)


def test_form_library_messages_are_in_indonesian(client):
    token = client.get("/purwokerto/login").get_data(as_text=True)
    token = token.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    page = client.post(
        "/purwokerto/login", data={"csrf_token": token, "username": "", "password": ""}
    )
    assert "Wajib diisi." in page.get_data(as_text=True)


def test_template_text_dates_and_labels_follow_the_language(app):
    """The fast paths (catalogue once per request, remembered dates) still follow the
    request's language, also when code switches it with `force_locale`."""
    from datetime import date

    from flask import render_template_string
    from flask_babel import force_locale

    from portal.clients import vocab

    page = "{{ _('Keluar') }} {{ day|day }} {{ label }}"
    with app.test_request_context("/"):

        def render():
            return render_template_string(
                page, day=date(2025, 8, 17), label=vocab.label(vocab.STATUSES, vocab.SELESAI)
            )

        indonesian = render()
        with force_locale("en"):
            english = render()
        assert render() == indonesian
    assert "Keluar" in indonesian and "17 Agu 2025" in indonesian and "Selesai" in indonesian
    assert "Sign out" in english and "17 Aug 2025" in english and "Completed" in english


def test_templates_translate_as_jinjas_own_gettext_does(app):
    """Templates' `_` skips Jinja's alias and newstyle wrapper and keeps each label
    (portal.i18n.template_gettext); what it gives is what Jinja's own would: translated,
    safe text, "%%" read as "%", variables escaped, each language its own."""
    from flask import render_template_string
    from flask_babel import force_locale
    from jinja2.ext import _make_new_gettext

    from portal import i18n

    jinja_own = _make_new_gettext(i18n.gettext)
    page = (
        "{{ _('Keluar') }}|{{ _('Keluar') }}|{{ _('%%(n)d hari lagi') }}|"
        "{{ _('%(n)d hari lagi', n=3) }}|{{ _('Halo %(name)s', name=name) }}|"
        "{% autoescape false %}{{ _('Halo %(name)s', name=name) }}{% endautoescape %}"
    )
    with app.test_request_context("/"):
        for language in ("id", "en"):
            with force_locale(language):
                fast = render_template_string(page, name="<b>Ani</b>")
                app.jinja_env.globals.update(_=jinja_own, gettext=jinja_own)
                try:
                    own = render_template_string(page, name="<b>Ani</b>")
                finally:
                    app.jinja_env.globals.update(
                        _=i18n.template_gettext, gettext=i18n.template_gettext
                    )
            assert fast == own
            shown = fast.split("|")
            assert shown[0] == shown[1] == ("Keluar" if language == "id" else "Sign out")
            assert shown[2] == "%(n)d hari lagi"
            assert shown[3] == ("3 hari lagi" if language == "id" else "3 days left")
            assert shown[4].endswith("&lt;b&gt;Ani&lt;/b&gt;")
            assert shown[5].endswith("<b>Ani</b>")
