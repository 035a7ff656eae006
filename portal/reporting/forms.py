"""Wajib lapor forms. They check shape only; every rule is in `operations`/`mobile`."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import Select, html_params

from portal.clients.forms import DateInput, _optional_id, _typed
from portal.reporting import vocab


def _length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


def _ids(values) -> list[int]:
    return [i for i in (_optional_id(v) for v in values or []) if i is not None]


class CallTime(TimeField):
    """A time field whose parse error speaks the user's language."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None  # empty: the form decides whether that is allowed
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Jam tidak valid (format JJ:MM).")) from exc


class PlainOptionsSelect(Select):
    """WTForms' select, each plain option written directly: the same HTML (attributes in
    WTForms' sorted order, escaped alike) for a fifth of the cost. The report form on
    every case file lists all the office's PKs, 200 in a large Bapas."""

    @classmethod
    def render_option(cls, value, label, selected, **kwargs):
        if kwargs or value is True or value is False:
            return super().render_option(value, label, selected, **kwargs)
        chosen = "selected " if selected else ""
        value, label = escape(value), escape(label)
        return Markup(f'<option {chosen}value="{value}">{label}</option>')  # noqa: S704 - escaped


class KeptOptionsSelect(PlainOptionsSelect):
    """`PlainOptionsSelect`, whose options may come rendered already (`keep_options`):
    the same HTML, with no per-option work on each page."""

    def __call__(self, field, **kwargs):
        kept = getattr(field, "kept_options", None)
        if kept is None or kept[0] is not field.choices:  # choices changed since
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        data = field.data
        options = "".join(
            selected if value == data else plain for value, plain, selected in kept[1]
        )
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 - escaped


@lru_cache(maxsize=64)
def _rendered_options(choices: tuple, coerce) -> tuple:
    render = PlainOptionsSelect.render_option
    return tuple(
        (coerce(value), str(render(value, label, False)), str(render(value, label, True)))
        for value, label in choices
    )


def keep_options(field, choices: tuple) -> None:
    """Give `field` the plain (value, label) `choices`, their options rendered once per
    process and list of choices (the report form lists an office's 200 PKs on every
    case file; they change when an account does)."""
    field.choices = list(choices)
    field.kept_options = (field.choices, _rendered_options(choices, field.coerce))


class ReportForm(FlaskForm):
    # Its own id: the status form on the same client page has a field named "on" too,
    # and two inputs with one id would point the label "Tanggal lapor" at the wrong one.
    on = DateInput(_l("Tanggal lapor"), validators=[_typed()], id="report_on")
    mode = SelectField(
        _l("Cara lapor"), choices=[("", "—")] + list(vocab.MODES.items()), validate_choice=False
    )
    # Asked only for the mode that needs it (static/js/casefile.js hides the others; the
    # server ignores what a mode does not use).
    kelurahan = StringField(
        _l("Kelurahan (untuk konseling keliling)"), validators=[Optional(), _length(80)]
    )
    call_time = CallTime(_l("Jam panggilan video"))
    late_for = SelectField(
        _l("Laporan terlambat untuk jadwal yang terlewat"),
        coerce=_optional_id,
        validate_choice=False,
    )
    pk_id = SelectField(
        _l("Diterima oleh PK"),
        coerce=_optional_id,
        validate_choice=False,
        widget=KeptOptionsSelect(),
    )
    # Its own id too: the violation note on the same page is "note".
    note = TextAreaField(_l("Catatan"), validators=[Optional(), _length(500)], id="report_note")

    def validate_call_time(self, field) -> None:
        # The data model keeps the time optional (sheets and older reports have none);
        # the form asks it of every video call recorded from now on.
        if self.mode.data == vocab.VIDEO and field.data is None and not field.errors:
            raise ValidationError(_l("Jam panggilan video wajib diisi."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.mode.data != vocab.VIDEO and self.call_time.errors:
            # A time typed before switching to another mode is not asked: ignore it.
            self.call_time.errors, self.call_time.data = [], None
            valid = not self.form_errors and not any(f.errors for f in self)
        return valid


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
