"""Which record an audit event is about, named and linked where the reader may open it.

The names are read at display time, one query per kind of data on the page, through
the session: the tenancy filter (and row-level security) applies, so a record of
another office is never found, never named and never linked. Client records go
through `visible_clients`, so the juvenile rule decides as on every other page; an
account page is linked for the office administrator only, who alone may open it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import Select, select

from portal.audit.models import AuditEvent
from portal.auth.models import User
from portal.auth.roles import Role
from portal.clients.models import Client
from portal.clients.operations import visible_clients
from portal.extensions import db
from portal.formatting import day
from portal.guidance.models import GuidanceSession
from portal.litmas.models import Litmas
from portal.litmas.requests.models import LitmasRequest, TppSession
from portal.litmas.requests.queries import guard as request_guard
from portal.partners.models import Agreement, Partner, Placement
from portal.trainings.models import FollowUp, Participant, Training, TrainingSession


@dataclass(frozen=True)
class Target:
    label: str
    url: str | None = None


@dataclass(frozen=True)
class Kind:
    """How to name a kind of record: a query of (object id, label, id to link) for the
    given ids, and the page that shows it (endpoint and its argument)."""

    query: Callable[[User, Sequence[int]], Select]
    endpoint: str
    arg: str
    roles: tuple[Role, ...] = ()  # empty: every role of the office may open it

    def may_open(self, user: User) -> bool:
        return not self.roles or user.role in self.roles


def _clients(user: User, ids: Sequence[int]) -> Select:
    return visible_clients(user, Client.id, Client.register_number, Client.id).where(
        Client.id.in_(ids)
    )


def _through_client(model, column) -> Callable[[User, Sequence[int]], Select]:
    """A record shown on its client's case file (a participation, a placement)."""
    return lambda user, ids: (
        visible_clients(user, model.id, Client.register_number, Client.id)
        .join(model, column == Client.id)
        .where(model.id.in_(ids))
    )


def _follow_ups(user: User, ids: Sequence[int]) -> Select:
    return (
        visible_clients(user, FollowUp.id, Client.register_number, Client.id)
        .join(Participant, Participant.client_id == Client.id)
        .join(FollowUp, FollowUp.participant_id == Participant.id)
        .where(FollowUp.id.in_(ids))
    )


def _litmas(user: User, ids: Sequence[int]) -> Select:
    return (
        visible_clients(user, Litmas.id, Client.register_number, Litmas.id)
        .join(Litmas, Litmas.client_id == Client.id)
        .where(Litmas.id.in_(ids))
    )


def _litmas_requests(user: User, ids: Sequence[int]) -> Select:
    """A child's request is named only to those who may see it (its PK, the head)."""
    return select(LitmasRequest.id, LitmasRequest.person_name, LitmasRequest.id).where(
        LitmasRequest.id.in_(ids), request_guard(user)
    )


def _simple(model, label, link=None) -> Callable[[User, Sequence[int]], Select]:
    return lambda user, ids: select(model.id, label, link if link is not None else model.id).where(
        model.id.in_(ids)
    )


def _by_parent(model, parent_key, parent, label) -> Callable[[User, Sequence[int]], Select]:
    """A record shown on its parent's page (a session on its training's), by its name."""
    return lambda user, ids: (
        select(model.id, label, parent.id)
        .join(parent, parent.id == parent_key)
        .where(model.id.in_(ids))
    )


KINDS: dict[str, Kind] = {
    "client": Kind(_clients, "clients.detail", "client_id"),
    "training_participant": Kind(
        _through_client(Participant, Participant.client_id), "clients.detail", "client_id"
    ),
    "placement": Kind(
        _through_client(Placement, Placement.client_id), "clients.detail", "client_id"
    ),
    "training_follow_up": Kind(_follow_ups, "clients.detail", "client_id"),
    "litmas": Kind(_litmas, "litmas.detail", "litmas_id"),
    "litmas_request": Kind(_litmas_requests, "litmas_requests.detail", "request_id"),
    "tpp_session": Kind(
        _simple(TppSession, TppSession.held_on), "litmas_requests.tpp_detail", "session_id"
    ),
    "guidance_session": Kind(
        _simple(GuidanceSession, GuidanceSession.held_on), "guidance.detail", "session_id"
    ),
    "training": Kind(_simple(Training, Training.title), "trainings.detail", "training_id"),
    "training_session": Kind(
        _by_parent(TrainingSession, TrainingSession.training_id, Training, Training.title),
        "trainings.detail",
        "training_id",
    ),
    "partner": Kind(_simple(Partner, Partner.name), "partners.detail", "partner_id"),
    "agreement": Kind(
        _by_parent(Agreement, Agreement.partner_id, Partner, Partner.name),
        "partners.detail",
        "partner_id",
    ),
    "user": Kind(_simple(User, User.full_name), "users.edit", "user_id", (Role.ADMIN,)),
}


def targets(user: User, events: Iterable[AuditEvent]) -> dict[int, Target]:
    """Per event id, the record it is about, named (and linked if the reader may open
    it); events about no record, or one not found in this office, are left out."""
    wanted: dict[str, set[int]] = defaultdict(set)
    page = list(events)
    for e in page:
        if e.object_id is not None and e.object_type in KINDS:
            wanted[e.object_type].add(e.object_id)
    found: dict[tuple[str, int], Target] = {}
    for kind_code, ids in wanted.items():
        kind = KINDS[kind_code]
        for object_id, label, link_id in db.session.execute(kind.query(user, sorted(ids))):
            shown = day(label) if hasattr(label, "isoformat") else str(label)
            url = url_for(kind.endpoint, **{kind.arg: link_id}) if kind.may_open(user) else None
            found[(kind_code, object_id)] = Target(shown, url)
    return {
        e.id: found[(e.object_type, e.object_id)]
        for e in page
        if (e.object_type, e.object_id) in found
    }
