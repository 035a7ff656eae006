"""A form sent twice stores one record.

A request whose answer is lost (a worker killed, a dropped connection) may have stored
its write; the user, seeing no answer, sends the same form again. Every form the portal
renders carries a one-time submission token beside its CSRF token (added to the CSRF
field itself, so no template has to remember it). The first POST that commits a write
records the token's hash in that same transaction; a POST with a recorded token writes
nothing and is answered with the first one's result (the page it was redirected to).
Two copies racing each other collide on the token's unique index: the second is rolled
back whole and answered the same way.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import os
import secrets
from datetime import datetime, timedelta

from flask import Flask, flash, g, has_request_context, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from markupsafe import Markup
from sqlalchemy import ForeignKey, String, delete, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from wtforms.csrf.core import CSRFTokenField

from portal.extensions import db
from portal.timeutil import utcnow

FIELD = "form_once"
KEEP = timedelta(days=2)  # long enough for any retry; older records are cleared


class FormSubmission(db.Model):
    """A form submission that stored its write: the token's hash and where it led."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    location: Mapped[str | None] = mapped_column(String(500))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# One-time tokens are a keyed hash of a counter, the key drawn once per process (and
# again in a forked worker): unique and unguessable like secrets.token_urlsafe, without
# its system call per form, which under load costs a wait for the GIL each time.
_key = secrets.token_bytes(32)
_count = itertools.count()


def _new_key() -> None:
    global _key
    _key = secrets.token_bytes(32)


os.register_at_fork(after_in_child=_new_key)


def _one_time_token() -> str:
    number = next(_count).to_bytes(8, "big")
    return base64.urlsafe_b64encode(
        hashlib.blake2b(number, key=_key, digest_size=18).digest()
    ).decode()


class _TokenField(CSRFTokenField):
    """The CSRF field, followed by a fresh one-time submission token."""

    def __call__(self, **kwargs):
        once = _one_time_token()
        extra = Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, once)
        return super().__call__(**kwargs) + extra


class _SubmissionCSRF(_FlaskFormCSRF):
    field_class = _TokenField


def _signed_in_user_id() -> int | None:
    try:
        return int(session.get("_user_id") or 0) or None
    except (TypeError, ValueError):
        return None


def _replay(found) -> object:
    """The answer to a form already stored: the first answer's page, said so."""
    message = _(
        "Formulir ini sudah terkirim dan tersimpan sebelumnya; tidak ada yang disimpan dua "
        "kali. Yang tampil adalah hasil pengiriman pertama."
    )
    if found is not None and found.location:
        flash(message, "info")
        return redirect(found.location, code=303)
    return render_template("errors/error.html", code=200, message=message), 200


def _recorded(token: str):
    """(user_id, location) of the submission stored with this token, if any."""
    return db.session.execute(
        select(FormSubmission.user_id, FormSubmission.location).where(
            FormSubmission.token_hash == _digest(token)
        )
    ).first()


def _before_commit(s: Session) -> None:
    """Record the token in the transaction that stores the form's write."""
    if not has_request_context() or g.get("form_once_recorded") or not g.get("form_once"):
        return
    if not (s.new or s.dirty or s.deleted or s.info.get("form_once_wrote")):
        return
    g.form_once_recorded = True
    s.add(FormSubmission(token_hash=_digest(g.form_once), user_id=g.form_once_user))


def _note_writes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["form_once_wrote"] = True


def _note_flush(s: Session, flush_context) -> None:
    if s.new or s.dirty or s.deleted:
        s.info["form_once_wrote"] = True


def _after_transaction(s: Session, transaction) -> None:
    if transaction.parent is None:
        s.info.pop("form_once_wrote", None)


def install(app: Flask, session_class) -> None:
    # Every form class, wherever it is defined, renders its token through its CSRF field.
    FlaskForm.Meta.csrf_class = _SubmissionCSRF
    if not event.contains(session_class, "before_commit", _before_commit):
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "do_orm_execute", _note_writes)
        event.listen(session_class, "after_flush", _note_flush)
        event.listen(session_class, "after_transaction_end", _after_transaction)

    @app.before_request
    def _answer_a_repeat():
        token = request.form.get(FIELD) if request.method == "POST" else None
        user_id = _signed_in_user_id()
        if not token or user_id is None or len(token) > 64:
            return None
        found = _recorded(token)
        db.session.rollback()  # end the lookup's transaction before the view's scope
        if found is not None:
            return _replay(found if found.user_id == user_id else None)
        g.form_once, g.form_once_user = token, user_id
        return None

    @app.after_request
    def _remember_where_it_led(response):
        if g.get("form_once_recorded") and response.status_code in (301, 302, 303):
            db.session.execute(
                update(FormSubmission)
                .where(FormSubmission.token_hash == _digest(g.form_once))
                .values(location=response.location[:500])
            )
            db.session.execute(
                delete(FormSubmission).where(
                    FormSubmission.user_id == g.form_once_user,
                    FormSubmission.created_at < utcnow() - KEEP,
                )
            )
            db.session.commit()
        return response

    @app.errorhandler(IntegrityError)
    def _raced(error):
        """Two copies at once: the second, rolled back whole, answers as a repeat."""
        db.session.rollback()
        if g.get("form_once") and "form_submissions" in str(error.orig):
            return _replay(_recorded(g.form_once))
        raise error
