"""The example row of a template, made for the office that downloads it: a synthetic
person living in its own territory, a NIK with that kabupaten/kota's region code, and
a register number written the way the office writes its own."""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Any

from sqlalchemy import select

from portal.clients.demo import INSTITUTIONS, REGION_CODES
from portal.clients.models import Client
from portal.demo.names import person_name
from portal.demo.places import PLACES, address_in
from portal.extensions import db
from portal.offices.models import Office

YEAR = re.compile(r"(19|20)\d\d")
DEFAULT_REGISTER = "W.0001/PB/%d"  # the common Bapas form: serial/program/year


def next_like(number: str) -> str:
    """A register number after `number`, in its format: its serial (the longest group of
    digits that is not a year) counted on by one, with its zeros ('W.0123/PB/2025' ->
    'W.0124/PB/2025')."""
    serials = [m for m in re.finditer(r"\d+", number) if not YEAR.fullmatch(m.group())]
    if not serials:
        return number
    m = max(serials, key=lambda m: len(m.group()))
    serial = str(int(m.group()) + 1).zfill(len(m.group()))
    return number[: m.start()] + serial + number[m.end() :]


def _latest_client() -> tuple[str, str] | None:
    """(register number, name) of the office's latest case file. Runs in the office's
    scope: only its own files are seen."""
    row = db.session.execute(
        select(Client.register_number, Client.name).order_by(Client.id.desc()).limit(1)
    ).first()
    return tuple(row) if row else None


def office_examples(office: Office, today: date, *, new_client: bool) -> dict[str, Any]:
    """Example values by column key; a column not named here keeps its own example.

    A client template shows a new person of the office's territory, numbered after the
    office's latest file; the templates that refer to a client (reports, trainings)
    name the office's latest client, so their example row imports as it stands."""
    rng = random.Random(office.slug)  # the same example at every download  # noqa: S311
    place = address_in(rng, office.territory)
    kabupaten = place["kabupaten"]
    region = REGION_CODES.get(kabupaten, "3302")
    institutions = INSTITUTIONS.get(office.slug) or [f"Lapas {kabupaten.split()[-1]}"]
    if kabupaten not in PLACES:  # a territory the place list does not know
        place = {**place, "kecamatan": "", "kelurahan": ""}
    latest = _latest_client()
    examples = {
        "kelurahan": place["kelurahan"],
        "address": f"{place['street']}, {place['kecamatan'] or kabupaten}, {kabupaten}",
    }
    if new_client:
        return {
            **examples,
            "register_number": next_like(latest[0]) if latest else DEFAULT_REGISTER % today.year,
            "name": person_name(rng, office.slug, "L"),
            "nik": f"{region}01150590{rng.randint(1, 9999):04d}",  # born 15/05/1990, a man
            "street": place["street"],
            "kecamatan": place["kecamatan"],
            "kabupaten_kota": kabupaten,
            "origin_institution": institutions[0],
            "court_decision_number": f"123/Pid.B/2023/PN {kabupaten.split()[-1]}",
        }
    if latest:
        examples.update(register_number=latest[0], name=latest[1], client_name=latest[1])
    return examples
