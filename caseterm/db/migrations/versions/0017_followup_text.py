"""followup_text — generated follow-up texts kept as a key plus data (issue 12)

Revision ID: 0017_followup_text
Revises: 0016_times

Older rows get an empty key and keep showing their stored text.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_followup_text'
down_revision = '0016_times'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_key', sa.String(length=40), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('text_data', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_column('text_data')
        batch_op.drop_column('text_key')
