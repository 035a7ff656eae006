"""The Litmas form. Shape only; the rules are in `operations`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import InputRequired, Length, Optional

from portal.clients.forms import DateInput, _optional_id
from portal.litmas import vocab
from portal.litmas.operations import FIELDS
from portal.vocab.skills import SKILLS


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as checkboxes: a PK ticks every field the client wants."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _long(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


class LitmasForm(FlaskForm):
    version_id = HiddenField()
    written_on = DateInput(
        _l("Tanggal Litmas"), validators=[InputRequired(message=_l("Wajib diisi."))]
    )
    purpose = SelectField(
        _l("Tujuan"), choices=[("", "—"), *vocab.PURPOSES.items()], validate_choice=False
    )
    pk_id = SelectField(_l("PK penulis"), coerce=_optional_id, validate_choice=False)
    background = TextAreaField(
        _l("Latar belakang dan keadaan keluarga"), validators=[Optional(), _long(5000)]
    )
    needs = TextAreaField(_l("Kebutuhan dan minat"), validators=[Optional(), _long(5000)])
    skills = CheckboxList(
        _l("Bidang keterampilan yang diminati"), choices=list(SKILLS.items()), validate_choice=False
    )
    recommendation = TextAreaField(_l("Rekomendasi"), validators=[Optional(), _long(5000)])

    def data_for_operations(self) -> dict:
        return {name: getattr(self, name).data for name in FIELDS}


class FinaliseForm(FlaskForm):
    version_id = HiddenField()
