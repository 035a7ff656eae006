"""Regional and national indicators: hand-computed figures on every surface."""

from __future__ import annotations

import re

import pytest
from indicator_fixtures import PERIOD, build_dataset


@pytest.fixture
def dataset(app, make_user):
    return build_dataset(app, make_user)


@pytest.fixture
def national(app, make_user, auth):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    return auth


def _json(client, **params):
    response = client.get(
        "/api/v1/indikator/perbandingan", query_string={"periode": PERIOD, **params}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    return {
        (r["level"], r["office"] or r["region"] or "nasional"): r["values"] for r in data["rows"]
    }


def test_json_figures_match_the_hand_computation(dataset, national, client):
    rows = _json(client)
    pwt, tgr, nat = (
        rows[("office", "purwokerto")],
        rows[("office", "tangerang")],
        rows[("national", "nasional")],
    )
    # Purwokerto: 2 active (suppressed), ratio 2/2 PKs (ratio hidden with its numerator).
    assert pwt["klien_aktif"]["numerator"] is None and pwt["klien_aktif"]["numerator_suppressed"]
    assert pwt["pencabutan"]["value"] is None and pwt["pencabutan"]["denominator_suppressed"]
    # Tangerang: 20 active, 10 per PK, 6 of 12 revoked with the Wilson interval.
    assert tgr["klien_aktif"]["numerator"] == 20
    assert tgr["klien_per_pk"]["value"] == pytest.approx(10.0)
    assert (tgr["pencabutan"]["numerator"], tgr["pencabutan"]["denominator"]) == (6, 12)
    assert tgr["pencabutan"]["value"] == pytest.approx(0.5)
    assert tgr["pencabutan"]["ci95"] == pytest.approx([0.2538, 0.7462], abs=1e-4)
    # National: 30 active, 5 PKs, 12 revoked of 23 ended.
    assert nat["klien_aktif"]["numerator"] == 30
    assert nat["klien_per_pk"]["value"] == pytest.approx(6.0)
    assert (nat["pencabutan"]["numerator"], nat["pencabutan"]["denominator"]) == (12, 23)


def test_reoffending_and_guidance_figures(dataset, national, client):
    rows = _json(client)
    tgr, nat = rows[("office", "tangerang")], rows[("national", "nasional")]
    during = tgr["residivis_selama_bimbingan"]
    assert (during["numerator"], during["denominator"]) == (5, 12)
    assert nat["residivis_selama_bimbingan"]["numerator"] == 5
    assert nat["residivis_selama_bimbingan"]["denominator"] == 23
    after = tgr["residivis_12_bulan"]
    assert (after["numerator"], after["denominator"]) == (5, 6)
    assert nat["residivis_12_bulan"]["denominator"] == 10
    assert nat["residivis_12_bulan"]["numerator"] == 5
    assert (
        tgr["sesi_kepribadian"]["value"],
        tgr["sesi_kemandirian"]["value"],
        tgr["sesi_kelompok"]["value"],
    ) == (6, 5, 5)


def test_twelve_month_cohort_waits_for_its_year(dataset, national, client):
    from datetime import date

    recent = f"{date.today().year}-Q1"
    response = client.get("/api/v1/indikator/perbandingan", query_string={"periode": recent})
    rows = response.get_json()["rows"]
    assert all(r["values"]["residivis_12_bulan"]["not_yet_reportable"] for r in rows)
    page = client.get(
        "/pusat/indikator/", query_string={"periode": recent, "kelompok": "residivisme"}
    )
    assert "belum dapat dilaporkan" in page.get_data(as_text=True)


def test_small_counts_are_protected_against_subtraction(dataset, national, client):
    rows = _json(client)
    # Jawa Tengah's total (2, Purwokerto alone) is hidden; so that it cannot be had as
    # national minus the other regions, the smallest other region (NTB, 8) is hidden
    # too, and its office, so NTB's total cannot be had from the office row.
    for key in (
        ("region", "jawa-tengah"),
        ("region", "nusa-tenggara-barat"),
        ("office", "mataram"),
    ):
        assert rows[key]["klien_aktif"]["numerator_suppressed"], key
        assert rows[key]["klien_aktif"]["numerator"] is None
    assert rows[("region", "banten")]["klien_aktif"]["numerator"] == 20
    assert rows[("region", "dki-jakarta")]["klien_aktif"]["numerator"] == 0


def test_page_shows_the_figures_and_suppressed_ones_with_their_reason(dataset, national, client):
    page = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "residivisme"}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Triwulan 2 2025" in html
    assert "52,2%" in html and "12 / 23" in html and "Angka dihitung pada" in html
    # Purwokerto's small numbers, and its rate, read the same way, with the reason.
    purwokerto = html.split("Purwokerto</a>")[1].split("</tr>")[0]
    assert "&lt;5" not in html
    # Revocation 1/3 (rate, numerator, denominator); during guidance 0/3 and within
    # 12 months 0/1 (rate and denominator each): seven figures withheld.
    assert purwokerto.count('<abbr class="suppressed" title="Disembunyikan untuk') == 7
    assert ">disembunyikan</abbr>" in purwokerto


def test_figures_follow_new_data_without_a_manual_step(app, dataset, national, client, make_user):
    assert _json(client)[("office", "tangerang")]["klien_aktif"]["numerator"] == 20
    from datetime import date

    from indicator_fixtures import _client

    from portal.extensions import db
    from portal.tenancy import office_scope

    with app.app_context(), office_scope(dataset["tangerang"]):
        db.session.add(_client(None, date(2025, 1, 1), date(2026, 1, 1)))
        db.session.commit()
    assert _json(client)[("office", "tangerang")]["klien_aktif"]["numerator"] == 21


def test_regional_officer_sees_own_region_beside_the_national_total(
    app, dataset, make_user, client, auth
):
    make_user("regional", region="banten", username="kanwil.banten")
    auth.login("kanwil.banten")
    rows = _json(client)
    assert {key[1] for key in rows} == {"tangerang", "banten", "nasional"}
    assert rows[("national", "nasional")]["pencabutan"]["denominator"] == 23
    assert client.get("/pusat/indikator/kantor/purwokerto").status_code == 404
    assert (
        client.get(
            "/pusat/indikator/kantor/tangerang", query_string={"periode": PERIOD}
        ).status_code
        == 200
    )
    assert client.get("/pusat/token-api/").status_code == 404


def test_office_staff_see_own_office_with_region_and_nation(app, dataset, make_user, client, auth):
    make_user("staff", office="tangerang", username="bimker")
    auth.login("bimker", "tangerang")
    page = client.get("/tangerang/indikator/", query_string={"periode": PERIOD})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kantor ini" in html and "Nasional" in html
    assert "Purwokerto" not in html
    assert client.get("/api/v1/indikator/perbandingan").status_code == 401


def test_api_tokens_are_made_by_national_officers_and_can_be_revoked(
    app, dataset, national, client
):
    page = national.post(
        "/pusat/token-api/", {"name": "Dasbor Ditjenpas", "days": 30}, form_page="/pusat/token-api/"
    )
    html = page.get_data(as_text=True)
    token = html.split('data-testid="api-token">')[1].split("<")[0]
    machine = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    data = machine.get(
        "/api/v1/indikator/perbandingan", headers=headers, query_string={"periode": PERIOD}
    ).get_json()
    assert any(r["office"] == "purwokerto" for r in data["rows"])
    assert data["indicators"][0]["definition"]["en"]
    assert (
        machine.get(
            "/api/v1/indikator/perbandingan", headers={"Authorization": "Bearer salah"}
        ).status_code
        == 401
    )
    listing = client.get("/pusat/token-api/").get_data(as_text=True)
    token_id = re.search(r"/pusat/token-api/(\d+)/cabut", listing).group(1)
    revoked = national.post(f"/pusat/token-api/{token_id}/cabut", form_page="/pusat/token-api/")
    assert revoked.status_code == 302, (token_id, revoked.status_code)
    assert machine.get("/api/v1/indikator/perbandingan", headers=headers).status_code == 401


def test_trend_definitions_and_profile_pages(dataset, national, client):
    trend = client.get(
        "/pusat/indikator/tren", query_string={"indikator": "pencabutan", "granularitas": "bulan"}
    )
    assert trend.status_code == 200 and "<svg" in trend.get_data(as_text=True)
    definitions = client.get("/pusat/indikator/definisi").get_data(as_text=True)
    assert "Tingkat pencabutan" in definitions and "Penyebut" in definitions
    assert client.get("/pusat/indikator/", query_string={"periode": "2099"}).status_code == 400


def test_english_names_come_from_the_registry(dataset, national, client):
    token = client.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1]
    client.post("/bahasa", data={"csrf_token": token.split('"')[0], "lang": "en", "next": "/"})
    html = client.get("/pusat/indikator/definisi").get_data(as_text=True)
    assert "Revocation rate" in html


def test_refresh_runs_once_per_change(app, dataset):
    from portal.extensions import db
    from portal.indicators.refresh import refresh_office
    from portal.indicators.scope import all_offices_list

    with app.app_context():
        office = next(o for o in all_offices_list() if o.slug == "mataram")
        assert refresh_office(office) is True
        assert refresh_office(office) is False
        db.session.remove()


def test_reporting_compliance(app, dataset, national, client):
    from indicator_reporting_fixtures import add_reporting_data

    add_reporting_data(app, dataset["tangerang"])
    tgr = _json(client)[("office", "tangerang")]["kepatuhan_lapor"]
    assert (tgr["numerator"], tgr["denominator"]) == (8, 10)
    assert tgr["value"] == pytest.approx(0.8)


def test_training_and_partner_figures(app, dataset, national, client):
    from indicator_training_fixtures import add_training_data

    add_training_data(app, dataset["tangerang"])
    tgr = _json(client, kelompok="pelatihan")[("office", "tangerang")]
    value = {k: v.get("value") for k, v in tgr.items()}
    assert value["sesi_pelatihan"] == 2 and value["partisipasi"] == 20
    assert value["klien_dilatih"] == 10
    assert (tgr["cakupan_pelatihan"]["numerator"], tgr["cakupan_pelatihan"]["denominator"]) == (
        10,
        32,
    )
    assert value["penyelesaian_pelatihan"] == pytest.approx(0.8)
    assert value["tindak_lanjut_tercatat"] == pytest.approx(0.8)
    assert value["menerapkan_keterampilan"] == pytest.approx(0.75)
    assert value["bekerja_atau_usaha"] == pytest.approx(0.625)
    assert value["biaya_per_partisipasi"] == pytest.approx(500_000)
    partners = _json(client, kelompok="mitra")[("office", "tangerang")]
    assert partners["mitra_berperjanjian"]["value"] == 1
    assert partners["penyaluran_kerja"]["value"] == 5 and partners["magang"]["value"] == 0
    page = client.get("/pusat/indikator/kantor/tangerang", query_string={"periode": PERIOD})
    html = page.get_data(as_text=True)
    assert "Rp500.000" in html and "62,5%" in html


def test_training_breakdown_by_skill_and_partner_kind(app, dataset, national, client):
    from indicator_training_fixtures import add_training_data

    add_training_data(app, dataset["tangerang"])
    page = client.get("/pusat/indikator/kantor/tangerang", query_string={"periode": PERIOD})
    html = page.get_data(as_text=True)
    skills = html.split('data-testid="breakdown-skill"')[1].split("</table>")[0]
    assert "Tata rias" in skills and "Barista" in skills
    partners = html.split('data-testid="breakdown-partner"')[1].split("</table>")[0]
    assert "Badan usaha" in partners and "Kantor sendiri" in partners
    assert skills.count('<td class="num">10</td>') == 4  # office and nation, both fields
