"""reports: index (client_id, reported_on), which replaces the index on client_id

Revision ID: 0015_reports_client_day
Revises: 0014_session_budget_unknown
Create Date: 2026-12-02 15:20:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0015_reports_client_day"
down_revision = "0014_session_budget_unknown"
branch_labels = None
depends_on = None


def upgrade():
    # A client's last report (the worklists' "late since", "last contact", the case
    # file's history) is the top of this index: read from it alone, no table rows. It
    # serves every lookup by client_id as well, so that index goes (as 0009 did for
    # report_dues): each report written updates one index fewer.
    op.create_index(
        "ix_reports_client_reported_on", "reports", ["client_id", "reported_on"], unique=False
    )
    op.drop_index("ix_reports_client_id", table_name="reports")


def downgrade():
    op.create_index("ix_reports_client_id", "reports", ["client_id"], unique=False)
    op.drop_index("ix_reports_client_reported_on", table_name="reports")
