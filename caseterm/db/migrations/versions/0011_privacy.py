"""privacy — restriction (Sperrung) and legal hold on cases; audit entries may be redacted

Revision ID: 0011_privacy
Revises: 0010_record

- casefile.restricted_on / restriction_reason: a restricted case (Art. 18 DSGVO, § 84 SGB X)
  is kept for its legal purpose and hidden from normal work.
- casefile.legal_hold / legal_hold_reason: a legal hold stops every erasure of the case.
- audit_entry stays append-only, with one exception: an erasure may replace an entry's
  `detail` by a redaction marker ('{"redacted":…') and nothing else; every other column must
  stay as it was (the triggers check it). `caseterm audit verify` checks a redacted entry
  against the digest the erasure entry recorded (core/audit.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_privacy'
down_revision = '0010_record'
branch_labels = None
depends_on = None

SAME = ("NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor_id IS OLD.actor_id "
        "AND NEW.actor_name = OLD.actor_name AND NEW.action = OLD.action "
        "AND NEW.entity = OLD.entity AND NEW.record_id = OLD.record_id "
        "AND NEW.case_id IS OLD.case_id AND NEW.prev_hash = OLD.prev_hash "
        "AND NEW.hash = OLD.hash AND NEW.detail LIKE '{\"redacted\":%'")

PG_SAME = SAME.replace(" IS OLD.", " IS NOT DISTINCT FROM OLD.")

PG_GUARD = f"""
CREATE OR REPLACE FUNCTION audit_entry_redact_only() RETURNS trigger AS $$
BEGIN
  IF {PG_SAME} THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_redact_only();
"""

PG_UNDO = """
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
DROP FUNCTION IF EXISTS audit_entry_redact_only();
"""


def upgrade() -> None:
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restricted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('restriction_reason', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('legal_hold', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('legal_hold_reason', sa.Text(), nullable=False,
                                      server_default=''))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_GUARD)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        op.execute("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
                   f"WHEN NOT ({SAME}) "
                   "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_UNDO)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        op.execute("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
                   "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")
    with op.batch_alter_table('casefile', schema=None) as batch_op:
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('legal_hold')
        batch_op.drop_column('restriction_reason')
        batch_op.drop_column('restricted_on')
