"""Which offices a viewer compares, and which the national reference is formed over."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.auth.roles import Role
from portal.extensions import db
from portal.indicators import refresh
from portal.indicators.models import IndicatorStatus
from portal.offices.models import Office, Region
from portal.tenancy import all_offices


@dataclass(frozen=True, slots=True)
class RegionInfo:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    """What the comparisons need of an office, as plain values: reading ninety offices
    as ORM objects (with their regions and territories) cost more than the rest of a
    national page whose figures are kept."""

    id: int
    slug: str
    name: str
    region_id: int
    timezone: str
    region: RegionInfo


def all_offices_list() -> list[OfficeInfo]:
    """Every office, by name: one plain read per request. The state of each office's
    figures comes with it, for the staleness check that follows (refresh.ensure_current)
    to use instead of a statement of its own."""
    found = g.get("all_offices_info") if has_request_context() else None
    if found is None:
        with all_offices("indicators: every office, and the state of its figures"):
            rows = db.session.execute(
                select(
                    Office.id,
                    Office.slug,
                    Office.name,
                    Office.region_id,
                    Office.timezone,
                    Region.code,
                    Region.name,
                    IndicatorStatus.data_version,
                    IndicatorStatus.computed_version,
                    IndicatorStatus.computed_at,
                )
                .join(Region, Office.region_id == Region.id)
                .outerjoin(IndicatorStatus, IndicatorStatus.office_id == Office.id)
                .order_by(Office.name)
            ).all()
        regions: dict[int, RegionInfo] = {}
        found = []
        statuses = {}
        for office_id, slug, name, region_id, timezone, code, region_name, *status in rows:
            region = regions.get(region_id)
            if region is None:
                region = regions[region_id] = RegionInfo(region_id, code, region_name)
            found.append(OfficeInfo(office_id, slug, name, region_id, timezone, region))
            if status[0] is not None:
                statuses[office_id] = refresh.Status(office_id, *status)
        if has_request_context():
            g.all_offices_info = found
            refresh.read_with_offices({o.id for o in found}, statuses)
    return list(found)


def comparison_scope(
    user: User, region_code: str | None
) -> tuple[list[OfficeInfo], list[OfficeInfo]]:
    """(offices shown, offices the national total is formed over)."""
    everyone = all_offices_list()
    if user.role == Role.NATIONAL:
        shown = list(everyone)
    elif user.role == Role.REGIONAL:
        shown = [o for o in everyone if o.region_id == user.region_id]
    else:
        shown = []
    if region_code:
        shown = [o for o in shown if o.region.code == region_code]
        if not shown:
            abort(404)
    return shown, everyone


def office_in_scope(user: User, slug: str) -> Office:
    """An office the viewer may see the figures of, or 404."""
    office = db.session.scalar(
        select(Office).options(selectinload(Office.region)).where(Office.slug == slug)
    )
    if office is None:
        abort(404)
    if user.office_id is not None:
        allowed = user.office_id == office.id
    elif user.role == Role.NATIONAL:
        allowed = True
    else:
        allowed = user.role == Role.REGIONAL and office.region_id == user.region_id
    if not allowed:
        abort(404)
    return office
