"""clients.search_text: name and register number lowered, for a cheaper client search

Revision ID: 0019_client_search_text
Revises: 0018_litmas_withdraw
Create Date: 2026-12-03 08:00:00

A generated column, kept by the database: PostgreSQL stores it (adding it rewrites the
clients table once, seconds at a million clients), SQLite computes it when read.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019_client_search_text"
down_revision = "0018_litmas_withdraw"
branch_labels = None
depends_on = None

# As portal.clients.models.SEARCH_EXPRESSION is today; a migration keeps its own copy.
EXPRESSION = "lower(name || ' ' || register_number)"


def upgrade():
    op.add_column(
        "clients", sa.Column("search_text", sa.String(170), sa.Computed(EXPRESSION), nullable=True)
    )


def downgrade():
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("search_text")
