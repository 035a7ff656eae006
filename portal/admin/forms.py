from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.auth.roles import ROLE_LABELS, Role

ADMIN_MANAGED_ROLES = (Role.ADMIN, Role.REGIONAL, Role.NATIONAL)


class AdminAccountForm(FlaskForm):
    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=60)])
    full_name = StringField(_l("Nama lengkap"), validators=[DataRequired(), Length(max=120)])
    nip = StringField(_l("NIP (18 digit)"), validators=[Optional(), Length(max=18)])
    role = SelectField(
        _l("Peran"), choices=[(r.value, ROLE_LABELS[r]) for r in ADMIN_MANAGED_ROLES]
    )
    office_id = SelectField(_l("Kantor Bapas (untuk administrator kantor)"), coerce=int)
    region_id = SelectField(_l("Wilayah (untuk petugas Kanwil)"), coerce=int)
