"""Create or update offices and regions from their tenant files."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from portal.extensions import db
from portal.offices.loader import OfficeSpec
from portal.offices.models import Office, Region


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_files: list[str] = field(default_factory=list)


def sync_offices(specs: list[OfficeSpec]) -> SyncReport:
    """Apply validated specs in one transaction; offices missing from files are kept."""
    report = SyncReport()
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    offices = {o.slug: o for o in db.session.scalars(select(Office))}
    for spec in specs:
        region = regions.get(spec.region.code)
        if region is None:
            region = regions[spec.region.code] = Region(code=spec.region.code)
            db.session.add(region)
        region.name = spec.region.name

        values = {
            "name": spec.name,
            "office_class": spec.office_class,
            "timezone": spec.timezone,
            "territory": list(spec.territory),
            "address": spec.address,
        }
        office = offices.get(spec.slug)
        if office is None:
            db.session.add(Office(slug=spec.slug, region=region, **values))
            report.created.append(spec.slug)
            continue
        changed = office.region is not region or any(
            getattr(office, k) != v for k, v in values.items()
        )
        office.region = region
        for key, value in values.items():
            setattr(office, key, value)
        (report.updated if changed else report.unchanged).append(spec.slug)
    slugs = {s.slug for s in specs}
    report.not_in_files = sorted(s for s in offices if s not in slugs)
    db.session.commit()
    return report
