"""desk — a half-typed intake kept as a draft (one per worker)

Revision ID: 0013_desk
Revises: 0012_steering
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013_desk'
down_revision = '0012_steering'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intake_draft',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'],
                            name=op.f('fk_intake_draft_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_draft')),
    sa.UniqueConstraint('worker_id', name=op.f('uq_intake_draft_worker_id'))
    )


def downgrade() -> None:
    op.drop_table('intake_draft')
