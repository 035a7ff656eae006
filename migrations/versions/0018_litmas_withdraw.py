"""litmas requests: withdrawn by the requester (when, by whom, why)

Revision ID: 0018_litmas_withdraw
Revises: 0017_litmas_requests
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_litmas_withdraw"
down_revision = "0017_litmas_requests"
branch_labels = None
depends_on = None


def upgrade():
    # Three nullable or defaulted columns: no rewrite of the table on PostgreSQL.
    with op.batch_alter_table("litmas_requests") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("withdrawn_by_name", sa.String(120), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("withdrawn_reason", sa.String(300), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("litmas_requests") as batch:
        batch.drop_column("withdrawn_reason")
        batch.drop_column("withdrawn_by_name")
        batch.drop_column("withdrawn_at")
