"""What trainings put on the home pages.

A PK's worklist gets the follow-ups due for their own clients (a provider of
`portal.home.worklist`); staff (Bimker) and the administrator get panels (of
`portal.home.panels`): sessions coming up, sessions whose attendance is not marked,
and follow-ups owed office-wide. "Due" has one definition, in `followups` (days
80-120 and 170-210 after the session; late ones are chased for a year).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients.operations import office_today
from portal.extensions import db
from portal.formatting import day, day_range
from portal.home.panels import ROW_LIMIT, Panel, PanelRow, panel
from portal.home.worklist import Item, Urgency, own_clients, provider
from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.trainings import vocab
from portal.trainings.followups import due_for_pk, due_in_office
from portal.trainings.models import Participant, Training, TrainingSession


@provider
def training_follow_ups(user: User, today: date) -> list[Item]:
    items = []
    action = _("Catat tindak lanjut")  # once, not once per follow-up
    for due in due_for_pk(user, today, own=own_clients(user)):
        what = _(
            "Tindak lanjut %(n)d bulan: %(training)s",
            n=due.state.stage,
            training=due.training_title,
        )
        late = due.state.code == "terlambat"
        if late:
            n = (today - due.state.due_to).days
            when = ngettext("terlambat %(num)d hari", "terlambat %(num)d hari", n)
        else:
            when = _("s.d. %(date)s", date=day(due.state.due_to))
        items.append(
            Item(
                due.client_id,
                "tindak-lanjut",
                Urgency.LATE if late else Urgency.SOON,
                due.state.due_to,
                what,
                when,
                action,
                "tindak-lanjut",
            )
        )
    return items


# --- staff (Bimker) and administrator panels ----------------------------------------------


def _training_url(training_id: int) -> str:
    return url_for("trainings.detail", training_id=training_id)


def _in_days(n: int) -> str:
    if n == 0:
        return _("hari ini")
    if n == 1:
        return _("besok")
    return ngettext("dalam %(num)d hari", "dalam %(num)d hari", n)


@panel(Role.STAFF, Role.ADMIN, order=10)
def upcoming_sessions(user: User) -> Panel:
    """Sessions running now or starting, the soonest first."""
    today = office_today()
    participants = (
        select(func.count(Participant.id))
        .where(Participant.session_id == TrainingSession.id)
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(TrainingSession, Training.title, participants, func.count().over())
        .join(TrainingSession.training)
        .where(TrainingSession.end_date >= today)
        .order_by(TrainingSession.start_date, TrainingSession.id)
        .limit(ROW_LIMIT)
    ).all()
    items = []
    for session, title, n, _total in rows:
        people = session.headcount if session.headcount_only else n
        running = session.start_date <= today
        items.append(
            PanelRow(
                title,
                _training_url(session.training_id),
                day_range(session.start_date, session.end_date)
                + " · "
                + ngettext("%(num)d peserta", "%(num)d peserta", people or 0),
                _("sedang berlangsung") if running else _in_days((session.start_date - today).days),
                "tag-due" if running or session.start_date == today else "tag-grey",
            )
        )
    return Panel(
        "sesi-mendatang",
        _("Sesi pelatihan mendatang"),
        items,
        rows[0][-1] if rows else 0,
        url_for("trainings.index"),
        _("Tidak ada sesi pelatihan yang dijadwalkan."),
    )


@panel(Role.STAFF, Role.ADMIN, order=20)
def attendance_not_marked(user: User) -> Panel:
    """Sessions begun within the follow-up period with named participants of whom none is
    marked present: attendance not recorded yet (follow-ups and figures wait on it)."""
    today = office_today()
    since = today - timedelta(days=vocab.FOLLOW_UP_CHASE_DAYS)
    rows = db.session.execute(
        select(
            TrainingSession.id,
            TrainingSession.training_id,
            TrainingSession.start_date,
            TrainingSession.end_date,
            Training.title,
            func.count(Participant.id),
            func.count().over(),
        )
        .join(TrainingSession.training)
        .join(Participant, Participant.session_id == TrainingSession.id)
        .where(TrainingSession.start_date <= today, TrainingSession.end_date >= since)
        .group_by(TrainingSession.id, Training.title)
        .having(func.count(Participant.id).filter(Participant.attended.is_(True)) == 0)
        .order_by(TrainingSession.end_date, TrainingSession.id)
        .limit(ROW_LIMIT)
    ).all()
    items = []
    for _id, training_id, start, end, title, n, _total in rows:
        waiting = (today - end).days
        items.append(
            PanelRow(
                title,
                _training_url(training_id),
                day_range(start, end) + " · " + ngettext("%(num)d peserta", "%(num)d peserta", n),
                ngettext("menunggu %(num)d hari", "menunggu %(num)d hari", waiting)
                if waiting > 0
                else _("hari ini"),
                "tag-late" if waiting > 7 else "tag-due",
            )
        )
    return Panel(
        "kehadiran-belum-dicatat",
        _("Kehadiran belum dicatat"),
        items,
        rows[0][-1] if rows else 0,
        url_for("trainings.index"),
        _("Kehadiran setiap sesi yang sudah berjalan telah dicatat."),
    )


@panel(Role.STAFF, Role.ADMIN, order=30)
def follow_ups_in_office(user: User) -> Panel:
    """Follow-ups owed office-wide, counted per session and stage (no client named):
    the sessions with the longest-late follow-up first."""
    today = office_today()
    groups: dict[tuple[int, int], list] = {}
    for item in due_in_office(today):
        groups.setdefault((item.session_id, item.state.stage), []).append(item)
    ordered = sorted(groups.values(), key=lambda g: (g[0].state.due_to, g[0].participant_id))
    items = []
    for found in ordered[:ROW_LIMIT]:
        first, state = found[0], found[0].state
        late = state.code == "terlambat"
        items.append(
            PanelRow(
                first.training_title,
                _training_url(first.training_id),
                _("sesi %(dates)s", dates=day_range(first.session_start, first.session_end))
                + " · "
                + ngettext(
                    "%(num)d tindak lanjut %(stage)d bulan",
                    "%(num)d tindak lanjut %(stage)d bulan",
                    len(found),
                    stage=state.stage,
                ),
                ngettext(
                    "terlambat %(num)d hari", "terlambat %(num)d hari", (today - state.due_to).days
                )
                if late
                else _("s.d. %(date)s", date=day(state.due_to)),
                "tag-late" if late else "tag-due",
            )
        )
    return Panel(
        "tindak-lanjut-kantor",
        _("Tindak lanjut pelatihan jatuh tempo"),
        items,
        len(ordered),
        url_for("trainings.index"),
        _("Tidak ada tindak lanjut pelatihan yang jatuh tempo."),
    )
