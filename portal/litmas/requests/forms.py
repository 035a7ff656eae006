"""Forms of the request pages. Shape only; the rules are in the operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.clients import vocab as client_vocab
from portal.clients.forms import DateInput, _optional_id
from portal.litmas.forms import CheckboxList
from portal.litmas.requests import vocab
from portal.litmas.requests.operations import FIELDS
from portal.reporting.forms import CallTime


def _long(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter.", max=n))


def _choices(codes: dict) -> list:
    return [("", "—"), *codes.items()]


class RequestForm(FlaskForm):
    version_id = HiddenField()
    requester_kind = SelectField(
        _l("Jenis peminta"), choices=_choices(vocab.REQUESTER_KINDS), validate_choice=False
    )
    requester_institution = StringField(
        _l("Instansi peminta"),
        description=_l("Contoh: Polresta Mataram, Lapas Kelas IIA Purwokerto"),
    )
    letter_number = StringField(_l("Nomor surat permintaan"))
    letter_date = DateInput(_l("Tanggal surat"), validators=[Optional()])
    purpose = SelectField(
        _l("Tujuan Litmas"), choices=_choices(vocab.PURPOSE_LABELS), validate_choice=False
    )
    received_on = DateInput(_l("Tanggal diterima"), validators=[Optional()])
    received_time = CallTime(_l("Jam diterima"), validators=[Optional()])
    attachments = CheckboxList(
        _l("Lampiran yang diterima"), choices=list(vocab.ATTACHMENTS.items()), validate_choice=False
    )
    attachments_other = StringField(_l("Lampiran lain"), validators=[Optional(), _long(300)])
    person_name = StringField(_l("Nama yang diteliti"))
    nik = StringField(_l("NIK (jika diketahui)"))
    birth_date = DateInput(_l("Tanggal lahir"), validators=[Optional()])
    category = RadioField(
        _l("Anak atau dewasa"), choices=list(client_vocab.CATEGORIES.items()), validate_choice=False
    )
    held_at = StringField(
        _l("Tempat ditahan atau dibina"),
        description=_l("Lapas, Rutan, LPKA, LPAS atau kantor polisi"),
        validators=[Optional(), _long(160)],
    )
    register_number = StringField(
        _l("Nomor register klien (jika sudah menjadi klien)"), validators=[Optional(), _long(40)]
    )

    def data_for_operations(self) -> dict:
        return {name: getattr(self, name).data for name in FIELDS}


class AppointForm(FlaskForm):
    version_id = HiddenField()
    pk_id = RadioField(_l("PK"), coerce=_optional_id, validate_choice=False)
    reason = StringField(
        _l("Alasan penggantian"),
        description=_l("Wajib bila PK diganti"),
        validators=[Optional(), _long(300)],
    )


class ReportForm(FlaskForm):
    version_id = HiddenField()
    identity = TextAreaField(vocab.REPORT_SECTIONS["identity"])
    background = TextAreaField(vocab.REPORT_SECTIONS["background"])
    family_social = TextAreaField(vocab.REPORT_SECTIONS["family_social"])
    offence = TextAreaField(vocab.REPORT_SECTIONS["offence"])
    needs = TextAreaField(vocab.REPORT_SECTIONS["needs"])
    community_view = TextAreaField(
        vocab.REPORT_SECTIONS["community_view"], description=_l("Isi bila berlaku")
    )
    analysis = TextAreaField(vocab.REPORT_SECTIONS["analysis"])
    recommendation = TextAreaField(vocab.REPORT_SECTIONS["recommendation"])

    def sections(self) -> dict:
        return {name: getattr(self, name).data for name in vocab.REPORT_SECTIONS}


class VersionForm(FlaskForm):
    """A button that acts on the version the user saw (sign, acknowledge)."""

    version_id = HiddenField()


class WithdrawForm(FlaskForm):
    version_id = HiddenField()
    reason = StringField(
        _l("Alasan pembatalan"),
        description=_l("Misalnya: surat pencabutan dari penyidik, nomor dan tanggalnya"),
        validators=[Optional(), _long(300)],
    )


class DeliverForm(FlaskForm):
    version_id = HiddenField()
    delivered_on = DateInput(_l("Tanggal dikirim"), validators=[Optional()])
    delivered_time = CallTime(_l("Jam dikirim"), validators=[Optional()])
    means = SelectField(
        _l("Cara pengiriman"), choices=_choices(vocab.DELIVERY_MEANS), validate_choice=False
    )
    note = StringField(_l("Catatan (penerima, nomor resi)"), validators=[Optional(), _long(300)])


class TppSessionForm(FlaskForm):
    held_on = DateInput(_l("Tanggal sidang"), validators=[Optional()])
    members = TextAreaField(
        _l("Anggota TPP"), description=_l("Satu nama per baris, ketua sidang di baris pertama")
    )
    notes = TextAreaField(_l("Catatan sidang"), validators=[Optional(), _long(5000)])


class TppDiscussionForm(FlaskForm):
    request_id = SelectField(
        _l("Permintaan yang dibahas"), coerce=_optional_id, validate_choice=False
    )
    recommendation = TextAreaField(_l("Rekomendasi TPP"))
