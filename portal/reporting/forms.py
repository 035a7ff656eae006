"""Wajib lapor forms. They check shape only; every rule is in `operations`/`mobile`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.clients.forms import DateInput, _optional_id, _typed
from portal.reporting import vocab


def _length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


def _ids(values) -> list[int]:
    return [i for i in (_optional_id(v) for v in values or []) if i is not None]


class ReportForm(FlaskForm):
    # Its own id: the status form on the same client page has a field named "on" too,
    # and two inputs with one id would point the label "Tanggal lapor" at the wrong one.
    on = DateInput(_l("Tanggal lapor"), validators=[_typed()], id="report_on")
    mode = SelectField(
        _l("Cara lapor"), choices=[("", "—")] + list(vocab.MODES.items()), validate_choice=False
    )
    kelurahan = StringField(
        _l("Kelurahan (untuk konseling keliling)"), validators=[Optional(), _length(80)]
    )
    pk_id = SelectField(_l("Diterima oleh PK"), coerce=_optional_id, validate_choice=False)
    note = TextAreaField(_l("Catatan"), validators=[Optional(), _length(500)])


class FrequencyForm(FlaskForm):
    frequency = SelectField(
        _l("Frekuensi wajib lapor"),
        choices=[(code, f.label) for code, f in vocab.FREQUENCIES.items()],
        validate_choice=False,
    )


class ViolationForm(FlaskForm):
    due_id = HiddenField()
    note = TextAreaField(_l("Catatan pelanggaran"), validators=[Optional(), _length(500)])


class DayForm(FlaskForm):
    held_on = DateInput(_l("Tanggal"), validators=[_typed()])
    kelurahan = StringField(_l("Kelurahan / desa"), validators=[Optional(), _length(80)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Optional(), _length(80)])
    location_note = StringField(
        _l("Tempat (mis. balai warga, kantor kelurahan)"), validators=[Optional(), _length(300)]
    )
    pk_ids = SelectMultipleField(_l("PK yang bertugas"), coerce=str, validate_choice=False)

    def selected_pk_ids(self) -> list[int]:
        return _ids(self.pk_ids.data)


class CancelDayForm(FlaskForm):
    """The confirmation of a cancellation: its CSRF token and the button."""

    confirm = HiddenField()


class SeenForm(FlaskForm):
    # Typed, not chosen from a list of every client: suggestions come from the day's
    # lookup route (static/js/client-picker.js); the server resolves what was sent.
    client = StringField(_l("Klien (ketik nama atau nomor register)"), validators=[_length(200)])
    # Sent by an expected client's own "Catat hadir" button instead of the typed box.
    pick = HiddenField()
    pk_id = SelectField(_l("Diterima oleh PK"), coerce=_optional_id, validate_choice=False)
    note = TextAreaField(_l("Catatan"), validators=[Optional(), _length(500)])

    def typed_client(self) -> str:
        return (self.pick.data or self.client.data or "").strip()
