"""kept pages: versions of one client's data and of one PK's caseload

Revision ID: 0013_scope_versions
Revises: 0012_report_call_time
Create Date: 2026-12-02 11:40:00

"""

import sqlalchemy as sa
from alembic import op

from portal import dbsecurity

# revision identifiers, used by Alembic.
revision = '0013_scope_versions'
down_revision = '0012_report_call_time'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicator_status", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shared_version", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "data_scope_versions",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_data_scope_versions_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("office_id", "kind", "ref_id", name=op.f("pk_data_scope_versions")),
    )
    dbsecurity.enable_office_rls("data_scope_versions")
    dbsecurity.grant_app_privileges()


def downgrade():
    op.drop_table("data_scope_versions")
    with op.batch_alter_table("indicator_status", schema=None) as batch_op:
        batch_op.drop_column("shared_version")
