"""Litmas request figures on the national comparison: the page, the JSON and the .xlsx
export agree with the hand computation of `litmas_figure_fixtures`, with small numbers
suppressed as for every other indicator, and follow a new delivery without a manual step."""

from __future__ import annotations

import io
import re

import pytest
from litmas_figure_fixtures import PERIOD, build_litmas_dataset, request_row
from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.indicators.models import IndicatorFact
from portal.tenancy import all_offices, office_scope


@pytest.fixture
def dataset(app, make_user):
    return build_litmas_dataset(app, make_user)


def _json(client, period=PERIOD):
    response = client.get(
        "/api/v1/indikator/perbandingan", query_string={"periode": period, "kelompok": "litmas"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert [i["id"] for i in data["indicators"]] == [
        "litmas_diterima",
        "litmas_terkirim",
        "litmas_tepat_waktu",
    ]
    return {
        (r["level"], r["office"] or r["region"] or "nasional"): r["values"] for r in data["rows"]
    }


def test_on_time_share_in_json_matches_the_hand_computation(dataset, national, client):
    rows = _json(client)
    pwt, mtr = rows[("office", "purwokerto")], rows[("office", "mataram")]
    jkt, tgr = rows[("office", "jakarta-timur-utara")], rows[("office", "tangerang")]
    nat = rows[("national", "nasional")]
    # National: 21 received, 16 delivered, 14 of them by the deadline.
    assert nat["litmas_diterima"]["value"] == 21
    assert nat["litmas_terkirim"]["value"] == 16
    on_time = nat["litmas_tepat_waktu"]
    assert (on_time["numerator"], on_time["denominator"]) == (14, 16)
    assert on_time["value"] == pytest.approx(14 / 16)
    # Purwokerto: 6 of 7 (the transfer delivered at 23.30 WIB on 31 March is late, and Q1's).
    assert pwt["litmas_diterima"]["value"] == 8  # with the letter of 00.30 WIB on 1 January
    assert (pwt["litmas_tepat_waktu"]["numerator"], pwt["litmas_tepat_waktu"]["denominator"]) == (
        6,
        7,
    )
    assert pwt["litmas_tepat_waktu"]["value"] == pytest.approx(6 / 7)
    # Jakarta's 3 are hidden (1-4); Tangerang's 2 received likewise.
    assert (
        jkt["litmas_terkirim"]["numerator_suppressed"] and jkt["litmas_terkirim"]["value"] is None
    )
    assert jkt["litmas_tepat_waktu"]["value"] is None
    assert tgr["litmas_diterima"]["numerator_suppressed"]
    # So that Jakarta's 3 cannot be had as 16 - 7 - 6, Mataram (the smaller other
    # region, NTB) is withheld too: its rate, numerator and denominator.
    assert mtr["litmas_tepat_waktu"]["value"] is None
    assert mtr["litmas_tepat_waktu"]["numerator_suppressed"]
    assert mtr["litmas_tepat_waktu"]["denominator_suppressed"]
    assert rows[("region", "nusa-tenggara-barat")]["litmas_terkirim"]["value"] is None
    # Received: two small regions hidden, Mataram's 8 shown.
    assert mtr["litmas_diterima"]["value"] == 8


def test_requests_count_in_the_office_s_own_calendar(app, dataset, national, client):
    """The same UTC instant (31 March 16.30) is 23.30 WIB in Purwokerto (Q1) and 00.30 WITA
    on 1 April in Mataram (Q2); a WITA diversion delivered 16.30 is late although 08.30 UTC
    is before a WIB office's deadline of the same wall-clock time."""
    _json(client)  # the figures are computed on the first request
    _json(client, "2026-Q2")
    with app.app_context(), all_offices("test: read the facts"):
        facts = {
            (office, period, measure): value
            for office, period, measure, value in db.session.execute(
                select(
                    IndicatorFact.office_id,
                    IndicatorFact.period,
                    IndicatorFact.measure,
                    IndicatorFact.value,
                ).where(IndicatorFact.measure.startswith("litmas."))
            )
        }
    mtr, pwt = dataset["mataram"], dataset["purwokerto"]
    assert facts[(mtr, "2026-Q1", "litmas.delivered")] == 6
    assert facts[(mtr, "2026-Q1", "litmas.on_time")] == 5
    assert facts[(mtr, "2026-04", "litmas.delivered")] == 1
    assert facts.get((mtr, "2026-04", "litmas.on_time"), 0) == 0
    assert facts[(pwt, "2026-03", "litmas.delivered")] == 2
    assert facts[(pwt, "2026-01", "litmas.received")] == 6
    assert facts.get((pwt, "2025-12", "litmas.received"), 0) == 0
    # By purpose: a child's diversion each, delivered in time in both zones but one.
    assert facts[(pwt, "2026-Q1", "litmas.on_time@purpose:diversi")] == 1
    assert facts[(mtr, "2026-Q1", "litmas.delivered@purpose:diversi")] == 2
    assert facts[(mtr, "2026-Q1", "litmas.on_time@purpose:diversi")] == 1


def _figures(html: str) -> dict[str, list[str]]:
    figures = {}
    for row in re.findall(r'<tr class="row-\w+" data-level="\w+">(.*?)</tr>', html, re.S):
        th = row.split("</th>")[0]
        link = re.search(r"<a [^>]*>(.*?)</a>", th)
        name = link.group(1) if link else re.sub(r"<[^>]+>", "", th).strip()
        figures[name] = [
            re.sub(r"<[^>]+>", "", f).strip()
            for f in re.findall(r'<span class="figure">(.*?)</span>', row, re.S)
        ]
    return figures


def test_page_and_xlsx_show_the_same_on_time_share(dataset, national, client):
    page = client.get("/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "litmas"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Permintaan Litmas" in html
    figures = _figures(html)
    assert figures["Total nasional"] == ["21", "16", "87,5%"]
    assert figures["Bapas Kelas II Purwokerto"] == ["8", "7", "85,7%"]
    assert figures["Bapas Kelas I Mataram"] == ["8", "disembunyikan", "disembunyikan"]
    assert "14 / 16" in html and "6 / 7" in html

    body = client.get(
        "/pusat/indikator/ekspor.xlsx", query_string={"periode": PERIOD, "kelompok": "litmas"}
    ).data
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    header = [c.value for c in sheet[4]]
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=5)}
    nat, pwt, mtr = (
        rows["Nasional"],
        rows["Bapas Kelas II Purwokerto"],
        rows["Bapas Kelas I Mataram"],
    )
    assert nat["Litmas tepat waktu"].value == pytest.approx(0.875)
    assert nat["Litmas tepat waktu"].number_format == "0.0%"
    assert nat["Litmas tepat waktu: terkirim tepat waktu"].value == 14
    assert nat["Litmas tepat waktu: laporan terkirim"].value == 16
    assert pwt["Litmas tepat waktu"].value == pytest.approx(6 / 7)
    assert pwt["Permintaan Litmas diterima"].value == 8
    hidden = mtr["Litmas tepat waktu"]
    assert hidden.value is None and "Disembunyikan" in hidden.comment.text
    assert load_workbook(io.BytesIO(body)).worksheets[1]["A2"].value == "Permintaan Litmas diterima"


def test_a_new_delivery_shows_without_a_manual_step(app, dataset, national, client):
    before = _json(client)[("national", "nasional")]["litmas_tepat_waktu"]
    assert (before["numerator"], before["denominator"]) == (14, 16)
    with app.app_context(), office_scope(dataset["purwokerto"]):
        db.session.add(
            request_row(
                "Asia/Jakarta",
                "diversi",
                ((2026, 3, 2), (9, 0)),
                None,
                ((2026, 3, 6), (9, 0)),  # a day late
            )
        )
        db.session.commit()
    after = _json(client)[("national", "nasional")]["litmas_tepat_waktu"]
    assert (after["numerator"], after["denominator"]) == (14, 17)


def test_definitions_say_what_counts(dataset, national, client):
    html = client.get("/pusat/indikator/definisi").get_data(as_text=True)
    assert "Litmas tepat waktu" in html and "3x24 jam" in html
    english = client.get("/api/v1/openapi.json").get_json()
    ids = english["components"]["schemas"]["Indicator"]["properties"]["id"]["enum"]
    assert {"litmas_diterima", "litmas_terkirim", "litmas_tepat_waktu"} <= set(ids)
    assert "litmas" in english["components"]["schemas"]["Indicator"]["properties"]["group"]["enum"]


def test_office_page_breaks_requests_down_by_purpose(dataset, national, client):
    html = client.get(
        "/pusat/indikator/kantor/purwokerto", query_string={"periode": PERIOD}
    ).get_data(as_text=True)
    table = html.split('data-testid="breakdown-purpose"')[1].split("</table>")[0]
    lines = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        th, *tds = (
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        )
        lines[th] = tds
    hidden = "disembunyikan"
    # Purwokerto received, delivered and delivered on time 5 assimilation requests. Its
    # on-time 6 is 5 assimilations and 1 diversion: the diversion is hidden (1-4), so
    # the 5 is hidden too, or 6 - 5 would give it away. Nationally 9 were received
    # and 8 delivered, all in time.
    assert lines["Asimilasi"] == ["5", "5", hidden, "9", "8", "8"]
    assert lines["Diversi anak"] == [hidden] * 6
    assert lines["Lainnya"] == ["0", "0", "0", hidden, "0", "0"]


def test_the_on_time_share_is_a_headline_of_the_landing_page(dataset, national, client):
    html = client.get("/pusat/", query_string={"periode": PERIOD}).get_data(as_text=True)
    headline = html.split('data-indicator="litmas_tepat_waktu"')[1].split("</li>")[0]
    assert '<span class="figure">87,5%</span>' in headline and "14 / 16" in headline
