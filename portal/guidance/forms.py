"""The guidance-session form: the session, then one row per listed client."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.clients.forms import DateInput, _optional_id
from portal.guidance import vocab
from portal.guidance.operations import FIELDS

ROWS = 12  # enough for a Griya Abhipraya activity; ?baris= asks for more
MAX_ROWS = 40


def _length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


def _blank(vocabulary: dict) -> list:
    return [("", "—"), *vocabulary.items()]


def subtype_choices() -> list:
    """Every subtype, its kind in the label, so one select serves both kinds."""
    return [("", "—")] + [
        (code, f"{vocab.KINDS[kind]}: {label}")
        for kind, group in vocab.SUBTYPES.items()
        for code, label in group.items()
    ]


class AttendeeForm(Form):
    client_id = SelectField(_l("Klien"), coerce=_optional_id, validate_choice=False)
    attendance = SelectField(
        _l("Kehadiran"), choices=_blank(vocab.ATTENDANCE), validate_choice=False
    )
    reason = StringField(_l("Alasan tidak hadir"), validators=[Optional(), _length(300)])


class SessionForm(FlaskForm):
    held_on = DateInput(_l("Tanggal"), validators=[InputRequired(message=_l("Wajib diisi."))])
    kind = SelectField(_l("Jenis bimbingan"), choices=_blank(vocab.KINDS), validate_choice=False)
    subtype = SelectField(_l("Bentuk"), choices=subtype_choices(), validate_choice=False)
    format = SelectField(
        _l("Individu / kelompok"), choices=_blank(vocab.FORMATS), validate_choice=False
    )
    stage = SelectField(_l("Tahap"), choices=_blank(vocab.STAGES), validate_choice=False)
    pk_id = SelectField(_l("PK pembimbing"), coerce=_optional_id, validate_choice=False)
    place = StringField(_l("Tempat"), validators=[Optional(), _length(160)])
    topic = StringField(_l("Topik"), validators=[Optional(), _length(200)])
    notes = TextAreaField(_l("Catatan"), validators=[Optional(), _length(5000)])
    attendees = FieldList(FormField(AttendeeForm), min_entries=ROWS, max_entries=MAX_ROWS)

    def data_for_operations(self) -> dict:
        return {name: getattr(self, name).data for name in FIELDS}

    def attendee_rows(self) -> list[dict]:
        return [entry.data for entry in self.attendees.entries]

    def show_row_error(self, field: str, message: str) -> bool:
        """Put an `attendees.<i>.<name>` error under that row's field; False if not one."""
        parts = field.split(".")
        if len(parts) != 3 or parts[0] != "attendees" or not parts[1].isdigit():
            return False
        entries = self.attendees.entries
        index = min(int(parts[1]), len(entries) - 1)
        target = getattr(entries[index].form, parts[2])
        target.errors = [*target.errors, message]
        return True
