"""Worklists that fit the role and the urgency: the PK's home (one line per client, the
most urgent first), "Kasus saya", the staff and administrator homes, and the guidance list."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, event

from portal.clients.models import Client
from portal.extensions import db
from portal.formatting import day
from portal.reporting.models import ReportDue

OFFICE = "purwokerto"
pytest_plugins = ["guidance_fixtures"]


def office_today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()  # Purwokerto keeps WIB


def set_dues(in_office, client_id: int, *dues: tuple[date, int]) -> None:
    """Replace the client's schedule with these due dates (day, tolerance in days)."""

    def run():
        db.session.execute(delete(ReportDue).where(ReportDue.client_id == client_id))
        for on, tolerance in dues:
            db.session.add(
                ReportDue(
                    client_id=client_id,
                    due_on=on,
                    window_from=on - timedelta(days=tolerance),
                    window_to=on + timedelta(days=tolerance),
                )
            )

    in_office(run)


def report(in_office, client_id: int, on: date, pk_id: int, mode: str = "kantor") -> None:
    from portal.reporting.operations import record_report

    in_office(
        lambda: record_report(
            db.session.get(Client, client_id), on=on, mode=mode, pk_id=pk_id, note=""
        )
    )


def lines(page: str) -> list[str]:
    """The worklist's lines as text blocks, in the page's order."""
    return page.split('data-testid="worklist-line"')[1:]


def names_in_order(blocks: list[str], names: list[str]) -> list[str]:
    return [n for b in blocks for n in names if f">{n}</a>" in b]


@contextmanager
def statements(app):
    """Counts the SQL statements run inside the block."""
    found = []

    def count(*_args):
        found.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", count)


def caseload(new_client, in_office, pk_id: int, other_pk: int) -> dict[str, int]:
    """A PK's clients in every state of wajib lapor, and another PK's late client."""
    today = office_today()
    start, end = today - timedelta(days=400), today + timedelta(days=400)
    ids = {}
    for n, name in enumerate(
        (
            "Lama Terlambat",
            "Baru Terlambat",
            "Hari Ini",
            "Minggu Ini",
            "Belum Waktunya",
            "Sudah Lapor",
        ),
        start=1,
    ):
        ids[name] = new_client(n, name=name, pk_id=pk_id, guidance_start=start, guidance_end=end)
    ids["Milik PK Lain"] = new_client(
        9, name="Milik PK Lain", pk_id=other_pk, guidance_start=start, guidance_end=end
    )
    set_dues(
        in_office,
        ids["Lama Terlambat"],
        (today - timedelta(days=70), 7),
        (today - timedelta(days=40), 7),
    )
    set_dues(in_office, ids["Baru Terlambat"], (today - timedelta(days=12), 7))
    set_dues(in_office, ids["Hari Ini"], (today, 7))
    set_dues(in_office, ids["Minggu Ini"], (today + timedelta(days=3), 7))
    set_dues(in_office, ids["Belum Waktunya"], (today + timedelta(days=20), 7))
    set_dues(in_office, ids["Sudah Lapor"], (today - timedelta(days=30), 7))
    set_dues(in_office, ids["Milik PK Lain"], (today - timedelta(days=50), 7))
    report(in_office, ids["Sudah Lapor"], today - timedelta(days=31), pk_id)
    return ids


def test_pk_home_has_one_line_per_client_the_most_urgent_first(
    app, auth, login_as, make_user, new_client, in_office
):
    today = office_today()
    pk_id = login_as("pk")
    other = make_user("pk", office=OFFICE, username="pk.lain")
    ids = caseload(new_client, in_office, pk_id, other)
    # The longest-late client's guidance also ends soon: a second item on the same line.
    in_office(
        lambda: setattr(
            db.session.get(Client, ids["Lama Terlambat"]),
            "guidance_end",
            today + timedelta(days=10),
        )
    )

    page = auth.client.get(f"/{OFFICE}/").text
    blocks = lines(page)
    shown = names_in_order(blocks, list(ids))
    # Late (longest first), due today, open now; then what is only worth knowing: no
    # Litmas final yet (none of these clients has one). One line per client, however
    # many dates they missed and however many things are due.
    assert shown[:4] == ["Lama Terlambat", "Baru Terlambat", "Hari Ini", "Minggu Ini"]
    assert sorted(shown[4:]) == ["Belum Waktunya", "Sudah Lapor"]
    assert len(blocks) == len(shown) == 6
    assert all('data-kind="litmas"' in b.split(">")[0] for b in blocks[4:])
    first, second, third, fourth = blocks[:4]
    assert "terlambat 70 hari · 2 jadwal terlewat" in first
    assert "terlambat 12 hari" in second
    assert "jatuh tempo hari ini" in third
    assert f"lapor s.d. {day(today + timedelta(days=10))}" in fourth
    # The action lands on the case file's report form; the other item on its own section.
    assert f'href="/{OFFICE}/klien/{ids["Lama Terlambat"]}#catat-laporan"' in first
    assert "Catat laporan" in first
    assert f'href="/{OFFICE}/klien/{ids["Lama Terlambat"]}#riwayat-status"' in first
    assert f"Masa bimbingan: berakhir {day(today + timedelta(days=10))}" in first
    counts = page.split('data-testid="worklist-counts"')[1].split("</p>")[0]
    assert "2 terlambat" in counts and "1 hari ini" in counts and "1 segera" in counts
    assert "2 untuk diketahui" in counts
    assert ">Milik PK Lain</a>" not in page
    assert "Tentang Bapas" in page.split('data-testid="worklist"')[1]  # office details last


def test_pk_home_in_english(app, auth, login_as, make_user, new_client, in_office):
    pk_id = login_as("pk")
    ids = caseload(new_client, in_office, pk_id, make_user("pk", office=OFFICE, username="pk.x"))
    auth.post("/bahasa", {"lang": "en", "next": f"/{OFFICE}/"})
    page = auth.client.get(f"/{OFFICE}/").text
    first = lines(page)[0]
    assert f">{'Lama Terlambat'}</a>" in first and str(ids["Lama Terlambat"]) in first
    assert "70 days late · 2 missed dates" in first and "Record report" in first
    assert "Today&#39;s work" in page or "Today's work" in page


def test_worklist_statements_do_not_grow_with_the_caseload(
    app, auth, login_as, make_user, new_client, in_office, monkeypatch
):
    """The per-client facts are grouped, never read per client (kept pages off)."""
    app.config["PAGE_CACHE"] = False
    pk_id = login_as("pk")
    today = office_today()
    first = new_client(
        1,
        pk_id=pk_id,
        guidance_start=today - timedelta(days=300),
        guidance_end=office_today() + timedelta(days=400),
    )
    set_dues(in_office, first, (today - timedelta(days=20), 7))
    auth.client.get(f"/{OFFICE}/")
    counts = {}
    for label in ("few", "many"):
        with statements(app) as found:
            for path in (f"/{OFFICE}/", f"/{OFFICE}/klien/saya"):
                assert auth.client.get(path).status_code == 200
        counts[label] = len(found)
        if label == "few":
            for n in range(2, 12):
                cid = new_client(
                    n,
                    pk_id=pk_id,
                    guidance_start=today - timedelta(days=300),
                    guidance_end=office_today() + timedelta(days=400),
                )
                set_dues(in_office, cid, (today - timedelta(days=10 + n), 7))
    assert counts["many"] == counts["few"]
    page = auth.client.get(f"/{OFFICE}/").text
    assert len(lines(page)) == 11 and page.count("terlambat") >= 11
    # A long worklist shows its most urgent lines and leads to Kasus saya for the rest.
    monkeypatch.setattr("portal.home.worklist.LINE_LIMIT", 5)
    page = auth.client.get(f"/{OFFICE}/").text
    assert len(lines(page)) == 5 and "Menampilkan 5 dari 11 klien." in page
    assert f'href="/{OFFICE}/klien/saya?sort=urgensi"' in page


def test_kasus_saya_shows_next_due_last_contact_and_sorts_by_them(
    app, auth, login_as, make_user, new_client, in_office
):
    from portal.auth.models import User
    from portal.guidance.operations import create_session

    today = office_today()
    pk_id = login_as("pk")
    ids = caseload(new_client, in_office, pk_id, make_user("pk", office=OFFICE, username="pk.x"))
    # A guidance session attended counts as a contact too.
    in_office(
        lambda: create_session(
            db.session.get(User, pk_id),
            [{"client_id": ids["Hari Ini"], "attendance": "hadir", "reason": ""}],
            held_on=today - timedelta(days=2),
            kind="kepribadian",
            subtype="konseling",
            format="individu",
            stage="awal",
            pk_id=pk_id,
            topic="Konseling awal",
        )
    )

    page = auth.client.get(f"/{OFFICE}/klien/saya").text
    rows = page.split('data-testid="client-row"')[1:]
    order = names_in_order(rows, list(ids))
    assert order[:5] == [
        "Lama Terlambat",
        "Baru Terlambat",
        "Hari Ini",
        "Minggu Ini",
        "Belum Waktunya",
    ]
    assert "Milik PK Lain" not in order and len(rows) == 6
    by_name = dict(zip(order, rows, strict=True))
    assert 'data-testid="overdue"' in by_name["Lama Terlambat"]
    assert "terlambat 70 hari" in by_name["Lama Terlambat"]
    assert 'data-testid="overdue"' not in by_name["Hari Ini"]
    assert "jatuh tempo hari ini" in by_name["Hari Ini"]
    assert f"lapor berikutnya {day(today + timedelta(days=20))}" in by_name["Belum Waktunya"]
    contact = re.compile(r'data-testid="last-contact">([^<]*)<')
    assert contact.search(by_name["Sudah Lapor"]).group(1) == day(today - timedelta(days=31))
    assert contact.search(by_name["Hari Ini"]).group(1) == day(today - timedelta(days=2))
    assert contact.search(by_name["Baru Terlambat"]).group(1) == "belum pernah"

    # The longest without a contact first; never met before all.
    page = auth.client.get(f"/{OFFICE}/klien/saya?sort=kontak").text
    order = names_in_order(page.split('data-testid="client-row"')[1:], list(ids))
    assert order[-2:] == ["Sudah Lapor", "Hari Ini"]
    # Next report due: the soonest open date first, clients with nothing open last.
    page = auth.client.get(f"/{OFFICE}/klien/saya?sort=lapor").text
    order = names_in_order(page.split('data-testid="client-row"')[1:], list(ids))
    assert order[:3] == ["Hari Ini", "Minggu Ini", "Belum Waktunya"]
    # A sort it does not know falls back to urgency; a page past the end shows the last.
    page = auth.client.get(f"/{OFFICE}/klien/saya?sort=xyz&page=99").text
    assert (
        names_in_order(page.split('data-testid="client-row"')[1:], list(ids))[0] == "Lama Terlambat"
    )


def test_staff_home_shows_training_work_not_reporting(
    app, auth, login_as, make_user, new_client, in_office
):
    from portal.auth.models import User
    from portal.partners.operations import create_agreement, create_partner
    from portal.trainings import operations as trainings

    today = office_today()
    pk_id = make_user("pk", office=OFFICE, username="pk.kasus")
    late = new_client(
        1,
        name="Klien Terlambat",
        pk_id=pk_id,
        guidance_start=today - timedelta(days=300),
        guidance_end=office_today() + timedelta(days=400),
    )
    set_dues(in_office, late, (today - timedelta(days=20), 7))
    staff_id = login_as("staff")

    def build():
        staff = db.session.get(User, staff_id)
        partner = create_partner(name="LPK Barista Satria", kind="lpk", services=["pelatihan"])
        create_agreement(
            partner,
            number="PKS/UJI/001",
            start_date=today - timedelta(days=300),
            end_date=today + timedelta(days=30),
            services=["pelatihan"],
        )
        barista = trainings.create_training(
            title="Barista Dasar", skill_field="barista", partner_id=partner.id
        )
        trainings.create_session(
            barista,
            start_date=today + timedelta(days=5),
            end_date=today + timedelta(days=6),
            venue_kind="aula_kantor",
            budget=0,
        )
        unmarked = trainings.create_session(
            barista,
            start_date=today - timedelta(days=12),
            end_date=today - timedelta(days=10),
            venue_kind="aula_kantor",
            budget=0,
        )
        trainings.enrol(staff, unmarked, late)
        pastry = trainings.create_training(
            title="Pastry Rumahan", skill_field="kuliner", partner_id=None
        )
        done = trainings.create_session(
            pastry,
            start_date=today - timedelta(days=92),
            end_date=today - timedelta(days=90),
            venue_kind="aula_kantor",
            budget=0,
        )
        p = trainings.enrol(staff, done, late)
        trainings.update_participant(
            staff, p, attended=True, completed=True, certificate=False, transport_money=0
        )

    in_office(build)
    page = auth.client.get(f"/{OFFICE}/").text
    assert 'data-testid="worklist-line"' not in page and "Klien Terlambat" not in page

    def panel(key: str) -> str:
        return page.split(f'data-testid="panel-{key}"')[1].split("</section>")[0]

    upcoming = panel("sesi-mendatang")
    assert "Barista Dasar" in upcoming and "dalam 5 hari" in upcoming and "0 peserta" in upcoming
    unmarked = panel("kehadiran-belum-dicatat")
    assert "Barista Dasar" in unmarked and "menunggu 10 hari" in unmarked and "(1)" in unmarked
    follow_ups = panel("tindak-lanjut-kantor")
    assert "Pastry Rumahan" in follow_ups and "1 tindak lanjut 3 bulan" in follow_ups
    assert f"s.d. {day(today + timedelta(days=30))}" in follow_ups
    ending = panel("perjanjian-berakhir")
    assert "LPK Barista Satria" in ending and "30 hari lagi" in ending


def test_administrator_home_shows_caseload_and_late_clients_per_pk(
    app, auth, login_as, make_user, new_client, in_office
):
    today = office_today()
    rina = make_user("pk", office=OFFICE, username="rina", full_name="Rina Lestari")
    dodi = make_user("pk", office=OFFICE, username="dodi", full_name="Dodi Saputra")
    start = today - timedelta(days=300)
    for n, (pk, late) in enumerate(((rina, True), (rina, True), (rina, False), (dodi, False)), 1):
        cid = new_client(
            n, pk_id=pk, guidance_start=start, guidance_end=office_today() + timedelta(days=400)
        )
        set_dues(
            in_office, cid, (today - timedelta(days=20) if late else today + timedelta(days=20), 7)
        )
    anak = new_client(
        7,
        pk_id=rina,
        guidance_start=start,
        nik="3302011505100007",
        birth_date=date(2010, 5, 15),
        program="diversi",
        guidance_end=office_today() + timedelta(days=400),
    )
    set_dues(in_office, anak, (today + timedelta(days=20), 7))
    login_as("admin")
    page = auth.client.get(f"/{OFFICE}/").text
    table = page.split('data-testid="caseload"')[1].split("</table>")[0]

    def row(username: str) -> str:
        return table.split(f'data-pk="{username}"')[1].split("</tr>")[0]

    assert 'data-testid="caseload-active">4<' in row("rina") and "1 anak" in row("rina")
    assert re.search(r'data-testid="caseload-late">\s*<a[^>]*>2<', row("rina"))
    assert f'href="/{OFFICE}/klien/?pk={rina}&amp;status=aktif"' in row("rina")
    assert 'data-testid="caseload-late">0<' in row("dodi")
    assert 'data-testid="worklist-line"' not in page


def test_administrator_home_counts_again_only_the_pk_whose_caseload_changed(
    app, auth, login_as, make_user, new_client, in_office, monkeypatch
):
    """After a PK's write the home is made again, but only that PK's counts are read
    again (the others are kept under their caseload versions): at 20,000 clients the
    whole table took 1.5 s after every write in the office."""
    from portal.reporting import caseload as caseload_module

    today = office_today()
    rina = make_user("pk", office=OFFICE, username="rina", full_name="Rina Lestari")
    dodi = make_user("pk", office=OFFICE, username="dodi", full_name="Dodi Saputra")
    start, end = today - timedelta(days=300), today + timedelta(days=400)
    late = {}
    for n, pk in enumerate((rina, rina, dodi), 1):
        late[n] = new_client(n, pk_id=pk, guidance_start=start, guidance_end=end)
        set_dues(in_office, late[n], (today - timedelta(days=20), 7))
    counted = []
    real_count = caseload_module._count
    monkeypatch.setattr(
        caseload_module,
        "_count",
        lambda user, day, pk_ids: counted.append(sorted(pk_ids)) or real_count(user, day, pk_ids),
    )
    login_as("admin")

    def late_of(username: str) -> str:
        page = auth.client.get(f"/{OFFICE}/").text
        cell = page.split(f'data-pk="{username}"')[1].split('data-testid="caseload-late">')[1]
        return re.sub(r"<[^>]+>", "", cell.split("</td>")[0]).strip()

    assert (late_of("rina"), late_of("dodi")) == ("2", "1")
    assert counted[0] == sorted([rina, dodi]) and counted[1:] == []
    report(in_office, late[1], today, rina)  # Rina's client reports: Rina's caseload changed
    assert late_of("rina") == "1"
    assert counted[1:] == [[rina]]
    assert late_of("dodi") == "1" and counted[2:] == []
    make_user("staff", office=OFFICE, username="baru")  # an account: shared data changed
    assert late_of("dodi") == "1" and counted[2:] == [sorted([rina, dodi])]


def test_guidance_list_filters_by_pk_and_names_clients_by_the_juvenile_rule(
    app, auth, login_as, make_user, new_client, in_office
):
    from portal.auth.models import User
    from portal.guidance.operations import create_session

    today = office_today()
    rina = make_user("pk", office=OFFICE, username="rina", full_name="Rina Lestari")
    start = today - timedelta(days=100)
    adult = new_client(
        1,
        name="Dewasa Terang",
        pk_id=rina,
        guidance_start=start,
        guidance_end=office_today() + timedelta(days=400),
    )
    anak = new_client(
        2,
        name="Anak Tersembunyi",
        pk_id=rina,
        guidance_start=start,
        nik="3302011505100002",
        birth_date=date(2010, 5, 15),
        program="diversi",
        guidance_end=office_today() + timedelta(days=400),
    )

    def session(pk_id, clients, topic):
        return lambda: create_session(
            db.session.get(User, pk_id),
            [{"client_id": c, "attendance": "hadir", "reason": ""} for c in clients],
            held_on=today - timedelta(days=1),
            kind="kepribadian",
            subtype="konseling",
            format="kelompok" if len(clients) > 1 else "individu",
            stage="awal",
            pk_id=pk_id,
            topic=topic,
        )

    in_office(session(rina, [adult, anak], "Kelompok Rina"))
    me = login_as("pk")
    own = new_client(
        3,
        name="Klien Saya",
        pk_id=me,
        guidance_start=start,
        guidance_end=office_today() + timedelta(days=400),
    )
    in_office(session(me, [own], "Sesi Saya Sendiri"))

    page = auth.client.get(f"/{OFFICE}/bimbingan/").text  # a PK sees their own by default
    assert "Sesi Saya Sendiri" in page and "Klien Saya" in page and "Kelompok Rina" not in page
    page = auth.client.get(f"/{OFFICE}/bimbingan/?pk=all").text
    assert "Kelompok Rina" in page and "Dewasa Terang" in page
    assert "Anak Tersembunyi" not in page and "1 klien anak tidak ditampilkan" in page
    page = auth.client.get(f"/{OFFICE}/bimbingan/?pk={rina}").text
    assert "Kelompok Rina" in page and "Sesi Saya Sendiri" not in page
    page = auth.client.get(f"/{OFFICE}/bimbingan/?pk=bukan-angka&page=x").text
    assert "Kelompok Rina" in page and "Sesi Saya Sendiri" in page  # a bad filter shows all
    auth.logout()
    login_as("admin")
    page = auth.client.get(f"/{OFFICE}/bimbingan/").text
    assert "Anak Tersembunyi" in page and "Sesi Saya Sendiri" in page


def test_a_client_who_reported_after_a_miss_is_not_late_now(
    app, auth, login_as, new_client, in_office
):
    """Lateness counts from the first date missed since the last report: an old miss
    the client has reported after stays on the schedule, not on the worklist."""
    today = office_today()
    pk_id = login_as("pk")
    start, end = today - timedelta(days=400), today + timedelta(days=400)
    back = new_client(1, name="Lapor Lagi", pk_id=pk_id, guidance_start=start, guidance_end=end)
    gone = new_client(2, name="Hilang Lagi", pk_id=pk_id, guidance_start=start, guidance_end=end)
    set_dues(in_office, back, (today - timedelta(days=60), 7), (today - timedelta(days=25), 7))
    report(in_office, back, today - timedelta(days=26), pk_id)
    set_dues(
        in_office,
        gone,
        (today - timedelta(days=60), 7),
        (today - timedelta(days=45), 7),
        (today - timedelta(days=20), 7),
    )
    report(in_office, gone, today - timedelta(days=44), pk_id)

    page = auth.client.get(f"/{OFFICE}/").text
    by_name = {names_in_order([b], ["Lapor Lagi", "Hilang Lagi"])[0]: b for b in lines(page)}
    assert 'data-kind="wajib-lapor"' not in by_name["Lapor Lagi"]
    assert "terlambat 20 hari" in by_name["Hilang Lagi"]  # not 60: they came on day 44
    assert "jadwal terlewat" not in by_name["Hilang Lagi"]
    page = auth.client.get(f"/{OFFICE}/klien/saya").text
    rows = page.split('data-testid="client-row"')[1:]
    assert names_in_order(rows, ["Lapor Lagi", "Hilang Lagi"]) == ["Hilang Lagi", "Lapor Lagi"]
    assert 'data-testid="overdue"' not in rows[1] and 'data-testid="overdue"' in rows[0]


def test_open_reports_sort_by_their_last_day(app, auth, login_as, new_client, in_office):
    """A window closing tomorrow is more pressing than a date due today (a week left)."""
    today = office_today()
    pk_id = login_as("pk")
    start, end = today - timedelta(days=400), today + timedelta(days=400)
    due_today = new_client(1, name="Hari Ini", pk_id=pk_id, guidance_start=start, guidance_end=end)
    closing = new_client(2, name="Tutup Besok", pk_id=pk_id, guidance_start=start, guidance_end=end)
    set_dues(in_office, due_today, (today, 7))
    set_dues(in_office, closing, (today - timedelta(days=6), 7))
    names = ["Hari Ini", "Tutup Besok"]
    blocks = lines(auth.client.get(f"/{OFFICE}/").text)
    assert names_in_order(blocks, names) == ["Tutup Besok", "Hari Ini"]
    assert f"lapor s.d. {day(today + timedelta(days=1))}" in blocks[0]
    rows = auth.client.get(f"/{OFFICE}/klien/saya").text.split('data-testid="client-row"')[1:]
    assert names_in_order(rows, names) == ["Tutup Besok", "Hari Ini"]
