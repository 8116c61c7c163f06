"""people — hand-over of a case, the receiving worker of a referral, the team lead's reason

Revision ID: 0009_people
Revises: 0008_gesamtplan

- case_handover: a case handed over to another worker or office with a note; pending until
  the receiver accepts (Zuständigkeitswechsel).
- referral.recipient_worker_id: the worker of another legal area / internal service who
  receives the referral and answers it.
- goal.decision_reason: the team lead's reason for approving or declining a measure.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009_people'
down_revision = '0008_gesamtplan'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_handover',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('from_worker_id', sa.Uuid(), nullable=False),
    sa.Column('to_worker_id', sa.Uuid(), nullable=True),
    sa.Column('to_office', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('accepted_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'withdrawn')", name=op.f('ck_case_handover_status_valid')),
    sa.CheckConstraint('to_worker_id IS NOT NULL OR length(to_office) >= 1', name=op.f('ck_case_handover_has_receiver')),
    sa.ForeignKeyConstraint(['accepted_by'], ['worker.id'], name=op.f('fk_case_handover_accepted_by_worker')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_case_handover_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_worker_id'], ['worker.id'], name=op.f('fk_case_handover_from_worker_id_worker')),
    sa.ForeignKeyConstraint(['to_worker_id'], ['worker.id'], name=op.f('fk_case_handover_to_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_handover'))
    )
    op.create_index('ix_case_handover_case', 'case_handover', ['case_id', 'status'], unique=False)
    op.create_index('ix_case_handover_to_status', 'case_handover', ['to_worker_id', 'status'], unique=False)
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient_worker_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_referral_recipient_worker_id'), ['recipient_worker_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_referral_recipient_worker_id_worker'), 'worker', ['recipient_worker_id'], ['id'])
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_column('decision_reason')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_referral_recipient_worker_id_worker'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_referral_recipient_worker_id'))
        batch_op.drop_column('recipient_worker_id')
    op.drop_index('ix_case_handover_to_status', table_name='case_handover')
    op.drop_index('ix_case_handover_case', table_name='case_handover')
    op.drop_table('case_handover')
