"""Roles: who a user is in the portal, and what that lets them reach."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"  # office administrator: manages the office's users
    PK = "pk"  # Pembimbing Kemasyarakatan, probation officer
    STAFF = "staff"  # trainings and partners (Bimker, BKD)
    VIEWER = "viewer"  # read-only
    REGIONAL = "regional"  # Kanwil officer: aggregates of one region
    NATIONAL = "national"  # Ditjenpas officer: aggregates of all offices
    SYSADMIN = "sysadmin"  # offices and administrator accounts, never client data

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def is_office_role(self) -> bool:
        return self in OFFICE_ROLES


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator kantor"),
    Role.PK: _l("Pembimbing Kemasyarakatan (PK)"),
    Role.STAFF: _l("Staf (pelatihan dan mitra)"),
    Role.VIEWER: _l("Peninjau (hanya baca)"),
    Role.REGIONAL: _l("Petugas Kanwil"),
    Role.NATIONAL: _l("Petugas Ditjenpas"),
    Role.SYSADMIN: _l("Administrator sistem"),
}

OFFICE_ROLES = (Role.ADMIN, Role.PK, Role.STAFF, Role.VIEWER)
CENTRAL_ROLES = (Role.REGIONAL, Role.NATIONAL, Role.SYSADMIN)
# Roles whose holders see aggregates of several offices.
OVERSIGHT_ROLES = (Role.REGIONAL, Role.NATIONAL)
