"""Keeping an uploaded file between preview and confirmation.

Files live in <upload dir>/<office slug>/<token>.bin. The token is made here (random,
URL-safe) and the path is always rebuilt from the office and the batch row, never
taken from a form; the original file name is only shown. Files are deleted after
the import, on cancel, or after a day.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.transfer.reading import FileRejected, Limits

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
KEEP_FOR = timedelta(days=1)


def _office_dir(office_slug: str) -> Path:
    base = (
        current_app.config.get("IMPORT_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads"
    )
    if not re.fullmatch(r"[a-z0-9-]+", office_slug):
        raise ValueError("unexpected office slug")
    return Path(base) / office_slug


def path_for(office_slug: str, token: str) -> Path:
    if not TOKEN_RE.match(token):
        raise ValueError("malformed upload token")
    return _office_dir(office_slug) / f"{token}.bin"


def save(stream: BinaryIO, office_slug: str, limits: Limits) -> tuple[str, Path, int, str]:
    """(token, path, size, sha256) of the stored copy; refuses files over the size limit
    while copying, so an oversized upload never lands on disk whole."""
    token = secrets.token_urlsafe(32)
    path = path_for(office_slug, token)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    with path.open("xb") as out:
        while chunk := stream.read(1 << 16):
            size += len(chunk)
            if size > limits.max_bytes:
                out.close()
                path.unlink(missing_ok=True)
                raise FileRejected(
                    _l("Berkas lebih besar dari %(mb)d MB.", mb=limits.max_bytes // (1024 * 1024))
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        path.unlink(missing_ok=True)
        raise FileRejected(_l("Berkas kosong."))
    return token, path, size, digest.hexdigest()


def discard(office_slug: str, token: str) -> None:
    path_for(office_slug, token).unlink(missing_ok=True)


def purge_old_files(office_slug: str) -> int:
    """Delete this office's uploads older than a day (left by abandoned previews)."""
    directory = _office_dir(office_slug)
    if not directory.is_dir():
        return 0
    cutoff = time.time() - KEEP_FOR.total_seconds()
    removed = 0
    for path in directory.glob("*.bin"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
