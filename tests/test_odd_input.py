"""Odd values in every parameter of every route never answer 500 (issue 14, 4-6).

NUL bytes, integers beyond the database's range, negative and extreme numbers, the
earliest and latest dates, very long strings and wrong types go into every query
parameter the portal reads (found in its source, so a new one is covered at once),
every field of every form page, and every integer in every path: as each kind of
user, the answer is a page or a clear refusal, never a server error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CSRF_RE, PASSWORD, Auth, csrf_token
from isolation_fixtures import VICTIM_OFFICE, make_victim_objects
from isolation_routes import ROUTES

ODD = [
    "a\x00b",
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "-1",
    "0001-01-01",
    "9999-12-31",
    "x" * 5000,
    "1e309",
]
# SQLite takes every other value as any string (no NUL, length or range checks, no 32-bit
# columns), so there the code around the database answers the same on both: the full list
# runs on PostgreSQL (CI always has it), which refuses most of them, and these on SQLite.
ODD_ON_SQLITE = ["a\x00b", "99999999999999999999", "-1", "9999-12-31"]
HUGE_IDS = [2147483648, 99999999999999999999]

# (label, role, office, region): who tries; the office ones belong to the office in the URL.
USERS = [
    ("anonymous", None, None, None),
    ("admin", "admin", VICTIM_OFFICE, None),
    ("pk", "pk", VICTIM_OFFICE, None),
    ("regional", "regional", None, "banten"),
    ("national", "national", None, None),
    ("sysadmin", "sysadmin", None, None),
]
QUERY_NAME = re.compile(r"""request\.args\.(?:get|getlist)\(\s*["']([a-z_]+)["']""")
FIELD_NAME = re.compile(r"""<(?:input|select|textarea)[^>]*\bname="([^"]+)\"""")


def query_names() -> set[str]:
    """Every query parameter a view reads, taken from the source."""
    names = {"page", "next"}
    for path in Path("portal").rglob("*.py"):
        names |= set(QUERY_NAME.findall(path.read_text()))
    return names


def test_the_parameter_list_is_read_from_the_source():
    assert {"q", "pk", "partner", "pelatihan", "page", "dari", "sampai"} <= query_names()


def _signed_in(app, make_user, who):
    label, role, office, region = who
    client = app.test_client()
    if role is not None:
        make_user(role, office=office, region=region, username=f"uji.{label}")
        assert Auth(client).login(f"uji.{label}", office, PASSWORD).status_code == 302
    return client


def _url(app, endpoint: str, values: dict) -> str:
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    if "office_slug" in rule.arguments:
        values = {**values, "office_slug": VICTIM_OFFICE}
    with app.test_request_context():
        return url_for(endpoint, **values)


def _answer(client, method: str, url: str, **kw) -> int:
    try:
        return client.open(url, method=method, **kw).status_code
    except Exception as exc:  # the test client re-raises what a server would answer 500
        return 500 if not isinstance(exc, AssertionError) else 500


def _page_token(client, url: str, html: str) -> str:
    found = CSRF_RE.search(html)
    return found.group(1) if found else csrf_token(client, url)


@pytest.mark.parametrize("who", USERS, ids=lambda w: w[0])
def test_odd_values_in_every_parameter_never_answer_500(app, make_user, who, backend):
    objs = make_victim_objects(app, make_user)
    client = _signed_in(app, make_user, who)
    names = sorted(query_names())
    odd = ODD_ON_SQLITE if backend == "sqlite" else ODD
    failures = []
    for endpoint in sorted(ROUTES):
        if endpoint in ("account.logout", "static"):
            continue
        url = _url(app, endpoint, ROUTES[endpoint].args(objs))
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        page = client.get(url) if "GET" in rule.methods else None
        html = page is not None and page.mimetype == "text/html"
        text = page.get_data(as_text=True) if html else ""
        fields = set(FIELD_NAME.findall(text))
        fields.discard("csrf_token")
        # The session's token stays valid for every form it sends: read once per page.
        token = _page_token(client, url, text) if "POST" in rule.methods and fields else None
        for value in odd:
            if "GET" in rule.methods:
                status = _answer(client, "GET", url, query_string=dict.fromkeys(names, value))
                if status >= 500:
                    failures.append(f"GET {url} ?{value[:20]!r}: {status}")
            if "POST" in rule.methods and fields:
                data = {**dict.fromkeys(fields, value), "csrf_token": token}
                status = _answer(client, "POST", url, data=data)
                if status >= 500:
                    failures.append(f"POST {url} fields={value[:20]!r}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", [USERS[1], USERS[4], USERS[5]], ids=lambda w: w[0])
def test_ids_beyond_the_database_range_in_every_path_are_not_found(app, make_user, who):
    objs = make_victim_objects(app, make_user)
    client = _signed_in(app, make_user, who)
    failures = []
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.regex == r"\d+"]
        if not ints:
            continue
        values = ROUTES[rule.endpoint].args(objs)
        for huge in HUGE_IDS:
            url = _url(app, rule.endpoint, {**values, **dict.fromkeys(ints, huge)})
            method = "GET" if "GET" in rule.methods else "POST"
            data = {"csrf_token": csrf_token(client, "/")} if method == "POST" else None
            status = _answer(client, method, url, data=data)
            if status >= 500 or status == 200:
                failures.append(f"{method} {url}: {status}")
    assert not failures, "\n".join(failures)
