"""steerkeys — covering indexes for the office-wide steering figures (issue 19)

Revision ID: 0019_steerkeys
Revises: 0018_syncgaps

The office-wide dashboard joins every open follow-up, referral, cost item and closure of the
period to its case (for the client and the period scope). Each join now reads a covering index
instead of the case's table row:

- `ix_casefile_steer_key` (id, client_id, opened_on, closed_on, legal_area) replaces
  `ix_casefile_steer_id` of 0016_times, which lacked the legal area;
- `ix_referral_steer`: referrals per provider in the order of the provider, then the date;
- `ix_cost_item_steer`: the cost figures without the cost item's row;
- `ix_case_closure_steer`: the closures of a period with their outcome.
"""
from alembic import op


revision = '0019_steerkeys'
down_revision = '0018_syncgaps'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_casefile_steer_id', table_name='casefile')
    op.create_index('ix_casefile_steer_key', 'casefile',
                    ['id', 'client_id', 'opened_on', 'closed_on', 'legal_area'], unique=False)
    op.create_index('ix_referral_steer', 'referral',
                    ['recipient', 'sent_on', 'case_id', 'status', 'id'], unique=False)
    op.create_index('ix_cost_item_steer', 'cost_item',
                    ['case_id', 'offering_id', 'goal_id', 'cost_bearer', 'planned_cents',
                     'actual_cents'], unique=False)
    op.create_index('ix_case_closure_steer', 'case_closure',
                    ['closed_on', 'case_id', 'integrated_on', 'aftercare_lasted', 'gas_start',
                     'gas_final'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_case_closure_steer', table_name='case_closure')
    op.drop_index('ix_cost_item_steer', table_name='cost_item')
    op.drop_index('ix_referral_steer', table_name='referral')
    op.drop_index('ix_casefile_steer_key', table_name='casefile')
    op.create_index('ix_casefile_steer_id', 'casefile',
                    ['id', 'client_id', 'opened_on', 'closed_on'], unique=False)
