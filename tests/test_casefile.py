"""The case file as a PK uses it: the summary it opens on, what a report counted for,
late reports, the report form's mode-dependent fields, and feedback after a save.

"Today" is pinned to Thursday 10 April 2025 (see test_reporting): a monthly client from
6 Jan 2025 has due dates 6 Feb (window 30 Jan – 13 Feb), 6 Mar (27 Feb – 13 Mar),
7 Apr (31 Mar – 14 Apr), 6 May...
"""

# Fixtures imported from other test modules are parameters here, which ruff reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import date, time

from sqlalchemy import event, select
from test_clients import in_office, signed_in  # noqa: F401 (fixtures)
from test_reporting import (  # noqa: F401 (fixtures)
    APR,
    FEB,
    MAR,
    OFFICE,
    TODAY,
    new_client,
    report_form,
    schedule_of,
    today,
)

from portal.auth.models import User
from portal.clients.models import Client
from portal.extensions import db
from portal.reporting import duelist, operations
from portal.reporting.models import Report, ReportDue


def _due_id(in_office, day: date) -> int:
    return in_office(
        OFFICE, lambda: db.session.scalar(select(ReportDue.id).where(ReportDue.due_on == day))
    )


def _summary(page: str) -> str:
    start = page.index('data-testid="summary"')
    return page[start : page.index("</section>", start)]


def _row(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</div>", start)]


def _flash(page: str) -> str:
    return re.search(r'<div class="flash flash-success" role="status">(.*?)</div>', page).group(1)


def test_the_case_file_opens_on_what_to_act_on(auth, signed_in, new_client, report_form):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    report_form(client_id, on="2025-02-12", mode="video", call_time="10:30", pk_id=str(pk_id))
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    summary = _summary(page)
    # The summary comes before the identity facts and every other section.
    assert (
        page.index('id="ringkasan"') < page.index('id="wajib-lapor"') < page.index('id="identitas"')
    )
    assert 'href="#catat-laporan"' in summary and 'id="catat-laporan"' in page
    assert "Akhiri bimbingan" in _row(page, "summary-status")
    period = _row(page, "summary-period")
    assert "6 Jan 2025 – 31 Des 2025" in period and "265 hari lagi" in period
    next_due = _row(page, "summary-next-due")
    assert 'datetime="2025-04-07"' in next_due and "Jatuh tempo" in next_due
    assert "31 Mar 2025 – 14 Apr 2025" in next_due
    contact = _row(page, "summary-last-contact")
    assert 'datetime="2025-02-12"' in contact and "Panggilan video" in contact
    compliance = _row(page, "summary-compliance")
    assert "50%" in compliance and "1 dari 2 jadwal dipenuhi tepat waktu" in compliance
    overdue = _row(page, "summary-overdue")
    assert "1 jadwal terlewat" in overdue and "6 Mar 2025" in overdue
    assert "summary-anak" not in page
    for section in (
        "wajib-lapor",
        "catat-laporan",
        "bimbingan",
        "litmas",
        "pelatihan",
        "tindak-lanjut",
        "hasil",
        "identitas",
        "riwayat-status",
    ):
        assert f'id="{section}"' in page, section
        assert f'href="#{section}"' in page or section == "tindak-lanjut", section


def test_a_juvenile_file_says_so_in_its_summary(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id, birth_date=date(2010, 5, 15), nik="3603011505100001")
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    assert "Klien anak" in _row(page, "summary-anak")


def _page_statements(app, path_get) -> list[str]:
    """The SQL a case file runs for its own content: what the sign-in and office checks
    read (sessions, office setting, versions) depends on timing, not on the file."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(*args):
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        path_get()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    checks = ("user_sessions", "set_config", "indicator_status", "FROM offices")
    return [sql for sql in seen if not any(word in sql for word in checks)]


def test_the_summary_costs_no_query_per_record(app, auth, signed_in, new_client, report_form):
    """The case file runs as many statements with two reports as with six: each list,
    the due dates with their reports and the reports that met none (20 Feb, 20 Mar and
    2 Apr here), is one statement however long it is; a client with no report outside
    the schedule is spared the second."""
    pk_id = signed_in("pk")
    few = new_client(pk_id=pk_id)
    many = new_client(pk_id=pk_id)
    met_only = new_client(pk_id=pk_id)
    report_form(few, on="2025-02-06", pk_id=str(pk_id))
    report_form(few, on="2025-02-20", pk_id=str(pk_id))
    report_form(met_only, on="2025-02-06", pk_id=str(pk_id))
    for on in ("2025-02-06", "2025-02-20", "2025-03-06", "2025-03-20", "2025-04-01"):
        report_form(many, on=on, pk_id=str(pk_id), mode="kunjungan_rumah")
    report_form(many, on="2025-04-02", pk_id=str(pk_id), mode="video", call_time="09:00")
    # The first case file of the session reads what later ones find known: apart.
    auth.client.get(f"/{OFFICE}/klien/{new_client(pk_id=pk_id)}")
    counts = [
        len(_page_statements(app, lambda c=c: auth.client.get(f"/{OFFICE}/klien/{c}")))
        for c in (few, many, met_only)
    ]
    assert counts[0] == counts[1] == counts[2] + 1, counts


def test_a_report_says_which_due_date_it_met(auth, signed_in, new_client, in_office):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan",
        {"on": "2025-02-12", "mode": "video", "call_time": "10:30", "pk_id": str(pk_id)},
    )
    feb = _due_id(in_office, FEB)
    assert response.headers["Location"].endswith(f"changed=due-{feb}#jadwal-{feb}")
    page = auth.client.get(response.headers["Location"]).text
    assert _flash(page) == "Laporan 12 Feb 2025 dicatat dan memenuhi jadwal 6 Feb 2025."
    assert re.search(rf'<tr class="due-hadir" id="jadwal-{feb}" data-changed>', page)
    assert "Panggilan video 10:30" in page
    stored = in_office(OFFICE, lambda: db.session.scalar(select(Report.call_time)))
    assert stored == time(10, 30)


def test_a_report_that_meets_a_due_date_reads_nothing_back(app, auth, signed_in, new_client):
    """Its message and the page it returns to come from what storing it read: the report
    is not read back, and the schedule is read once (an off-schedule report reads it again
    to say why it met none)."""
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
    form = {"mode": "kantor", "pk_id": str(pk_id)}

    def reads(on: str) -> dict[str, int]:
        """SELECTs of the stored reports and of the schedule while recording one on `on`."""
        seen = [
            sql.lstrip()
            for sql in _page_statements(app, lambda: auth.post(path, {**form, "on": on}))
        ]
        return {
            t: sum(sql.startswith(f"SELECT {t}.") for sql in seen)
            for t in ("reports", "report_dues")
        }

    assert reads("2025-02-12") == {"reports": 0, "report_dues": 1}  # meets 6 Feb
    assert reads("2025-02-22")["report_dues"] == 2  # off-schedule: says why


def test_an_off_schedule_report_says_why_it_met_no_due_date(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
    response = auth.post(path, {"on": "2025-02-22", "mode": "kantor", "pk_id": str(pk_id)})
    assert re.search(r"changed=report-(\d+)#laporan-\1$", response.headers["Location"])
    page = auth.client.get(response.headers["Location"]).text
    assert _flash(page) == (
        "Laporan 22 Feb 2025 dicatat sebagai kontak di luar jadwal dan tidak memenuhi jadwal "
        "mana pun: tanggal ini di luar batas toleransi setiap jadwal; jadwal terdekat "
        "6 Mar 2025 (batas 27 Feb 2025 – 13 Mar 2025)."
    )
    assert re.search(r'<li id="laporan-\d+" data-changed>22 Feb 2025 · Di kantor', page)

    auth.post(path, {"on": "2025-02-06", "mode": "kantor", "pk_id": str(pk_id)})
    response = auth.post(path, {"on": "2025-02-07", "mode": "kantor", "pk_id": str(pk_id)})
    page = auth.client.get(response.headers["Location"]).text
    assert "jadwal 6 Feb 2025 yang batas toleransinya memuat tanggal ini sudah dipenuhi" in page


def test_a_video_call_needs_its_time_and_other_modes_ignore_what_they_do_not_use(
    auth, signed_in, new_client, in_office
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
    refused = auth.post(
        path, {"on": "2025-04-09", "mode": "video", "pk_id": str(pk_id), "note": "Lewat WA"}
    )
    assert refused.status_code == 200
    summary = refused.text[refused.text.index('data-testid="error-summary"') :]
    assert '<a href="#call_time">Jam panggilan video: Jam panggilan video wajib diisi.</a>' in (
        summary
    )
    assert "Lewat WA</textarea>" in refused.text  # what was typed is kept
    assert in_office(OFFICE, lambda: db.session.scalar(select(Report.id))) is None

    ok = auth.post(
        path,
        {
            "on": "2025-04-09",
            "mode": "kantor",
            "pk_id": str(pk_id),
            "call_time": "not a time",  # typed before switching mode: not asked, ignored
            "kelurahan": "Kembaran",  # only for mobile counseling
        },
    )
    assert ok.status_code == 302
    stored = in_office(
        OFFICE, lambda: db.session.execute(select(Report.call_time, Report.kelurahan)).one()
    )
    assert tuple(stored) == (None, "")


def test_a_refused_report_comes_back_with_its_error_summary_and_input(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan",
        {"on": "2025-04-09", "mode": "", "pk_id": str(pk_id), "note": "Datang sendiri"},
    )
    page = response.text
    assert page.index('data-testid="error-summary"') < page.index('id="ringkasan"')
    assert '<a href="#mode">Cara lapor: Cara lapor wajib dipilih.</a>' in page
    assert "Datang sendiri</textarea>" in page and 'value="2025-04-09"' in page


def test_a_late_report_meets_a_missed_due_date_but_not_compliance(
    auth, signed_in, new_client, schedule_of, in_office
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    mar = _due_id(in_office, MAR)
    page = auth.client.get(f"/{OFFICE}/klien/{client_id}").text
    late_for = page[page.index('data-testid="late-for"') :]
    late_for = late_for[: late_for.index("</select>")]
    # Only March is missed recently enough (its window closed 13 Mar; February's 13 Feb).
    assert f'value="{mar}"' in late_for and "6 Mar 2025" in late_for
    assert "6 Feb 2025" not in late_for

    path = f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan"
    base = {"mode": "kantor", "pk_id": str(pk_id)}
    on_time = auth.post(path, {**base, "on": "2025-04-09", "late_for": str(mar)})
    assert "memenuhi jadwal 7 Apr 2025 tepat waktu" in on_time.text
    feb = auth.post(path, {**base, "on": "2025-03-20", "late_for": str(_due_id(in_office, FEB))})
    assert "paling lama 30 hari" in feb.text
    assert in_office(OFFICE, lambda: db.session.scalar(select(Report.id))) is None

    response = auth.post(path, {**base, "on": "2025-03-20", "late_for": str(mar)})
    assert response.headers["Location"].endswith(f"changed=due-{mar}#jadwal-{mar}")
    page = auth.client.get(response.headers["Location"]).text
    assert "dicatat sebagai laporan terlambat untuk jadwal 6 Mar 2025" in _flash(page)
    assert schedule_of(client_id)[:3] == [
        (FEB, "terlambat"),
        (MAR, "hadir_terlambat"),
        (APR, "jatuh_tempo"),
    ]
    result = in_office(OFFICE, lambda: operations.compliance([client_id]))[client_id]
    assert (result.due, result.attended, result.late) == (2, 0, 1)  # honest: not on time
    assert "0 dari 2 jadwal dipenuhi tepat waktu; 1 hadir terlambat" in page

    def overdue():
        user = db.session.get(User, pk_id)
        (row,) = duelist.clients_due(user, TODAY).items
        return row.reporting.late_since, row.reporting.late_count

    assert in_office(OFFICE, overdue) == (FEB, 1)  # March is no longer chased


def test_a_missed_due_date_with_a_violation_takes_no_late_report(
    auth, signed_in, new_client, in_office
):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    mar = _due_id(in_office, MAR)
    violation = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/pelanggaran",
        {"due_id": str(mar), "note": "Tidak datang"},
    )
    assert violation.headers["Location"].endswith(f"changed=due-{mar}#jadwal-{mar}")
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan",
        {"on": "2025-03-20", "mode": "kantor", "pk_id": str(pk_id), "late_for": str(mar)},
    )
    assert "sudah dipenuhi, dibatalkan, atau dicatat sebagai pelanggaran" in response.text


def test_a_frequency_change_returns_to_the_changed_figures(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/frekuensi", {"frequency": "mingguan"}
    )
    assert response.headers["Location"].endswith("changed=frequency#wajib-lapor")
    page = auth.client.get(response.headers["Location"]).text
    assert '<p data-testid="compliance" data-changed>' in page


def test_the_end_of_guidance_check_page_counts_what_closes(auth, signed_in, new_client, in_office):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    data = {"to_status": "selesai", "on": "2025-04-01", "reason": "Masa bimbingan dipenuhi"}
    check = auth.post(f"/{OFFICE}/klien/{client_id}/status", data).text
    consequences = check[check.index('data-testid="consequences"') :]
    # Apr..Dec are open after 1 April: nine due dates; Feb and Mar stay missed.
    assert "9 jadwal setelah 1 Apr 2025 yang belum dipenuhi dibatalkan" in consequences
    assert "7 Apr 2025 sampai 6 Des 2025" in consequences
    assert "2 jadwal yang terlewat sebelum tanggal itu tetap tercatat terlambat" in consequences
    assert in_office(OFFICE, lambda: db.session.get(Client, client_id).status) == "aktif"


def test_a_transfer_check_page_says_what_the_receiving_office_gets(
    app, auth, signed_in, new_client, in_office
):
    from portal.offices.models import Office

    signed_in("admin")
    client_id = new_client(name="Klien Pindahan")
    with app.app_context():
        tangerang = db.session.scalar(select(Office.id).where(Office.slug == "tangerang"))
    data = {"to_office_id": str(tangerang), "on": "2025-04-01", "reason": "Ikut keluarga"}
    check = auth.post(f"/{OFFICE}/klien/{client_id}/pindah", data).text
    assert "Pindahkan Klien Pindahan ke Bapas" in check and "Tangerang?" in check
    consequences = check[check.index('data-testid="consequences"') :]
    assert "menerima berkas baru berstatus aktif mulai 1 Apr 2025" in consequences
    assert "PINDAH/2025/" in consequences and "9 jadwal wajib lapor" in consequences
    assert in_office(OFFICE, lambda: db.session.get(Client, client_id).status) == "aktif"
    assert in_office("tangerang", lambda: db.session.scalar(select(Client.id))) is None
    again = auth.post(f"/{OFFICE}/klien/{client_id}/pindah", {**data, "edit": "1"}).text
    assert "Ikut keluarga</textarea>" in again and "Lanjutkan" in again
    done = auth.post(f"/{OFFICE}/klien/{client_id}/pindah", {**data, "confirmed": "1"})
    assert done.headers["Location"].endswith("changed=status#ringkasan")
    assert in_office(OFFICE, lambda: db.session.get(Client, client_id).status) == "pindah"


def test_what_a_report_counted_for_reads_in_english(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    auth.post("/bahasa", {"lang": "en", "next": "/"})
    response = auth.post(
        f"/{OFFICE}/wajib-lapor/klien/{client_id}/laporan",
        {"on": "2025-02-22", "mode": "kantor", "pk_id": str(pk_id)},
    )
    page = auth.client.get(response.headers["Location"]).text
    assert _flash(page) == (
        "Report of 22 Feb 2025 recorded as an off-schedule contact; it met no due date: "
        "this date is outside every due date&#39;s tolerance window; the nearest due date is "
        "6 Mar 2025 (window 27 Feb 2025 – 13 Mar 2025)."
    )
    assert "End guidance" in page and "Next report due" in page


def test_a_death_is_said_to_be_final_before_it_is_recorded(auth, signed_in, new_client):
    pk_id = signed_in("pk")
    client_id = new_client(pk_id=pk_id)
    data = {"to_status": "meninggal", "on": "2025-04-01", "reason": "Surat keterangan keluarga"}
    check = auth.post(f"/{OFFICE}/klien/{client_id}/status", data).text
    assert "Status ini tidak dapat diubah lagi setelah disimpan." in check
    assert "dapat dikoreksi kembali ke aktif" not in check
