"""National officers make and revoke API tokens for the directorate's tools."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from portal.auth.roles import Role
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.indicators.models import ApiToken
from portal.indicators.tokens import MAX_DAYS, create_token, revoke_token

bp = Blueprint("api_tokens", __name__, url_prefix="/pusat/token-api")


class TokenForm(FlaskForm):
    name = StringField(
        _l("Nama pemakai token (aplikasi/unit)"), validators=[DataRequired(), Length(max=120)]
    )
    days = IntegerField(
        _l("Berlaku (hari)"), default=90, validators=[DataRequired(), NumberRange(1, MAX_DAYS)]
    )


@bp.before_request
@login_required
def _national_only():
    if current_user.role != Role.NATIONAL:
        abort(404)


@bp.route("/", methods=["GET", "POST"])
def index():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, plain = create_token(current_user, form.name.data, form.days.data)
        except OperationError as exc:
            show_operation_error(form, exc, "name")
        else:
            db.session.commit()
            return render_template("indicators/token_created.html", token=token, plain=plain)
    tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).all()
    return render_template("indicators/tokens.html", form=form, tokens=tokens)


@bp.route("/<int:token_id>/cabut", methods=["POST"])
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id) or abort(404)
    revoke_token(token)
    db.session.commit()
    flash(_("Token %(name)s dicabut.", name=token.name), "success")
    return redirect(url_for(".index"))
