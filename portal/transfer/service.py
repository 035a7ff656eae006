"""The life of an import: upload and preview, confirm, run (inline or in the background),
cancel. Views and the CLI call these; the rules themselves are in the operations."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_login import login_user
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import select, update

from portal.audit.operations import record
from portal.auth.models import User
from portal.extensions import db
from portal.offices.models import Office
from portal.tenancy import bind_office
from portal.timeutil import utcnow
from portal.transfer import engine, storage
from portal.transfer.clients import ClientImporter
from portal.transfer.engine import Importer, Outcome
from portal.transfer.followups import FollowUpImporter
from portal.transfer.litmas_requests import LitmasRequestImporter
from portal.transfer.models import (
    CANCELLED,
    CHECKING,
    DONE,
    FAILED,
    INVALID,
    READY,
    RUNNING,
    ImportBatch,
)
from portal.transfer.partners import PartnerImporter
from portal.transfer.reading import FileRejected, Limits
from portal.transfer.reports import ReportImporter
from portal.transfer.trainings import TrainingImporter

log = logging.getLogger(__name__)
IMPORTERS: dict[str, type[Importer]] = {
    ClientImporter.kind: ClientImporter,
    ReportImporter.kind: ReportImporter,
    TrainingImporter.kind: TrainingImporter,
    FollowUpImporter.kind: FollowUpImporter,
    PartnerImporter.kind: PartnerImporter,
    LitmasRequestImporter.kind: LitmasRequestImporter,
}
STALLED_AFTER = timedelta(minutes=15)  # a running import that stopped reporting progress


def limits() -> Limits:
    return Limits.from_config(current_app.config)


def summary(kind: str, filename: str, outcome: Outcome) -> dict:
    return {
        "kind": kind,
        "file": filename,
        "rows": outcome.rows,
        "added": outcome.added,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "problems": outcome.problem_count,
    }


def preview(
    kind: str,
    stream: BinaryIO,
    filename: str,
    office: Office,
    user: User,
) -> ImportBatch:
    """Store the upload and check every row; nothing but the batch itself is written.

    A large file is checked in the background (reading and checking 100,000 rows takes
    the better part of a minute, longer than a request may): the batch page then shows
    the rows checked so far until the preview is ready.
    """
    lim = limits()
    storage.purge_old_files(office.slug)
    token, path, size, sha256 = storage.save(stream, office.slug, lim)
    batch = ImportBatch(
        token=token,
        kind=kind,
        filename=(filename or "")[:200],
        size_bytes=size,
        sha256=sha256,
        created_by_id=user.id,
        created_by_name=user.full_name,
        state=CHECKING,
    )
    if size >= current_app.config.get("IMPORT_BACKGROUND_BYTES", 1024 * 1024):
        db.session.add(batch)
        db.session.commit()
        _start(_check_in_background, batch.id, office.id, user.id)
        return batch
    try:
        outcome = engine.run(IMPORTERS[kind](user), path, filename, lim, write=False)
    except BaseException:  # refused or failed: no batch will point at the file
        storage.discard(office.slug, token)
        raise
    db.session.rollback()  # the checks wrote nothing; drop what they loaded
    db.session.add(batch)
    _checked(batch, outcome, office)
    return batch


def _checked(batch: ImportBatch, outcome: Outcome, office: Office) -> None:
    """Record a preview's result on its batch, audit it, commit."""
    if outcome.ok and outcome.rows == 0:
        outcome.problem(0, "", _("Berkas tidak berisi baris data di bawah baris judul."))
    batch.total_rows = outcome.rows
    _store_counts(batch, outcome, READY if outcome.ok else INVALID)
    record(
        "import_preview",
        batch.kind,
        None,
        summary=f"Pratinjau impor {batch.kind}: {batch.filename}",
        detail={**summary(batch.kind, batch.filename, outcome), "sha256": batch.sha256},
    )
    db.session.commit()
    if not outcome.ok:
        storage.discard(office.slug, batch.token)  # it cannot be confirmed; a fixed file comes anew


def _check_in_background(batch_id: int, office: Office, user: User) -> None:
    batch = db.session.get(ImportBatch, batch_id)
    path = storage.path_for(office.slug, batch.token)
    try:
        outcome = engine.run(
            IMPORTERS[batch.kind](user),
            path,
            batch.filename,
            limits(),
            write=False,
            progress=_progress_writer(batch_id, office.id),
        )
    except FileRejected as exc:
        db.session.rollback()
        batch = db.session.get(ImportBatch, batch_id)
        batch.state, batch.message = INVALID, str(exc.message)[:500]
        db.session.commit()
        storage.discard(office.slug, batch.token)
        return
    db.session.rollback()
    _checked(db.session.get(ImportBatch, batch_id), outcome, office)


def find_batch(token: str) -> ImportBatch | None:
    """The batch of the bound office with this token (another office's is never found)."""
    return db.session.scalar(select(ImportBatch).where(ImportBatch.token == token))


def shown_state(batch: ImportBatch) -> str:
    if batch.state in (CHECKING, RUNNING) and utcnow() - batch.updated_at > STALLED_AFTER:
        return FAILED  # the worker running it stopped; its transaction was rolled back
    if batch.state == READY and utcnow() - batch.created_at > storage.KEEP_FOR:
        return CANCELLED  # its file has been deleted: it can only be uploaded again
    return batch.state


def confirm(batch: ImportBatch, office: Office, user: User) -> bool:
    """Start the import once (a second click or a second worker finds it claimed)."""
    if shown_state(batch) != READY or not storage.path_for(office.slug, batch.token).exists():
        return False
    claimed = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.state == READY)
        .values(state=RUNNING, updated_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:
        return False
    if batch.total_rows >= current_app.config.get("IMPORT_BACKGROUND_ROWS", 2000):
        _start(execute, batch.id, office.id, user.id)
    else:
        execute(batch.id, office, user)
    return True


BACKGROUND: list[threading.Thread] = []  # tests join them; the process never waits on them


def _start(work, batch_id: int, office_id: int, user_id: int) -> None:
    app = current_app._get_current_object()
    thread = threading.Thread(
        target=_in_background, args=(app, work, batch_id, office_id, user_id), daemon=True
    )
    thread.start()
    BACKGROUND.append(thread)


def _in_background(app: Flask, work, batch_id: int, office_id: int, user_id: int) -> None:
    """Checking or importing in its own thread, acting as the user who uploaded or
    confirmed (the audit events name them, and they see what that user may see)."""
    with app.app_context(), app.test_request_context():
        bind_office(office_id)
        user = db.session.get(User, user_id)
        login_user(user)
        try:
            work(batch_id, db.session.get(Office, office_id), user)
        except Exception:  # the batch must never stay "checking"/"running" silently
            log.exception("import batch %s failed", batch_id)
            db.session.rollback()
            _finish_failed(
                batch_id,
                _("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan."),
                None,
            )
        finally:
            db.session.remove()


def execute(batch_id: int, office: Office, user: User) -> None:
    """Run a claimed batch in one transaction: all rows, or (on any problem) none."""
    batch = db.session.get(ImportBatch, batch_id)
    path = storage.path_for(office.slug, batch.token)
    kind, filename, token = batch.kind, batch.filename, batch.token
    try:
        outcome = engine.run(
            IMPORTERS[kind](user),
            path,
            filename,
            limits(),
            write=True,
            progress=_progress_writer(batch_id, office.id),
        )
    except FileRejected as exc:
        db.session.rollback()
        _finish_failed(batch_id, str(exc.message), None)
    else:
        if outcome.ok:
            batch = db.session.get(ImportBatch, batch_id)
            _store_counts(batch, outcome, DONE)
            record(
                "import",
                kind,
                None,
                summary=f"Impor {kind}: {filename} ({outcome.added} baru, "
                f"{outcome.updated} diperbarui, {outcome.unchanged} tetap)",
                detail=summary(kind, filename, outcome),
            )
            db.session.commit()
        else:
            db.session.rollback()
            _finish_failed(
                batch_id,
                _("Impor dibatalkan: ada baris bermasalah; tidak ada data yang disimpan."),
                outcome,
            )
    finally:
        storage.discard(office.slug, token)


def _store_counts(batch: ImportBatch, outcome: Outcome | None, state: str) -> None:
    batch.state, batch.updated_at = state, utcnow()
    if outcome is not None:
        batch.processed_rows = outcome.rows
        batch.added, batch.updated, batch.unchanged = (
            outcome.added,
            outcome.updated,
            outcome.unchanged,
        )
        batch.report = outcome.as_report()


def _finish_failed(batch_id: int, message: str, outcome: Outcome | None) -> None:
    batch = db.session.get(ImportBatch, batch_id)
    _store_counts(batch, outcome, FAILED)
    batch.message = message[:500]
    record(
        "import_failed",
        batch.kind,
        None,
        summary=f"Impor {batch.kind} gagal: {batch.filename}",
        detail={"file": batch.filename, "message": batch.message},
    )
    db.session.commit()


def _progress_writer(batch_id: int, office_id: int):
    """Report progress from a separate connection, committed at once, so pollers see it
    while the import's own transaction is still open. SQLite allows one writer at a
    time (the import), so there progress is only shown at the end."""
    if db.engine.dialect.name == "sqlite":
        return None

    def write(rows: int) -> None:
        session = FlaskSession(db)
        try:
            bind_office(office_id, session)
            session.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_id)
                .values(processed_rows=rows, updated_at=utcnow())
            )
            session.commit()
        finally:
            session.close()

    return write


def cancel(batch: ImportBatch, office: Office) -> bool:
    if batch.state not in (READY, INVALID):
        return False
    batch.state, batch.updated_at = CANCELLED, utcnow()
    record(
        "import_cancel",
        batch.kind,
        None,
        summary=f"Impor {batch.kind} dibatalkan: {batch.filename}",
        detail={"file": batch.filename},
    )
    db.session.commit()
    storage.discard(office.slug, batch.token)
    return True


def run_file(kind: str, path: Path, user: User | None, *, commit: bool) -> Outcome:
    """The CLI's import: the same checks and writes, straight from a file on disk."""
    if user is None and IMPORTERS[kind].needs_user:
        raise FileRejected(
            _("Impor %(kind)s memerlukan akun yang menjalankannya (--user).", kind=kind)
        )
    outcome = engine.run(IMPORTERS[kind](user), path, path.name, limits(), write=commit)
    if commit and outcome.ok:
        record(
            "import",
            kind,
            None,
            summary=f"Impor {kind} (CLI): {path.name}",
            detail=summary(kind, path.name, outcome),
            actor=user,
        )
        db.session.commit()
    else:
        db.session.rollback()
    return outcome
