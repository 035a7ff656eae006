"""The upload form: CSRF-protected; what the file holds is judged by `reading`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class UploadForm(FlaskForm):
    file = FileField(
        _l("Berkas (.xlsx atau .csv)"),
        validators=[FileRequired(message=_l("Pilih berkas yang akan diimpor."))],
    )
