"""Forms of the training records. They check shape only; the rules are in the operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.clients.forms import DateInput, NumberInput
from portal.clients.forms import _optional_id as optional_id
from portal.formerrors import Problem
from portal.partners.forms import choices, max_length
from portal.trainings import vocab
from portal.vocab.skills import SKILLS


class TrainingForm(FlaskForm):
    title = StringField(_l("Judul pelatihan"), validators=[max_length(160)])
    skill_field = SelectField(
        _l("Bidang keterampilan"),
        choices=[("", "—")] + [(c, str(t)) for c, t in SKILLS.items()],
        validate_choice=False,
    )
    partner_id = SelectField(_l("Penyelenggara"), coerce=optional_id, validate_choice=False)
    description = TextAreaField(
        _l("Keterangan (metode, durasi, materi)"), validators=[Optional(), max_length(1000)]
    )


class SessionForm(FlaskForm):
    start_date = DateInput(_l("Tanggal mulai"), validators=[InputRequired(_l("Wajib diisi."))])
    end_date = DateInput(_l("Tanggal selesai (kosongkan jika satu hari)"), validators=[Optional()])
    venue_kind = SelectField(
        _l("Tempat"), choices=choices(vocab.VENUE_KINDS), validate_choice=False
    )
    venue_id = SelectField(_l("Griya Abhipraya"), coerce=optional_id, validate_choice=False)
    location_note = StringField(_l("Keterangan lokasi"), validators=[Optional(), max_length(200)])
    budget = NumberInput(_l("Anggaran (rupiah)"), validators=[Optional()])
    headcount = NumberInput(
        _l(
            "Jumlah peserta tanpa nama (hanya untuk catatan lama; kosongkan bila peserta "
            "didaftarkan dengan nama)"
        ),
        validators=[Optional()],
    )


class EnrolForm(FlaskForm):
    # Typed, with suggestions from the session's lookup route (static/js/client-picker.js),
    # not a list of every client of the office in every session.
    client = StringField(
        _l("Daftarkan klien (ketik nama atau nomor register)"), validators=[max_length(200)]
    )


class AttendanceForm(FlaskForm):
    """A whole session's attendance in one form: one save for every participant.

    Each box group is one field holding the ticked participants' ids (so "semua hadir",
    `data-select-all="attended"`, ticks a whole column); transport money comes as
    `transport-<participant id>`. The form checks only shape; `row_problems` carries
    each refused participant's messages to the page's error summary, linked to the
    participant's own box.
    """

    participant = SelectMultipleField(coerce=optional_id, validate_choice=False)
    attended = SelectMultipleField(_l("Hadir"), coerce=optional_id, validate_choice=False)
    completed = SelectMultipleField(_l("Lulus"), coerce=optional_id, validate_choice=False)
    certificate = SelectMultipleField(_l("Sertifikat"), coerce=optional_id, validate_choice=False)

    FIELDS = {
        "attended": (_l("Hadir"), "hadir"),
        "completed": (_l("Lulus"), "lulus"),
        "certificate": (_l("Sertifikat"), "sertifikat"),
        "transport_money": (_l("Transport (Rp)"), "transport"),
    }

    def __init__(self, participants=(), *, submitted: bool = False):
        """The submitted form reads the request; any other shows `participants` as stored
        (a page re-rendered after another form's POST must not read that POST)."""
        super().__init__(**({} if submitted else {"formdata": None}))
        self.row_problems: list[Problem] = []
        self.names: dict[int, str] = {}
        self._messages: dict[int, list[str]] = {}
        self._transport: dict[int, str] = {}
        if not submitted:
            for name in ("attended", "completed", "certificate"):
                getattr(self, name).data = [p.id for p in participants if getattr(p, name)]
            self._transport = {p.id: str(p.transport_money) for p in participants}

    def anchor(self, pid: int, field: str) -> str:
        return f"{self.FIELDS[field][1]}-{pid}"

    def ticked(self, field: str, pid: int) -> bool:
        return pid in (getattr(self, field).data or [])

    def transport(self, pid: int) -> str:
        return self._transport.get(pid, "")

    def refuse(self, pid: int, field: str, message) -> None:
        label = f"{self.names.get(pid) or _l('Peserta')} — {self.FIELDS[field][0]}"
        self.row_problems.append(Problem(label, str(message), self.anchor(pid, field)))
        self._messages.setdefault(pid, []).append(str(message))

    def problems_of(self, pid: int) -> list[str]:
        return self._messages.get(pid, [])

    def entries(self, formdata, names: dict[int, str]) -> dict[int, dict]:
        """Each participant the form showed, with the values ticked or typed; a transport
        amount that is not a whole number is refused here, before any rule runs."""
        self.names = names
        entries = {}
        for pid in dict.fromkeys(i for i in self.participant.data or [] if i is not None):
            typed = (formdata.get(f"transport-{pid}") or "").strip()
            self._transport[pid] = typed
            amount = None
            if typed:
                digits = typed.replace(".", "")  # "50.000" as Indonesians write it
                if not digits.isdigit() or len(digits) > 12:
                    self.refuse(pid, "transport_money", _l("Harus berupa bilangan bulat."))
                    continue
                amount = int(digits)
            entries[pid] = {
                "attended": self.ticked("attended", pid),
                "completed": self.ticked("completed", pid),
                "certificate": self.ticked("certificate", pid),
                "transport_money": amount,
            }
        return entries


class FollowUpForm(FlaskForm):
    followed_on = DateInput(
        _l("Tanggal tindak lanjut"), validators=[InputRequired(_l("Wajib diisi."))]
    )
    applying_skill = RadioField(
        _l("Menerapkan keterampilan?"),
        choices=[("ya", _l("Ya")), ("tidak", _l("Tidak"))],
        validate_choice=False,
    )
    work_status = SelectField(
        _l("Status pekerjaan"), choices=choices(vocab.WORK_STATUSES, "—"), validate_choice=False
    )
    sector = SelectField(
        _l("Sektor pekerjaan / usaha"), choices=choices(vocab.SECTORS, "—"), validate_choice=False
    )
    income_band = SelectField(
        _l("Penghasilan (opsional)"),
        choices=choices(vocab.INCOME_BANDS, "—"),
        validate_choice=False,
    )
    note = TextAreaField(_l("Catatan"), validators=[Optional(), max_length(500)])

    def data_for_operations(self) -> dict:
        applying = {"ya": True, "tidak": False}.get(self.applying_skill.data or "")
        return {
            "followed_on": self.followed_on.data,
            "applying_skill": applying,
            "work_status": self.work_status.data,
            "sector": self.sector.data,
            "income_band": self.income_band.data,
            "note": self.note.data,
        }
