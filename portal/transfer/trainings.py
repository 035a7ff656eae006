"""Trainings, their sessions and participants in and out of spreadsheets.

One row per participant of a session; rows with the same training title and session
date are one session. A session known only as "N clients attended" is one row with the
register number empty and Jumlah Peserta filled; a training without sessions is a row
with the session date empty. Re-importing matches trainings by title, sessions by title
and date, participants by register number, and never removes what the file leaves out.

Every rule is the operations' (portal.trainings.operations: check_training,
check_session, check_enrolment, check_participant, insert_participants ...); this
module only says which column is which and keeps the file's sessions in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.partners.models import Partner, Venue
from portal.trainings import operations, vocab
from portal.trainings.models import Participant, Training, TrainingSession
from portal.transfer.columns import DATE_HELP, Column, allowed_values
from portal.transfer.engine import Importer, RowProblem, RowRefusals
from portal.transfer.registers import REGISTER_HEADER, registered_client, visible_register
from portal.transfer.values import (
    choice_reader,
    normalise,
    read_date,
    read_int,
    read_yes_no,
    text_reader,
)
from portal.vocab.skills import SKILLS

OWN_OFFICE = _l("Kantor sendiri")
YES_NO_HELP = _l("Ya atau Tidak (kosong = Tidak).")
VENUE_ALIASES = {
    "aula": vocab.AULA_KANTOR,
    "kantor": vocab.AULA_KANTOR,
    "bapas": vocab.AULA_KANTOR,
    "mitra": vocab.LOKASI_MITRA,
    "griya": vocab.GRIYA,
}
SKILL_ALIASES = {"tata boga": "kuliner", "boga": "kuliner", "salon": "tata_rias"}

REGISTER = Column(
    "register_number",
    REGISTER_HEADER,
    text_reader(40),
    False,
    ("no register", "no reg", "noreg", "nomor registrasi", "register", "reg no"),
    _l("Nomor register klien peserta. Kosongkan pada baris sesi yang dicatat hanya jumlahnya."),
    example="PB.2025.0142",
)
CLIENT_NAME = Column(
    "client_name",
    "Nama Klien",
    text_reader(120),
    False,
    ("nama", "nama peserta", "peserta", "nama lengkap"),
    _l(
        "Boleh kosong; bila diisi harus sama dengan nama pada berkas klien (mencegah salah ketik "
        "nomor register)."
    ),
    example="Budi Santoso",
)
TITLE = Column(
    "title",
    "Judul Pelatihan",
    text_reader(160),
    True,
    ("pelatihan", "nama pelatihan", "judul", "nama kegiatan", "kegiatan", "training"),
    _l("Judul pelatihan; baris dengan judul dan tanggal mulai yang sama adalah satu sesi."),
    example="Pelatihan Barista Dasar",
)
START = Column(
    "start_date",
    "Tanggal Mulai",
    read_date,
    True,
    ("tanggal sesi", "tgl sesi", "tanggal pelaksanaan", "tanggal mulai sesi", "mulai", "tanggal"),
    _l("Tanggal mulai sesi (HH/BB/TTTT). Kosong hanya untuk pelatihan yang belum bersesi."),
    example="07/04/2025",
)

COLUMNS = (
    TITLE,
    Column(
        "skill_field",
        "Bidang Keterampilan",
        choice_reader(SKILLS, SKILL_ALIASES),
        True,
        ("bidang", "keterampilan", "bidang pelatihan", "skill"),
        allowed=allowed_values(SKILLS),
        example="Barista",
    ),
    Column(
        "partner",
        "Penyelenggara",
        text_reader(160),
        False,
        ("mitra", "nama mitra", "pokmas", "pokmas lipas", "penyelenggara pelatihan"),
        _l("Nama mitra kantor ini persis seperti terdaftar, atau kosong / 'Kantor sendiri'."),
        example="Kantor sendiri",
    ),
    Column(
        "description",
        "Keterangan Pelatihan",
        text_reader(1000),
        False,
        ("keterangan", "deskripsi", "metode", "materi"),
        example="Tiga hari, praktik langsung",
    ),
    START,
    Column(
        "end_date",
        "Tanggal Selesai",
        read_date,
        False,
        ("selesai", "tanggal selesai sesi", "sampai"),
        DATE_HELP,
        example="09/04/2025",
    ),
    Column(
        "venue_kind",
        "Tempat",
        choice_reader(vocab.VENUE_KINDS, VENUE_ALIASES),
        False,
        ("jenis tempat", "lokasi", "tempat pelatihan"),
        _l("Kosong = Aula kantor."),
        allowed_values(vocab.VENUE_KINDS),
        example="Aula kantor",
    ),
    Column(
        "venue",
        "Griya Abhipraya",
        text_reader(120),
        False,
        ("nama griya", "griya"),
        _l("Nama Griya Abhipraya kantor ini, bila Tempat = Griya Abhipraya."),
        example="",
    ),
    Column(
        "location_note",
        "Keterangan Lokasi",
        text_reader(200),
        False,
        ("alamat lokasi", "alamat tempat"),
        example="",
    ),
    Column(
        "budget",
        "Anggaran",
        read_int,
        False,
        ("anggaran sesi", "biaya", "anggaran rp", "budget"),
        _l(
            "Anggaran sesi dalam rupiah (bilangan bulat); kosongkan bila belum diketahui, "
            "isi 0 untuk sesi tanpa biaya."
        ),
        example=1500000,
    ),
    Column(
        "headcount",
        "Jumlah Peserta",
        read_int,
        False,
        ("jumlah peserta tanpa nama", "jumlah", "headcount"),
        _l("Hanya untuk sesi yang dicatat tanpa nama peserta (Nomor Register kosong)."),
        example="",
    ),
    REGISTER,
    CLIENT_NAME,
    Column("attended", "Hadir", read_yes_no, False, ("kehadiran",), YES_NO_HELP, example="Ya"),
    Column(
        "completed",
        "Lulus",
        read_yes_no,
        False,
        ("selesai pelatihan", "kelulusan", "lulus selesai"),
        YES_NO_HELP,
        example="Ya",
    ),
    Column("certificate", "Sertifikat", read_yes_no, False, (), YES_NO_HELP, example="Ya"),
    Column(
        "transport_money",
        "Uang Transport",
        read_int,
        False,
        ("transport", "uang transport rp", "transportasi"),
        _l("Rupiah (bilangan bulat)."),
        example=50000,
    ),
)
VENUE = next(c for c in COLUMNS if c.key == "venue")
# An unknown partner's stand-in for the session's rules (the name is refused in its column).
UNKNOWN_PARTNER = -1
TRAINING_KEYS = ("skill_field", "partner", "description")
SESSION_KEYS = ("end_date", "venue_kind", "venue", "location_note", "budget", "headcount")
RANK = {"unchanged": 0, "updated": 1, "added": 2}
# The operations name the form's fields; these are the file's columns for them.
FIELD_COLUMNS = {"client_id": "register_number", "venue_id": "venue", "partner_id": "partner"}


def title_key(title: str) -> str:
    """Titles match whatever their case and spacing."""
    return " ".join(title.split()).casefold()


@dataclass
class Part:
    """One training or session of the file: what it is stored as, and whether written."""

    row: int
    raw: dict[str, Any]  # the file's cells, for checking later rows against the first
    values: dict[str, Any]
    stored: Any  # the Training / TrainingSession, None while it is still to be created
    changed: bool
    written: bool = False


@dataclass
class SessionPart(Part):
    training: Part | None = None
    roster: operations.Roster | None = None
    seen: dict[int, int] = field(default_factory=dict)  # client id -> row of the file


class TrainingImporter(Importer):
    kind = "pelatihan"
    title = _l("Pelatihan, sesi dan peserta")
    columns = COLUMNS
    needs_user = True

    def column_header(self, key: str | None) -> str:
        return super().column_header(FIELD_COLUMNS.get(key or "", key))

    def prepare(self) -> None:
        trainings = db.session.scalars(
            select(Training).options(
                selectinload(Training.sessions).selectinload(TrainingSession.venue),
                selectinload(Training.sessions)
                .selectinload(TrainingSession.participants)
                .selectinload(Participant.follow_ups),
            )
        )
        self.stored: dict[str, list[Training]] = {}
        for training in trainings:
            self.stored.setdefault(title_key(training.title), []).append(training)
        self.partners = {
            normalise(n): i for n, i in db.session.execute(select(Partner.name, Partner.id))
        }
        self.venues = {normalise(n): i for n, i in db.session.execute(select(Venue.name, Venue.id))}
        self.own_office = {"", "kantor", "kantor sendiri", "tanpa mitra", "bapas"}
        for lang in ("id", "en"):
            with force_locale(lang):
                self.own_office.add(normalise(str(OWN_OFFICE)))
        self.clients = visible_register(self.actor)
        self.eligible: dict[date, set[int]] = {}
        self.trainings: dict[str, Part] = {}
        self.sessions: dict[tuple[str, date], SessionPart] = {}

    # --- the training --------------------------------------------------------------------

    def _partner_id(self, name: str) -> int | None:
        key = normalise(name)
        if key in self.own_office:
            return None
        if key not in self.partners:
            raise RowProblem(
                "Penyelenggara",
                _l(
                    "Mitra '%(name)s' tidak ditemukan di kantor ini. Daftarkan mitranya lebih "
                    "dulu, atau kosongkan untuk pelatihan kantor sendiri.",
                    name=name,
                ),
            )
        return self.partners[key]

    def _one(self, found: list, message) -> Any:
        if len(found) > 1:
            raise RowProblem(TITLE.header, message)
        return found[0] if found else None

    def _training(
        self, row: int, values: dict[str, Any], row_refused: RowRefusals
    ) -> tuple[Part, str]:
        key = title_key(values["title"])
        part = self.trainings.get(key)
        if part is not None:  # the training of an earlier row, still the row's own
            self._same(part, values, TRAINING_KEYS, _l("pelatihan"), row_refused)
            return part, "unchanged"
        refused = RowRefusals(self)
        stored = partner_id = None
        with refused.going_on():
            stored = self._one(
                self.stored.get(key, []),
                _l("Ada beberapa pelatihan berjudul '%(t)s' di kantor ini.", t=values["title"]),
            )
        with refused.going_on():
            partner_id = self._partner_id(values["partner"])
        checked: dict[str, Any] = {}
        with refused.going_on():
            checked = operations.check_training({**values, "partner_id": partner_id}, stored)
        refused.raise_any()
        if stored is not None:
            checked["title"] = stored.title  # a title differing only in case stays as stored
        changed = stored is not None and any(getattr(stored, k) != v for k, v in checked.items())
        raw = {k: values[k] for k in TRAINING_KEYS}
        part = Part(row, raw, checked, stored, changed)
        self.trainings[key] = part
        return part, "added" if stored is None else "updated" if changed else "unchanged"

    def _same(
        self,
        part: Part,
        values: dict[str, Any],
        keys: tuple[str, ...],
        what,
        refused: RowRefusals,
    ) -> None:
        """Later rows repeat the first row's cells, or leave them empty (merged cells);
        every cell that differs is named."""
        for key in keys:
            given = values[key]
            if given in (None, "") or given == part.raw[key]:
                continue
            if isinstance(given, str) and normalise(given) == normalise(part.raw[key] or ""):
                continue
            refused.add(
                _l(
                    "Berbeda dengan baris %(row)d untuk %(what)s yang sama; isi sama atau "
                    "kosongkan.",
                    row=part.row,
                    what=what,
                ),
                self.column_header(key),
            )

    # --- the session ---------------------------------------------------------------------

    def _partner_of(self, training: Part | None, values: dict[str, Any]) -> int | None:
        """The partner a session's rules see: its training's, or, when the row's training
        is refused, the one the row names (an unknown name, refused in its own column,
        still names a partner: the session is not refused a second time for it)."""
        if training is not None:
            return training.values["partner_id"]
        key = normalise(values["partner"])
        return None if key in self.own_office else self.partners.get(key, UNKNOWN_PARTNER)

    def _session(
        self, row: int, values: dict[str, Any], training: Part | None, row_refused: RowRefusals
    ) -> tuple[SessionPart, str]:
        """The row's session. With its training refused (None), the session is checked
        on its own cells alone, and not kept for later rows."""
        key = (title_key(values["title"]), values["start_date"])
        part = self.sessions.get(key) if training is not None else None
        if part is not None:  # the session of an earlier row, still the row's own
            self._same(part, values, SESSION_KEYS, _l("sesi"), row_refused)
            return part, "unchanged"
        refused = RowRefusals(self)
        stored = venue_id = None
        if training is not None and training.stored is not None:
            with refused.going_on():
                stored = self._one(
                    [s for s in training.stored.sessions if s.start_date == values["start_date"]],
                    _l("Pelatihan ini memiliki beberapa sesi pada tanggal yang sama."),
                )
        if values["venue"]:
            venue_id = self.venues.get(normalise(values["venue"]))
            if venue_id is None:
                refused.add(
                    _l("Griya Abhipraya '%(n)s' tidak ditemukan di kantor ini.", n=values["venue"]),
                    VENUE.header,
                )
        data = {
            **values,
            "venue_kind": values["venue_kind"] or vocab.AULA_KANTOR,
            "venue_id": venue_id,
        }
        checked: dict[str, Any] = {}
        with refused.going_on():
            checked = operations.check_session(self._partner_of(training, values), data, stored)
        refused.raise_any()
        changed = stored is not None and any(getattr(stored, k) != v for k, v in checked.items())
        raw = {k: values[k] for k in SESSION_KEYS}
        part = SessionPart(row, raw, checked, stored, changed, training=training)
        if stored is not None:
            part.roster = operations.Roster.of(stored)
        else:
            venue = db.session.get(Venue, checked["venue_id"]) if checked["venue_id"] else None
            part.roster = operations.Roster(
                checked["start_date"], checked["headcount"], venue, set()
            )
        if training is not None:
            self.sessions[key] = part
        return part, "added" if stored is None else "updated" if changed else "unchanged"

    # --- the participant -----------------------------------------------------------------

    def _participant(self, row: int, values: dict[str, Any], session: SessionPart | None):
        """The row's participant. With the session refused (None), the client and the
        attendance are still checked, against the row's own start date and headcount."""
        refused = RowRefusals(self)
        number = values["register_number"]
        client = existing = None
        with refused.going_on():
            client = registered_client(
                self.clients, number, values["client_name"], CLIENT_NAME.header
            )
        start = session.values["start_date"] if session is not None else values["start_date"]
        if client is not None and session is not None and client.id in session.seen:
            refused.add(
                _l(
                    "Klien %(n)s sudah ada di baris %(row)d untuk sesi yang sama.",
                    n=number,
                    row=session.seen[client.id],
                ),
                REGISTER.header,
            )
        elif client is not None:
            if session is not None:
                session.seen[client.id] = row
                if session.stored is not None:
                    existing = next(
                        (p for p in session.stored.participants if p.client_id == client.id),
                        None,
                    )
            if existing is None and start is not None:  # enrolled first, then attendance
                if start not in self.eligible:
                    self.eligible[start] = operations.under_guidance_ids(start)
                roster = (
                    session.roster
                    if session is not None
                    else operations.Roster(start, values["headcount"], None, set())
                )
                with refused.going_on():
                    operations.check_enrolment(roster, client, client.id in self.eligible[start])
        checked: dict[str, Any] = {}
        if start is not None:  # no start date: refused with the session
            with refused.going_on():
                checked = operations.check_participant(
                    start,
                    bool(existing and existing.follow_ups),
                    attended=bool(values["attended"]),
                    completed=bool(values["completed"]),
                    certificate=bool(values["certificate"]),
                    transport_money=values["transport_money"],
                )
        refused.raise_any()
        if existing is None:
            return "added", (None, {**checked, "client_id": client.id}, number)
        if any(getattr(existing, k) != v for k, v in checked.items()):
            return "updated", (existing, checked, number)
        return "unchanged", None

    # --- rows ----------------------------------------------------------------------------

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        """The training, its session and its participant, each checked even when an
        earlier one is refused: every problem of the row is reported at once."""
        refused = RowRefusals(self)
        training = session = participant = None
        action = "unchanged"
        with refused.going_on():
            training, action = self._training(row, values, refused)
        has_session = values["register_number"] or values["headcount"] is not None
        if values["start_date"] is not None or has_session:
            with refused.going_on():
                session, session_action = self._session(row, values, training, refused)
                action = max(action, session_action, key=RANK.get)
        if values["register_number"]:
            with refused.going_on():
                participant_action, participant = self._participant(row, values, session)
                action = max(action, participant_action, key=RANK.get)
        refused.raise_any()
        return action, (training, session, participant)

    def write(self, checked: list[tuple[str, Any]]) -> None:
        new: list[tuple[dict[str, Any], str]] = []
        for _action, (training, session, participant) in checked:
            self._write_training(training)
            if session is not None:
                self._write_session(session)
            if participant is None:
                continue
            existing, values, number = participant
            if existing is None:
                new.append(({**values, "session_id": session.stored.id}, number))
            else:
                operations.update_participant(self.actor, existing, **values)
        operations.insert_participants(self.actor, new)

    def _write_training(self, part: Part) -> None:
        if part.written:
            return
        if part.stored is None:
            part.stored = operations.create_training(**part.values)
        elif part.changed:
            operations.update_training(part.stored, **part.values)
        part.written = True

    def _write_session(self, part: SessionPart) -> None:
        if part.written:
            return
        if part.stored is None:
            part.stored = operations.create_session(part.training.stored, **part.values)
        elif part.changed:
            operations.update_session(part.stored, **part.values)
        part.written = True
