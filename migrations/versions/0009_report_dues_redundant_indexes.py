"""report_dues: drop the two indexes that wider ones already serve

Revision ID: 0009_report_dues_indexes
Revises: 0008_rls_once_per_statement
Create Date: 2026-11-24 12:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_report_dues_indexes'
down_revision = '0008_rls_once_per_statement'
branch_labels = None
depends_on = None


def upgrade():
    # (client_id) is the leading column of the unique (client_id, due_on), and
    # (office_id) of (office_id, due_on): both answer the same lookups. Each due date
    # (~12 per client, 1.2 million for an import of 100,000) no longer updates them.
    op.drop_index('ix_report_dues_client_id', table_name='report_dues')
    op.drop_index('ix_report_dues_office_id', table_name='report_dues')


def downgrade():
    op.create_index('ix_report_dues_office_id', 'report_dues', ['office_id'], unique=False)
    op.create_index('ix_report_dues_client_id', 'report_dues', ['client_id'], unique=False)
