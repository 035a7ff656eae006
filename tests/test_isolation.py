"""Tenant isolation: every route × every role × another office's objects is refused.

A user of one office must never see, change or learn of another office's records.
Regional and national officers reach aggregates only; system administrators reach
offices and administrator accounts only.
"""

from __future__ import annotations

import pytest
from conftest import PASSWORD, Auth, csrf_token
from isolation_fixtures import (
    ATTACKER_OFFICE,
    ATTACKERS,
    VICTIM_MARKER,
    VICTIM_OFFICE,
    make_victim_objects,
)
from isolation_routes import ROUTES
from sqlalchemy import select

from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import all_offices

REFUSED = {401, 403, 404}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unknown = endpoints - set(ROUTES)
    assert not unknown, f"routes missing from tests/isolation_routes.py: {sorted(unknown)}"
    stale = set(ROUTES) - endpoints
    assert not stale, f"matrix names routes that no longer exist: {sorted(stale)}"


DERIVED_TABLES = {"indicator_facts", "indicator_status"}  # recomputed aggregates


def _victim_state(app) -> dict[str, list[tuple]]:
    """Every row the victim office owns, in every office table.

    Derived indicator tables are left out: an oversight page may legitimately
    recompute them.
    """
    state = {}
    with app.app_context(), all_offices("test reads victim state"):
        office_id = db.session.scalar(select(Office.id).where(Office.slug == VICTIM_OFFICE))
        for table in db.metadata.sorted_tables:
            if "office_id" not in table.c or table.name in DERIVED_TABLES:
                continue
            rows = db.session.execute(
                select(table).where(table.c.office_id == office_id).order_by(*table.primary_key)
            ).all()
            state[table.name] = [tuple(r) for r in rows]
        db.session.remove()
    return state


def _url(app, endpoint: str, office_slug: str, objs: dict) -> str:
    spec = ROUTES[endpoint]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = dict(spec.args(objs))
    if "office_slug" in rule.arguments:
        values["office_slug"] = office_slug
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def _may_use(kind: str, label: str) -> bool:
    """Whether this attacker legitimately uses routes of this kind (its own scope)."""
    return (
        kind in ("public", "account")
        or (kind == "central" and label.startswith(("regional", "national")))
        or (kind == "central_office" and label in ("regional-victim-region", "national"))
        or (kind == "national" and label == "national")
        or (kind == "sysadmin" and label == "sysadmin")
    )


def _attack_order() -> list[str]:
    """Every route, with signing out last so the attacker stays signed in until then."""
    return sorted(ROUTES, key=lambda endpoint: (endpoint == "account.logout", endpoint))


def _attempt(app, client, endpoint: str, slug: str, objs: dict):
    spec = ROUTES[endpoint]
    url = _url(app, endpoint, slug, objs)
    if spec.method != "POST":
        return url, client.get(url)
    data = {
        "csrf_token": csrf_token(client, "/"),
        "username": "sisipan",
        "full_name": "Sisipan",
        "role": "pk",
        "lang": "en",
    }
    return url, client.post(url, data=data)


@pytest.mark.parametrize("attacker", [None, *ATTACKERS], ids=lambda a: a[0] if a else "anonim")
def test_every_route_refuses_other_office(app, make_user, attacker):
    """One attacker tries every route with the victim office's objects.

    The victim office's rows are compared after every route, so a failure names the
    route that leaked or changed something.
    """
    objs = make_victim_objects(app, make_user)
    before = _victim_state(app)
    label = attacker[0] if attacker else None
    client = app.test_client()
    if attacker is not None:
        _, role, office, region = attacker
        username = f"penyerang.{label}"
        make_user(role, office=office, region=region, username=username)
        assert Auth(client).login(username, office, PASSWORD).status_code == 302
    for endpoint in _attack_order():
        spec = ROUTES[endpoint]
        targets = [VICTIM_OFFICE]
        if spec.kind == "office" and spec.args(objs):
            targets.append(ATTACKER_OFFICE)  # own office in the URL, victim's object ids
        for slug in targets:
            url, response = _attempt(app, client, endpoint, slug, objs)
            body = response.get_data().decode("utf-8", "replace")
            who = f"{label or 'anonymous'} {spec.method} {url}"
            assert VICTIM_MARKER not in body, f"{who} leaked the victim office's data"
            assert "korban.pk" not in body, f"{who} leaked a victim account name"
            if _may_use(spec.kind, label or ""):
                assert response.status_code < 500, who
            elif label is None:
                assert response.status_code in REFUSED | {302}, who
                if response.status_code == 302:
                    assert "/login" in response.headers["Location"], who
            else:
                assert response.status_code in REFUSED, f"{who} got {response.status_code}"
            assert _victim_state(app) == before, f"{who} changed the victim office's data"


@pytest.mark.parametrize(
    "path",
    [
        "ekspor/pelatihan.{fmt}?pelatihan={training_id}&partner={partner_id}",
        "ekspor/tindak-lanjut.{fmt}?pelatihan={training_id}&partner={partner_id}",
        "ekspor/wajib-lapor.{fmt}?pk={user_id}",
        "ekspor/mitra.{fmt}?status=",
    ],
)
def test_export_filters_naming_another_offices_objects_find_nothing(app, make_user, path):
    """The exports take ids in their query string (a training, a partner, a PK): naming
    another office's gives the attacker's own, empty, export and nothing of the victim."""
    objs = make_victim_objects(app, make_user)
    before = _victim_state(app)
    make_user("admin", office=ATTACKER_OFFICE, username="penyerang.ekspor")
    client = app.test_client()
    assert Auth(client).login("penyerang.ekspor", ATTACKER_OFFICE, PASSWORD).status_code == 302
    for fmt in ("csv", "xlsx"):
        url = f"/{ATTACKER_OFFICE}/" + path.format(fmt=fmt, **objs)
        response = client.get(url)
        assert response.status_code == 200, url
        if fmt == "csv":
            body = response.get_data().decode("utf-8-sig")
            assert VICTIM_MARKER not in body and "korban.pk" not in body, url
            assert len(body.strip().splitlines()) == 1, f"{url} exported rows"  # header only
    assert _victim_state(app) == before
