"""Bapas Portal: the Flask application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, render_template, request, session
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession

from portal import dbpool, dbprepared, i18n
from portal.config import CONFIGS, INSTANCE_DIR, PROJECT_ROOT, with_driver
from portal.extensions import babel, csrf, db, login_manager, migrate


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure_settings(app, config)
    configure_requests(app)
    configure_extensions(app)
    configure_tenancy(app)
    configure_blueprints(app)
    configure_templates(app)
    configure_errors(app)
    configure_security_headers(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, config) -> None:
    base = CONFIGS[os.environ.get("PORTAL_ENV", "production")]
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
        base = config
    base.check(app.config)
    for name in ("SQLALCHEMY_DATABASE_URI", "MIGRATION_DATABASE_URL"):  # however given
        app.config[name] = with_driver(app.config.get(name) or "")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        INSTANCE_DIR.mkdir(exist_ok=True)


def configure_requests(app: Flask) -> None:
    from portal import params

    params.install(app)


def _select_locale() -> str:
    from flask import current_app, has_request_context

    lang = session.get("lang") if has_request_context() else None
    return lang if lang in current_app.config["LANGUAGES"] else "id"


def _select_timezone() -> str | None:
    from flask import g

    office = getattr(g, "office", None)
    return office.timezone if office is not None else None


def configure_extensions(app: Flask) -> None:
    from portal.auth.cookie import SessionInterface

    app.session_interface = SessionInterface()
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            dbpool.install(engine)
            dbprepared.install(engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    i18n.configure(app)
    login_manager.init_app(app)
    login_manager.session_protection = app.config["SESSION_PROTECTION"]
    login_manager.login_view = "central_auth.login"
    login_manager.login_message = None
    login_manager.anonymous_user = Anonymous


class Anonymous(AnonymousUserMixin):
    """Someone not signed in: has no role and no office, so a page that asks (a refusal
    shown before the sign-in redirect, say) gets an answer instead of an error."""

    role = None
    office_id = None
    must_change_password = False


def configure_tenancy(app: Flask) -> None:
    from portal import formonce, tenancy
    from portal.audit import operations as audit_operations
    from portal.indicators import refresh as indicator_refresh

    tenancy.install(FlaskSQLAlchemySession)
    formonce.install(app, FlaskSQLAlchemySession)
    audit_operations.install(FlaskSQLAlchemySession)
    indicator_refresh.install(FlaskSQLAlchemySession)


def configure_blueprints(app: Flask) -> None:
    from portal.admin.views import bp as admin_bp
    from portal.audit.views import bp as audit_bp
    from portal.auth.views import account_bp, central_bp
    from portal.auth.views import bp as auth_bp
    from portal.central.views import bp as central_home_bp
    from portal.clients.views import bp as clients_bp
    from portal.guidance.views import bp as guidance_bp
    from portal.home.views import bp as home_bp
    from portal.indicators.api import bp as api_bp
    from portal.indicators.office_views import bp as office_indicators_bp
    from portal.indicators.token_views import bp as api_tokens_bp
    from portal.indicators.views import bp as indicators_bp
    from portal.litmas.requests.views import bp as litmas_requests_bp
    from portal.litmas.views import bp as litmas_bp
    from portal.outcomes.views import bp as outcomes_bp
    from portal.partners.views import bp as partners_bp
    from portal.public.views import bp as public_bp
    from portal.reporting.views import bp as reporting_bp
    from portal.trainings.views import bp as trainings_bp
    from portal.transfer.views import bp as transfer_bp
    from portal.users.views import bp as users_bp
    from portal.whatworks.api import bp as whatworks_api_bp
    from portal.whatworks.views import bp as whatworks_bp
    from portal.whatworks.views import office_bp as office_whatworks_bp

    # Fixed top-level paths first; office blueprints match /<office_slug>/ last.
    for blueprint in (
        public_bp,
        account_bp,
        central_bp,
        central_home_bp,
        admin_bp,
        indicators_bp,
        api_tokens_bp,
        api_bp,
        whatworks_bp,
        whatworks_api_bp,
    ):
        app.register_blueprint(blueprint)
    for blueprint in (
        auth_bp,
        home_bp,
        users_bp,
        clients_bp,
        office_indicators_bp,
        transfer_bp,
        litmas_bp,
        litmas_requests_bp,
        guidance_bp,
        outcomes_bp,
        audit_bp,
        reporting_bp,
        partners_bp,
        trainings_bp,
        office_whatworks_bp,
    ):
        app.register_blueprint(blueprint)


def configure_templates(app: Flask) -> None:
    from portal.templating import register

    register(app)


def configure_errors(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import DBAPIError, OperationalError

    def error_page(code: int, **context):
        try:
            return render_template("errors/error.html", code=code, **context), code
        except OperationalError:  # the page needs the database, which went away
            return unavailable()

    def page(code: int):
        def handler(error):
            return error_page(code)

        return handler

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, page(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if app.config["SESSION_COOKIE_SECURE"] and not request.is_secure:
            # The browser keeps a Secure cookie off plain http, so every form "expires":
            # say what is really wrong.
            return error_page(
                400,
                message=_(
                    "Portal ini hanya dapat dipakai melalui HTTPS. Buka %(url)s lalu coba lagi.",
                    url=request.url.replace("http://", "https://", 1),
                ),
            )
        return error_page(400, csrf=True)

    @app.errorhandler(OperationalError)
    def database_unreachable(error):
        return unavailable()

    @app.errorhandler(DBAPIError)
    def database_error(error):
        if error.connection_invalidated:  # the connection died under the request
            return unavailable()
        return server_error(error)

    @app.errorhandler(500)
    def server_error(error):
        cause = getattr(error, "original_exception", None) or error
        if isinstance(cause, OperationalError) or getattr(cause, "connection_invalidated", 0):
            return unavailable()
        try:
            return render_template("errors/error.html", code=500), 500
        except Exception:  # the page itself failed (the database went away meanwhile)
            app.logger.exception("the error page failed; answering without the database")
            return unavailable()


def unavailable():
    """The portal's own 503 page: rendered without the database, in the user's language."""
    from flask import current_app, g

    from portal.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: S110 - the connection is gone; nothing to roll back
        pass
    # Nothing on this page may reach the database: rendered straight from the template,
    # without the context processors (the signed-in account, the office, page helpers).
    g._login_user = current_app.login_manager.anonymous_user()
    g.office = None
    html = current_app.jinja_env.get_template("errors/unavailable.html").render(
        request=request, current_lang=session.get("lang", "id")
    )
    response = current_app.make_response((html, 503))
    response.headers["Retry-After"] = "30"
    return response


def configure_security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config["HSTS_SECONDS"]:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}"
            )
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def configure_cli(app: Flask) -> None:
    from portal.cli import register

    register(app)
