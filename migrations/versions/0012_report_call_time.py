"""reports: the time of a video call

Revision ID: 0012_report_call_time
Revises: 0011_form_submissions
Create Date: 2026-12-02 11:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_report_call_time'
down_revision = '0011_form_submissions'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable, no default: existing reports and imported ones have no call time.
    op.add_column('reports', sa.Column('call_time', sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table('reports') as batch_op:
        batch_op.drop_column('call_time')
