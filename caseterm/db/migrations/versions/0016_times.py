"""times — an optional time of day for follow-ups and appointments (.ics DTSTART with a time),
and covering indexes for the office-wide steering figures (issue 19)

Revision ID: 0016_times
Revises: 0015_devices
"""
from alembic import op
import sqlalchemy as sa


revision = '0016_times'
down_revision = '0015_devices'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_time', sa.Time(), nullable=True))
        batch_op.create_index('ix_follow_up_steer',
                              ['status', 'assignee_id', 'case_id', 'due_date',
                               'postpone_count'], unique=False)
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.create_index('ix_casefile_steer_client',
                              ['client_id', 'opened_on', 'closed_on'], unique=False)
        batch_op.create_index('ix_casefile_steer_load',
                              ['lead_worker_id', 'legal_area', 'client_id', 'opened_on',
                               'closed_on'], unique=False)
        batch_op.create_index('ix_casefile_steer_phase',
                              ['phase', 'client_id', 'opened_on', 'closed_on', 'phase_since'],
                              unique=False)
        batch_op.create_index('ix_casefile_steer_id',
                              ['id', 'client_id', 'opened_on', 'closed_on'], unique=False)
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.create_index('ix_referral_event_status', ['status', 'referral_id', 'at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_event_status')
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.drop_index('ix_casefile_steer_id')
        batch_op.drop_index('ix_casefile_steer_phase')
        batch_op.drop_index('ix_casefile_steer_load')
        batch_op.drop_index('ix_casefile_steer_client')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_up_steer')
        batch_op.drop_column('due_time')
