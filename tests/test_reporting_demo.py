"""Demo wajib lapor histories: consistent with the rules, shaped by each office.

Checked on the whole `flask demo seed` (at the test size, DEMO_CLIENTS_PER_OFFICE),
so the seeder is tested where it runs: after clients and transfers, in every office.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from portal.clients.models import Client
from portal.clients.operations import office_today
from portal.extensions import db
from portal.offices.models import Office
from portal.reporting import operations, schedule
from portal.reporting.demo import next_second_saturday, second_saturdays_before
from portal.reporting.models import MobileCounselingDay, Report, ReportDue, ReportViolation
from portal.tenancy import office_scope

OFFICES = ("purwokerto", "mataram", "tangerang", "jakarta-timur-utara")


def test_second_saturdays():
    assert second_saturdays_before(date(2026, 11, 22), 3) == [
        date(2026, 11, 14),
        date(2026, 10, 10),
        date(2026, 9, 12),
    ]
    assert second_saturdays_before(date(2026, 11, 14), 1) == [date(2026, 10, 10)]
    assert next_second_saturday(date(2026, 11, 14)) == date(2026, 12, 12)
    assert next_second_saturday(date(2026, 12, 20)) == date(2027, 1, 9)
    assert next_second_saturday(date(2026, 11, 2)) == date(2026, 11, 14)


def _last_day(client: Client, today: date) -> date:
    """Written here independently of the seeder: a closed file ends on its status date."""
    return client.status_date if client.status != "aktif" else today


def _check_office() -> dict:
    today = office_today()
    clients = {c.id: c for c in db.session.scalars(select(Client))}
    dues = {d.id: d for d in db.session.scalars(select(ReportDue))}
    reports = db.session.scalars(select(Report)).all()
    violations = db.session.scalars(select(ReportViolation)).all()
    days = {d.id: d for d in db.session.scalars(select(MobileCounselingDay))}

    # The seeder made no due date of its own: each schedule is the one registration made.
    for client_id, count in Counter((d.client_id, d.due_on) for d in dues.values()).items():
        assert count == 1, client_id
    for c in clients.values():
        mine = sorted(d.due_on for d in dues.values() if d.client_id == c.id)
        if c.status == "aktif" and c.pk_id:  # registered here, not transferred in
            assert mine == schedule.due_dates(c.guidance_start, c.guidance_end, "bulanan")

    for r in reports:
        c = clients[r.client_id]
        assert c.guidance_start <= r.reported_on <= min(today, _last_day(c, today)), r.id
        if r.due_id is not None:
            due = dues[r.due_id]
            assert due.client_id == r.client_id and not due.cancelled
            assert due.window_from <= r.reported_on <= due.window_to
        assert (r.mode == "keliling") == (r.mobile_day_id is not None)
        if r.mode == "keliling":
            day = days[r.mobile_day_id]
            assert r.kelurahan and r.kelurahan == day.kelurahan
            assert r.reported_on == day.held_on
            assert r.pk_id in {o.pk_id for o in day.officers}
        else:
            assert r.reported_on.weekday() != 6 and not r.kelurahan  # offices close on Sunday
    met = {r.due_id for r in reports}
    for v in violations:
        due = dues[v.due_id]
        assert v.due_id not in met and due.window_to < today and not due.cancelled
        assert due.client_id == v.client_id

    assert all(d.held_on.weekday() == 5 and 8 <= d.held_on.day <= 14 for d in days.values())
    assert len([d for d in days.values() if d.held_on > today]) == 1
    assert not any(
        r.mobile_day_id == d.id for d in days.values() if d.held_on > today for r in reports
    )

    rates = [c.rate for c in operations.compliance(list(clients)).values() if c.rate is not None]
    overdue = [
        d
        for d in dues.values()
        if d.window_to < today
        and d.id not in met
        and clients[d.client_id].status == "aktif"
        and d.id not in {v.due_id for v in violations}
    ]
    return {
        "rate": sum(rates) / len(rates),
        "modes": Counter(r.mode for r in reports),
        "late": sum(r.due_id is None for r in reports),
        "violations": len(violations),
        "overdue": len(overdue),
        "past_days": sum(d.held_on <= today for d in days.values()),
        "seen_at_days": sum(r.mobile_day_id is not None for r in reports),
    }


def test_demo_histories_follow_the_rules(app, runner):
    # The histories are drawn from the office's date, so they differ from day to day. At
    # the suite's 60 clients an office, the share of mobile counseling reports compared
    # below failed on 10 of 20 dates tried (every tenth day from 2026-11-24); at 120 it
    # held on all of them, with the attendance rate between 0.78 and 0.87.
    app.config["DEMO_CLIENTS_PER_OFFICE"] = 120
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    found = {}
    with app.app_context():
        for slug in OFFICES:
            office_id = db.session.scalar(select(Office.id).where(Office.slug == slug))
            with office_scope(office_id):
                found[slug] = _check_office()
        db.session.remove()

    for slug, f in found.items():
        assert 0.7 < f["rate"] < 0.97, slug  # mostly attended, some missed
        assert f["late"] and f["violations"] and f["overdue"], slug
        assert f["past_days"] >= 3 and f["seen_at_days"], slug
    jakarta, mataram = found["jakarta-timur-utara"]["modes"], found["mataram"]["modes"]
    assert jakarta["video"] > jakarta["kunjungan_rumah"]
    assert mataram["kunjungan_rumah"] > mataram["video"]
    for slug in ("purwokerto", "tangerang"):
        modes = found[slug]["modes"]
        assert modes["kantor"] > 0.6 * modes.total()
        share = modes["keliling"] / modes.total()
        assert jakarta["keliling"] / jakarta.total() > share
        assert jakarta["video"] / jakarta.total() > modes["video"] / modes.total()
