"""The summary a case file opens on (GOV.UK summary list; HMPPS "Manage people on
probation" case overview): what the PK must act on, each fact beside its action.

Built only from what the page loads for its sections anyway (the wajib lapor panel,
Litmas, guidance sessions, training history), so the summary costs no query of its own:
the case file is a kept page measured by bench/pages.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, exists, select

from portal.clients.models import Client, ClientStatusChange
from portal.clients.operations import juvenile_guard
from portal.extensions import db
from portal.guidance import vocab as guidance_vocab
from portal.litmas import vocab as litmas_vocab
from portal.reporting import vocab as reporting_vocab


def _section_columns(client_id) -> list:
    """The frequency and one flag per section (see `sections_present`), for `client_id`
    (a value or a bound parameter)."""
    from portal.guidance.models import SessionAttendance
    from portal.litmas.models import Litmas
    from portal.litmas.requests.models import LitmasRequest
    from portal.outcomes.models import ClientTransfer, EmploymentRecord, ReoffendingEvent
    from portal.partners.models import Placement
    from portal.reporting.models import Report, ReportingPlan
    from portal.trainings.models import Participant

    def has(model, name: str):
        return exists().where(model.client_id == client_id).label(name)

    return [
        select(ReportingPlan.frequency)
        .where(ReportingPlan.client_id == client_id)
        .scalar_subquery()
        .label("frequency"),
        has(Litmas, "litmas"),
        has(LitmasRequest, "requests"),
        has(SessionAttendance, "sessions"),
        has(Participant, "participations"),
        has(Placement, "placements"),
        has(ClientTransfer, "transfers"),
        has(EmploymentRecord, "employment"),
        has(ReoffendingEvent, "reoffences"),
        has(ClientStatusChange, "status_changes"),
        # Reports that met no due date (most clients have none: their query is spared).
        exists()
        .where(Report.client_id == client_id, Report.due_id.is_(None))
        .label("extra_reports"),
    ]


class _Statements:
    """The case file's opening statements, built once per process (on first use: the
    section models import this module's package): building them anew cost more CPU
    than PostgreSQL spends running them. Values are bound at execution."""

    _sections: Any = None
    _opening: dict[str, Any] = {}  # by role: the juvenile rule depends on it

    @classmethod
    def sections(cls):
        if cls._sections is None:
            cls._sections = select(*_section_columns(bindparam("client_id")))
        return cls._sections

    @classmethod
    def opening(cls, role: str):
        found = cls._opening.get(role)
        if found is None:
            # `visible_clients`' own rule, for this role, with the user's id bound.
            user = SimpleNamespace(role=role, id=bindparam("user_id"))
            found = select(Client, *_section_columns(bindparam("client_id"))).where(
                Client.id == bindparam("client_id"), juvenile_guard(user)
            )
            cls._opening = {**cls._opening, role: found}
        return found


def sections_present(client_id: int):
    """Which of the case file's sections hold anything for this client, and the client's
    wajib lapor frequency, in one statement.

    Most clients have no Litmas, no training, no outcome records and no transfer: each
    section's own query (an ORM statement of 1-2 ms of CPU each, nine of them) is run
    only for the sections that have rows. A section whose rows the user may not see
    (the juvenile rule of Litmas requests and placements) still runs its own query,
    which applies that rule.
    """
    return db.session.execute(_Statements.sections(), {"client_id": client_id}).one()


def open_case_file(user: Any, client_id: int) -> tuple[Client, Any] | None:
    """(The client, `sections_present` of it) in one statement, or None when the client
    is another office's or a juvenile file this user may not see (the rule of
    `clients.operations.visible_clients`)."""
    found = db.session.execute(
        _Statements.opening(user.role), {"client_id": client_id, "user_id": user.id}
    )
    row = found.one_or_none()
    if row is None:
        return None
    return row[0], _Present(*row[1:])


@dataclass(frozen=True, slots=True)
class _Present:
    """`sections_present`'s row, as the template reads it."""

    frequency: str | None
    litmas: bool
    requests: bool
    sessions: bool
    participations: bool
    placements: bool
    transfers: bool
    employment: bool
    reoffences: bool
    status_changes: bool
    extra_reports: bool


@dataclass(frozen=True)
class Contact:
    on: date
    how: str


@dataclass(frozen=True)
class FollowUpDue:
    participant: Any  # trainings.models.Participant
    state: Any  # trainings.followups.StageState

    @property
    def late(self) -> bool:
        return self.state.code == "terlambat"


@dataclass(frozen=True)
class CaseSummary:
    client: Client
    today: date
    reporting: Any  # reporting.operations.ClientReporting
    last_contact: Contact | None
    follow_ups_due: list[FollowUpDue]
    litmas_pending: list[Any]

    @property
    def days_left(self) -> int:
        """Days until guidance ends (negative once it has ended)."""
        return (self.client.guidance_end - self.today).days

    @property
    def next_due(self):
        return self.reporting.next_due

    @property
    def overdue(self):
        return self.reporting.overdue

    @property
    def compliance(self):
        return self.reporting.compliance


def last_contact(reporting: Any, sessions: Sequence[tuple[Any, Any]]) -> Contact | None:
    """The latest wajib lapor report or guidance session the client attended."""
    contacts = []
    report = reporting.last_report
    if report is not None:
        contacts.append(
            Contact(report.reported_on, reporting_vocab.label(reporting_vocab.MODES, report.mode))
        )
    attended = [
        s for s, a in sessions if a.attendance in (guidance_vocab.HADIR, guidance_vocab.TERLAMBAT)
    ]
    if attended:
        session = max(attended, key=lambda s: s.held_on)
        how = guidance_vocab.ALL_SUBTYPES.get(session.subtype, session.subtype)
        contacts.append(Contact(session.held_on, str(how)))
    return max(contacts, key=lambda c: c.on, default=None)


def case_summary(
    client: Client,
    reporting: Any,
    litmas: Sequence[Any],
    sessions: Sequence[tuple[Any, Any]],
    trainings: dict,
    today: date,
) -> CaseSummary:
    return CaseSummary(
        client=client,
        today=today,
        reporting=reporting,
        last_contact=last_contact(reporting, sessions),
        follow_ups_due=[
            FollowUpDue(row.participant, state)
            for row in trainings["participations"]
            for state in row.states
            if state.open
        ],
        litmas_pending=[item for item in litmas if item.status == litmas_vocab.DRAFT],
    )
