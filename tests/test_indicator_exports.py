"""The indicator exports and JSON hold numbers as numbers, equal to the page's figures."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pandas as pd
import pytest
from indicator_fixtures import PERIOD, build_dataset
from openpyxl import load_workbook


@pytest.fixture
def dataset(app, make_user):
    return build_dataset(app, make_user)


def _page_figures(client, group: str) -> dict[str, list[str]]:
    """{office or total name: the headline figure of each indicator} as the page shows."""
    html = client.get(
        "/pusat/indikator/", query_string={"periode": PERIOD, "kelompok": group}
    ).get_data(as_text=True)
    figures = {}
    for row in re.findall(r'<tr class="row-\w+" data-level="\w+">(.*?)</tr>', html, re.S):
        th = row.split("</th>")[0]
        link = re.search(r"<a [^>]*>(.*?)</a>", th)
        name = link.group(1) if link else re.sub(r"<[^>]+>", "", th).strip()
        figures[name] = [
            re.sub(r"<[^>]+>", "", f)
            for f in re.findall(r'<span class="figure">(.*?)</span>', row, re.S)
        ]
    return figures


def _as_page_text(value, kind: str) -> str:
    """How the page writes a number read back from the spreadsheet."""
    if pd.isna(value):  # suppressed (a comment says so), or nothing to divide by
        return "—"
    if kind == "rate":
        return f"{100 * value:.1f}%".replace(".", ",")
    if kind == "ratio":
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def test_xlsx_holds_numbers_equal_to_the_page(dataset, national, client):
    page = _page_figures(client, "residivisme")
    body = client.get(
        "/pusat/indikator/ekspor.xlsx", query_string={"periode": PERIOD, "kelompok": "residivisme"}
    ).data
    sheet = pd.read_excel(io.BytesIO(body), header=3, engine="calamine")
    indicators = {"Tingkat pencabutan": "rate", "Pengulangan selama bimbingan": "rate"}
    for column in indicators:
        assert pd.api.types.is_float_dtype(sheet[column]), column
    by_name = sheet.set_index("Kantor / wilayah")
    tangerang = by_name.loc["Bapas Kelas I Tangerang"]
    assert tangerang["Tingkat pencabutan"] == pytest.approx(0.5)
    assert tangerang["Tingkat pencabutan: berakhir karena dicabut"] == 6
    assert tangerang["Tingkat pencabutan: KI 95% bawah"] == pytest.approx(0.2538, abs=1e-4)
    national_row = by_name.loc["Nasional"]
    assert national_row["Tingkat pencabutan: masa bimbingan berakhir"] == 23
    # Every figure on the page, office by office, is the number in the sheet.
    for name, figures in page.items():
        row = by_name.loc["Nasional" if name == "Total nasional" else name]
        for (column, kind), shown in zip(indicators.items(), figures, strict=False):
            shown = "—" if shown == "disembunyikan" else shown
            assert _as_page_text(row[column], kind) == shown, (name, column)
    # A region of one office is not repeated; suppressed cells are empty with a reason.
    assert set(sheet["Tingkat"]) == {"kantor", "nasional"}
    assert pd.isna(by_name.loc["Bapas Kelas II Purwokerto"]["Tingkat pencabutan"])


def test_xlsx_is_typed_with_a_bold_frozen_header_and_widths(dataset, national, client):
    body = client.get("/pusat/indikator/ekspor.xlsx", query_string={"periode": PERIOD}).data
    book = load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[4]]
    assert header[0] == "Kantor / wilayah" and all(c.font.bold for c in sheet[4] if c.value)
    assert sheet.freeze_panes == "B5"
    assert (
        sheet.auto_filter.ref
        == f"A4:{sheet.cell(row=4, column=len(header)).column_letter}{sheet.max_row}"
    )
    assert sheet.column_dimensions["A"].width >= 30
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5)}
    tangerang = dict(zip(header, rows["Bapas Kelas I Tangerang"], strict=True))
    active = tangerang["Klien aktif pada akhir periode"]
    assert active.value == 20 and isinstance(active.value, int)
    rate = tangerang["Tingkat pencabutan"]
    assert rate.value == pytest.approx(0.5) and rate.number_format == "0.0%"
    purwokerto = dict(zip(header, rows["Bapas Kelas II Purwokerto"], strict=True))
    hidden = purwokerto["Klien aktif pada akhir periode"]
    assert hidden.value is None and "Disembunyikan" in hidden.comment.text
    assert book.worksheets[1]["A1"].value == "Indikator" and book.worksheets[1]["A1"].font.bold
    assert book.worksheets[1].freeze_panes == "A2" and book.worksheets[1].auto_filter.ref


def test_xlsx_writes_rupiah_as_formatted_numbers(app, dataset, national, client):
    from indicator_training_fixtures import add_training_data

    add_training_data(app, dataset["tangerang"])
    body = client.get(
        "/pusat/indikator/ekspor.xlsx", query_string={"periode": PERIOD, "kelompok": "pelatihan"}
    ).data
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    header = [c.value for c in sheet[4]]
    tangerang = next(r for r in sheet.iter_rows(min_row=5) if r[0].value.endswith("Tangerang"))
    cost = tangerang[header.index("Biaya per partisipasi")]
    assert cost.value == 500_000 and cost.number_format == '"Rp"#,##0'
    budget = tangerang[header.index("Biaya per partisipasi: anggaran (rupiah)")]
    assert budget.value == 10_000_000


def test_csv_numbers_parse_as_plain_numbers(dataset, national, client):
    text = client.get("/pusat/indikator/ekspor.csv", query_string={"periode": PERIOD}).data
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header[0] == "Periode" and all(len(r) == len(header) for r in data)
    tangerang = dict(zip(header, next(r for r in data if r[1].endswith("Tangerang")), strict=True))
    assert tangerang["Periode"] == PERIOD
    assert int(tangerang["Klien aktif pada akhir periode"]) == 20
    assert float(tangerang["Tingkat pencabutan"]) == pytest.approx(0.5)
    assert float(tangerang["Klien per PK"]) == pytest.approx(10.0)
    numbers = [
        v for r in data for k, v in zip(header, r, strict=True) if k.startswith("Tingkat pen")
    ]
    for value in numbers:
        if value and not value.isalpha():
            float(value)  # dot decimal, no separator, no %
            assert "%" not in value and "," not in value
    frame = pd.read_csv(io.BytesIO(text), encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(frame["Klien aktif pada akhir periode"])
    purwokerto = frame.set_index("Kantor / wilayah").loc["Bapas Kelas II Purwokerto"]
    assert pd.isna(purwokerto["Klien aktif pada akhir periode"])
    assert purwokerto["Klien aktif pada akhir periode: keterangan"] == "disembunyikan"


def test_json_counts_are_integers_and_times_carry_their_zone(dataset, national, client):
    data = client.get("/api/v1/indikator/perbandingan", query_string={"periode": PERIOD}).get_json()
    computed = datetime.fromisoformat(data["computed_at"])
    assert computed.utcoffset() is not None and computed.utcoffset().total_seconds() == 0
    tangerang = next(r for r in data["rows"] if r["office"] == "tangerang")["values"]
    assert type(tangerang["klien_aktif"]["numerator"]) is int
    assert type(tangerang["klien_aktif"]["value"]) is int
    assert type(tangerang["pencabutan"]["denominator"]) is int
    assert type(tangerang["pencabutan"]["value"]) is float
    raw = client.get("/api/v1/indikator/perbandingan", query_string={"periode": PERIOD}).get_data(
        as_text=True
    )
    assert '"numerator":20,' in raw.replace(" ", "") and "20.0" not in raw
