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
    pass


def downgrade() -> None:
    pass
