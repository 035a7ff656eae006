"""The training figures: one definition for the office overview, partner and training pages.

The regional and national indicators will reuse these definitions, so each figure
is stated here exactly, and computed with plain aggregates through the ORM (the
tenancy filter scopes every statement to the bound office).

Over which sessions: those whose first day falls in the period [start, end].
- sessions: sessions held (named and headcount-only alike);
- participations: named participants who attended + the headcounts of
  headcount-only sessions ("N clients attended"); `headcount` says how many of
  them have no name;
- unique clients: distinct clients among named attendees;
- completion rate: completed / named attendees;
- followed: named attendees with at least one recorded follow-up; their outcome
  is that of their latest follow-up (6 months if recorded, else 3 months);
- follow-up due: named attendees whose first follow-up window has opened (day 80
  after the session's last day, `vocab.FOLLOW_UP_WINDOWS`) or who already have one;
  the others are "not due yet" and are no one's failure to follow up;
- applying rate and working rate (employed or self-employed): over `followed`;
  coverage: followed / follow-up due;
- cost per participant: sum of the recorded session budgets / the participations of
  those sessions. A session whose budget was never recorded (NULL) is left out of
  both: an unknown budget is not a free session; with no budget recorded at all the
  cost is unknown (None), never Rp0.
Per-person rates are over named participants only: headcount-only sessions say
nothing about individual people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import aliased

from portal.clients.operations import office_today
from portal.extensions import db
from portal.trainings import vocab
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession

GROUPS = {"skill": Training.skill_field, "partner": Training.partner_id}


@dataclass
class Figures:
    key: object = None
    sessions: int = 0
    headcount_sessions: int = 0
    budget: int = 0  # rupiah, over the sessions with a recorded budget
    budgeted_headcount: int = 0
    headcount: int = 0
    named: int = 0
    budgeted_named: int = 0
    unique_clients: int = 0
    completed: int = 0
    followed: int = 0
    followup_due: int = 0
    applying: int = 0
    working: int = 0

    @property
    def participations(self) -> int:
        return self.named + self.headcount

    @property
    def budgeted_participations(self) -> int:
        """Participations of the sessions whose budget was recorded."""
        return self.budgeted_named + self.budgeted_headcount

    @property
    def unbudgeted_participations(self) -> int:
        return self.participations - self.budgeted_participations

    @property
    def followup_not_due(self) -> int:
        return self.named - self.followup_due

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completed, self.named)

    @property
    def coverage(self) -> float | None:
        return _rate(self.followed, self.followup_due)

    @property
    def applying_rate(self) -> float | None:
        return _rate(self.applying, self.followed)

    @property
    def working_rate(self) -> float | None:
        return _rate(self.working, self.followed)

    @property
    def cost_per_participant(self) -> int | None:
        if not self.budgeted_participations:
            return None
        return round(self.budget / self.budgeted_participations)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _criteria(
    start: date | None, end: date | None, training_id: int | None, partner_id: int | None
) -> list[ColumnElement[bool]]:
    criteria = []
    if start is not None:
        criteria.append(TrainingSession.start_date >= start)
    if end is not None:
        criteria.append(TrainingSession.start_date <= end)
    if training_id is not None:
        criteria.append(Training.id == training_id)
    if partner_id is not None:
        criteria.append(Training.partner_id == partner_id)
    return criteria


def first_window_opens(today: date) -> date:
    """Sessions that ended on or before this day have their first follow-up window open."""
    first = min(lo for lo, _hi in vocab.FOLLOW_UP_WINDOWS.values())
    return today - timedelta(days=first)


def _session_rows(keys: tuple, criteria) -> list:
    budgeted = TrainingSession.budget.is_not(None)
    return db.session.execute(
        select(
            *keys,
            func.count(TrainingSession.id),
            func.count(TrainingSession.id).filter(TrainingSession.headcount.is_not(None)),
            func.coalesce(func.sum(TrainingSession.budget), 0),
            func.coalesce(func.sum(TrainingSession.headcount), 0),
            func.coalesce(func.sum(TrainingSession.headcount).filter(budgeted), 0),
        )
        .select_from(TrainingSession)
        .join(TrainingSession.training)
        .where(*criteria)
        .group_by(*keys)
    ).all()


def _participant_rows(keys: tuple, criteria, today: date) -> list:
    # The latest follow-up of each participant, looked up per participant on the
    # (participant, stage) key: a grouped subquery of all follow-ups joined instead was
    # planned as a nested loop over it (seconds per office at national scale).
    earlier = aliased(FollowUp)
    latest_stage = (
        select(func.max(earlier.stage))
        .where(earlier.participant_id == Participant.id)
        .correlate(Participant)
        .scalar_subquery()
    )
    outcome = and_(FollowUp.participant_id == Participant.id, FollowUp.stage == latest_stage)
    due = or_(TrainingSession.end_date <= first_window_opens(today), FollowUp.id.is_not(None))
    return db.session.execute(
        select(
            *keys,
            func.count(Participant.id),
            func.count(func.distinct(Participant.client_id)),
            func.count(Participant.id).filter(Participant.completed.is_(True)),
            func.count(FollowUp.id),
            func.count(FollowUp.id).filter(FollowUp.applying_skill.is_(True)),
            func.count(FollowUp.id).filter(FollowUp.work_status.in_(vocab.WORKING)),
            func.count(Participant.id).filter(due),
            func.count(Participant.id).filter(TrainingSession.budget.is_not(None)),
        )
        .select_from(Participant)
        .join(Participant.session)
        .join(TrainingSession.training)
        .outerjoin(FollowUp, outcome)
        .where(Participant.attended.is_(True), *criteria)
        .group_by(*keys)
    ).all()


def figures(
    group: str | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    training_id: int | None = None,
    partner_id: int | None = None,
    today: date | None = None,
) -> list[Figures]:
    """Figures per skill field or partner (`group`), or one total row (`group=None`).

    Partner None is the office itself. The total is computed on its own, not summed
    from the groups, because one client can be in several groups (unique clients).
    """
    keys = (GROUPS[group],) if group else ()
    keyed = grouped(keys, _criteria(start, end, training_id, partner_id), today)
    if not keys:
        total = keyed.get((), Figures())
        total.key = None
        return [total]
    for key, f in keyed.items():
        f.key = key[0]
    return sorted(keyed.values(), key=lambda f: (-f.participations, str(f.key)))


def grouped(keys: tuple, criteria: list, today: date | None = None) -> dict[tuple, Figures]:
    """Figures per combination of `keys` (columns or expressions) — the pages group by
    skill field or partner, the regional indicators by month, skill and partner.
    `today` (default: the office's today) decides which follow-ups are due."""
    if today is None:
        today = office_today()
    keyed: dict[tuple, Figures] = {}

    def split(row) -> tuple[Figures, list[int]]:
        k = tuple(row[: len(keys)])
        return keyed.setdefault(k, Figures(k)), [int(v) for v in row[len(keys) :]]

    for row in _session_rows(keys, criteria):
        f, values = split(row)
        f.sessions, f.headcount_sessions, f.budget, f.headcount, f.budgeted_headcount = values
    for row in _participant_rows(keys, criteria, today):
        f, values = split(row)
        (
            f.named,
            f.unique_clients,
            f.completed,
            f.followed,
            f.applying,
            f.working,
            f.followup_due,
            f.budgeted_named,
        ) = values
    return keyed


def total(**kwargs) -> Figures:
    return figures(None, **kwargs)[0]
