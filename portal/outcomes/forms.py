"""Outcome forms: shape only; the rules are in `operations` and `transfer`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.clients.forms import DateInput, _optional_id
from portal.outcomes import vocab


def _blank(vocabulary: dict, blank: str = "—") -> list:
    return [("", blank), *vocabulary.items()]


def _date(label) -> DateInput:
    return DateInput(label, validators=[InputRequired(message=_l("Wajib diisi."))])


def _length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


class EmploymentForm(FlaskForm):
    recorded_on = _date(_l("Per tanggal"))
    status = SelectField(
        _l("Status pekerjaan"), choices=_blank(vocab.EMPLOYMENT), validate_choice=False
    )
    sector = SelectField(_l("Sektor"), choices=_blank(vocab.SECTORS), validate_choice=False)
    income_band = SelectField(
        _l("Penghasilan per bulan (opsional)"),
        choices=_blank(vocab.INCOME_BANDS, _l("tidak diketahui")),
        validate_choice=False,
    )
    note = StringField(
        _l("Catatan (misalnya tempat kerja atau jenis usaha)"),
        validators=[Optional(), _length(300)],
    )


class ReoffenceForm(FlaskForm):
    occurred_on = _date(_l("Tanggal kejadian"))
    kind = SelectField(_l("Jenis"), choices=_blank(vocab.REOFFENCE_KINDS), validate_choice=False)
    source = SelectField(
        _l("Sumber informasi"), choices=_blank(vocab.SOURCES), validate_choice=False
    )
    note = TextAreaField(_l("Catatan"), validators=[Optional(), _length(500)])


class TransferForm(FlaskForm):
    to_office_id = SelectField(_l("Kantor tujuan"), coerce=_optional_id, validate_choice=False)
    on = _date(_l("Tanggal pindah"))
    reason = TextAreaField(_l("Alasan pindah"), validators=[Optional(), _length(400)])
