from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.admin.forms import ADMIN_MANAGED_ROLES, AdminAccountForm
from portal.audit import filtering, log, sheets
from portal.audit.operations import record
from portal.auth import operations
from portal.auth.models import User
from portal.auth.roles import Role
from portal.errors import OperationError
from portal.extensions import db
from portal.formerrors import show_operation_error
from portal.offices.models import Office, Region
from portal.tenancy import all_offices
from portal.transfer.exporting import XLSX_MIME, download

bp = Blueprint("admin", __name__, url_prefix="/admin")
REASON = "system administration of offices and administrator accounts"
# Central accounts' events have no office: read with the opt-out, and only those
# (`LogFilters.central`), never an office's event, which may name its clients.
CENTRAL_LOG = "system administration: the audit log of central accounts"


@bp.before_request
@login_required
def _sysadmin_only():
    if current_user.role != Role.SYSADMIN:
        abort(404)


def _managed_accounts():
    return db.session.scalars(
        select(User)
        .where(User.role.in_([r.value for r in ADMIN_MANAGED_ROLES]))
        .options(selectinload(User.office), selectinload(User.region))
        .order_by(User.role, User.username)
    ).all()


def _managed_account_or_404(user_id: int) -> User:
    user = db.session.scalar(
        select(User).where(
            User.id == user_id, User.role.in_([r.value for r in ADMIN_MANAGED_ROLES])
        )
    )
    if user is None:
        abort(404)
    return user


@bp.route("/")
def index():
    offices = db.session.scalars(
        select(Office).options(selectinload(Office.region)).order_by(Office.name)
    ).all()
    with all_offices(REASON):
        accounts = _managed_accounts()
    return render_template("admin/index.html", offices=offices, accounts=accounts)


@bp.route("/akun/baru", methods=["GET", "POST"])
def create_account():
    form = AdminAccountForm()
    offices = db.session.scalars(select(Office).order_by(Office.name)).all()
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    form.office_id.choices = [(0, "—")] + [(o.id, o.name) for o in offices]
    form.region_id.choices = [(0, "—")] + [(r.id, r.name) for r in regions]
    if form.validate_on_submit():
        try:
            with all_offices(REASON):
                user = operations.create_user(
                    username=form.username.data,
                    full_name=form.full_name.data,
                    role=form.role.data,
                    nip=form.nip.data,
                    password=None,  # the holder chooses it through the link
                    office=db.session.get(Office, form.office_id.data),
                    region=db.session.get(Region, form.region_id.data),
                )
                return _enrolment_page(user)
        except OperationError as exc:
            db.session.rollback()
            show_operation_error(form, exc, "username", {"region": "region_id"})
    return render_template("admin/account_form.html", form=form)


@bp.route("/akun/<int:user_id>/nonaktifkan", methods=["POST"])
def deactivate_account(user_id: int):
    return _set_active(user_id, False)


@bp.route("/akun/<int:user_id>/aktifkan", methods=["POST"])
def activate_account(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    with all_offices(REASON):
        user = _managed_account_or_404(user_id)
        operations.set_active(user, active)
        db.session.commit()
        flash(_("Status akun %(name)s diperbarui.", name=user.username), "success")
    return redirect(url_for(".index"))


@bp.route("/akun/<int:user_id>/reset-sandi", methods=["POST"])
def reset_account_password(user_id: int):
    with all_offices(REASON):
        return _enrolment_page(_managed_account_or_404(user_id))


def _enrolment_page(user: User):
    """Issue the account's one-time link, commit, and show the link once.

    The page is built before the commit from plain values: after it, the account's row
    is no longer readable outside the opt-out (row-level security hides an office's
    accounts), and a failure while rendering must leave nothing stored.
    """
    token = operations.issue_enrolment(user, current_user)
    if user.office_id is not None:
        link = url_for("auth.enrol", office_slug=user.office.slug, token=token, _external=True)
    else:
        link = url_for("central_auth.enrol", token=token, _external=True)
    page = render_template(
        "admin/enrolment_link.html",
        username=user.username,
        full_name=user.full_name,
        link=link,
        hours=operations.ENROLMENT_HOURS,
    )
    db.session.commit()
    return page


@bp.route("/audit/")
def audit_log():
    """What central accounts (Kanwil, Ditjenpas, system administrators) did: sign-ins,
    exports, tokens, accounts. An office's own log stays with its administrator."""
    with all_offices(CENTRAL_LOG):
        form = filtering.filter_form(central=True)
        filters = filtering.filters_of(form, central=True)
        cursor, cursor_error = filtering.page_position()
        page = log.search(filters, cursor)
    record(
        "view",
        "audit_log",
        summary="Log audit akun pusat dibuka",
        detail={k: str(v) for k, v in vars(filters).items() if v and k != "central"},
    )
    db.session.commit()
    return filtering.render_log(
        page,
        form,
        {},
        cursor_error,
        list_endpoint="admin.audit_log",
        export_endpoint="admin.audit_export",
        heading=_("Log audit akun pusat"),
        back=(url_for("admin.index"), _("Administrasi sistem")),
        intro=_(
            "Setiap tindakan akun pusat (Kanwil, Ditjenpas, administrator sistem): masuk, "
            "ekspor, token API, dan pengelolaan akun. Log kantor dibaca administrator "
            "kantornya. Waktu dalam WIB."
        ),
    )


@bp.route("/audit/ekspor.xlsx")
def audit_export():
    with all_offices(CENTRAL_LOG):
        filters = filtering.filters_of(filtering.filter_form(central=True), central=True)
        content = sheets.workbook(sheets.log_table(filters))
    record(
        "export",
        "audit_log",
        summary="Log audit akun pusat diekspor",
        detail={
            **{k: str(v) for k, v in vars(filters).items() if v and k != "central"},
            "format": "xlsx",
        },
    )
    db.session.commit()
    return download(content, XLSX_MIME, f"audit-pusat-{date.today():%Y%m%d}.xlsx")
