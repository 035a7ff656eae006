"""Training follow-up outcomes (at 3 and 6 months) in and out of spreadsheets.

A row names the participant by register number, training title and session date, and
the stage (3 or 6 months); re-importing matches on participant and stage, so the same
file twice changes nothing. Every rule is `portal.trainings.followups.check_follow_up`,
the one the follow-up form runs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.trainings import followups, vocab
from portal.trainings.models import Participant, TrainingSession
from portal.transfer.columns import DATE_HELP, Column, allowed_values
from portal.transfer.engine import Importer, RowProblem, RowRefusals
from portal.transfer.registers import registered_client, visible_register
from portal.transfer.trainings import (
    CLIENT_NAME,
    REGISTER,
    START,
    TITLE,
    title_key,
)
from portal.transfer.values import (
    choice_reader,
    read_date,
    read_int,
    read_yes_no,
    text_reader,
)

WORK_ALIASES = {
    "kerja": vocab.BEKERJA,
    "karyawan": vocab.BEKERJA,
    "buruh": vocab.BEKERJA,
    "usaha sendiri": vocab.WIRAUSAHA,
    "mandiri": vocab.WIRAUSAHA,
    "berwirausaha": vocab.WIRAUSAHA,
    "belum bekerja": vocab.TIDAK_BEKERJA,
    "menganggur": vocab.TIDAK_BEKERJA,
}
INCOME_ALIASES = {
    "< 1 juta": "lt1",
    "kurang dari 1 juta": "lt1",
    "1-2 juta": "1to2",
    "2-3,5 juta": "2to35",
    "> 3,5 juta": "gt35",
}


def read_stage(value: Any) -> int | None:
    """3, 6, '3 bulan', '6 bln': the months after the training."""
    if isinstance(value, str):
        value = re.sub(r"\s*(bulan|bln|months?)\.?\s*$", "", value.strip(), flags=re.I)
    return read_int(value)


PARTICIPANT_REGISTER = replace(REGISTER, required=True, help=_l("Nomor register klien peserta."))
SESSION_DATE = replace(
    START,
    header="Tanggal Mulai Sesi",
    aliases=(*START.aliases, "tanggal pelatihan", "sesi"),
    help=_l("Tanggal mulai sesi pelatihan yang diikuti (HH/BB/TTTT)."),
)
COLUMNS = (
    PARTICIPANT_REGISTER,
    CLIENT_NAME,
    TITLE,
    SESSION_DATE,
    Column(
        "stage",
        "Tahap (Bulan)",
        read_stage,
        True,
        ("tahap", "tahap bulan", "bulan ke", "tindak lanjut ke", "putaran", "stage"),
        _l("3 atau 6: tindak lanjut sekitar 3 atau 6 bulan setelah pelatihan."),
        "3; 6",
        example=3,
    ),
    Column(
        "followed_on",
        "Tanggal Tindak Lanjut",
        read_date,
        True,
        ("tgl tindak lanjut", "tanggal monitoring", "tanggal kunjungan"),
        DATE_HELP,
        example="15/07/2025",
    ),
    Column(
        "applying_skill",
        "Menerapkan Keterampilan",
        read_yes_no,
        True,
        ("menerapkan", "keterampilan diterapkan", "menerapkan keterampilan ya tidak"),
        _l("Ya atau Tidak."),
        example="Ya",
    ),
    Column(
        "work_status",
        "Status Pekerjaan",
        choice_reader(vocab.WORK_STATUSES, WORK_ALIASES),
        True,
        ("pekerjaan", "status kerja", "bekerja"),
        allowed=allowed_values(vocab.WORK_STATUSES),
        example="Wirausaha",
    ),
    Column(
        "sector",
        "Sektor",
        choice_reader(vocab.SECTORS),
        False,
        ("sektor pekerjaan", "sektor usaha", "bidang usaha", "bidang pekerjaan"),
        _l("Wajib bila Status Pekerjaan = Bekerja."),
        allowed_values(vocab.SECTORS),
        example="Kuliner / rumah makan",
    ),
    Column(
        "income_band",
        "Penghasilan",
        choice_reader(vocab.INCOME_BANDS, INCOME_ALIASES),
        False,
        ("penghasilan per bulan", "pendapatan", "income"),
        allowed=allowed_values(vocab.INCOME_BANDS),
        example="Rp1–2 juta per bulan",
    ),
    Column("note", "Catatan", text_reader(500), False, ("keterangan",), example=""),
)


class FollowUpImporter(Importer):
    kind = "tindak-lanjut"
    title = _l("Tindak lanjut pelatihan")
    columns = COLUMNS
    needs_user = True

    def prepare(self) -> None:
        self.clients = visible_register(self.actor)
        participants = db.session.scalars(
            select(Participant).options(
                selectinload(Participant.client),
                selectinload(Participant.follow_ups),
                selectinload(Participant.session).selectinload(TrainingSession.training),
            )
        )
        self.participants: dict[tuple[int, str, date], list[Participant]] = {}
        self.sessions: set[tuple[str, date]] = set()
        for p in participants:
            session = (title_key(p.session.training.title), p.session.start_date)
            self.sessions.add(session)
            self.participants.setdefault((p.client_id, *session), []).append(p)
        self.seen: dict[tuple[int, int], int] = {}

    def _participant(self, values: dict[str, Any]) -> Participant:
        """The participant the row names: every missing cell, the client and the session
        not found are reported together (the follow-up's rules need the participant)."""
        refused = RowRefusals(self)
        for column in (PARTICIPANT_REGISTER, TITLE, SESSION_DATE):
            if values[column.key] in (None, ""):
                refused.add(_l("Wajib diisi."), column.header)
        number = values["register_number"]
        client = None
        if number:
            with refused.going_on():
                client = registered_client(
                    self.clients, number, values["client_name"], CLIENT_NAME.header
                )
        session = (title_key(values["title"]), values["start_date"])
        if values["title"] and values["start_date"] is not None and session not in self.sessions:
            refused.add(
                _l(
                    "Tidak ada sesi pelatihan '%(t)s' yang mulai %(d)s dengan peserta di kantor "
                    "ini.",
                    t=values["title"],
                    d=values["start_date"].strftime("%d/%m/%Y"),
                ),
                TITLE.header,
            )
        refused.raise_any()
        found = self.participants.get((client.id, *session), [])
        if len(found) != 1:
            raise RowProblem(
                REGISTER.header,
                _l("Klien %(n)s bukan peserta sesi ini.", n=number)
                if not found
                else _l("Pelatihan ini memiliki beberapa sesi pada tanggal yang sama."),
            )
        return found[0]

    def check(self, row: int, values: dict[str, Any]) -> tuple[str, Any]:
        participant = self._participant(values)
        stage = values["stage"]
        key = (participant.id, stage)
        refused = RowRefusals(self)  # a repeated stage and the follow-up's rules, together
        if key in self.seen:
            refused.add(
                _l(
                    "Tindak lanjut tahap ini untuk peserta yang sama sudah ada di baris %(row)d.",
                    row=self.seen[key],
                ),
                "Tahap (Bulan)",
            )
        else:
            self.seen[key] = row
        checked: dict[str, Any] = {}
        with refused.going_on():
            checked = followups.check_follow_up(self.actor, participant, stage, values)
        refused.raise_any()
        stored = next((f for f in participant.follow_ups if f.stage == stage), None)
        if stored is None:
            return "added", (participant, stage, checked)
        if any(getattr(stored, k) != v for k, v in checked.items()):
            return "updated", (participant, stage, checked)
        return "unchanged", None

    def write(self, checked: list[tuple[str, Any]]) -> None:
        followups.insert_follow_ups(
            self.actor, [item for action, item in checked if action == "added"]
        )
        for action, (participant, stage, values) in checked:
            if action == "updated":
                followups.record_follow_up(self.actor, participant, stage, **values)
