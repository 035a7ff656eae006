"""Sorting and ranking the comparison, and the chart pages, on the hand-made dataset
(see indicator_fixtures.py): figures where they should be, suppressed ones nowhere."""

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


def _svgs(html: str) -> str:
    return "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))


def _office_rows(html: str) -> list[tuple[str, str]]:
    """(rank, office) of each office row, in page order."""
    rows = re.findall(
        r'<tr class="row-office".*?data-testid="rank">(.*?)</td>.*?<a href="[^"]*">(.*?)</a>',
        html,
        flags=re.S,
    )
    return [(rank.strip(), name) for rank, name in rows]


def _comparison(client, **params) -> str:
    response = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "bimbingan", **params}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_offices_rank_by_an_indicator_and_hidden_figures_take_no_rank(dataset, national, client):
    html = _comparison(client, urut="klien_aktif")
    # Tangerang 20, Jakarta Timur-Utara 0; Mataram and Purwokerto are suppressed (<5 or
    # hidden against subtraction): last, by name, without a rank.
    assert _office_rows(html) == [
        ("1", "Bapas Kelas I Tangerang"),
        ("2", "Bapas Kelas I Jakarta Timur-Utara"),
        ("—", "Bapas Kelas I Mataram"),
        ("—", "Bapas Kelas II Purwokerto"),
    ]
    head = html.split('data-testid="comparison"')[1].split("</thead>")[0]
    assert re.search(r'aria-sort="descending">\s*<a[^>]*urut=klien_aktif', head)
    # The totals stay pinned below the offices; each demo region has one office, so its
    # total would repeat the office's row and is not shown (the office names its region).
    body = html.split("<tbody>")[1]
    assert "row-region" not in body
    assert body.rindex("row-office") < body.index("row-national")
    assert "Kanwil Ditjenpas Banten</a></small>" in body
    ascending = _office_rows(_comparison(client, urut="klien_aktif", arah="naik"))
    assert ascending[:2] == [
        ("1", "Bapas Kelas I Jakarta Timur-Utara"),
        ("2", "Bapas Kelas I Tangerang"),
    ]


def test_the_header_link_reverses_the_order(dataset, national, client):
    html = _comparison(client, urut="klien_aktif")
    head = html.split("</thead>")[0]
    link = re.search(r'href="([^"]*urut=klien_aktif[^"]*)"', head).group(1)
    assert "arah=naik" in link
    unsorted = _comparison(client)
    assert "aria-sort" not in unsorted and 'data-testid="rank"' not in unsorted


@pytest.mark.parametrize(
    "params", [{"urut": "tidak_ada"}, {"urut": "klien_aktif", "arah": "miring"}, {"urut": "magang"}]
)
def test_a_malformed_order_is_refused_with_a_message(dataset, national, client, params):
    response = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": "bimbingan", **params}
    )
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.get_data(as_text=True)


def test_dot_and_funnel_plots_draw_only_what_the_table_shows(dataset, national, client):
    response = client.get(
        "/pusat/indikator/grafik", query_string={"periode": PERIOD, "indikator": "pencabutan"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = _svgs(html)
    # Tangerang's 6 of 12 is drawn in both plots, with its value as the hover title.
    assert charts.count("<title>Tangerang: 50,0% (6 / 12)</title>") == 2
    assert "Nasional 52,2%" in charts
    # Purwokerto (1 of 3) and Mataram (hidden against subtraction) are not drawn.
    assert "Purwokerto" not in charts and "Mataram" not in charts
    assert 'role="img"' in charts and "<desc>" in charts
    # The table view lists them, suppressed in words, with no rank.
    table = html.split('data-testid="chart-table"')[1].split("</table>")[0]
    purwokerto = table.split("Bapas Kelas II Purwokerto")[1].split("</tr>")[0]
    assert ">disembunyikan</abbr>" in purwokerto and "&lt;5" not in table
    assert "Kanwil Ditjenpas Jawa Tengah</small>" in purwokerto  # its region, named once
    assert "row-region" not in table and "Total nasional" in table
    counts = client.get("/pusat/indikator/grafik", query_string={"indikator": "klien_aktif"})
    assert counts.status_code == 400  # a funnel needs a rate


def test_trend_compares_counts_between_offices_and_marks_the_running_period(
    dataset, national, client
):
    counts = client.get("/pusat/indikator/tren", query_string={"indikator": "klien_aktif"})
    chart = _svgs(counts.get_data(as_text=True))
    assert "Nasional" not in chart  # a national count would flatten the offices
    assert "Tangerang — T2 25: 20</title>" in chart
    assert "sementara" in chart and 'fill="#ffffff"' in chart
    # Purwokerto's 2 active clients of 2025-Q2 are neither drawn nor named.
    assert "Purwokerto — T2 25" not in chart
    assert "Klien aktif pada akhir periode (jumlah)" in chart
    rates = client.get("/pusat/indikator/tren", query_string={"indikator": "pencabutan"})
    html = rates.get_data(as_text=True)
    assert "- - Nasional" in _svgs(html)
    assert "Nasional — T2 25: 52,2% (12 / 23)" in _svgs(html)
    assert "(sementara)" in html.split('data-testid="trend-table"')[1]


def test_office_profile_shows_rank_and_small_trends(dataset, national, client):
    html = client.get(
        "/pusat/indikator/kantor/tangerang", query_string={"periode": PERIOD}
    ).get_data(as_text=True)
    row = html.split('data-indicator="klien_aktif"')[1].split("</tr>")[0]
    assert "1 dari 2" in row  # ranked among the offices with a shown figure
    assert 'class="chart sparkline"' in row and "<title>T2 25: 20</title>" in row
    hidden = client.get(
        "/pusat/indikator/kantor/purwokerto", query_string={"periode": PERIOD}
    ).get_data(as_text=True)
    row = hidden.split('data-indicator="klien_aktif"')[1].split("</tr>")[0]
    assert '<td class="num" data-testid="rank">—</td>' in row
    assert "T2 25: 2<" not in row


def test_regional_officer_charts_only_the_region(dataset, client, auth, make_user):
    make_user("regional", region="banten", username="kanwil.banten")
    auth.login("kanwil.banten")
    html = client.get(
        "/pusat/indikator/grafik", query_string={"periode": PERIOD, "indikator": "pencabutan"}
    ).get_data(as_text=True)
    assert "Tangerang" in _svgs(html)
    assert "Purwokerto" not in html and "Mataram" not in html
