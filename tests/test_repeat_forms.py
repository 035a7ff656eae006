"""A form sent twice stores one record (issue 14, 9).

The answer to a POST can be lost after its write was stored (a worker killed, a
connection dropped); the user sends the same form again. Every form carries a one-time
submission token (portal/formonce.py): the repeat stores nothing and is answered with
the first sending's result.
"""

from __future__ import annotations

import os
import re
from datetime import date

from conftest import CSRF_RE, Auth
from sqlalchemy import func, select
from test_clients import valid_form

from portal.clients.models import Client
from portal.extensions import db
from portal.formonce import _one_time_token
from portal.guidance.models import GuidanceSession
from portal.reporting.models import Report

OFFICE = "purwokerto"
ONCE_RE = re.compile(r'name="form_once" value="([^"]+)"')
pytest_plugins = ["guidance_fixtures"]


def _form_tokens(client, path: str, marker: str = "") -> dict:
    """The hidden tokens of the form on `path` (the first after `marker`)."""
    html = client.get(path).get_data(as_text=True)
    html = html[html.index(marker) :] if marker else html
    return {
        "csrf_token": CSRF_RE.search(html).group(1),
        "form_once": ONCE_RE.search(html).group(1),
    }


def _send_twice(client, path: str, data: dict):
    first = client.post(path, data=data)
    second = client.post(path, data=data)  # the same bytes again: the answer was lost
    return first, second


def _rows(in_office, model) -> int:
    return in_office(lambda: db.session.scalar(select(func.count(model.id))))


def _the_first_answer_again(first, second, client) -> None:
    assert first.status_code == 302
    assert second.status_code == 303 and second.location == first.location
    page = client.get(second.location).get_data(as_text=True)
    assert "sudah terkirim dan tersimpan sebelumnya" in page


def test_a_guidance_session_sent_twice_is_stored_once(auth, login_as, new_client, in_office):
    from test_guidance_sessions import session_form

    pk_id = login_as("pk")
    client_id = new_client()
    path = f"/{OFFICE}/bimbingan/baru"
    data = {
        **session_form(pk_id, [(client_id, "hadir", "")], format="individu"),
        **_form_tokens(auth.client, f"{path}?klien={client_id}"),
    }
    first, second = _send_twice(auth.client, path, data)
    _the_first_answer_again(first, second, auth.client)
    assert _rows(in_office, GuidanceSession) == 1


def test_a_wajib_lapor_report_sent_twice_is_stored_once(auth, login_as, new_client, in_office):
    pk_id = login_as("pk")
    client_id = new_client(guidance_start=date(2025, 1, 6), guidance_end=date(2026, 12, 31))
    tokens = _form_tokens(
        auth.client, f"/{OFFICE}/klien/{client_id}", marker='data-testid="report-form"'
    )
    data = {"on": "2025-04-09", "mode": "kantor", "kelurahan": "", "pk_id": str(pk_id), "note": ""}
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
    first, second = _send_twice(auth.client, path, {**data, **tokens})
    _the_first_answer_again(first, second, auth.client)
    assert _rows(in_office, Report) == 1


def test_a_client_registration_sent_twice_is_stored_once(auth, login_as, in_office):
    pk_id = login_as("pk")
    path = f"/{OFFICE}/klien/baru"
    data = {**valid_form(pk_id=str(pk_id)), **_form_tokens(auth.client, path)}
    first, second = _send_twice(auth.client, path, data)
    _the_first_answer_again(first, second, auth.client)
    assert _rows(in_office, Client) == 1


def test_a_refused_form_can_be_corrected_and_sent(auth, login_as, in_office):
    """A refusal stores nothing, so the same token still stores the corrected form."""
    pk_id = login_as("pk")
    path = f"/{OFFICE}/klien/baru"
    tokens = _form_tokens(auth.client, path)
    refused = auth.client.post(path, data={**valid_form(nik="123"), **tokens})
    assert refused.status_code == 200 and _rows(in_office, Client) == 0
    stored = auth.client.post(path, data={**valid_form(pk_id=str(pk_id)), **tokens})
    assert stored.status_code == 302 and _rows(in_office, Client) == 1


def test_every_rendering_carries_a_fresh_token_and_another_user_cannot_replay(
    app, auth, login_as, make_user, in_office
):
    pk_id = login_as("pk")
    path = f"/{OFFICE}/klien/baru"
    assert (
        _form_tokens(auth.client, path)["form_once"] != _form_tokens(auth.client, path)["form_once"]
    )
    data = {**valid_form(pk_id=str(pk_id)), **_form_tokens(auth.client, path)}
    assert auth.client.post(path, data=data).status_code == 302
    make_user("pk", office=OFFICE, username="pk.lain")
    other = Auth(app.test_client())
    assert other.login("pk.lain", OFFICE).status_code == 302
    data["csrf_token"] = _form_tokens(other.client, path)["csrf_token"]
    answer = other.client.post(path, data=data)
    assert answer.status_code == 200 and "Location" not in answer.headers  # no redirect given
    assert _rows(in_office, Client) == 1


def test_one_time_tokens_differ_within_a_process_and_across_forked_workers():
    """gunicorn forks its workers: each must draw its own key, or two workers would hand
    out the same tokens and one user's form would pass for another's repeat."""
    tokens = {_one_time_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) == 24 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: its first token, at the same count as the parent's next
        os.write(write, _one_time_token().encode())
        os._exit(0)
    os.close(write)
    ours = _one_time_token()
    os.waitpid(child, 0)
    theirs = os.read(read, 100).decode()
    assert theirs and theirs != ours and theirs not in tokens
