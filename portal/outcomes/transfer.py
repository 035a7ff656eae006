"""Transferring a client to another office (pindah): the one cross-office write.

In ONE transaction: the source file gets status *pindah* through the ordinary
status change (so its history says when and where to), and the receiving office
gets a new case file (the identity and case fields copied, status *aktif* from
the transfer date, no PK yet, a provisional register number `PINDAH/<year>/<n>`
that the receiving office edits to its own numbering). Each office keeps a
`ClientTransfer` row with the same key and the other office's NAME only: neither
office can open the other's file, yet the person can be followed across offices
by aggregate code. The new file is written under `office_scope(receiving office)`
so tenant scoping, row-level security and auditing apply to it exactly as to a
file typed in by the receiving office itself; each office's audit log records its
own side.
"""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.audit.operations import record
from portal.auth.models import User
from portal.clients import vocab as client_vocab
from portal.clients.models import Client
from portal.clients.operations import (
    FIELDS,
    change_status,
    check_status_change,
    create_client,
)
from portal.errors import OperationError
from portal.extensions import db
from portal.offices.models import Office
from portal.outcomes import vocab
from portal.outcomes.models import ClientTransfer
from portal.tenancy import current_office_id, office_scope

# What the receiving office starts from; it sets its own number, start and PK.
NOT_COPIED = {"register_number", "guidance_start", "pk_id", "category_override", "category_reason"}
COPIED = tuple(f for f in FIELDS if f not in NOT_COPIED)
CATEGORY_REASON = "Kategori mengikuti berkas asal (klien pindahan)."


def destination_offices() -> list[Office]:
    """Every other office, by name: offices are public (the portal's front page lists them)."""
    return list(
        db.session.scalars(
            select(Office).where(Office.id != current_office_id()).order_by(Office.name)
        )
    )


def _provisional_number(year: int) -> str:
    """The first free PINDAH/<year>/<n> in the bound (receiving) office."""
    prefix = f"PINDAH/{year}/"
    taken = set(
        db.session.scalars(
            select(Client.register_number).where(Client.register_number.startswith(prefix))
        )
    )
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def check_transfer(
    client: Client, to_office_id: int | None, on: date | None, reason: str
) -> tuple[Office, str]:
    """Every rule of a transfer, writing nothing (the confirmation page shows only a
    transfer `transfer_client` will make): the receiving office and the reason stored."""
    source_id = current_office_id()
    reason = (reason or "").strip()
    office = db.session.get(Office, to_office_id) if to_office_id else None
    if office is None:
        raise OperationError(_l("Kantor tujuan wajib dipilih dari daftar."), "to_office_id")
    if office.id == source_id:
        raise OperationError(_l("Kantor tujuan harus kantor lain."), "to_office_id")
    if on is None:
        raise OperationError(_l("Tanggal pindah wajib diisi."), "on")
    if client.status == client_vocab.AKTIF and on >= client.guidance_end:
        raise OperationError(_l("Tanggal pindah harus sebelum akhir masa bimbingan."), "on")
    if not reason:
        raise OperationError(_l("Alasan pindah wajib diisi."), "reason")
    # The source file's side is an ordinary status change: its rules hold here too.
    check_status_change(client, client_vocab.PINDAH, on, f"Dipindahkan ke {office.name}: {reason}")
    return office, reason


def transfer_client(
    client: Client,
    to_office_id: int | None,
    on: date | None,
    reason: str,
    actor: User | None = None,
) -> str:
    """Transfer `client`; returns the transfer key both offices keep.

    Raises `OperationError` before anything is written when a rule is broken; the
    caller commits (or rolls back) the one transaction holding both offices' sides.
    """
    source_id = current_office_id()
    office, reason = check_transfer(client, to_office_id, on, reason)
    copy = {name: getattr(client, name) for name in COPIED}
    copy.update(category_override=client.category, category_reason=CATEGORY_REASON)
    key = uuid.uuid4().hex
    change_status(
        client, client_vocab.PINDAH, on, f"Dipindahkan ke {office.name}: {reason}", actor=actor
    )
    db.session.add(
        ClientTransfer(
            transfer_key=key,
            direction=vocab.OUT,
            client_id=client.id,
            other_office_id=office.id,
            transferred_on=on,
        )
    )
    record(
        "transfer_out",
        "client",
        client.id,
        summary=f"Klien {client.register_number} dipindahkan ke {office.name}",
        detail={"to_office": office.name, "on": on.isoformat(), "transfer_key": key},
        actor=actor,
    )
    db.session.flush()  # the receiving scope below starts from an empty identity map

    with office_scope(office.id):
        new = create_client(
            **copy, register_number=_provisional_number(on.year), guidance_start=on, pk_id=None
        )
        db.session.add(
            ClientTransfer(
                transfer_key=key,
                direction=vocab.IN,
                client_id=new.id,
                other_office_id=source_id,
                transferred_on=on,
            )
        )
        record(
            "transfer_in",
            "client",
            new.id,
            summary=f"Klien pindahan diterima sebagai {new.register_number}",
            detail={"on": on.isoformat(), "transfer_key": key},
            actor=actor,
        )
        db.session.flush()  # leaving the scope forgets every unflushed object
    return key


def transfers_of(client: Client) -> list[ClientTransfer]:
    """This office's side of the client's transfers: direction, date, other office's name."""
    return list(
        db.session.scalars(
            select(ClientTransfer)
            .where(ClientTransfer.client_id == client.id)
            .order_by(ClientTransfer.transferred_on, ClientTransfer.id)
        )
    )
