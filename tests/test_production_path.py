"""The README's "Running in production" steps work exactly as written (issue 14, 10).

The shell block is taken from the README itself, so the text cannot drift from what
works. It runs on the PostgreSQL server of TEST_DATABASE_URL (a superuser connection)
with only these changes: names of its own (so it collides with nothing), the
virtualenv this suite runs in instead of a new one (no network needed), and the
superuser connection in PGHOST/PGUSER. Then gunicorn serves it, and the sysadmin signs in.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import PG_URL
from sqlalchemy import make_url

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Kebun-Teh-Wonosobo-2026"  # noqa: S105 - a test password
SUFFIX = f"_hard{os.getpid()}"


def readme_block() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Running in production") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def as_run_here(block: str) -> tuple[str, str]:
    """(setup script, gunicorn command): the README's lines, renamed and pointed here."""
    lines = []
    serve = None
    for line in block.splitlines():
        if line.startswith("python3 -m venv"):
            continue  # the suite's own virtualenv stands in for a fresh one
        if line.startswith(". .venv/bin/activate"):
            line = f". {Path(sys.prefix) / 'bin' / 'activate'}"
        if line.startswith("gunicorn "):
            serve = line
            continue
        lines.append(line)
    script = "\n".join(lines)
    for name in ("bapas_owner", "bapas_portal", "bapas_app"):
        script = script.replace(name, name + SUFFIX)
    script = re.sub(r"(createdb --owner \S+) bapas\b", rf"\1 bapas{SUFFIX}", script)
    script = re.sub(r"@localhost/bapas\b", f"@127.0.0.1/bapas{SUFFIX}", script)
    assert serve is not None
    return script, serve


def _cleanup(env: dict) -> None:
    for sql in (
        f'DROP DATABASE IF EXISTS "bapas{SUFFIX}" WITH (FORCE)',
        *(f"DROP ROLE IF EXISTS {n}{SUFFIX}" for n in ("bapas_portal", "bapas_app", "bapas_owner")),
    ):
        subprocess.run(["psql", "-q", "-c", sql], env=env, check=False, capture_output=True)


@pytest.mark.skipif(not PG_URL, reason="set TEST_DATABASE_URL to run the PostgreSQL-only tests")
def test_the_readme_production_steps_work_as_written(tmp_path):
    server = make_url(PG_URL)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DATABASE"))},
        "PGHOST": server.host or "127.0.0.1",
        "PGPORT": str(server.port or 5432),
        "PGUSER": server.username or "postgres",
        "DB_APP_ROLE": f"bapas_app{SUFFIX}",
        "IMPORT_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    env.pop("SECRET_KEY", None)
    script, serve = as_run_here(readme_block())
    _cleanup(env)
    try:
        steps = subprocess.run(
            [
                "bash",
                "-euo",
                "pipefail",
                "-c",
                script + "\nenv | grep -E '^(SECRET_KEY|DATABASE_URL)='",
            ],
            cwd=ROOT,
            env=env,
            input=f"{PASSWORD}\n{PASSWORD}\n",
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert steps.returncode == 0, steps.stdout + steps.stderr
        assert "created sysadmin (sysadmin)" in steps.stdout
        exported = dict(line.split("=", 1) for line in steps.stdout.splitlines() if "=" in line)
        _signs_in(serve, {**env, **exported})
    finally:
        _cleanup(env)


def _signs_in(serve: str, env: dict) -> None:
    port = 18000 + os.getpid() % 1000
    command = serve.replace("127.0.0.1:8000", f"127.0.0.1:{port}").split()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", *command], cwd=ROOT, env=env, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    proxy = {"X-Forwarded-Proto": "https"}  # as the HTTPS proxy in front says
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        assert urllib.request.urlopen(f"{base}/readyz").status == 200  # noqa: S310
        page = _open(f"{base}/pusat/login", headers=proxy)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
        form = {"csrf_token": token, "username": "sysadmin", "password": PASSWORD}
        signed = _open(
            f"{base}/pusat/login",
            data=form,
            headers={
                **proxy,
                "Cookie": page.cookie,
                "Referer": f"https://127.0.0.1:{port}/pusat/login",
            },
        )
        assert signed.status == 302 and signed.location.endswith("/admin/"), signed.text[:500]
        admin = _open(f"{base}/admin/", headers={**proxy, "Cookie": signed.cookie})
        assert admin.status == 200 and "Administrasi sistem" in admin.text
        assert "Strict-Transport-Security" in admin.headers
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


class _Answer:
    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text
        self.location = headers.get("Location", "")
        # Secure cookies: a plain-http client must carry them itself (the proxy would).
        self.cookie = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])


def _open(url: str, data: dict | None = None, headers: dict | None = None) -> _Answer:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data).encode() if data else None
    request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.build_opener(NoRedirect()).open(request) as answer:
            return _Answer(answer.status, answer.headers, answer.read().decode())
    except urllib.error.HTTPError as answer:
        return _Answer(answer.code, answer.headers, answer.read().decode())
