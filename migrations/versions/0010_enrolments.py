"""enrolments: one-time links with which an account holder chooses their password

Revision ID: 0010_enrolments
Revises: 0009_report_dues_indexes
Create Date: 2026-12-02 11:40:00

"""

import sqlalchemy as sa
from alembic import op

from portal import dbsecurity

# revision identifiers, used by Alembic.
revision = "0010_enrolments"
down_revision = "0009_report_dues_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_enrolments_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_enrolments_office_id_offices")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_enrolments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_enrolments_token_hash")),
    )
    op.create_index(op.f("ix_enrolments_office_id"), "enrolments", ["office_id"], unique=False)
    op.create_index(op.f("ix_enrolments_user_id"), "enrolments", ["user_id"], unique=False)
    # Rows of office accounts belong to their office; those of central accounts to none.
    dbsecurity.enable_office_rls("enrolments", central_rows=True)
    dbsecurity.grant_app_privileges()


def downgrade():
    op.drop_index(op.f("ix_enrolments_user_id"), table_name="enrolments")
    op.drop_index(op.f("ix_enrolments_office_id"), table_name="enrolments")
    op.drop_table("enrolments")
