"""The national pages are kept between requests (comparison, its JSON, the landing page):
a kept answer is served only while no office's figures have changed, and only to a
viewer of the same scope. On both databases."""

from __future__ import annotations

from datetime import date

import pytest
from indicator_fixtures import PERIOD, _client, build_dataset

from portal.extensions import db
from portal.tenancy import office_scope

PAGE = f"/pusat/indikator/?periode={PERIOD}&kelompok=bimbingan"
JSON = f"/api/v1/indikator/perbandingan?periode={PERIOD}"
LANDING = f"/pusat/?periode={PERIOD}"


@pytest.fixture
def dataset(app, make_user):
    return build_dataset(app, make_user)


def _kept(app, kind: str) -> int:
    """How many answers of this kind the process keeps."""
    memo = app.extensions.get("indicator_memo")
    return 0 if memo is None else sum(1 for key in memo._items if key[0] == kind)


def _national_active(client) -> int:
    rows = client.get(JSON).json["rows"]
    national = next(r for r in rows if r["level"] == "national")
    return national["values"]["klien_aktif"]["numerator"]


def _content(response) -> str:
    """The page below its header (which holds the session's time-stamped CSRF token)."""
    return response.get_data(as_text=True).split('<div class="wide-page">')[1]


def _national_row(page: str) -> str:
    return page.split('data-level="national"')[1].split("</tr>")[0]


def test_kept_answers_are_replaced_as_soon_as_an_office_records_data(
    app, dataset, client, auth, make_user
):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    first = {url: client.get(url) for url in (PAGE, JSON, LANDING)}
    assert all(r.status_code == 200 for r in first.values())
    assert _kept(app, "page") == _kept(app, "json") == _kept(app, "landing") == 1
    # Asked again with nothing changed: the same answer, from what was kept.
    assert client.get(JSON).data == first[JSON].data
    assert _content(client.get(PAGE)) == _content(first[PAGE])
    assert _kept(app, "json") == 1 and _national_active(client) == 30
    assert "30" in _national_row(first[PAGE].get_data(as_text=True))

    # Tangerang records one more client under guidance at the end of the period.
    with app.app_context():
        with office_scope(dataset["tangerang"]):
            db.session.add(_client(None, date(2025, 1, 1), date(2026, 1, 1)))
            db.session.commit()
        db.session.remove()

    assert _national_active(client) == 31
    page = client.get(PAGE).get_data(as_text=True)
    assert "31" in _national_row(page)
    landing = client.get(LANDING).get_data(as_text=True)
    active = landing.split('data-indicator="klien_aktif"')[1].split("</li>")[0]
    assert '<span class="figure">31</span>' in active
    # The answers built from the old figures are no longer served (they age out).
    assert _kept(app, "json") == 2 and _kept(app, "page") == 2 and _kept(app, "landing") == 2


def test_a_kept_answer_is_never_served_to_another_scope(app, dataset, client, auth, make_user):
    make_user("national", username="ditjen")
    make_user("regional", region="banten", username="kanwil.banten")
    make_user("regional", region="jawa-tengah", username="kanwil.jateng")
    auth.login("ditjen")
    national = {url: client.get(url).get_data(as_text=True) for url in (PAGE, JSON, LANDING)}
    assert all("Purwokerto" in body and "Tangerang" in body for body in national.values())
    # The national officer's view of one region shows the same figures as that region's
    # officer sees, but its links keep the region chosen and lead back to all regions.
    chosen = client.get(PAGE + "&wilayah=banten").get_data(as_text=True)
    assert "Semua wilayah" in chosen and "Purwokerto" not in chosen

    for username, own, other in (
        ("kanwil.banten", "Tangerang", "Purwokerto"),
        ("kanwil.jateng", "Purwokerto", "Tangerang"),
    ):
        auth.logout()
        auth.login(username)
        for url in (PAGE, JSON, LANDING):
            body = client.get(url).get_data(as_text=True)
            assert own in body, (username, url)
            assert other not in body and "Mataram" not in body, (username, url)
            assert body != national[url]
            assert "Semua wilayah" not in body  # their own scope, not a region chosen
        # Asking for another region by its code is refused, kept answers or not.
        assert client.get(PAGE + "&wilayah=nusa-tenggara-barat").status_code == 404
