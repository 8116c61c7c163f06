"""gesamtplan — the Gesamtplan (§ 68 Abs. 1 SGB XII) as a plan type

Revision ID: 0008_gesamtplan
Revises: 0007_office

Cases under §§ 67 ff. SGB XII need a Gesamtplan, not the non-binding Vereinbarung of § 12
Abs. 2; its words are in data/legal/plan_types.json.
"""
from alembic import op


revision = '0008_gesamtplan'
down_revision = '0007_office'
branch_labels = None
depends_on = None

OLD = ("agreement_type IN ('kooperationsplan', 'hilfeplan', 'vereinbarung_sgb12', "
       "'foerderplan', 'generic')")
NEW = ("agreement_type IN ('kooperationsplan', 'hilfeplan', 'vereinbarung_sgb12', "
       "'gesamtplan_sgb12', 'foerderplan', 'generic')")


def upgrade() -> None:
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agreement_agreement_type_valid'), type_='check')
        batch_op.create_check_constraint('agreement_type_valid', NEW)


def downgrade() -> None:
    op.execute("UPDATE agreement SET agreement_type = 'vereinbarung_sgb12' "
               "WHERE agreement_type = 'gesamtplan_sgb12'")
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agreement_agreement_type_valid'), type_='check')
        batch_op.create_check_constraint('agreement_type_valid', OLD)
