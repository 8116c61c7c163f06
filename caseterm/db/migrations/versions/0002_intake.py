"""intake — household, referral, indication check, consents, working agreement, case search

Revision ID: 0002_intake
Revises: 0001_foundation
Reserved in the chain by the foundation; the issue that owns it fills in the schema change.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002_intake'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
