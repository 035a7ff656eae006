"""Forms of the training records. They check shape only; the rules are in the operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.clients.forms import DateInput, NumberInput
from portal.clients.forms import _optional_id as optional_id
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
    client_id = SelectField(_l("Klien"), coerce=optional_id, validate_choice=False)


class ParticipantForm(FlaskForm):
    attended = BooleanField(_l("Hadir"))
    completed = BooleanField(_l("Lulus / selesai"))
    certificate = BooleanField(_l("Sertifikat"))
    transport_money = NumberInput(_l("Uang transport (Rp)"), validators=[Optional()])


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
