"""form_submissions: a form sent twice stores one record

Revision ID: 0011_form_submissions
Revises: 0010_enrolments
Create Date: 2026-12-02 12:00:00

"""
import sqlalchemy as sa
from alembic import op

from portal import dbsecurity

# revision identifiers, used by Alembic.
revision = '0011_form_submissions'
down_revision = '0010_enrolments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('location', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_form_submissions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submissions')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_form_submissions_token_hash')),
    )
    op.create_index(op.f('ix_form_submissions_user_id'), 'form_submissions', ['user_id'], unique=False)
    # Holds no office data (a token's hash, the page it led to): no office policy.
    dbsecurity.grant_app_privileges()


def downgrade():
    op.drop_index(op.f('ix_form_submissions_user_id'), table_name='form_submissions')
    op.drop_table('form_submissions')
