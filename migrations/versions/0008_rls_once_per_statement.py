"""row-level security reads the bound office once per statement, not once per row

Revision ID: 0008_rls_once_per_statement
Revises: 0005_trainings
Create Date: 2026-11-24 08:30:00

"""
from portal import dbsecurity


# revision identifiers, used by Alembic.
revision = '0008_rls_once_per_statement'
down_revision = '0005_trainings'
branch_labels = None
depends_on = None


def upgrade():
    # PostgreSQL only (a no-op on SQLite): every office policy re-created with the
    # settings read in scalar subqueries (see portal/dbsecurity.py).
    dbsecurity.refresh_office_policies()


def downgrade():
    # The rule is the same before and after; only how often PostgreSQL evaluates it
    # changed, so there is nothing to undo.
    pass
