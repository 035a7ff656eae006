"""The training figures against a small world computed by hand (incl. headcount-only).

World (period 2025):
  Training A "Barista" by partner P1:
    A1 2025-02-03..05, Rp3.000.000: C1 attended+completed, C2 attended, C3 absent
    A2 2025-06-02, Rp1.000.000: headcount-only, 10 people
  Training B "Tata rias" by the office itself:
    B1 2025-03-10..11, Rp2.000.000: C1 and C4 attended+completed
  Training C "Barista" by P1, 2024-05-01 (outside the period): C2 attended
  Follow-ups (latest counts): A1/C1 3m not applying, not working; 6m applying, employed
    -> applying, working. A1/C2 3m not applying, self-employed -> working.
    B1/C1 3m applying, self-employed. B1/C4 none. C/C2 6m applying (outside period).
  A Tangerang training with 50 headcount must not be counted in Purwokerto.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from training_factories import OFFICE

from portal.auth.models import User
from portal.extensions import db
from portal.partners.operations import create_partner
from portal.trainings import figures
from portal.trainings import operations as ops
from portal.trainings.followups import record_follow_up

PERIOD = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def _session(training, start, end, budget, headcount=None):
    return ops.create_session(
        training,
        start_date=start,
        end_date=end,
        budget=budget,
        headcount=headcount,
        venue_kind="aula_kantor",
    )


def _join(user, session, client_id, attended=True, completed=False):
    p = ops.enrol(user, session, client_id)
    ops.update_participant(
        user, p, attended=attended, completed=completed, certificate=completed, transport_money=0
    )
    return p


def _follow(user, p, stage, day, applying, work, sector=None):
    record_follow_up(
        user, p, stage, followed_on=day, applying_skill=applying, work_status=work, sector=sector
    )


@pytest.fixture
def world(make_user, add_client, office_run):
    make_user("staff", office=OFFICE, username="bimker")
    make_user("staff", office="tangerang", username="bimker.tng")
    c1, c2, c3, c4 = (add_client(n) for n in ("Satu", "Dua", "Tiga", "Empat"))

    def build():
        user = db.session.scalar(select(User).where(User.username == "bimker"))
        p1 = create_partner(name="Kedai Kopi Mitra", kind="badan_usaha", services=["pelatihan"])
        a = ops.create_training(title="Barista", skill_field="barista", partner_id=p1.id)
        b = ops.create_training(title="Tata rias", skill_field="tata_rias", partner_id=None)
        c = ops.create_training(title="Barista lama", skill_field="barista", partner_id=p1.id)
        a1 = _session(a, date(2025, 2, 3), date(2025, 2, 5), 3_000_000)
        _session(a, date(2025, 6, 2), date(2025, 6, 2), 1_000_000, headcount=10)
        b1 = _session(b, date(2025, 3, 10), date(2025, 3, 11), 2_000_000)
        c1_ = _session(c, date(2024, 5, 1), date(2024, 5, 1), 500_000)
        a1c1 = _join(user, a1, c1, completed=True)
        a1c2 = _join(user, a1, c2)
        _join(user, a1, c3, attended=False)
        b1c1 = _join(user, b1, c1, completed=True)
        _join(user, b1, c4, completed=True)
        old = _join(user, c1_, c2)
        _follow(user, a1c1, 3, date(2025, 5, 1), False, "tidak_bekerja")
        _follow(user, a1c1, 6, date(2025, 8, 1), True, "bekerja", "kuliner")
        _follow(user, a1c2, 3, date(2025, 5, 2), False, "wirausaha")
        _follow(user, b1c1, 3, date(2025, 6, 15), True, "wirausaha", "jasa")
        _follow(user, old, 6, date(2024, 11, 1), True, "bekerja", "kuliner")
        db.session.commit()
        return p1.id

    partner_id = office_run(OFFICE, build)

    def other_office():
        t = ops.create_training(title="Budidaya Lele", skill_field="barista", partner_id=None)
        _session(t, date(2025, 4, 1), date(2025, 4, 1), 9_000_000, headcount=50)
        db.session.commit()

    office_run("tangerang", other_office)
    return partner_id


def test_figures_by_skill_partner_and_total_match_the_hand_count(world, office_run):
    rows = office_run(
        OFFICE,
        lambda: {
            "skill": {f.key: f for f in figures.figures("skill", **PERIOD)},
            "partner": {f.key: f for f in figures.figures("partner", **PERIOD)},
            "total": figures.total(**PERIOD),
        },
    )
    barista, rias = rows["skill"]["barista"], rows["skill"]["tata_rias"]
    assert set(rows["skill"]) == {"barista", "tata_rias"}
    assert (barista.sessions, barista.headcount_sessions, barista.budget) == (2, 1, 4_000_000)
    assert (barista.headcount, barista.named, barista.participations) == (10, 2, 12)
    assert (barista.unique_clients, barista.completed, barista.followed) == (2, 1, 2)
    assert (barista.applying, barista.working) == (1, 2)
    assert barista.completion_rate == 0.5 and barista.applying_rate == 0.5
    assert barista.working_rate == 1.0 and barista.coverage == 1.0
    assert barista.cost_per_participant == 333_333  # 4.000.000 / 12

    assert (rias.sessions, rias.participations, rias.unique_clients) == (1, 2, 2)
    assert (rias.completion_rate, rias.applying_rate, rias.working_rate) == (1.0, 1.0, 1.0)
    assert rias.coverage == 0.5 and rias.cost_per_participant == 1_000_000

    by_partner = rows["partner"]
    assert set(by_partner) == {world, None}  # None: the office itself
    assert by_partner[world] == barista.__class__(**{**barista.__dict__, "key": world})
    assert by_partner[None].participations == 2

    total = rows["total"]
    assert (total.sessions, total.participations, total.headcount, total.named) == (3, 14, 10, 4)
    assert total.unique_clients == 3  # C1 counted once across both trainings
    assert (total.completed, total.followed, total.applying, total.working) == (3, 3, 2, 3)
    assert total.completion_rate == 0.75 and total.coverage == 0.75
    assert total.cost_per_participant == 428_571  # 6.000.000 / 14


def test_all_time_includes_the_earlier_session(world, office_run):
    total = office_run(OFFICE, lambda: figures.total(partner_id=world))
    assert (total.sessions, total.named, total.unique_clients) == (3, 3, 2)
    assert (total.followed, total.applying, total.working) == (3, 2, 3)


def test_empty_period_gives_no_rates(world, office_run):
    total = office_run(
        OFFICE, lambda: figures.total(start=date(2030, 1, 1), end=date(2030, 12, 31))
    )
    assert total.participations == 0 and total.completion_rate is None
    assert total.cost_per_participant is None


def test_overview_page_shows_the_figures_and_marks_headcounts(world, auth, sign_in):
    sign_in("viewer")
    page = auth.client.get(f"/{OFFICE}/pelatihan/ikhtisar?dari=2025-01-01&sampai=2025-12-31")
    text = page.text
    assert page.status_code == 200
    assert "termasuk 10 peserta tanpa nama" in text
    assert "Rp333.333" in text and "Rp1.000.000" in text and "Rp428.571" in text
    assert "Kedai Kopi Mitra" in text and "Kantor sendiri (tanpa mitra)" in text
    assert "hanya atas peserta bernama" in text  # per-person rates say so
    assert "Budidaya Lele" not in text and "Rp9.000.000" not in text
    default = auth.client.get(f"/{OFFICE}/pelatihan/ikhtisar").text
    assert f"{date.today().year}-01-01" in default
