"""syncgaps — held changes retried, merged persons keep a link (issue 17)

Revision ID: 0018_syncgaps
Revises: 0017_followup_text

- `sync_held`: a laptop's change held at the centre until the record it belongs to arrives.
- `client.merged_into`: a person merged away in the duplicate review points to the survivor.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0018_syncgaps'
down_revision = '0017_followup_text'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sync_held',
        sa.Column('change_id', sa.Uuid(), nullable=False),
        sa.Column('device_id', sa.Uuid(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('entity', sa.String(length=64), nullable=False),
        sa.Column('record_id', sa.Uuid(), nullable=False),
        sa.Column('case_id', sa.Uuid(), nullable=True),
        sa.Column('parent_entity', sa.String(length=64), nullable=False),
        sa.Column('parent_id', sa.Uuid(), nullable=True),
        sa.Column('author_name', sa.String(length=200), nullable=False),
        sa.Column('change', sa.Text(), nullable=False),
        sa.Column('held_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('change_id', name=op.f('pk_sync_held')),
    )
    op.create_index('ix_sync_held_parent', 'sync_held', ['parent_entity', 'parent_id'],
                    unique=False)
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into', sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_column('merged_into')
    op.drop_index('ix_sync_held_parent', table_name='sync_held')
    op.drop_table('sync_held')
