"""training_sessions.budget: empty means "not recorded", no longer 0

Revision ID: 0014_session_budget_unknown
Revises: 0013_scope_versions
Create Date: 2026-12-02 11:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_session_budget_unknown'
down_revision = '0013_scope_versions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.alter_column('budget', existing_type=sa.Integer(), nullable=True)
    # Until now the form and the import stored an empty budget as 0: a stored 0 cannot
    # tell "free" from "never entered", and a free session was never recordable as such.
    # Existing zeros are therefore unknown, not free (cost per participation left them
    # out as Rp0 and pulled the figure down); an office that did run a free session
    # enters 0 again, which is now kept as a recorded zero.
    op.execute('UPDATE training_sessions SET budget = NULL WHERE budget = 0')
    # Figures computed before this change counted those zeros: recompute every office.
    op.execute('UPDATE indicator_status SET data_version = data_version + 1')


def downgrade():
    op.execute('UPDATE training_sessions SET budget = 0 WHERE budget IS NULL')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.alter_column('budget', existing_type=sa.Integer(), nullable=False)
