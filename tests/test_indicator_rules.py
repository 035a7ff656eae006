"""Figures that cannot mislead: follow-ups counted once due, unknown budgets left out,
a region of one office shown once, periods in English. Hand-computed in
`indicator_rules_fixtures.py` and `indicator_fixtures.py`."""

from __future__ import annotations

import pytest
from indicator_fixtures import PERIOD, build_dataset
from indicator_rules_fixtures import TODAY, add_rule_trainings

from portal.indicators import refresh


@pytest.fixture
def rules(app, make_user, monkeypatch):
    monkeypatch.setattr(refresh, "office_today", lambda office: TODAY)
    ids = build_dataset(app, make_user)
    add_rule_trainings(app, ids)
    return ids


def _rows(client, **params):
    response = client.get(
        "/api/v1/indikator/perbandingan",
        query_string={"periode": PERIOD, "kelompok": "pelatihan", **params},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return {(r["level"], r["office"] or r["region"]): r["values"] for r in response.json["rows"]}


def test_follow_up_coverage_counts_only_follow_ups_that_are_due(rules, national, client):
    rows = _rows(client)
    tangerang = rows[("office", "tangerang")]["tindak_lanjut_tercatat"]
    assert (tangerang["numerator"], tangerang["denominator"]) == (8, 10)
    assert tangerang["value"] == pytest.approx(0.8)  # not 8/16 = 50%
    assert tangerang["not_counted"] == 6 and tangerang["not_counted_suppressed"] is False
    mataram = rows[("office", "mataram")]["tindak_lanjut_tercatat"]
    assert (mataram["numerator"], mataram["denominator"], mataram["not_counted"]) == (0, 0, 5)
    assert mataram["value"] is None and "differs_from_national" in mataram
    assert mataram["differs_from_national"] == 0  # not flagged ▼ at 0%
    nation = rows[("national", None)]["tindak_lanjut_tercatat"]
    assert (nation["numerator"], nation["denominator"], nation["not_counted"]) == (8, 10, 11)


def test_cost_per_participation_counts_only_recorded_budgets(rules, national, client):
    rows = _rows(client)
    tangerang = rows[("office", "tangerang")]["biaya_per_partisipasi"]
    assert (tangerang["numerator"], tangerang["denominator"]) == (10_000_000, 25)
    assert tangerang["value"] == pytest.approx(400_000)  # the free session's Rp0 counts
    assert tangerang["not_counted"] == 11
    mataram = rows[("office", "mataram")]["biaya_per_partisipasi"]
    assert (mataram["numerator"], mataram["denominator"], mataram["not_counted"]) == (0, 0, 17)
    assert mataram["value"] is None  # unknown, never Rp0
    nation = rows[("national", None)]["biaya_per_partisipasi"]
    assert (nation["value"], nation["not_counted"]) == (pytest.approx(400_000), 28)


def test_pages_say_what_the_rates_leave_out(rules, national, client):
    html = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "pelatihan"}
    ).get_data(as_text=True)
    tangerang = html.split("Tangerang</a>")[1].split("</tr>")[0]
    assert "80,0%" in tangerang and "8 / 10 · 6 belum jatuh tempo" in tangerang
    assert "Rp400.000" in tangerang and "11 tanpa anggaran tercatat" in tangerang
    mataram = html.split("Mataram</a>")[1].split("</tr>")[0]
    assert "belum tercatat" in mataram and "Rp0" not in mataram
    # Nothing due yet reads so, not 0% (the only 0,0% is the completion rate, 0 / 5).
    assert '"figure">belum jatuh tempo</span>' in mataram and "5 belum jatuh tempo" in mataram
    assert mataram.count('"figure">0,0%</span>') == mataram.count("0 / 5") == 1
    assert "▼" not in mataram


def test_office_overview_uses_the_same_rules(rules, make_user, auth, client):
    from portal.trainings import figures

    make_user("viewer", office="tangerang", username="lihat")
    auth.login("lihat", "tangerang")
    page = client.get("/tangerang/pelatihan/ikhtisar?dari=2025-04-01&sampai=2025-06-30").text
    # Today the windows of all these sessions have opened: 8 of 16 followed up.
    assert "(8/16)" in page
    assert "Rp400.000" in page and "11 partisipasi tanpa anggaran tercatat" in page
    with client.application.app_context():
        from portal.tenancy import office_scope

        with office_scope(rules["tangerang"]):
            total = figures.total(start=TODAY.replace(month=4, day=1), end=TODAY, today=TODAY)
    assert (total.followed, total.followup_due, total.followup_not_due) == (8, 10, 6)
    assert (total.budgeted_participations, total.cost_per_participant) == (25, 400_000)


def test_a_region_of_one_office_is_shown_once(rules, national, client):
    html = client.get("/pusat/indikator/", query_string={"periode": PERIOD}).get_data(as_text=True)
    assert 'data-level="region"' not in html  # each demo region has one office
    assert 'title="Satu-satunya kantor di wilayahnya' in html
    assert html.count('data-level="office"') == 4 and html.count('data-level="national"') == 1
    # The JSON keeps every region's total, saying how many offices it adds up.
    response = client.get("/api/v1/indikator/perbandingan", query_string={"periode": PERIOD})
    regions = [r for r in response.json["rows"] if r["level"] == "region"]
    assert len(regions) == 4 and {r["offices"] for r in regions} == {1}


def _english(client):
    token = client.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1]
    client.post("/bahasa", data={"csrf_token": token.split('"')[0], "lang": "en", "next": "/"})


def test_periods_and_the_nation_read_in_english(rules, national, client):
    _english(client)
    html = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "pelatihan"}
    ).get_data(as_text=True)
    assert "Quarter 2 2025" in html and "Triwulan" not in html
    assert "National total" in html and "6 not due yet" in html
    assert "11 without a recorded budget" in html and "not recorded" in html
    assert ">suppressed</abbr>" in client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "residivisme"}
    ).get_data(as_text=True)
    trend = client.get("/pusat/indikator/tren", query_string={"indikator": "pencabutan"}).get_data(
        as_text=True
    )
    assert "National" in trend and "Nasional" not in trend
    assert ">Q1 25<" in trend or "Q1 25" in trend
    definitions = client.get("/pusat/indikator/definisi").get_data(as_text=True)
    assert "A region of one office is not shown twice" in definitions
    assert "<dt>Not counted</dt><dd>not due yet</dd>" in definitions
    assert "day 80 after the session" in definitions
    json = client.get("/api/v1/indikator/perbandingan", query_string={"periode": PERIOD}).json
    assert json["period"]["label"] == {"id": "Triwulan 2 2025", "en": "Quarter 2 2025"}
    assert json["rows"][-1]["name"] == {"id": "Nasional", "en": "National"}
