"""`flask demo seed`: accounts for every role and invented staff in the four offices.

Later modules add their own seeders to `OFFICE_SEEDERS`; each gets the office, a
seeded random generator and the office's PKs, inside that office's scope.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import func, select

from portal.auth.models import User
from portal.auth.operations import create_user
from portal.auth.roles import Role
from portal.clients.demo import seed_clients
from portal.demo.names import person_name
from portal.extensions import db
from portal.guidance.demo import seed_guidance
from portal.litmas.demo import seed_litmas
from portal.offices.models import Office, Region
from portal.outcomes.demo import (
    seed_employment,
    seed_offences_after,
    seed_reoffences,
    seed_transfers,
    seed_work_checks,
)
from portal.partners.demo import seed_partners, seed_training_placements
from portal.reporting.demo import seed_reporting
from portal.tenancy import all_offices, office_scope
from portal.trainings.demo import seed_trainings

DEMO_PASSWORD = "Demo#Bapas2026"  # noqa: S105 demo only: documented in the README
OFFICE_ACCOUNTS = [
    ("admin", Role.ADMIN),
    ("pk", Role.PK),
    ("staf", Role.STAFF),
    ("peninjau", Role.VIEWER),
]
EXTRA_PKS = 6


def office_account_names() -> list[tuple[str, Role]]:
    """Every demo account of an office, as the seeder makes them (`demo accounts` prints it)."""
    extra = [(f"pk{i + 2}", Role.PK) for i in range(EXTRA_PKS)]
    return OFFICE_ACCOUNTS[:2] + extra + OFFICE_ACCOUNTS[2:]


OfficeSeeder = Callable[[Office, random.Random, list[User]], None]
# Transfers come right after the clients: later seeders date histories up to the move.
OFFICE_SEEDERS: list[OfficeSeeder] = [
    seed_clients,
    seed_transfers,
    seed_reporting,
    seed_litmas,
    seed_guidance,
    seed_employment,
    seed_reoffences,
    seed_partners,  # partners and trainings last: participants must be under guidance
    seed_trainings,  # on the session date by the final status histories
    # After the trainings: their known effects (what works) on work, placements and
    # re-offending after guidance. Re-offending during guidance revokes the file, which
    # the client histories decide before any training: the demo's trainings do not
    # change it, and the pages show no difference there.
    seed_work_checks,
    seed_training_placements,
    seed_offences_after,
]


def _nip(rng: random.Random, sex: str) -> str:
    born = f"{rng.randint(1968, 1996)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    appointed = f"{rng.randint(2000, 2022)}{rng.randint(1, 12):02d}"
    return f"{born}{appointed}{1 if sex == 'L' else 2}{rng.randint(1, 999):03d}"


def _seed_office(office: Office, rng: random.Random) -> list[User]:
    pks = []
    for username, role in OFFICE_ACCOUNTS:
        sex = rng.choice("LP")
        user = create_user(
            username=username,
            full_name=person_name(rng, office.slug, sex),
            role=role,
            password=DEMO_PASSWORD,
            office=office,
            nip=_nip(rng, sex),
            must_change_password=False,
        )
        if role == Role.PK:
            pks.append(user)
    for i in range(EXTRA_PKS):
        sex = rng.choice("LP")
        pks.append(
            create_user(
                username=f"pk{i + 2}",
                full_name=person_name(rng, office.slug, sex),
                role=Role.PK,
                password=DEMO_PASSWORD,
                office=office,
                nip=_nip(rng, sex),
                must_change_password=False,
            )
        )
    return pks


def seed_demo(if_empty: bool = False, only: tuple[str, ...] = ()) -> str:
    """Every office's demo data (`only`: these offices' slugs, for tests that need one)."""
    with all_offices("demo seeding checks whether any account exists"):
        existing = db.session.scalar(select(func.count()).select_from(User))
    if existing and if_empty:
        return "demo data already present: nothing done"
    offices = db.session.scalars(select(Office).order_by(Office.slug)).all()
    offices = [o for o in offices if o.slug in only] if only else offices
    if not offices:
        return "no offices: run `flask tenants sync` first"
    rng = random.Random(20261122)
    for office in offices:
        office_id = office.id
        with office_scope(office_id):
            office = db.session.get(Office, office_id)
            pks = _seed_office(office, rng)
            for seeder in OFFICE_SEEDERS:
                seeder(office, rng, pks)
            db.session.commit()
    region = db.session.scalar(
        select(Region).where(Region.code == "jawa-tengah")
    ) or db.session.scalar(select(Region).order_by(Region.code))
    with all_offices("demo seeding creates central accounts"):
        create_user(
            username="kanwil",
            full_name=person_name(rng, "purwokerto", "L"),
            role=Role.REGIONAL,
            region=region,
            password=DEMO_PASSWORD,
            must_change_password=False,
        )
        create_user(
            username="ditjenpas",
            full_name=person_name(rng, "tangerang", "P"),
            role=Role.NATIONAL,
            password=DEMO_PASSWORD,
            must_change_password=False,
        )
        create_user(
            username="sysadmin",
            full_name="Administrator Sistem",
            role=Role.SYSADMIN,
            password=DEMO_PASSWORD,
            must_change_password=False,
        )
        db.session.commit()
    return (
        f"demo data seeded for {len(offices)} offices; "
        f"password for every demo account: {DEMO_PASSWORD}"
    )
