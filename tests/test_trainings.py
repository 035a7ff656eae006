"""Trainings: sessions, participants, attendance, follow-ups, through the pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from conftest import PASSWORD
from sqlalchemy import func, select
from training_factories import OFFICE

from portal.clients import operations as client_operations
from portal.clients.models import Client
from portal.extensions import db
from portal.formatting import day
from portal.partners.operations import create_partner
from portal.trainings import operations
from portal.trainings.followups import due_for_pk
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

BASE = f"/{OFFICE}/pelatihan"


@pytest.fixture
def count(office_run):
    return lambda model: office_run(OFFICE, lambda: db.session.scalar(select(func.count(model.id))))


@pytest.fixture
def training(office_run):
    """training(sessions=[(start, end, headcount)], partner=True) -> (id, [session ids])."""

    def make(
        sessions=((date(2025, 3, 10), date(2025, 3, 12), None),),
        partner=True,
        skill="tata_rias",
        title="Pelatihan Tata Rias Pengantin",
    ):
        def build():
            pid = (
                create_partner(name=f"Mitra {title}", kind="lpk", services=["pelatihan"]).id
                if partner
                else None
            )
            t = operations.create_training(title=title, skill_field=skill, partner_id=pid)
            ids = [
                operations.create_session(
                    t,
                    start_date=s,
                    end_date=e,
                    headcount=h,
                    venue_kind="aula_kantor",
                    budget=2_000_000,
                ).id
                for s, e, h in sessions
            ]
            db.session.commit()
            return t.id, ids

        return office_run(OFFICE, build)

    return make


@pytest.fixture
def enrolled(as_user):
    """enrolled(user_id, session_id, client_id, attended=True, completed=True) -> participant id."""

    def make(user_id, session_id, client_id, attended=True, completed=True):
        def run(user):
            session = db.session.get(TrainingSession, session_id)
            p = operations.enrol(user, session, client_id)
            operations.update_participant(
                user,
                p,
                attended=attended,
                completed=completed,
                certificate=completed,
                transport_money=50_000,
            )
            return p.id

        return as_user(user_id, run)

    return make


def test_staff_plans_a_training_with_sessions_and_enrols(auth, sign_in, add_client, count):
    sign_in("staff")
    add_client("Siti Aminah")
    response = auth.post(
        f"{BASE}/baru",
        {
            "title": "Barista Dasar",
            "skill_field": "barista",
            "partner_id": "",
            "description": "Tiga hari",
        },
    )
    assert response.status_code == 302
    tid = int(re.search(r"/pelatihan/(\d+)/sesi/baru$", response.headers["Location"]).group(1))
    for start, end in (("2025-04-07", "2025-04-09"), ("2025-05-05", "")):
        response = auth.post(
            f"{BASE}/{tid}/sesi/baru",
            {
                "start_date": start,
                "end_date": end,
                "venue_kind": "aula_kantor",
                "budget": "1500000",
                "headcount": "",
            },
        )
        assert response.status_code == 302
    sid = min(_session_ids(auth, tid))
    response = auth.post(f"{BASE}/sesi/{sid}/peserta", {f"s{sid}-client": "Siti Aminah"})
    assert response.status_code == 302
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "Siti Aminah" in page and "5 Mei 2025" in page and "Rp1.500.000" in page
    assert count(TrainingSession) == 2 and count(Participant) == 1


def test_an_empty_budget_stays_unknown_and_zero_stays_free(auth, sign_in, training, office_run):
    sign_in("staff")
    tid, _ = training(sessions=())
    for start, budget in (("2025-04-07", ""), ("2025-05-05", "0")):
        response = auth.post(
            f"{BASE}/{tid}/sesi/baru",
            {"start_date": start, "venue_kind": "aula_kantor", "budget": budget, "headcount": ""},
        )
        assert response.status_code == 302
    stored = office_run(
        OFFICE,
        lambda: db.session.execute(
            select(TrainingSession.start_date, TrainingSession.budget).order_by(
                TrainingSession.start_date
            )
        ).all(),
    )
    assert [b for _, b in stored] == [None, 0]
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "Anggaran belum tercatat" in page and "Anggaran Rp0" in page


def _session_ids(auth, tid) -> list[int]:
    page = auth.client.get(f"{BASE}/{tid}").text
    return [int(x) for x in re.findall(r"/pelatihan/sesi/(\d+)/ubah", page)]


SESSION_BAD = [
    ({"end_date": "2025-04-01"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ({"budget": "-5000"}, "Anggaran tidak boleh negatif."),
    ({"budget": "1,5 juta"}, "Harus berupa bilangan bulat."),
    ({"headcount": "0"}, "Jumlah peserta tanpa nama harus paling sedikit 1"),
    ({"venue_kind": "griya_abhipraya"}, "Pilih Griya Abhipraya tempat sesi diadakan."),
    ({"venue_kind": "lokasi_mitra"}, "Lokasi mitra hanya untuk pelatihan"),
    ({"start_date": ""}, "Wajib diisi."),
]


@pytest.mark.parametrize(("overrides", "message"), SESSION_BAD)
def test_bad_session_is_refused_and_keeps_typing(
    auth, sign_in, training, count, overrides, message
):
    sign_in("staff")
    tid, _ids = training(sessions=(), partner=False)
    data = {
        "start_date": "2025-04-07",
        "end_date": "2025-04-09",
        "venue_kind": "aula_kantor",
        "location_note": "Aula lantai 2",
        "budget": "1500000",
        "headcount": "",
        **overrides,
    }
    response = auth.post(f"{BASE}/{tid}/sesi/baru", data)
    assert response.status_code == 200 and message in response.text
    assert "Aula lantai 2" in response.text
    assert count(TrainingSession) == 0


def test_session_has_names_or_a_headcount_never_both(
    auth, sign_in, training, add_client, enrolled, count
):
    staff = sign_in("staff")
    tid, (named, counted) = training(
        sessions=(
            (date(2025, 3, 10), date(2025, 3, 10), None),
            (date(2019, 6, 3), date(2019, 6, 3), 12),
        )
    )
    cid = add_client("Joko Susilo")
    enrolled(staff, named, cid)
    response = auth.post(
        f"{BASE}/sesi/{named}/ubah",
        {"start_date": "2025-03-10", "venue_kind": "aula_kantor", "budget": "0", "headcount": "15"},
    )
    assert "ATAU jumlah peserta, tidak keduanya" in response.text
    response = auth.post(f"{BASE}/sesi/{counted}/peserta", {f"s{counted}-client": "Joko Susilo"})
    assert "hanya dengan jumlah peserta (12 orang)" in response.text
    assert count(Participant) == 1
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "12 peserta tercatat tanpa nama" in page


def test_participant_must_be_under_guidance_on_the_session_date(
    auth, sign_in, training, add_client, office_run, count
):
    sign_in("staff")
    _tid, (sid,) = training()  # session 2025-03-10
    add_client("Mulai Belakangan", guidance_start=date(2025, 6, 2))
    revoked = add_client("Sudah Dicabut")
    office_run(
        OFFICE,
        lambda: (
            client_operations.change_status(
                db.session.get(Client, revoked),
                "dicabut",
                date(2025, 2, 1),
                "Tidak memenuhi wajib lapor.",
            ),
            db.session.commit(),
        ),
    )
    add_client("Selesai Hari Itu", guidance_end=date(2025, 3, 10))
    add_client("Klien Tangerang", office="tangerang")
    for name, message in (
        ("Mulai Belakangan", "tidak dalam masa bimbingan pada tanggal sesi (10 Mar 2025)"),
        ("Sudah Dicabut", "tidak dalam masa bimbingan pada tanggal sesi"),
        ("Klien Tangerang", "Tidak ada klien yang cocok dengan “Klien Tangerang”"),
    ):
        response = auth.post(f"{BASE}/sesi/{sid}/peserta", {f"s{sid}-client": name})
        assert response.status_code == 200 and message in response.text, message
    assert count(Participant) == 0
    ok = auth.post(f"{BASE}/sesi/{sid}/peserta", {f"s{sid}-client": "Selesai Hari Itu"})
    assert ok.status_code == 302
    again = auth.post(f"{BASE}/sesi/{sid}/peserta", {f"s{sid}-client": "Selesai Hari Itu"})
    assert "Klien sudah terdaftar pada sesi ini." in again.text
    assert count(Participant) == 1


def _attendance(auth, sid, rows: dict[int, dict]):
    """POST a session's one attendance form: rows = {participant id: {attended: bool,
    completed, certificate, transport: "50.000"}}."""
    data: dict[str, list] = {"participant": [str(pid) for pid in rows]}
    for pid, row in rows.items():
        for name in ("attended", "completed", "certificate"):
            if row.get(name):
                data.setdefault(name, []).append(str(pid))
        data[f"transport-{pid}"] = row.get("transport", "")
    return auth.post(f"{BASE}/sesi/{sid}/kehadiran", data)


def _state(office_run, *pids):
    def read():
        return [
            (p.attended, p.completed, p.certificate, p.transport_money)
            for p in (db.session.get(Participant, pid) for pid in pids)
        ]

    return office_run(OFFICE, read)


def test_attendance_rules(auth, sign_in, training, add_client, enrolled, office_run):
    staff = sign_in("staff")
    _tid, (sid,) = training()
    pid = enrolled(staff, sid, add_client("Rina Marlina"), attended=False, completed=False)
    for row, message in (
        ({"completed": True}, "Peserta yang tidak hadir tidak dapat dinyatakan lulus."),
        (
            {"attended": True, "certificate": True},
            "Sertifikat hanya untuk peserta yang menyelesaikan pelatihan.",
        ),
        ({"attended": True, "transport": "-1"}, "Harus berupa bilangan bulat."),
        (
            {"attended": True, "transport": "20.000.000"},
            "Uang transport paling banyak Rp10.000.000.",
        ),
    ):
        bad = _attendance(auth, sid, {pid: row})
        assert bad.status_code == 200 and message in bad.text, message
    good = _attendance(
        auth,
        sid,
        {pid: {"attended": True, "completed": True, "certificate": True, "transport": "75.000"}},
    )
    assert good.status_code == 302
    assert _state(office_run, pid) == [(True, True, True, 75_000)]


def test_one_form_saves_a_whole_session_or_nothing(
    auth, sign_in, training, add_client, enrolled, office_run, count
):
    """A Bimker officer marks a session of three in one save; one bad row refuses it all."""
    staff = sign_in("staff")
    tid, (sid,) = training()
    names = ("Ani Lestari", "Budi Hartono", "Citra Dewi")
    a, b, c = (enrolled(staff, sid, add_client(n), attended=False, completed=False) for n in names)
    page = auth.client.get(f"{BASE}/{tid}").text
    assert page.count('data-testid="attendance-form"') == 1
    assert 'data-select-all="attended"' in page and "Semua hadir" in page

    refused = _attendance(
        auth,
        sid,
        {
            a: {"attended": True, "completed": True, "transport": "50.000"},
            b: {"completed": True, "transport": "50000"},  # completed but absent
            c: {"attended": True, "transport": "lima puluh ribu"},
        },
    )
    assert refused.status_code == 200
    summary = re.search(r'data-testid="error-summary".*?</div>', refused.text, re.S).group(0)
    assert f'href="#lulus-{b}"' in summary and "Budi Hartono" in summary
    assert f'href="#transport-{c}"' in summary and "Harus berupa bilangan bulat." in summary
    assert f'value="{a}" id="hadir-{a}" checked' in refused.text  # what was ticked is kept
    assert 'value="lima puluh ribu"' in refused.text
    assert _state(office_run, a, b, c) == [(False, False, False, 50_000)] * 3  # nothing half-saved

    saved = _attendance(
        auth,
        sid,
        {
            a: {"attended": True, "completed": True, "certificate": True, "transport": "50.000"},
            b: {"attended": True, "transport": "50.000"},
            c: {"transport": "0"},
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#sesi-{sid}")
    assert _state(office_run, a, b, c) == [
        (True, True, True, 50_000),
        (True, False, False, 50_000),
        (False, False, False, 0),
    ]
    after = auth.client.get(saved.headers["Location"]).text
    assert (
        "Kehadiran sesi disimpan." in after
        and f'id="sesi-{sid}" data-testid="session-1" data-changed' in after
    )

    stray = _attendance(auth, sid, {a: {"attended": True}, 999_999: {"attended": True}})
    assert "Peserta tidak ditemukan pada sesi ini" in stray.text
    assert _state(office_run, a)[0] == (True, True, True, 50_000)
    assert count(Participant) == 3


def test_attendance_of_a_future_session_is_refused(auth, sign_in, training, add_client):
    sign_in("staff")
    soon = date.today() + timedelta(days=20)
    tid, (sid,) = training(sessions=((soon, soon, None),))
    add_client("Calon Peserta")
    enrol = auth.post(f"{BASE}/sesi/{sid}/peserta", {f"s{sid}-client": "Calon Peserta"})
    assert enrol.status_code == 302
    page = auth.client.get(f"{BASE}/{tid}").text
    pid = int(re.search(r'data-participant="(\d+)"', page).group(1))
    response = _attendance(auth, sid, {pid: {"attended": True}})
    assert "Kehadiran baru dapat dicatat setelah sesi dimulai." in response.text


def test_next_session_comes_first(auth, sign_in, training):
    sign_in("staff")
    today = date.today()
    soon, later = today + timedelta(days=20), today + timedelta(days=50)
    tid, (first, second, third) = training(
        sessions=(
            (date(2025, 3, 10), date(2025, 3, 12), None),
            (later, later, None),
            (soon, soon, None),
        )
    )
    page = auth.client.get(f"{BASE}/{tid}").text
    order = [int(x) for x in re.findall(r'<section class="card session" id="sesi-(\d+)"', page)]
    assert order == [third, second, first]  # the next one, the one after, then the past one
    next_one = re.search(rf'id="sesi-{third}".*?</summary>', page, re.S).group(0)
    assert "Sesi berikutnya" in next_one and "Sesi 2" in next_one  # numbered in time order
    assert re.search(rf'id="sesi-{first}".*?<details>', page, re.S)  # the past one is folded


def follow_up_form(**overrides) -> dict:
    data = {
        "followed_on": "2025-06-10",
        "applying_skill": "ya",
        "work_status": "wirausaha",
        "sector": "jasa",
        "income_band": "1to2",
        "note": "Membuka jasa rias di rumah",
    }
    data.update(overrides)
    return data


FOLLOW_UP_BAD = [
    ({"followed_on": "2025-03-11"}, "tidak boleh sebelum sesi pelatihan berakhir (12 Mar 2025)"),
    (
        {"followed_on": (date.today() + timedelta(days=2)).isoformat()},
        "Tanggal tindak lanjut tidak boleh di masa depan.",
    ),
    ({"applying_skill": ""}, "Pilih apakah klien menerapkan keterampilannya."),
    ({"work_status": "bekerja", "sector": ""}, "pilih sektor pekerjaannya"),
    ({"work_status": ""}, "Pilihan tidak dikenal."),
]


@pytest.mark.parametrize(("overrides", "message"), FOLLOW_UP_BAD)
def test_bad_follow_up_is_refused_and_keeps_typing(
    auth, sign_in, training, add_client, enrolled, count, overrides, message
):
    staff = sign_in("staff")
    _tid, (sid,) = training()
    pid = enrolled(staff, sid, add_client("Dewi Lestari"))
    response = auth.post(f"{BASE}/peserta/{pid}/tindak-lanjut/3", follow_up_form(**overrides))
    assert response.status_code == 200 and message in response.text
    assert "Membuka jasa rias di rumah" in response.text
    assert count(FollowUp) == 0


def test_pk_records_follow_ups_of_own_clients_only(
    auth, sign_in, make_user, training, add_client, enrolled, count
):
    staff = make_user("staff", office=OFFICE)
    tid, (sid,) = training()
    pk = sign_in("pk")
    own = enrolled(staff, sid, add_client("Klien Sendiri", pk_id=pk))
    other = enrolled(staff, sid, add_client("Klien Orang Lain"))
    response = auth.post(f"{BASE}/peserta/{own}/tindak-lanjut/3", follow_up_form())
    assert response.status_code == 302
    response = auth.post(
        f"{BASE}/peserta/{own}/tindak-lanjut/6",
        follow_up_form(
            followed_on="2025-09-15", work_status="bekerja", sector="jasa", applying_skill="ya"
        ),
    )
    assert response.status_code == 302
    assert auth.post(f"{BASE}/peserta/{other}/tindak-lanjut/3", follow_up_form()).status_code == 403
    assert (
        auth.post(
            f"{BASE}/{tid}/sesi/baru", {"start_date": "2025-01-01", "venue_kind": "aula_kantor"}
        ).status_code
        == 403
    )
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "Tercatat" in page and "Bekerja (Jasa (salon, pangkas, pijat))" in page
    assert count(FollowUp) == 2


def test_viewer_reads_but_writes_nothing(
    auth, sign_in, training, add_client, enrolled, make_user, count
):
    staff = make_user("staff", office=OFFICE)
    tid, (sid,) = training()
    pid = enrolled(staff, sid, add_client("Bambang Priyono"))
    sign_in("viewer")
    assert auth.client.get(f"{BASE}/{tid}").status_code == 200
    assert auth.client.get(f"{BASE}/ikhtisar").status_code == 200
    for url, data in (
        (f"{BASE}/baru", {"title": "X", "skill_field": "las"}),
        (f"{BASE}/peserta/{pid}/tindak-lanjut/3", follow_up_form()),
        (f"{BASE}/sesi/{sid}/kehadiran", {"participant": str(pid), "attended": str(pid)}),
        (f"{BASE}/peserta/{pid}/hapus", {}),
    ):
        assert auth.post(url, data).status_code == 403, url
    assert count(Training) == 1 and count(FollowUp) == 0 and count(Participant) == 1


def test_juvenile_participant_is_masked_for_staff(
    auth, sign_in, make_user, training, add_client, enrolled
):
    admin = make_user("admin", office=OFFICE)
    tid, (sid,) = training()
    anak = add_client(
        "Rahasia Anak Muda",
        birth_date=date(2009, 2, 3),
        guidance_start=date(2024, 1, 8),
        program="diversi",
    )
    enrolled(admin, sid, anak)
    sign_in("staff")
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "Rahasia Anak Muda" not in page
    assert "Klien anak (nama disembunyikan)" in page
    partner_page = auth.client.get(f"/{OFFICE}/mitra/").text
    assert "Rahasia Anak Muda" not in partner_page


def test_follow_up_due_windows_and_pk_worklist(
    auth, as_user, make_user, training, add_client, enrolled
):
    staff = make_user("staff", office=OFFICE)
    pk_name = "pk.tindaklanjut"
    pk = make_user("pk", office=OFFICE, username=pk_name)
    today = date.today()
    end = today - timedelta(days=90)  # 3-month window (day 80-120) is open
    _tid, (sid,) = training(sessions=((end - timedelta(days=1), end, None),))
    mine = enrolled(
        staff,
        sid,
        add_client(
            "Klien Jatuh Tempo",
            pk_id=pk,
            guidance_start=today - timedelta(days=400),
            guidance_end=today + timedelta(days=400),
        ),
    )
    enrolled(
        staff,
        sid,
        add_client(
            "Tidak Hadir",
            pk_id=pk,
            guidance_start=today - timedelta(days=400),
            guidance_end=today + timedelta(days=400),
        ),
        attended=False,
        completed=False,
    )

    def due(user):
        return [(i.participant_id, i.state.stage, i.state.code) for i in due_for_pk(user)]

    assert as_user(pk, due) == [(mine, 3, "jatuh_tempo")]
    assert auth.login(pk_name, OFFICE, PASSWORD).status_code == 302
    home = auth.client.get(f"/{OFFICE}/").text
    # One line per client: the follow-up sits on its client's line, with a link to it.
    lines = {
        re.search(r">([^<]+)</a>", line).group(1): line
        for line in home.split('data-testid="worklist-line"')[1:]
    }
    assert "Tindak lanjut 3 bulan: Pelatihan Tata Rias Pengantin" in lines["Klien Jatuh Tempo"]
    assert f"s.d. {day(end + timedelta(days=120))}" in lines["Klien Jatuh Tempo"]
    assert "#tindak-lanjut" in lines["Klien Jatuh Tempo"]
    assert home.count("Tindak lanjut 3 bulan") == 1  # absent participants are not followed up
    assert as_user(staff, due) == []  # only a PK's own clients
    later = as_user(
        pk,
        lambda user: [
            (i.state.stage, i.state.code) for i in due_for_pk(user, today + timedelta(days=90))
        ],
    )
    assert later == [(3, "terlambat"), (6, "jatuh_tempo")]


def _self_employed_at_3_months(as_user, staff: int, pid: int) -> None:
    """Record participant `pid`'s 3-month follow-up: self-employed in services."""
    from portal.trainings.followups import record_follow_up

    as_user(
        staff,
        lambda user: record_follow_up(
            user,
            db.session.get(Participant, pid),
            3,
            followed_on=date(2025, 6, 20),
            applying_skill=True,
            work_status="wirausaha",
            sector="jasa",
        ),
    )


def test_client_file_shows_trainings_and_follow_ups(
    auth, sign_in, training, add_client, enrolled, as_user
):

    staff = sign_in("staff")
    _tid, (sid,) = training(title="Pijat Refleksi Dasar", skill="pijat_refleksi")
    cid = add_client("Agus Salim")
    pid = enrolled(staff, sid, cid)
    _self_employed_at_3_months(as_user, staff, pid)
    page = auth.client.get(f"/{OFFICE}/klien/{cid}").text
    assert "Pijat Refleksi Dasar" in page and "Wirausaha" in page
    assert "menerapkan keterampilan" in page


def test_follow_up_badges_on_the_case_file_open_the_form(
    auth, sign_in, make_user, training, add_client, enrolled, as_user
):
    """The case file's follow-ups (#tindak-lanjut in #pelatihan): each badge opens the
    follow-up form of that participant and stage, for who may record it, and a save
    returns to the case file."""
    staff = make_user("staff", office=OFFICE)
    pk = make_user("pk", office=OFFICE, username="pk.lencana")
    today = date.today()
    end = today - timedelta(days=100)  # 3 months due (day 80-120), 6 months not yet
    _tid, (sid,) = training(sessions=((end, end, None),))
    mine = add_client(
        "Lestari Wulandari",
        pk_id=pk,
        guidance_start=today - timedelta(days=400),
        guidance_end=today + timedelta(days=400),
    )
    pid = enrolled(staff, sid, mine)
    assert auth.login("pk.lencana", OFFICE, PASSWORD).status_code == 302
    page = auth.client.get(f"/{OFFICE}/klien/{mine}").text
    section = re.search(r'<section class="card" id="pelatihan".*?</section>', page, re.S).group(0)
    follow_ups = re.search(r'<div id="tindak-lanjut".*?</table>', section, re.S).group(0)
    for stage, state in ((3, "Jatuh tempo"), (6, "Belum waktunya")):
        link = re.search(
            rf'<a class="fu-link" data-stage="{stage}" href="([^"]+)">.*?</a>', follow_ups, re.S
        )
        assert link and state in link.group(0), stage
        assert link.group(1) == f"{BASE}/peserta/{pid}/tindak-lanjut/{stage}?dari=klien"
    form = auth.client.get(f"{BASE}/peserta/{pid}/tindak-lanjut/3?dari=klien").text
    assert "Lestari Wulandari" in form and f'href="/{OFFICE}/klien/{mine}#tindak-lanjut"' in form
    saved = auth.post(
        f"{BASE}/peserta/{pid}/tindak-lanjut/3?dari=klien",
        follow_up_form(followed_on=today.isoformat()),
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"/klien/{mine}#tindak-lanjut")
    assert "Tercatat" in auth.client.get(f"/{OFFICE}/klien/{mine}").text

    # Another PK reads the badges but has nothing to open.
    make_user("pk", office=OFFICE, username="pk.lain")
    auth.logout()
    assert auth.login("pk.lain", OFFICE, PASSWORD).status_code == 302
    other = auth.client.get(f"/{OFFICE}/klien/{mine}").text
    assert "fu-link" not in re.search(r'id="tindak-lanjut".*?</table>', other, re.S).group(0)


def test_attendance_form_leaves_a_hidden_juvenile_alone(
    auth, sign_in, make_user, training, add_client, enrolled, office_run
):
    """Staff see a juvenile participant masked, without boxes, and cannot mark them by
    sending their id; the rest of the session is not saved either."""
    admin = make_user("admin", office=OFFICE)
    tid, (sid,) = training()
    anak = enrolled(
        admin,
        sid,
        add_client("Anak Tersembunyi", birth_date=date(2009, 2, 3), program="diversi"),
        attended=False,
        completed=False,
    )
    adult = enrolled(admin, sid, add_client("Dewasa Terlihat"), attended=False, completed=False)
    sign_in("staff")
    page = auth.client.get(f"{BASE}/{tid}").text
    assert f'id="hadir-{adult}"' in page and f'id="hadir-{anak}"' not in page
    refused = _attendance(auth, sid, {adult: {"attended": True}, anak: {"attended": True}})
    assert "Peserta tidak ditemukan pada sesi ini" in refused.text
    assert "Anak Tersembunyi" not in refused.text
    assert _state(office_run, adult, anak) == [(False, False, False, 50_000)] * 2


def test_removing_a_participant_asks_first_and_says_what_is_lost(
    auth, sign_in, training, add_client, enrolled, count
):
    staff = sign_in("staff")
    tid, (sid,) = training()
    pid = enrolled(staff, sid, add_client("Rina Marlina"))
    kept = enrolled(staff, sid, add_client("Budi Santoso"))
    # The row's button posts the session's attendance form: the first POST only asks.
    asked = auth.post(f"{BASE}/peserta/{pid}/hapus", {"participant": [str(pid), str(kept)]})
    assert asked.status_code == 200 and 'data-testid="remove-confirm"' in asked.text
    assert "Hapus Rina Marlina dari sesi ini?" in asked.text
    assert "Rp50.000" in asked.text and "uang transport" in asked.text
    assert "Ya, hapus peserta" in asked.text and "Ubah isian" not in asked.text
    assert f'href="{BASE}/{tid}?sesi={sid}#sesi-{sid}"' in asked.text  # cancel: back
    assert count(Participant) == 2
    done = auth.post(f"{BASE}/peserta/{pid}/hapus", {"confirmed": "1"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"#sesi-{sid}")
    assert count(Participant) == 1
    page = auth.client.get(f"{BASE}/{tid}").text
    assert "Peserta dihapus dari sesi." in page and "Rina Marlina" not in page


def test_a_participant_with_follow_ups_is_not_removed_at_either_step(
    auth, sign_in, training, add_client, enrolled, count
):
    staff = sign_in("staff")
    tid, (sid,) = training()
    pid = enrolled(staff, sid, add_client("Rina Marlina"))
    assert auth.post(f"{BASE}/peserta/{pid}/tindak-lanjut/3", follow_up_form()).status_code == 302
    message = "Peserta ini sudah memiliki tindak lanjut dan tidak dapat dihapus dari sesi."
    asked = auth.post(f"{BASE}/peserta/{pid}/hapus", {"participant": str(pid)})
    assert asked.status_code == 200 and message in asked.text
    assert 'data-testid="remove-confirm"' not in asked.text
    refused = auth.post(f"{BASE}/peserta/{pid}/hapus", {"confirmed": "1"})
    assert refused.status_code == 302
    assert message in auth.client.get(refused.headers["Location"]).text
    assert count(Participant) == 1 and count(FollowUp) == 1


def test_case_file_statements_do_not_grow_with_the_trainings(
    app, auth, sign_in, training, add_client, enrolled
):
    """The case file's training section is two statements (participations with their
    session and training; follow-ups), however many trainings the client took: no
    statement of its own for sessions, trainings or the client already loaded."""
    from sqlalchemy import event

    staff = sign_in("staff")
    cid = add_client("Agus Salim")
    sessions = [training(title=f"Pelatihan {n}")[1][0] for n in range(3)]
    enrolled(staff, sessions[0], cid)

    def statements() -> int:
        found = []
        with app.app_context():
            engine = db.engine
        count = lambda *args: found.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert auth.client.get(f"/{OFFICE}/klien/{cid}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        alone = ("SELECT training_sessions.", "SELECT trainings.", "SELECT clients.id AS")
        assert not [s for s in found if s.startswith(alone) and "JOIN" not in s]
        return len(found)

    statements()  # the first page after signing in does more (its session's token)
    enrolled(staff, sessions[1], cid)
    one = statements()
    enrolled(staff, sessions[2], cid)
    assert statements() == one


def test_a_follow_up_leaves_other_clients_kept_case_files_alone(
    app, auth, sign_in, training, add_client, enrolled, as_user
):
    """A follow-up is its participant's client's data: recording one makes that
    client's case file new, not every kept page of the office."""
    from sqlalchemy import event

    staff = sign_in("staff")
    _tid, (sid,) = training(title="Pijat Refleksi Dasar", skill="pijat_refleksi")
    followed, other = add_client("Agus Salim"), add_client("Budi Santoso")
    pid = enrolled(staff, sid, followed)
    enrolled(staff, sid, other)

    def statements(path: str) -> tuple[list[str], str]:
        found = []
        with app.app_context():
            engine = db.engine
        count = lambda *args: found.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", count)
        try:
            page = auth.client.get(path).text
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return found, page

    for cid in (followed, other):  # both made and kept
        statements(f"/{OFFICE}/klien/{cid}")
    _self_employed_at_3_months(as_user, staff, pid)
    kept, _page = statements(f"/{OFFICE}/klien/{other}")
    assert len(kept) <= 3  # the session, a version, the case file's audit event
    made, page = statements(f"/{OFFICE}/klien/{followed}")
    # Made afresh: the case file's sections are read again (a fresh case file reads
    # only the sections that hold anything, about six statements here).
    assert not any("training_participants" in sql for sql in kept)
    assert any("training_participants" in sql for sql in made) and "Wirausaha" in page
    assert len(made) > len(kept) + 2
