"""What works: the matching and rates of a hand-built office, as the pages, the
workbook and the JSON show them (tests/whatworks_fixtures.py works them out)."""

from __future__ import annotations

import io
import math
from datetime import date

import pytest
from openpyxl import load_workbook
from whatworks_fixtures import build

from portal.indicators.stats import Z95

QUERY = "dari=2025&sampai=2025&menurut=bidang"


def _wilson(p: float, n: float) -> tuple[float, float]:
    z = Z95
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _newcombe(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    (l1, u1), (l2, u2) = _wilson(p1, n1), _wilson(p2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


@pytest.fixture
def fixture_data(app):
    return build(app, date.today())


def test_json_shows_the_paper_figures(fixture_data, make_user, auth, client):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    answer = client.get(f"/api/v1/apa-yang-berhasil?{QUERY}").json
    group = next(g for g in answer["groups"] if g["key"] == "s:tata_rias")
    assert group["trained"] == {"value": 62, "suppressed": False}
    assert group["completed"]["value"] == 50
    assert group["matched"]["value"] == 61 and group["unmatched"] == {
        "value": None,
        "suppressed": True,
    }
    work = group["outcomes"]["bekerja"]
    assert work["trained_known"]["value"] == 60 and work["trained_with_outcome"]["value"] == 45
    comparison = work["comparison"]
    assert comparison["status"] == "ok" and comparison["matched_known"] == 60
    assert comparison["trained_rate"] == pytest.approx(0.75)
    assert comparison["comparison_rate"] == pytest.approx(0.40)
    assert comparison["difference"] == pytest.approx(0.35)
    assert comparison["effective_comparison_size"] == pytest.approx(30)
    assert comparison["ci95"] == pytest.approx(list(_newcombe(0.75, 60, 0.40, 30)))
    placed = group["outcomes"]["penempatan"]
    assert placed["trained_known"]["value"] == 62 and placed["trained_with_outcome"]["value"] == 10
    assert placed["comparison"]["matched_known"] == 61
    assert placed["comparison"]["difference"] == pytest.approx(10 / 61)
    after = group["outcomes"]["residivis_12b"]
    # The 61 still under guidance wait; the transferred client is neither known nor waiting.
    assert after["window_not_passed"]["value"] == 61 and after["trained_known"]["value"] == 0
    assert after["comparison"]["status"] == "none"
    # This year's cohort: the client trained 30 days ago waits for his six months.
    now = client.get(
        f"/api/v1/apa-yang-berhasil?dari={date.today().year}&sampai={date.today().year}"
    ).json
    recent = next(g for g in now["groups"] if g["key"] == "s:tata_rias")
    assert recent["outcomes"]["bekerja"]["window_not_passed"] == {"value": None, "suppressed": True}
    assert recent["outcomes"]["bekerja"]["comparison"]["status"] == "none"


def test_the_page_and_workbook_show_the_same_figures(fixture_data, make_user, auth, client):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    page = client.get(f"/pusat/apa-yang-berhasil/?{QUERY}").get_data(as_text=True)
    assert "<svg" in page and "Tata rias" in page
    assert "+35,0 poin" in page and "75,0%" in page and "40,0%" in page
    drill = client.get(f"/pusat/apa-yang-berhasil/kelompok/s:tata_rias?{QUERY}")
    text = drill.get_data(as_text=True)
    assert drill.status_code == 200 and "Keseimbangan" in text and "+16,4 poin" in text
    response = client.get(f"/pusat/apa-yang-berhasil/ekspor.xlsx?{QUERY}")
    book = load_workbook(io.BytesIO(response.data))
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    work = next(r for r in rows if r[0] == "Tata rias" and r[1].startswith("Bekerja"))
    assert work[2:6] == [62, 61, None, 60]  # not matched: 1, suppressed
    assert work[6:9] == pytest.approx([0.75, 0.40, 0.35])
    assert isinstance(work[2], int) and book.worksheets[0]["I2"].number_format.startswith("+")


def test_an_office_sees_its_partners_and_no_other_office(fixture_data, make_user, auth, client):
    make_user("staff", office="tangerang", username="bimker")
    auth.login("bimker", office="tangerang")
    page = client.get("/tangerang/apa-yang-berhasil/?dari=2025&sampai=2025&menurut=mitra")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Salon Melati" in text and "+35,0 poin" in text
    sheet = client.get(
        "/tangerang/apa-yang-berhasil/ekspor.xlsx?dari=2025&sampai=2025&menurut=mitra"
    )
    rows = [
        [c.value for c in r]
        for r in load_workbook(io.BytesIO(sheet.data)).worksheets[0].iter_rows()
    ]
    work = next(r for r in rows if r[0] == "Salon Melati" and r[1].startswith("Bekerja"))
    assert work[8] == pytest.approx(0.35)
    key = f"p:{fixture_data['partner_id']}"
    assert client.get(f"/tangerang/apa-yang-berhasil/kelompok/{key}?{QUERY}").status_code == 200
    # Another office's partner, and the central page, are not this staff member's.
    assert client.get(f"/purwokerto/apa-yang-berhasil/?{QUERY}").status_code == 404
    assert client.get(f"/pusat/apa-yang-berhasil/?{QUERY}").status_code == 404


def test_small_groups_get_no_comparison_and_bad_input_a_400(app, make_user, auth, client):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    page = client.get("/pusat/apa-yang-berhasil/").get_data(as_text=True)
    assert 'data-testid="no-comparison"' in page
    for query in ("dari=abc", "dari=2026&sampai=2025", "menurut=mitra", "hasil=x", "dari=1990"):
        assert client.get(f"/pusat/apa-yang-berhasil/?{query}").status_code == 400
    assert client.get("/pusat/apa-yang-berhasil/kelompok/p:1").status_code == 404


def test_what_works_figures_are_recomputed_once_a_day(app):
    """A write the same day recomputes the other figures but keeps the day's what-works
    sums (matching every trained client would double the refresh a page waits for)."""
    from sqlalchemy import select, update

    from portal.extensions import db
    from portal.indicators.models import IndicatorFact, IndicatorStatus
    from portal.indicators.refresh import refresh_office
    from portal.offices.models import Office
    from portal.tenancy import office_scope

    def marker() -> list[float]:
        return db.session.scalars(
            select(IndicatorFact.value).where(IndicatorFact.measure == "ww.uji.marker")
        ).all()

    with app.app_context():
        office = db.session.scalar(select(Office).where(Office.slug == "tangerang"))
        with office_scope(office.id):
            assert refresh_office(office)  # the day's first computation
            db.session.add(IndicatorFact(period="2026", measure="ww.uji.marker", value=7))
            db.session.execute(
                update(IndicatorStatus).values(data_version=IndicatorStatus.data_version + 1)
            )
            db.session.commit()
            assert refresh_office(office)  # a write the same day: stale, recomputed
            assert marker() == [7]  # ...without the what-works source
            assert refresh_office(office, force=True)  # from scratch: every source
            assert marker() == []
