"""Regional and national officers land on the headline figures of their scope."""

from __future__ import annotations

import re

import pytest
from indicator_fixtures import PERIOD, build_dataset


@pytest.fixture
def dataset(app, make_user):
    return build_dataset(app, make_user)


def _headline(page: str, indicator: str) -> str:
    return page.split(f'data-indicator="{indicator}"')[1].split("</li>")[0]


def _section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split("</section>")[0]


def test_regional_officer_sees_the_region_beside_the_nation(dataset, client, auth, make_user):
    make_user("regional", region="banten", username="kanwil.banten")
    auth.login("kanwil.banten")
    page = client.get("/pusat/", query_string={"periode": PERIOD}).get_data(as_text=True)
    assert "Kanwil Ditjenpas Banten — Triwulan 2 2025" in page
    active = _headline(page, "klien_aktif")
    # Banten's 20 active clients, with the nation's 30 beside them.
    assert '<span class="figure">20</span>' in active and "Nasional: 30" in active
    revoked = _headline(page, "residivis_selama_bimbingan")
    assert "41,7%" in revoked and "5 / 12" in revoked
    # Only the region's offices are named anywhere on the page.
    assert "Purwokerto" not in page and "Mataram" not in page
    silent = _section(page, "silent")
    assert "Bapas Kelas I Tangerang" in silent
    assert "laporan wajib lapor" in silent and "sesi pelatihan" in silent
    assert "sesi bimbingan" not in silent  # Tangerang held eleven guidance sessions


def test_a_small_regional_figure_stays_hidden_on_the_landing_page(dataset, client, auth, make_user):
    make_user("regional", region="jawa-tengah", username="kanwil.jateng")
    auth.login("kanwil.jateng")
    page = client.get("/pusat/", query_string={"periode": PERIOD}).get_data(as_text=True)
    active = _headline(page, "klien_aktif")
    # Purwokerto's 2 active clients: withheld, in words, with the reason in the title.
    figure = active.split('<span class="figure">')[1].split("</span>")[0]
    assert figure.startswith('<abbr class="suppressed" title="Disembunyikan untuk')
    assert figure.endswith(">disembunyikan</abbr>")
    assert not re.search(r'class="figure">\s*2\s*<', active)


def test_national_officer_sees_every_office_that_recorded_nothing(dataset, client, auth, make_user):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    page = client.get("/pusat/", query_string={"periode": PERIOD}).get_data(as_text=True)
    assert '<span class="figure">30</span>' in _headline(page, "klien_aktif")
    silent = _section(page, "silent")
    for name in ("Purwokerto", "Mataram", "Jakarta Timur-Utara"):
        line = silent.split(name)[1].split("</li>")[0]
        assert "tidak ada data sama sekali" in line, name
    flags = _section(page, "flags")
    # Purwokerto's 0 of 7 trained is not "above" a national 0% (a rounding error once said so).
    assert "Tidak ada kantor yang angkanya berbeda nyata" in flags


def test_office_roles_and_sysadmin_have_no_oversight_page(client, auth, make_user):
    make_user("sysadmin", username="root1")
    auth.login("root1")
    assert client.get("/pusat/").status_code == 404
    assert client.get("/admin/").status_code == 200
