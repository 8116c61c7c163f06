"""assessment and resource mapping — life domains, network map, resources, service directory

Revision ID: 0003_resources
Revises: 0002_intake
Tables: assessment, assessment_domain, resource, network_map, network_person, network_tie,
service_provider, service_offering, unmet_need (all new, so no batch mode is needed).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003_resources'
down_revision = '0002_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_provider',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint('length(name) >= 1 AND length(name) <= 200', name=op.f('ck_service_provider_name_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_provider')),
    sa.UniqueConstraint('name', name=op.f('uq_service_provider_name'))
    )
    op.create_table('service_offering',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('cost_bearer', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('waiting_weeks', sa.Integer(), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.CheckConstraint("category IN ('debt_counselling', 'addiction_counselling', 'childcare', 'housing_advice', 'psychosocial_support', 'educational_help', 'family_counselling', 'language_course', 'qualification', 'employment', 'migration_counselling', 'health', 'self_help', 'volunteers', 'other')", name=op.f('ck_service_offering_category_valid')),
    sa.CheckConstraint('length(title) >= 1 AND length(title) <= 200', name=op.f('ck_service_offering_title_length')),
    sa.CheckConstraint('waiting_weeks IS NULL OR waiting_weeks >= 0', name=op.f('ck_service_offering_waiting_positive')),
    sa.ForeignKeyConstraint(['provider_id'], ['service_provider.id'], name=op.f('fk_service_offering_provider_id_service_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_offering')),
    sa.UniqueConstraint('provider_id', 'title', name='uq_service_offering_provider_title')
    )
    op.create_index('ix_service_offering_order', 'service_offering', ['category', 'title'], unique=False)
    op.create_index(op.f('ix_service_offering_provider_id'), 'service_offering', ['provider_id'], unique=False)
    op.create_table('assessment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('scheme_id', sa.String(length=40), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('completed_on IS NULL OR completed_on >= assessed_on', name=op.f('ck_assessment_completed_after_assessed')),
    sa.CheckConstraint('length(scheme_id) >= 1 AND length(scheme_id) <= 40', name=op.f('ck_assessment_scheme_id_length')),
    sa.ForeignKeyConstraint(['author_id'], ['worker.id'], name=op.f('fk_assessment_author_id_worker')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_assessment_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    op.create_index('ix_assessment_case_date', 'assessment', ['case_id', 'assessed_on'], unique=False)
    op.create_table('network_map',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('drawn_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['worker.id'], name=op.f('fk_network_map_author_id_worker')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_network_map_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_map')),
    sa.UniqueConstraint('case_id', 'drawn_on', name='uq_network_map_case_day')
    )
    op.create_index(op.f('ix_network_map_case_id'), 'network_map', ['case_id'], unique=False)
    op.create_table('resource',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('offering_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("field IN ('personal', 'social', 'material', 'institutional')", name=op.f('ck_resource_field_valid')),
    sa.CheckConstraint("source IN ('client', 'worker', 'third')", name=op.f('ck_resource_source_valid')),
    sa.CheckConstraint("status IN ('available', 'activatable', 'lost')", name=op.f('ck_resource_status_valid')),
    sa.CheckConstraint('length(text) >= 1', name=op.f('ck_resource_text_not_empty')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_resource_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offering_id'], ['service_offering.id'], name=op.f('fk_resource_offering_id_service_offering'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource'))
    )
    op.create_index(op.f('ix_resource_case_id'), 'resource', ['case_id'], unique=False)
    op.create_table('unmet_need',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('domain_id', sa.String(length=40), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("category IS NULL OR category IN ('debt_counselling', 'addiction_counselling', 'childcare', 'housing_advice', 'psychosocial_support', 'educational_help', 'family_counselling', 'language_course', 'qualification', 'employment', 'migration_counselling', 'health', 'self_help', 'volunteers', 'other')", name=op.f('ck_unmet_need_category_valid')),
    sa.CheckConstraint('length(need) >= 1', name=op.f('ck_unmet_need_need_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['worker.id'], name=op.f('fk_unmet_need_author_id_worker')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_unmet_need_case_id_casefile'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmet_need'))
    )
    op.create_index(op.f('ix_unmet_need_case_id'), 'unmet_need', ['case_id'], unique=False)
    op.create_index('ix_unmet_need_domain_district', 'unmet_need', ['domain_id', 'district'], unique=False)
    op.create_table('assessment_domain',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Uuid(), nullable=False),
    sa.Column('domain_id', sa.String(length=40), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('client_view', sa.Text(), nullable=False),
    sa.Column('worker_view', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.CheckConstraint("urgency IN ('none', 'low', 'medium', 'high')", name=op.f('ck_assessment_domain_urgency_valid')),
    sa.CheckConstraint('rating IS NULL OR (rating >= 0 AND rating <= 10)', name=op.f('ck_assessment_domain_rating_range')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_domain_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_domain')),
    sa.UniqueConstraint('assessment_id', 'domain_id', name='uq_assessment_domain_entry')
    )
    op.create_index(op.f('ix_assessment_domain_assessment_id'), 'assessment_domain', ['assessment_id'], unique=False)
    op.create_table('network_person',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_key', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('sector', sa.String(length=16), nullable=False),
    sa.Column('closeness', sa.Integer(), nullable=False),
    sa.Column('tie', sa.String(length=12), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('deceased', sa.Boolean(), nullable=False),
    sa.Column('human', sa.Boolean(), nullable=False),
    sa.Column('s_emotional', sa.Integer(), nullable=False),
    sa.Column('s_practical', sa.Integer(), nullable=False),
    sa.Column('s_informational', sa.Integer(), nullable=False),
    sa.Column('s_social', sa.Integer(), nullable=False),
    sa.Column('s_linking', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('offering_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("NOT conflict OR tie != 'none'", name=op.f('ck_network_person_conflict_needs_tie')),
    sa.CheckConstraint("sector IN ('family', 'friends', 'colleagues', 'professional')", name=op.f('ck_network_person_sector_valid')),
    sa.CheckConstraint("tie IN ('none', 'normal', 'multiplex')", name=op.f('ck_network_person_tie_valid')),
    sa.CheckConstraint('closeness >= 1 AND closeness <= 9', name=op.f('ck_network_person_closeness_in_rings')),
    sa.CheckConstraint('length(name) >= 1 AND length(name) <= 100', name=op.f('ck_network_person_name_length')),
    sa.CheckConstraint('s_emotional BETWEEN 0 AND 3 AND s_practical BETWEEN 0 AND 3 AND s_informational BETWEEN 0 AND 3 AND s_social BETWEEN 0 AND 3 AND s_linking BETWEEN 0 AND 3', name=op.f('ck_network_person_support_range')),
    sa.ForeignKeyConstraint(['map_id'], ['network_map.id'], name=op.f('fk_network_person_map_id_network_map'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offering_id'], ['service_offering.id'], name=op.f('fk_network_person_offering_id_service_offering'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_person')),
    sa.UniqueConstraint('map_id', 'name_key', name='uq_network_person_map_name')
    )
    op.create_index(op.f('ix_network_person_map_id'), 'network_person', ['map_id'], unique=False)
    op.create_table('network_tie',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Uuid(), nullable=False),
    sa.Column('a_id', sa.Uuid(), nullable=False),
    sa.Column('b_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('a_id != b_id', name=op.f('ck_network_tie_not_to_oneself')),
    sa.ForeignKeyConstraint(['a_id'], ['network_person.id'], name=op.f('fk_network_tie_a_id_network_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['b_id'], ['network_person.id'], name=op.f('fk_network_tie_b_id_network_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['map_id'], ['network_map.id'], name=op.f('fk_network_tie_map_id_network_map'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_tie')),
    sa.UniqueConstraint('a_id', 'b_id', name='uq_network_tie_pair')
    )
    op.create_index('ix_network_tie_b', 'network_tie', ['b_id'], unique=False)
    op.create_index(op.f('ix_network_tie_map_id'), 'network_tie', ['map_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_network_tie_b', table_name='network_tie')
    op.drop_index(op.f('ix_network_tie_map_id'), table_name='network_tie')
    op.drop_table('network_tie')
    op.drop_index(op.f('ix_network_person_map_id'), table_name='network_person')
    op.drop_table('network_person')
    op.drop_index(op.f('ix_assessment_domain_assessment_id'), table_name='assessment_domain')
    op.drop_table('assessment_domain')
    op.drop_index(op.f('ix_unmet_need_case_id'), table_name='unmet_need')
    op.drop_index('ix_unmet_need_domain_district', table_name='unmet_need')
    op.drop_table('unmet_need')
    op.drop_index(op.f('ix_resource_case_id'), table_name='resource')
    op.drop_table('resource')
    op.drop_index(op.f('ix_network_map_case_id'), table_name='network_map')
    op.drop_table('network_map')
    op.drop_index('ix_assessment_case_date', table_name='assessment')
    op.drop_table('assessment')
    op.drop_index('ix_service_offering_order', table_name='service_offering')
    op.drop_index(op.f('ix_service_offering_provider_id'), table_name='service_offering')
    op.drop_table('service_offering')
    op.drop_table('service_provider')
