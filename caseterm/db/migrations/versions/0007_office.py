"""office — the audit trail, absences and deputies, shared cases, the DPO role, database roles

Revision ID: 0007_office
Revises: 0006_scale_indexes

- audit_entry: append-only, hash-chained (UPDATE and DELETE are refused by triggers);
  audit_head: the newest sequence number and hash (row 1), locked by every writer.
- absence: a worker away from … to … with her deputy.
- case_share: a case shared with a colleague (hand-over, referral to another legal area).
- worker.db_role: the PostgreSQL role a worker connects as; worker.role gains 'dpo'.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_office'
down_revision = '0006_scale_indexes'
branch_labels = None
depends_on = None

ROLES_OLD = "role IN ('caseworker', 'team_lead', 'trainer', 'admin')"
ROLES_NEW = "role IN ('caseworker', 'team_lead', 'trainer', 'admin', 'dpo')"

PG_GUARD = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('actor_name', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entry'))
    )
    op.create_index('ix_audit_entry_case_seq', 'audit_entry', ['case_id', 'seq'], unique=False)
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')")
    op.create_table('absence',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('deputy_id', sa.Uuid(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_absence_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by'], ['worker.id'], name=op.f('fk_absence_created_by_worker')),
    sa.ForeignKeyConstraint(['deputy_id'], ['worker.id'], name=op.f('fk_absence_deputy_id_worker')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_absence_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence'))
    )
    op.create_index('ix_absence_deputy_dates', 'absence', ['deputy_id', 'starts_on', 'ends_on'], unique=False)
    op.create_index('ix_absence_worker_dates', 'absence', ['worker_id', 'starts_on', 'ends_on'], unique=False)
    op.create_table('case_share',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint("mode IN ('read', 'write')", name=op.f('ck_case_share_mode_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'], name=op.f('fk_case_share_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['worker.id'], name=op.f('fk_case_share_created_by_worker')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_case_share_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_share'))
    )
    op.create_index('ix_case_share_worker_case', 'case_share', ['worker_id', 'case_id'], unique=False)
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('db_role', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_worker_db_role'), ['db_role'])
        batch_op.drop_constraint(batch_op.f('ck_worker_role_valid'), type_='check')
        batch_op.create_check_constraint('role_valid', ROLES_NEW)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_GUARD)
    else:
        op.execute("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
                   "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")
        op.execute("CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
                   "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_worker_role_valid'), type_='check')
        batch_op.create_check_constraint('role_valid', ROLES_OLD)
        batch_op.drop_constraint(batch_op.f('uq_worker_db_role'), type_='unique')
        batch_op.drop_column('db_role')
    op.drop_index('ix_case_share_worker_case', table_name='case_share')
    op.drop_table('case_share')
    op.drop_index('ix_absence_worker_dates', table_name='absence')
    op.drop_index('ix_absence_deputy_dates', table_name='absence')
    op.drop_table('absence')
    op.drop_table('audit_head')
    op.drop_index('ix_audit_entry_case_seq', table_name='audit_entry')
    op.drop_table('audit_entry')
