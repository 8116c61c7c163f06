"""follow-ups — referrals, chains and recurrences, escalation

Revision ID: 0005_followups
Revises: 0004_goals
Tables: referral (+ referral_event history), follow_up_postponement (postponement history),
follow_up_plan (chains and recurrences).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_followups'
down_revision = '0004_goals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('referral',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('target', sa.String(length=12), nullable=False),
    sa.Column('offering_id', sa.Uuid(), nullable=True),
    sa.Column('target_legal_area', sa.String(length=16), nullable=True),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('feedback_due', sa.Date(), nullable=False),
    sa.Column('consent_basis', sa.String(length=16), nullable=False),
    sa.Column('legal_exception', sa.String(length=20), nullable=True),
    sa.Column('exception_reason', sa.Text(), nullable=False),
    sa.Column('child_protection_concern', sa.Boolean(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("consent_basis = 'consent' OR length(exception_reason) >= 1", name=op.f('ck_referral_exception_has_reason')),
    sa.CheckConstraint("consent_basis IN ('consent', 'legal_exception')", name=op.f('ck_referral_consent_basis_valid')),
    sa.CheckConstraint("legal_exception IS NULL OR legal_exception IN ('child_protection', 'sgb_x_69', 'sgb_x_68', 'other')", name=op.f('ck_referral_legal_exception_valid')),
    sa.CheckConstraint("status IN ('sent', 'contact_made', 'help_started', 'feedback_received', 'closed', 'declined')", name=op.f('ck_referral_status_valid')),
    sa.CheckConstraint("target IN ('offering', 'specialist')", name=op.f('ck_referral_target_valid')),
    sa.CheckConstraint("target_legal_area IS NULL OR target_legal_area IN ('sgb2', 'sgb8', 'sgb12', 'integration', 'other')", name=op.f('ck_referral_target_legal_area_valid')),
    sa.CheckConstraint('length(recipient) >= 1 AND length(recipient) <= 200', name=op.f('ck_referral_recipient_length')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_referral_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_referral_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    op.create_index('ix_referral_case_status', 'referral', ['case_id', 'status'], unique=False)
    op.create_table('follow_up_plan',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('interval', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('occurrence', sa.Integer(), nullable=False),
    sa.Column('anchor', sa.Date(), nullable=False),
    sa.Column('next_step', sa.String(length=500), nullable=False),
    sa.CheckConstraint("mode IN ('chain', 'recurrence')", name=op.f('ck_follow_up_plan_mode_valid')),
    sa.CheckConstraint("unit IN ('workdays', 'days', 'weeks', 'months')", name=op.f('ck_follow_up_plan_unit_valid')),
    sa.CheckConstraint('interval > 0', name=op.f('ck_follow_up_plan_interval_positive')),
    sa.CheckConstraint('remaining >= 0', name=op.f('ck_follow_up_plan_remaining_positive')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], name=op.f('fk_follow_up_plan_follow_up_id_follow_up'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_plan')),
    sa.UniqueConstraint('follow_up_id', name=op.f('uq_follow_up_plan_follow_up_id'))
    )
    op.create_table('follow_up_postponement',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Uuid(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint('length(reason) >= 1 AND length(reason) <= 500', name=op.f('ck_follow_up_postponement_reason_length')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], name=op.f('fk_follow_up_postponement_follow_up_id_follow_up'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_follow_up_postponement_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_postponement'))
    )
    op.create_index('ix_follow_up_postponement_fu', 'follow_up_postponement', ['follow_up_id', 'at'], unique=False)
    op.create_table('referral_event',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('sent', 'contact_made', 'help_started', 'feedback_received', 'closed', 'declined')", name=op.f('ck_referral_event_status_valid')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_event_referral_id_referral'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_referral_event_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_event'))
    )
    op.create_index('ix_referral_event_referral_at', 'referral_event', ['referral_id', 'at'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_referral_event_referral_at', table_name='referral_event')
    op.drop_table('referral_event')
    op.drop_index('ix_follow_up_postponement_fu', table_name='follow_up_postponement')
    op.drop_table('follow_up_postponement')
    op.drop_table('follow_up_plan')
    op.drop_index('ix_referral_case_status', table_name='referral')
    op.drop_table('referral')
