"""assessment and resource mapping — life domains, network map, resources, service directory

Revision ID: 0003_resources
Revises: 0002_intake
Reserved in the chain by the foundation; the issue that owns it fills in the schema change.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003_resources'
down_revision = '0002_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
