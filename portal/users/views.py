from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.auth import operations
from portal.auth.forms import UserForm
from portal.auth.models import User
from portal.auth.roles import OFFICE_ROLES, ROLE_LABELS, Role
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.offices.context import get_or_404, office_blueprint, roles_required

bp = office_blueprint("users", __name__, url_prefix="/pengguna")


def _form(**kwargs) -> UserForm:
    form = UserForm(**kwargs)
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in OFFICE_ROLES]
    return form


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.full_name)).all()
    return render_template("users/index.html", users=users)


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    form = _form()
    if form.validate_on_submit():
        temporary = operations.generate_temporary_password()
        try:
            user = operations.create_user(
                username=form.username.data,
                full_name=form.full_name.data,
                role=form.role.data,
                nip=form.nip.data,
                password=temporary,
                office=g.office,
            )
        except OperationError as exc:
            show_operation_error(form, exc, "username")
        else:
            db.session.commit()
            return render_template("users/temporary_password.html", user=user, password=temporary)
    return render_template("users/form.html", form=form, user=None)


@bp.route("/<int:user_id>/ubah", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(user_id: int):
    user = get_or_404(User, user_id)
    form = _form(obj=user)
    form.username.data = user.username  # the name is fixed once created
    if form.validate_on_submit():
        try:
            if user.id == current_user.id and form.role.data != Role.ADMIN:
                raise OperationError(
                    _("Anda tidak dapat mencabut peran administrator Anda sendiri."), "role"
                )
            operations.update_user(
                user, full_name=form.full_name.data, role=form.role.data, nip=form.nip.data
            )
        except OperationError as exc:
            show_operation_error(form, exc, "username")
        else:
            db.session.commit()
            flash(_("Data pengguna disimpan."), "success")
            return redirect(url_for(".index"))
    return render_template("users/form.html", form=form, user=user)


@bp.route("/<int:user_id>/nonaktifkan", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int):
    user = get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), "error")
    else:
        operations.set_active(user, False)
        db.session.commit()
        flash(
            _("Akun %(name)s dinonaktifkan; sesi yang terbuka diakhiri.", name=user.full_name),
            "success",
        )
    return redirect(url_for(".index"))


@bp.route("/<int:user_id>/aktifkan", methods=["POST"])
@roles_required(Role.ADMIN)
def activate(user_id: int):
    user = get_or_404(User, user_id)
    operations.set_active(user, True)
    db.session.commit()
    flash(_("Akun %(name)s diaktifkan kembali.", name=user.full_name), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:user_id>/reset-sandi", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_password(user_id: int):
    user = get_or_404(User, user_id)
    temporary = operations.reset_password(user)
    db.session.commit()
    return render_template("users/temporary_password.html", user=user, password=temporary)
