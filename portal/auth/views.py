"""Sign-in pages: one per office (`/<office>/login`) and one for central accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import operations
from portal.auth.forms import ChangePasswordForm, EnrolmentForm, LoginForm
from portal.auth.models import User
from portal.auth.roles import Role
from portal.errors import OperationError
from portal.extensions import db, login_manager
from portal.formerrors import show_operation_error
from portal.offices.context import office_blueprint, public
from portal.offices.models import Office
from portal.tenancy import all_offices

bp = office_blueprint("auth", __name__)
central_bp = Blueprint("central_auth", __name__, url_prefix="/pusat")
account_bp = Blueprint("account", __name__)

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - a session key name, not a secret


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        uid = int(user_id)
    except ValueError:
        return None
    return operations.session_user(uid, session.get(SESSION_TOKEN_KEY))


def home_url_for(user: User) -> str:
    if user.office_id is not None:
        return url_for("home.index", office_slug=user.office.slug)
    if user.role == Role.SYSADMIN:
        return url_for("admin.index")
    return url_for("central.index")


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _reload_signed_in_account() -> None:
    """Someone signed in elsewhere (another office, or the centre) tried this sign-in page.

    The failed attempt's commit expired their account, which the page still shows; it is
    read again through the opt-out it was loaded with, as this page's scope (another
    office, or none) would not find it.
    """
    user = current_user._get_current_object()
    if isinstance(user, User):  # not the anonymous user
        with all_offices("load the signed-in account"):
            db.session.refresh(user)


def _login(office: Office | None):
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(office, form.username.data, form.password.data)
        if user is None:
            flash(
                _("Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara."),
                "error",
            )
            db.session.commit()
            _reload_signed_in_account()
        else:
            token = operations.start_session(user, request.user_agent.string)
            db.session.commit()
            session.clear()
            session.permanent = True
            session[SESSION_TOKEN_KEY] = token
            login_user(user)
            return redirect(_safe_next(home_url_for(user)))
    return render_template("auth/login.html", form=form, office=office)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated and current_user.office_id == g.office.id:
        return redirect(home_url_for(current_user))
    return _login(g.office)


@central_bp.route("/login", methods=["GET", "POST"])
def login():  # noqa: F811 - one view name per blueprint
    if current_user.is_authenticated and current_user.office_id is None:
        return redirect(home_url_for(current_user))
    return _login(None)


def _change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                keep_token=session.get(SESSION_TOKEN_KEY),
            )
        except OperationError as exc:
            show_operation_error(form, exc, "new_password", {"password": "new_password"})
        else:
            db.session.commit()
            flash(_("Kata sandi berhasil diubah."), "success")
            return redirect(home_url_for(current_user))
    return render_template("auth/change_password.html", form=form)


@bp.route("/akun/password", methods=["GET", "POST"])
def change_password():
    return _change_password()


@central_bp.route("/akun/password", methods=["GET", "POST"])
@login_required
def change_password():  # noqa: F811 - one view name per blueprint
    if current_user.office_id is not None:
        abort(404)
    return _change_password()


@account_bp.route("/logout", methods=["POST"])
def logout():
    user = current_user._get_current_object() if current_user.is_authenticated else None
    office_slug = user.office.slug if user is not None and user.office_id else None
    operations.sign_out(user, session.get(SESSION_TOKEN_KEY))
    logout_user()
    session.clear()
    flash(_("Anda telah keluar."), "info")
    if office_slug is not None:
        return redirect(url_for("auth.login", office_slug=office_slug))
    return redirect(url_for("public.index"))


def _enrol(token: str, login_url: str):
    """Choose the password of an account through its one-time link."""
    enrolment = operations.live_enrolment(token)
    if enrolment is None:
        return render_template("auth/enrol.html", form=None, login_url=login_url), 404
    form = EnrolmentForm()
    if form.validate_on_submit():
        try:
            operations.complete_enrolment(enrolment, form.new_password.data)
        except OperationError as exc:
            show_operation_error(form, exc, "new_password", {"password": "new_password"})
        else:
            db.session.commit()
            flash(_("Kata sandi tersimpan. Silakan masuk."), "success")
            return redirect(login_url)
    return render_template(
        "auth/enrol.html", form=form, account=enrolment.user, login_url=login_url
    )


@bp.route("/aktivasi/<token>", methods=["GET", "POST"])
@public
def enrol(token: str):
    return _enrol(token, url_for("auth.login", office_slug=g.office.slug))


@central_bp.route("/aktivasi/<token>", methods=["GET", "POST"])
def enrol(token: str):  # noqa: F811 - one view name per blueprint
    with all_offices("a central account chooses its password through its one-time link"):
        return _enrol(token, url_for("central_auth.login"))
