"""scale — indexes found by the benchmark at 100,000 clients

Revision ID: 0006_scale_indexes
Revises: 0005_followups

- ix_casefile_deputy_phase: the home screen's "my open cases" (lead OR deputy) scanned the
  whole casefile table for the deputy side.
"""
from alembic import op


revision = '0006_scale_indexes'
down_revision = '0005_followups'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_casefile_deputy_phase', 'casefile', ['deputy_worker_id', 'phase'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_casefile_deputy_phase', table_name='casefile')
