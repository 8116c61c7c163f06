"""goals — goal hierarchy, GAS, agreements and versions

Revision ID: 0004_goals
Revises: 0003_resources
Reserved in the chain by the foundation; the issue that owns it fills in the schema change.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004_goals'
down_revision = '0003_resources'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agreement',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('agreement_type', sa.String(length=24), nullable=False),
    sa.Column('legal_basis', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.CheckConstraint("agreement_type IN ('kooperationsplan', 'hilfeplan', 'vereinbarung_sgb12', 'foerderplan', 'generic')", name=op.f('ck_agreement_agreement_type_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_agreement_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    op.create_index(op.f('ix_agreement_case_id'), 'agreement', ['case_id'], unique=False)
    op.create_table('goal',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('text_client', sa.String(length=1000), nullable=False),
    sa.Column('text_professional', sa.String(length=1000), nullable=False),
    sa.Column('life_domain', sa.String(length=24), nullable=True),
    sa.Column('indicator', sa.String(length=500), nullable=False),
    sa.Column('baseline', sa.String(length=300), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('importance', sa.Integer(), nullable=True),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('weight', sa.Integer(), nullable=True),
    sa.Column('owner', sa.String(length=8), nullable=False),
    sa.Column('resources', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('gas_baseline', sa.Integer(), nullable=True),
    sa.Column('responsible', sa.String(length=12), nullable=True),
    sa.Column('responsible_name', sa.String(length=200), nullable=False),
    sa.Column('cost_bearer', sa.String(length=200), nullable=False),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('approval_state', sa.String(length=12), nullable=False),
    sa.Column('approved_by_id', sa.Uuid(), nullable=True),
    sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("approval_state IN ('not_needed', 'pending', 'approved', 'rejected')", name=op.f('ck_goal_approval_state_valid')),
    sa.CheckConstraint("level IN ('leitziel', 'rahmenziel', 'handlungsziel', 'massnahme')", name=op.f('ck_goal_level_valid')),
    sa.CheckConstraint("life_domain IS NULL OR life_domain IN ('wirtschaftlich', 'beruflich', 'wohnen', 'gesundheitlich', 'familiaer', 'sozial', 'persoenlich', 'aufenthalt_sprache', 'rechtlich')", name=op.f('ck_goal_life_domain_valid')),
    sa.CheckConstraint("owner IN ('client', 'worker', 'third')", name=op.f('ck_goal_owner_valid')),
    sa.CheckConstraint("responsible IS NULL OR responsible IN ('client', 'worker', 'provider', 'network', 'other')", name=op.f('ck_goal_responsible_valid')),
    sa.CheckConstraint("status IN ('draft', 'agreed', 'in_progress', 'achieved', 'partly_achieved', 'not_achieved', 'dropped', 'revised')", name=op.f('ck_goal_status_valid')),
    sa.CheckConstraint('confidence IS NULL OR (confidence >= 0 AND confidence <= 10)', name=op.f('ck_goal_confidence_range')),
    sa.CheckConstraint('difficulty IS NULL OR (difficulty >= 0 AND difficulty <= 3)', name=op.f('ck_goal_difficulty_range')),
    sa.CheckConstraint('gas_baseline IS NULL OR (gas_baseline >= -2 AND gas_baseline <= 2)', name=op.f('ck_goal_gas_baseline_range')),
    sa.CheckConstraint('importance IS NULL OR (importance >= 0 AND importance <= 3)', name=op.f('ck_goal_importance_range')),
    sa.CheckConstraint('length(text_client) >= 1 AND length(text_client) <= 1000', name=op.f('ck_goal_text_client_length')),
    sa.CheckConstraint('weight IS NULL OR (weight >= 0 AND weight <= 9)', name=op.f('ck_goal_weight_range')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['worker.id'], name=op.f('fk_goal_approved_by_id_worker')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_goal_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['worker.id'], name=op.f('fk_goal_created_by_id_worker')),
    sa.ForeignKeyConstraint(['parent_id'], ['goal.id'], name=op.f('fk_goal_parent_id_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    op.create_index(op.f('ix_goal_case_id'), 'goal', ['case_id'], unique=False)
    op.create_index('ix_goal_case_parent', 'goal', ['case_id', 'parent_id', 'position'], unique=False)
    op.create_table('agreement_version',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=False),
    sa.Column('duties_client', sa.Text(), nullable=False),
    sa.Column('duties_agency', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('interpreter_used', sa.Boolean(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('agreed_by_id', sa.Uuid(), nullable=True),
    sa.Column('handed_over_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('supersedes_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'agreed', 'superseded')", name=op.f('ck_agreement_version_status_valid')),
    sa.ForeignKeyConstraint(['agreed_by_id'], ['worker.id'], name=op.f('fk_agreement_version_agreed_by_id_worker')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_version_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supersedes_id'], ['agreement_version.id'], name=op.f('fk_agreement_version_supersedes_id_agreement_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_version')),
    sa.UniqueConstraint('agreement_id', 'number', name='uq_agreement_version_number')
    )
    op.create_index('ix_agreement_version_status', 'agreement_version', ['agreement_id', 'status'], unique=False)
    op.create_table('gas_level',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.CheckConstraint('length(description) >= 1 AND length(description) <= 500', name=op.f('ck_gas_level_description_length')),
    sa.CheckConstraint('level >= -2 AND level <= 2', name=op.f('ck_gas_level_level_range')),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_gas_level_goal_id_goal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gas_level')),
    sa.UniqueConstraint('goal_id', 'level', name='uq_gas_level_goal_level')
    )
    op.create_index(op.f('ix_gas_level_goal_id'), 'gas_level', ['goal_id'], unique=False)
    op.create_table('gas_review',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('goal_id', sa.Uuid(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint('level >= -2 AND level <= 2', name=op.f('ck_gas_review_level_range')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_gas_review_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_gas_review_goal_id_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_gas_review_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gas_review'))
    )
    op.create_index('ix_gas_review_case_date', 'gas_review', ['case_id', 'review_date'], unique=False)
    op.create_index(op.f('ix_gas_review_goal_id'), 'gas_review', ['goal_id'], unique=False)
    op.create_table('agreement_participant',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('agreed_how', sa.String(length=12), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.CheckConstraint("agreed_how IN ('pending', 'signature', 'textform', 'oral', 'declined')", name=op.f('ck_agreement_participant_agreed_how_valid')),
    sa.CheckConstraint("role IN ('client', 'caseworker', 'parent', 'child', 'guardian', 'provider', 'interpreter', 'trusted_person', 'other')", name=op.f('ck_agreement_participant_role_valid')),
    sa.CheckConstraint('length(name) >= 1 AND length(name) <= 200', name=op.f('ck_agreement_participant_name_length')),
    sa.ForeignKeyConstraint(['version_id'], ['agreement_version.id'], name=op.f('fk_agreement_participant_version_id_agreement_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_participant'))
    )
    op.create_index(op.f('ix_agreement_participant_version_id'), 'agreement_participant', ['version_id'], unique=False)


def downgrade() -> None:
    for table in ("agreement_participant", "agreement_version", "agreement", "gas_review",
                  "gas_level", "goal"):
        op.drop_table(table)
