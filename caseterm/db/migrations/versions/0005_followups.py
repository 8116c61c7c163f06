"""follow-ups — referrals, chains and recurrences, escalation

Revision ID: 0005_followups
Revises: 0004_goals
Reserved in the chain by the foundation; the issue that owns it fills in the schema change.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_followups'
down_revision = '0004_goals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
