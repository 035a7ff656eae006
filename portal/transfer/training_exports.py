"""The training list as spreadsheets: its participants (in the training import's columns,
so an export re-imports as unchanged) and their follow-ups (in the follow-up import's).

Both start from the list page's own query (`filtered_trainings`) and its filters. A
juvenile participant the user may not see keeps their row in the participant export,
as on the training page, but without register number or name; their follow-ups, which
the page does not show either, are left out.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.extensions import db
from portal.trainings import operations, vocab
from portal.trainings.models import Participant, Training, TrainingSession
from portal.transfer import followups, trainings
from portal.transfer.exporting import Table
from portal.vocab.skills import skill_label


def _yes_no(flag: bool) -> str:
    return _("Ya") if flag else _("Tidak")


def _label(vocabulary: dict, code: str | None) -> str:
    return str(vocabulary[code]) if code in vocabulary else ""


def _trainings(filters: dict) -> list[Training]:
    query = operations.filtered_trainings(**filters).options(
        selectinload(Training.partner),
        selectinload(Training.sessions).selectinload(TrainingSession.venue),
        selectinload(Training.sessions)
        .selectinload(TrainingSession.participants)
        .selectinload(Participant.client),
        selectinload(Training.sessions)
        .selectinload(TrainingSession.participants)
        .selectinload(Participant.follow_ups),
    )
    return list(db.session.scalars(query))


def _participants(found: list[Training]) -> list[Participant]:
    return [p for t in found for s in t.sessions for p in s.participants]


def _training_cells(t: Training) -> list:
    partner = t.partner.name if t.partner else _("Kantor sendiri")
    return [t.title, skill_label(t.skill_field), partner, t.description]


def _session_cells(s: TrainingSession | None) -> list:
    if s is None:
        return [None] * 7
    return [
        s.start_date,
        s.end_date,
        _label(vocab.VENUE_KINDS, s.venue_kind),
        s.venue.name if s.venue else "",
        s.location_note,
        s.budget,
        s.headcount,
    ]


def _participant_cells(p: Participant | None, visible: bool) -> list:
    if p is None:
        return [None] * 6
    who = [p.client.register_number, p.client.name] if visible else ["", _hidden()]
    flags = [_yes_no(p.attended), _yes_no(p.completed), _yes_no(p.certificate)]
    return [*who, *flags, p.transport_money]


def _hidden() -> str:
    return _("Klien anak (nama disembunyikan)")


def trainings_table(user: User, filters: dict) -> tuple[Table, int]:
    """One row per participant of each session of the listed trainings; a session without
    named participants (or with a headcount) and a training without sessions get one row."""
    found = _trainings(filters)
    visible = operations.visible_client_ids(user, (p.client_id for p in _participants(found)))
    rows = []
    for t in found:
        for s in t.sessions or [None]:
            for p in (s.participants if s else None) or [None]:
                visible_p = p is not None and p.client_id in visible
                rows.append(
                    _training_cells(t) + _session_cells(s) + _participant_cells(p, visible_p)
                )
    headers = [c.header for c in trainings.COLUMNS]
    return Table(_("Pelatihan dan peserta"), headers, rows), len(rows)


def follow_ups_table(user: User, filters: dict) -> tuple[Table, int]:
    """Every follow-up of the listed trainings' participants the user may see."""
    found = _trainings(filters)
    participants = _participants(found)
    visible = operations.visible_client_ids(user, (p.client_id for p in participants))
    rows = [
        [
            p.client.register_number,
            p.client.name,
            p.session.training.title,
            p.session.start_date,
            f.stage,
            f.followed_on,
            _yes_no(f.applying_skill),
            _label(vocab.WORK_STATUSES, f.work_status),
            _label(vocab.SECTORS, f.sector),
            _label(vocab.INCOME_BANDS, f.income_band),
            f.note,
            f.recorded_by,
        ]
        for p in participants
        if p.client_id in visible
        for f in p.follow_ups
    ]
    headers = [c.header for c in followups.COLUMNS] + [_("Dicatat oleh")]
    return Table(_("Tindak lanjut"), headers, rows), len(rows)
