"""sync — change log, merge state, conflicts and cross-site duplicates (issue 17)

Revision ID: 0014_sync
Revises: 0013_desk
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014_sync'
down_revision = '0013_desk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_change',
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('base', sa.Uuid(), nullable=True),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('server_version', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('against', sa.Uuid(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("op IN ('insert', 'update', 'delete')", name=op.f('ck_sync_change_op_valid')),
    sa.CheckConstraint("outcome IN ('pending', 'applied', 'same', 'conflict', 'ignored')", name=op.f('ck_sync_change_outcome_valid')),
    sa.PrimaryKeyConstraint('change_id', name=op.f('pk_sync_change')),
    sa.UniqueConstraint('device_id', 'seq', name='uq_sync_change_device_seq')
    )
    op.create_index(op.f('ix_sync_change_case_id'), 'sync_change', ['case_id'], unique=False)
    op.create_index('ix_sync_change_pending', 'sync_change', ['outcome', 'device_id'], unique=False)
    op.create_index('ix_sync_change_record', 'sync_change', ['entity', 'record_id'], unique=False)
    op.create_index('ix_sync_change_server_version', 'sync_change', ['server_version'], unique=False)
    op.create_table('sync_conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('base', sa.Uuid(), nullable=True),
    sa.Column('local_change', sa.Uuid(), nullable=True),
    sa.Column('local_value', sa.Text(), nullable=False),
    sa.Column('local_author', sa.String(length=200), nullable=False),
    sa.Column('local_hlc', sa.String(length=40), nullable=False),
    sa.Column('remote_change', sa.Uuid(), nullable=False),
    sa.Column('remote_value', sa.Text(), nullable=False),
    sa.Column('remote_author', sa.String(length=200), nullable=False),
    sa.Column('remote_hlc', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('decided_value', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'decided')", name=op.f('ck_sync_conflict_state_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    op.create_index('ix_sync_conflict_case_state', 'sync_conflict', ['case_id', 'state'], unique=False)
    op.create_table('sync_duplicate',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('person_a', sa.Uuid(), nullable=False),
    sa.Column('person_b', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'merged', 'different')", name=op.f('ck_sync_duplicate_state_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_duplicate')),
    sa.UniqueConstraint('person_a', 'person_b', name='uq_sync_duplicate_pair')
    )
    op.create_table('sync_field',
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id', 'field', name=op.f('pk_sync_field'))
    )
    op.create_table('sync_inbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.Uuid(), nullable=False),
    sa.Column('first', sa.BigInteger(), nullable=False),
    sa.Column('last', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_inbox')),
    sa.UniqueConstraint('source', 'first', name='uq_sync_inbox_source_first')
    )
    op.create_table('sync_peer',
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.Column('office', sa.String(length=120), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('acked_version', sa.BigInteger(), nullable=False),
    sa.Column('last_seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_sync_peer'))
    )
    op.create_table('sync_peer_case',
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('sent_version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'case_id', name=op.f('pk_sync_peer_case'))
    )
    op.create_table('sync_person_index',
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('name_key', sa.String(length=220), nullable=False),
    sa.Column('phonetic_key', sa.String(length=120), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_sync_person_index'))
    )
    op.create_index('ix_sync_person_index_key_birth', 'sync_person_index', ['name_key', 'birth_date'], unique=False)
    op.create_index('ix_sync_person_index_phonetic', 'sync_person_index', ['phonetic_key', 'birth_date'], unique=False)
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('device_name', sa.String(length=120), nullable=False),
    sa.Column('next_seq', sa.BigInteger(), nullable=False),
    sa.Column('next_server_version', sa.BigInteger(), nullable=False),
    sa.Column('central_url', sa.Text(), nullable=False),
    sa.Column('last_pulled', sa.BigInteger(), nullable=False),
    sa.Column('last_sync_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('scope_worker_id', sa.Uuid(), nullable=True),
    sa.Column('scope_office', sa.String(length=120), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('checked_out_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('stale_days', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('none', 'central', 'replica')", name=op.f('ck_sync_state_role_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )


def downgrade() -> None:
    op.drop_index('ix_sync_person_index_phonetic', table_name='sync_person_index')
    op.drop_index('ix_sync_person_index_key_birth', table_name='sync_person_index')
    op.drop_index('ix_sync_conflict_case_state', table_name='sync_conflict')
    op.drop_index('ix_sync_change_server_version', table_name='sync_change')
    op.drop_index('ix_sync_change_record', table_name='sync_change')
    op.drop_index('ix_sync_change_pending', table_name='sync_change')
    op.drop_index(op.f('ix_sync_change_case_id'), table_name='sync_change')
    for table in ('sync_state', 'sync_person_index', 'sync_peer_case', 'sync_peer',
                  'sync_inbox', 'sync_field', 'sync_duplicate', 'sync_conflict',
                  'sync_change'):
        op.drop_table(table)
