"""audit_events: indexes for reading a large log by page, by person and by record

Revision ID: 0016_audit_words
Revises: 0015_reports_client_day
Create Date: 2026-12-02 15:20:00

The log page reads newest first from a position (office, time, id) instead of
counting and skipping rows; the person filter and a data subject's record read the
events of one account or one record. Each gets an index that starts with the office,
which row-level security adds to every query. Events keep their parameters in the
existing `detail` JSON column: no new column is needed.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_audit_words"
down_revision = "0015_reports_client_day"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_office_at", ["office_id", "at", "id"], unique=False)
        batch_op.create_index(
            "ix_audit_events_office_actor", ["office_id", "actor_id", "at"], unique=False
        )
        batch_op.create_index(
            "ix_audit_events_office_object", ["office_id", "object_type", "object_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_office_object")
        batch_op.drop_index("ix_audit_events_office_actor")
        batch_op.drop_index("ix_audit_events_office_at")
