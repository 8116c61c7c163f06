"""intake — household, referral, indication check, consents, working agreement, case search

Revision ID: 0002_intake
Revises: 0001_foundation
Adds the intake tables, the client's phonetic key (Kölner Phonetik, for the duplicate check)
with its indexes, and — on SQLite only — the FTS5 search table `case_fts` (kept in step by
mapper events, see below). On PostgreSQL no FTS table is made; caseterm.db.search falls back to lower()/LIKE.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002_intake'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

# The FTS document of a case (rowid = casefile.search_key, a stable integer): names as typed (the unicode61 tokenizer folds case and
# diacritics; the search module adds transliterated variants to the query), the case number
# as typed and compacted, the birth date as DDMMYYYY and YYYYMMDD.
_DOC = """
    SELECT c.search_key, c.id, cl.first_name || ' ' || cl.last_name,
           c.case_number || ' ' || replace(c.case_number, '-', ''),
           CASE WHEN cl.birth_date IS NULL THEN '' ELSE
             substr(cl.birth_date, 9, 2) || substr(cl.birth_date, 6, 2) ||
             substr(cl.birth_date, 1, 4) || ' ' || replace(substr(cl.birth_date, 1, 10), '-', '')
           END
    FROM casefile c JOIN client cl ON cl.id = c.client_id
"""

# No triggers: with PRAGMA trusted_schema=OFF (engine.py) SQLite refuses FTS5 writes from
# triggers ("unsafe use of virtual table"); the index is kept in step by mapper events in
# caseterm/models/intake.py, and caseterm.db.search.rebuild() rebuilds it after raw imports.
FTS_SQL = [
    "CREATE VIRTUAL TABLE case_fts USING fts5(case_id UNINDEXED, names, number, birth, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO case_fts(rowid, case_id, names, number, birth) " + _DOC,
]
FTS_DROP = ["DROP TABLE IF EXISTS case_fts"]


def _fill_phonetic_keys() -> None:
    from caseterm.core.names import match_key, phonetic_key

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, first_name, last_name FROM client")).fetchall()
    for row in rows:
        conn.execute(sa.text("UPDATE client SET phonetic_key = :p, name_key = :k WHERE id = :id"),
                     {"p": phonetic_key(row.first_name, row.last_name),
                      "k": match_key(row.first_name, row.last_name), "id": row.id})


def upgrade() -> None:
    op.create_table('household_member',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relation', sa.String(length=60), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('in_benefit_unit', sa.Boolean(), nullable=False),
    sa.CheckConstraint('length(name) >= 1 AND length(name) <= 200', name=op.f('ck_household_member_name_length')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_household_member_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_member'))
    )
    op.create_index(op.f('ix_household_member_client_id'), 'household_member', ['client_id'], unique=False)
    op.create_table('consent',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('given_by', sa.String(length=24), nullable=False),
    sa.Column('given_by_name', sa.String(length=200), nullable=False),
    sa.Column('purposes', sa.String(length=200), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=False),
    sa.Column('information_given', sa.Boolean(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_channel', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint("form IN ('written', 'electronic', 'oral_recorded')", name=op.f('ck_consent_form_valid')),
    sa.CheckConstraint("given_by IN ('client', 'custody_holders', 'client_and_custody', 'legal_guardian')", name=op.f('ck_consent_given_by_valid')),
    sa.CheckConstraint('valid_until IS NULL OR valid_until >= given_on', name=op.f('ck_consent_valid_after_given')),
    sa.CheckConstraint('withdrawn_on IS NULL OR withdrawn_on >= given_on', name=op.f('ck_consent_withdrawn_after_given')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_consent_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['worker.id'], name=op.f('fk_consent_recorded_by_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    op.create_index('ix_consent_case', 'consent', ['case_id', 'given_on'], unique=False)
    op.create_table('intake_concern',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('domain', sa.String(length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.CheckConstraint("domain IN ('wirtschaftlich', 'beruflich', 'wohnen', 'gesundheitlich', 'familiaer', 'sozial', 'persoenlich', 'aufenthalt_sprache')", name=op.f('ck_intake_concern_domain_valid')),
    sa.CheckConstraint('length(text) >= 1', name=op.f('ck_intake_concern_text_not_empty')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_intake_concern_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_concern'))
    )
    op.create_index('ix_intake_concern_case_domain', 'intake_concern', ['case_id', 'domain'], unique=True)
    op.create_table('intake_record',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('referral_source', sa.String(length=24), nullable=False),
    sa.Column('referring_agency', sa.String(length=200), nullable=False),
    sa.Column('urgency', sa.String(length=12), nullable=False),
    sa.Column('complex_need', sa.Boolean(), nullable=False),
    sa.Column('many_actors', sa.Boolean(), nullable=False),
    sa.Column('standard_path_fails', sa.Boolean(), nullable=False),
    sa.Column('insufficient_own_resources', sa.Boolean(), nullable=False),
    sa.Column('domain_count', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('alternative', sa.String(length=24), nullable=True),
    sa.Column('alternative_note', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.CheckConstraint("alternative IS NULL OR alternative IN ('advice_only', 'referral_elsewhere', 'standard_service', 'no_need', 'client_declined', 'other')", name=op.f('ck_intake_record_alternative_valid')),
    sa.CheckConstraint("decision IN ('pending', 'indicated', 'not_indicated')", name=op.f('ck_intake_record_decision_valid')),
    sa.CheckConstraint("referral_source IN ('self', 'job_centre', 'youth_office', 'social_office', 'school', 'clinic', 'counselling_service', 'court_police', 'other_agency', 'family_friends', 'other')", name=op.f('ck_intake_record_referral_source_valid')),
    sa.CheckConstraint("urgency IN ('routine', 'soon', 'urgent', 'crisis')", name=op.f('ck_intake_record_urgency_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_intake_record_case_id_casefile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_record')),
    sa.UniqueConstraint('case_id', name=op.f('uq_intake_record_case_id'))
    )
    op.create_table('working_agreement',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('roles', sa.Text(), nullable=False),
    sa.Column('client_tasks', sa.Text(), nullable=False),
    sa.Column('worker_tasks', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=500), nullable=False),
    sa.Column('frequency', sa.String(length=200), nullable=False),
    sa.Column('privacy_info_on', sa.Date(), nullable=True),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_working_agreement_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_working_agreement_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_agreement'))
    )
    op.create_index('ix_working_agreement_case', 'working_agreement', ['case_id', 'agreed_on'], unique=False)
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phonetic_key', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.create_index('ix_client_birth_date', ['birth_date'], unique=False)
        batch_op.create_index('ix_client_phonetic_birth', ['phonetic_key', 'birth_date'],
                              unique=False)
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.create_index('ix_casefile_cp_number', ['child_protection', 'case_number'],
                              unique=False)
        batch_op.create_index('ix_casefile_deputy', ['deputy_worker_id'], unique=False)
        batch_op.add_column(sa.Column('search_key', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_casefile_search_key'), ['search_key'],
                              unique=False)
    # Existing cases get stable search keys in a fixed order.
    conn = op.get_bind()
    ids = conn.execute(sa.text("SELECT id FROM casefile ORDER BY created_at, case_number"))
    for n, (case_id,) in enumerate(ids.fetchall(), start=1):
        conn.execute(sa.text("UPDATE casefile SET search_key = :n WHERE id = :id"),
                     {"n": n, "id": case_id})
    _fill_phonetic_keys()
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_SQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casefile_search_key'))
        batch_op.drop_column('search_key')
        batch_op.drop_index('ix_casefile_deputy')
        batch_op.drop_index('ix_casefile_cp_number')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index('ix_client_phonetic_birth')
        batch_op.drop_index('ix_client_birth_date')
        batch_op.drop_column('phonetic_key')
    op.drop_index('ix_working_agreement_case', table_name='working_agreement')
    op.drop_table('working_agreement')
    op.drop_table('intake_record')
    op.drop_index('ix_intake_concern_case_domain', table_name='intake_concern')
    op.drop_table('intake_concern')
    op.drop_index('ix_consent_case', table_name='consent')
    op.drop_table('consent')
    op.drop_index(op.f('ix_household_member_client_id'), table_name='household_member')
    op.drop_table('household_member')
