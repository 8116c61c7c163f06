"""steering — case conferences, closure with evaluation, costs, personal budgets

Revision ID: 0012_steering
Revises: 0011_privacy

Tables: conference (+ conference_participant, conference_decision), case_closure (each closure
with its evaluation and after-care), cost_item (provider, cost bearer, legal basis, planned and
actual cost of a measure or referral, in cents), personal_budget (Persönliches Budget).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012_steering'
down_revision = '0011_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_closure',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('closure_reason', sa.String(length=24), nullable=False),
    sa.Column('client_view', sa.Text(), nullable=False),
    sa.Column('no_evaluation_reason', sa.Text(), nullable=False),
    sa.Column('gas_start', sa.Float(), nullable=True),
    sa.Column('gas_final', sa.Float(), nullable=True),
    sa.Column('goals_total', sa.Integer(), nullable=False),
    sa.Column('goals_achieved', sa.Integer(), nullable=False),
    sa.Column('integrated_on', sa.Date(), nullable=True),
    sa.Column('aftercare_due', sa.Date(), nullable=True),
    sa.Column('aftercare_follow_up_id', sa.Uuid(), nullable=True),
    sa.Column('aftercare_on', sa.Date(), nullable=True),
    sa.Column('aftercare_lasted', sa.Boolean(), nullable=True),
    sa.Column('reopened_on', sa.Date(), nullable=True),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_case_closure_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_case_closure_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_closure'))
    )
    op.create_index('ix_case_closure_case', 'case_closure', ['case_id', 'closed_on'], unique=False)
    op.create_table('conference',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('protocol', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("kind IN ('fallkonferenz', 'helferkonferenz')", name=op.f('ck_conference_kind_valid')),
    sa.CheckConstraint("status IN ('planned', 'held')", name=op.f('ck_conference_status_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_conference_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['worker.id'], name=op.f('fk_conference_created_by_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference'))
    )
    op.create_index('ix_conference_case_held', 'conference', ['case_id', 'held_on'], unique=False)
    op.create_table('personal_budget',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('cost_bearer', sa.String(length=200), nullable=False),
    sa.CheckConstraint('amount_cents >= 0 AND amount_cents <= 100000000', name=op.f('ck_personal_budget_amount_range')),
    sa.CheckConstraint('length(purpose) >= 1 AND length(purpose) <= 500', name=op.f('ck_personal_budget_purpose_length')),
    sa.CheckConstraint('period_to >= period_from', name=op.f('ck_personal_budget_period_order')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_personal_budget_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_budget'))
    )
    op.create_index(op.f('ix_personal_budget_case_id'), 'personal_budget', ['case_id'], unique=False)
    op.create_table('conference_decision',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('follow_up_id', sa.Uuid(), nullable=True),
    sa.Column('goal_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("kind IN ('measure', 'followup', 'referral')", name=op.f('ck_conference_decision_kind_valid')),
    sa.CheckConstraint('length(text) >= 1 AND length(text) <= 500', name=op.f('ck_conference_decision_text_length')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_conference_decision_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_conference_decision_conference_id_conference'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['worker.id'], name=op.f('fk_conference_decision_owner_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_decision'))
    )
    op.create_index(op.f('ix_conference_decision_case_id'), 'conference_decision', ['case_id'], unique=False)
    op.create_index('ix_conference_decision_conference', 'conference_decision', ['conference_id'], unique=False)
    op.create_table('conference_participant',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('external', sa.Boolean(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('disclosure_ok', sa.Boolean(), nullable=False),
    sa.Column('disclosure_note', sa.String(length=500), nullable=False),
    sa.CheckConstraint('length(name) >= 1 AND length(name) <= 200', name=op.f('ck_conference_participant_name_length')),
    sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_conference_participant_conference_id_conference'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_conference_participant_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_participant'))
    )
    op.create_index('ix_conference_participant_conference', 'conference_participant', ['conference_id'], unique=False)
    op.create_table('cost_item',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('goal_id', sa.Uuid(), nullable=True),
    sa.Column('referral_id', sa.Uuid(), nullable=True),
    sa.Column('offering_id', sa.Uuid(), nullable=True),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('cost_bearer', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.String(length=200), nullable=False),
    sa.Column('planned_cents', sa.Integer(), nullable=True),
    sa.Column('actual_cents', sa.Integer(), nullable=True),
    sa.CheckConstraint('(goal_id IS NULL) <> (referral_id IS NULL)', name=op.f('ck_cost_item_one_subject')),
    sa.CheckConstraint('actual_cents IS NULL OR (actual_cents >= 0 AND actual_cents <= 100000000)', name=op.f('ck_cost_item_actual_range')),
    sa.CheckConstraint('length(cost_bearer) >= 1 AND length(cost_bearer) <= 200', name=op.f('ck_cost_item_cost_bearer_length')),
    sa.CheckConstraint('planned_cents IS NULL OR (planned_cents >= 0 AND planned_cents <= 100000000)', name=op.f('ck_cost_item_planned_range')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_cost_item_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_cost_item_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_cost_item_referral_id_referral'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_item')),
    sa.UniqueConstraint('goal_id', name=op.f('uq_cost_item_goal_id')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_cost_item_referral_id'))
    )
    op.create_index('ix_cost_item_case', 'cost_item', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_table('cost_item')
    op.drop_table('conference_participant')
    op.drop_table('conference_decision')
    op.drop_table('personal_budget')
    op.drop_table('conference')
    op.drop_table('case_closure')
