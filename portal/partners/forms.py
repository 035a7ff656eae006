"""Forms of the partner network. They check shape only; the rules are in the operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.clients.forms import DateInput, NumberInput
from portal.clients.forms import _optional_id as optional_id
from portal.partners import vocab


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


def _typed() -> InputRequired:
    return InputRequired(message=_l("Wajib diisi."))


def choices(vocabulary: dict, blank=None) -> list[tuple[str, str]]:
    head = [("", blank)] if blank is not None else []
    return head + [(code, str(text)) for code, text in vocabulary.items()]


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; unknown codes are refused by the operation."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


class IdCheckboxesField(CheckboxesField):
    def process_formdata(self, valuelist):
        self.data = [optional_id(v) for v in valuelist]


class PartnerForm(FlaskForm):
    name = StringField(_l("Nama mitra"), validators=[max_length(160)])
    kind = SelectField(
        _l("Jenis mitra"), choices=choices(vocab.PARTNER_KINDS, "—"), validate_choice=False
    )
    contact_person = StringField(_l("Narahubung"), validators=[Optional(), max_length(120)])
    phone = StringField(_l("Telepon"), validators=[Optional(), max_length(30)])
    address = StringField(_l("Alamat"), validators=[Optional(), max_length(250)])
    services = CheckboxesField(_l("Layanan yang diberikan"), choices=choices(vocab.SERVICES))
    status = SelectField(
        _l("Status"), choices=choices(vocab.PARTNER_STATUSES), validate_choice=False
    )
    note = TextAreaField(_l("Catatan"), validators=[Optional(), max_length(500)])


class AgreementForm(FlaskForm):
    number = StringField(_l("Nomor perjanjian"), validators=[max_length(80)])
    start_date = DateInput(_l("Tanggal mulai"), validators=[_typed()])
    end_date = DateInput(_l("Tanggal berakhir"), validators=[_typed()])
    services = CheckboxesField(_l("Layanan yang dicakup"), choices=choices(vocab.SERVICES))
    document_ref = StringField(
        _l("Rujukan dokumen (arsip / berkas)"), validators=[Optional(), max_length(200)]
    )


class VenueForm(FlaskForm):
    name = StringField(_l("Nama Griya Abhipraya"), validators=[max_length(160)])
    address = StringField(_l("Alamat"), validators=[Optional(), max_length(250)])
    beds = NumberInput(_l("Kapasitas tempat tidur"), validators=[Optional()])
    training_places = NumberInput(_l("Kapasitas tempat pelatihan"), validators=[Optional()])
    partner_ids = IdCheckboxesField(_l("Dikelola bersama mitra"), coerce=optional_id)
    note = TextAreaField(
        _l("Catatan (usaha produktif, fasilitas)"), validators=[Optional(), max_length(500)]
    )


class PlacementForm(FlaskForm):
    client_id = SelectField(_l("Klien"), coerce=optional_id, validate_choice=False)
    partner_id = SelectField(_l("Mitra"), coerce=optional_id, validate_choice=False)
    kind = SelectField(_l("Jenis"), choices=choices(vocab.PLACEMENT_KINDS), validate_choice=False)
    position = StringField(_l("Posisi / bidang kerja"), validators=[max_length(120)])
    start_date = DateInput(_l("Tanggal mulai"), validators=[_typed()])
    end_date = DateInput(_l("Tanggal selesai"), validators=[Optional()])
    outcome = SelectField(
        _l("Hasil"), choices=choices(vocab.PLACEMENT_OUTCOMES), validate_choice=False
    )
    note = TextAreaField(_l("Catatan"), validators=[Optional(), max_length(500)])
