"""devices — device keys (public keys of laptops and the centre), this database's own private
keys, and receipts of imported bundles

Revision ID: 0015_devices
Revises: 0014_sync
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0015_devices'
down_revision = '0014_sync'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('device_key',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('worker_id', sa.Uuid(), nullable=True),
    sa.Column('sign_public', sa.String(length=64), nullable=False),
    sa.Column('box_public', sa.String(length=64), nullable=False),
    sa.Column('registered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('registered_by', sa.Uuid(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint("kind IN ('laptop', 'central')", name=op.f('ck_device_key_kind_valid')),
    sa.ForeignKeyConstraint(['registered_by'], ['worker.id'],
                            name=op.f('fk_device_key_registered_by_worker')),
    sa.ForeignKeyConstraint(['revoked_by'], ['worker.id'],
                            name=op.f('fk_device_key_revoked_by_worker')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'],
                            name=op.f('fk_device_key_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_key')),
    sa.UniqueConstraint('device_id', name=op.f('uq_device_key_device_id'))
    )
    op.create_index('ix_device_key_worker_id', 'device_key', ['worker_id'], unique=False)
    op.create_table('device_secret',
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('sign_private', sa.LargeBinary(), nullable=False),
    sa.Column('box_private', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_secret'))
    )
    op.create_table('bundle_receipt',
    sa.Column('bundle_id', sa.Uuid(), nullable=False),
    sa.Column('sender_device', sa.Uuid(), nullable=False),
    sa.Column('seq_from', sa.Integer(), nullable=False),
    sa.Column('seq_to', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('held', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint("status IN ('applied', 'held')",
                       name=op.f('ck_bundle_receipt_status_valid')),
    sa.PrimaryKeyConstraint('bundle_id', name=op.f('pk_bundle_receipt'))
    )
    op.create_index('ix_bundle_receipt_sender_device', 'bundle_receipt',
                    ['sender_device', 'seq_from'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_bundle_receipt_sender_device', table_name='bundle_receipt')
    op.drop_table('bundle_receipt')
    op.drop_table('device_secret')
    op.drop_index('ix_device_key_worker_id', table_name='device_key')
    op.drop_table('device_key')
