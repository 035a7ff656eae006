"""What other processes hear of the portal's commits (portal.officewatch), PostgreSQL only."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import make_url

from portal import officewatch


@pytest.fixture
def listening(postgres_urls):
    """What another process would hear: a LISTEN connection of its own."""
    url = make_url(postgres_urls[0]).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f"LISTEN {officewatch.CHANNEL}")
        yield lambda: [n.payload for n in conn.notifies(timeout=0.5)]
