"""Forms for case files. They check shape only; every rule is in `operations`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.clients import vocab
from portal.clients.operations import FIELDS
from portal.params import database_int


def _required() -> DataRequired:
    return DataRequired(message=_l("Wajib diisi."))


def _typed() -> InputRequired:
    """For parsed fields: keeps the parse error (DataRequired would replace it)."""
    return InputRequired(message=_l("Wajib diisi."))


class DateInput(DateField):
    """A date field whose parse error speaks Indonesian (WTForms ships no `id` catalogue)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Tanggal tidak valid (format TTTT-BB-HH).")) from exc


class NumberInput(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Harus berupa bilangan bulat.")) from exc


def _choices(vocabulary: dict, blank=None) -> list[tuple[str, str]]:
    head = [("", blank)] if blank is not None else []
    return head + list(vocabulary.items())


def _optional_id(value) -> int | None:
    """An id from a select; garbage becomes an id nobody has, so the operation refuses it."""
    if value in (None, ""):
        return None
    try:
        return database_int(value)
    except (TypeError, ValueError):
        return -1


def _length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


class ClientForm(FlaskForm):
    version_id = HiddenField()
    register_number = StringField(_l("Nomor register"), validators=[_required(), _length(40)])
    name = StringField(_l("Nama lengkap"), validators=[_required(), _length(120)])
    nik = StringField(_l("NIK (16 angka)"), validators=[_required(), _length(20)])
    sex = SelectField(
        _l("Jenis kelamin"),
        choices=_choices(vocab.SEXES, "—"),
        validators=[_required()],
        validate_choice=False,
    )
    birth_date = DateInput(_l("Tanggal lahir"), validators=[_typed()])
    street = StringField(_l("Alamat (jalan, RT/RW)"), validators=[Optional(), _length(200)])
    kelurahan = StringField(_l("Kelurahan / desa"), validators=[Optional(), _length(80)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Optional(), _length(80)])
    kabupaten_kota = StringField(_l("Kabupaten / kota"), validators=[Optional(), _length(80)])
    phone = StringField(_l("Telepon"), validators=[Optional(), _length(30)])
    education = SelectField(
        _l("Pendidikan"), choices=_choices(vocab.EDUCATION, "—"), validate_choice=False
    )
    marital_status = SelectField(
        _l("Status perkawinan"), choices=_choices(vocab.MARITAL, "—"), validate_choice=False
    )
    dependants = NumberInput(
        _l("Jumlah tanggungan"),
        default=0,
        validators=[Optional(), NumberRange(min=0, message=_l("Tidak boleh negatif."))],
    )
    work_before = StringField(
        _l("Pekerjaan sebelum dipidana"), validators=[Optional(), _length(120)]
    )
    offence = SelectField(
        _l("Kategori tindak pidana"),
        choices=_choices(vocab.OFFENCES, "—"),
        validators=[_required()],
        validate_choice=False,
    )
    court_decision_number = StringField(
        _l("Nomor putusan pengadilan"), validators=[Optional(), _length(80)]
    )
    court_decision_date = DateInput(_l("Tanggal putusan"), validators=[Optional()])
    sentence_months = NumberInput(
        _l("Lama pidana (bulan)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Tidak boleh negatif."))],
    )
    origin_institution = StringField(
        _l("Asal Lapas / Rutan"), validators=[Optional(), _length(120)]
    )
    program = SelectField(
        _l("Program"),
        choices=_choices(vocab.PROGRAMS, "—"),
        validators=[_required()],
        validate_choice=False,
    )
    guidance_start = DateInput(_l("Mulai bimbingan"), validators=[_typed()])
    guidance_end = DateInput(_l("Akhir bimbingan"), validators=[_typed()])
    pk_id = SelectField(_l("PK pembimbing"), coerce=_optional_id, validate_choice=False)
    category_override = SelectField(
        _l("Kategori"),
        choices=[("", _l("Otomatis dari umur pada mulai bimbingan"))]
        + list(vocab.CATEGORIES.items()),
        validate_choice=False,
    )
    category_reason = StringField(
        _l("Alasan kategori berbeda"), validators=[Optional(), _length(300)]
    )

    def data_for_operations(self) -> dict:
        return {name: getattr(self, name).data for name in FIELDS}


class StatusForm(FlaskForm):
    to_status = RadioField(_l("Status baru"), validators=[_required()], validate_choice=False)
    on = DateInput(_l("Tanggal"), validators=[_typed()])
    reason = TextAreaField(_l("Alasan"), validators=[_required(), _length(500)])
