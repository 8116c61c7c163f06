"""The lean read path's view of the schema: SQLAlchemy Core `table()` clauses for the few
tables and columns that start-up and the queue read (who is asking, access, the queue).

Why: importing `caseterm.models` builds all SQLModel table classes (pydantic and the ORM
mapper), ~0.8 s of CPU, more than everything else `caseterm queue` does. These clauses
cost nothing to build and compile to the same SQL as the model classes' tables. The models
stay the one definition of the schema (migrations, writes); tests/test_lean_path.py checks
that every column named here exists in the models with the same type, so the two cannot
drift apart.

A statement uses either these clauses or the model classes, never both: the same table
twice in one statement would be two FROM entries.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, Time, Uuid, column, table

worker = table(
    "worker",
    column("id", Uuid), column("username", String), column("display_name", String),
    column("role", String), column("team", String), column("office", String),
    column("land", String),
    column("catholic_municipality", Boolean), column("augsburg", Boolean),
    column("deputy_id", Uuid), column("team_lead_id", Uuid), column("active", Boolean),
    column("db_role", String),
)

casefile = table(
    "casefile",
    column("id", Uuid), column("case_number", String), column("client_id", Uuid),
    column("legal_area", String), column("lead_worker_id", Uuid),
    column("deputy_worker_id", Uuid), column("child_protection", Boolean),
    column("restricted_on", Date), column("closed_on", Date),
)

client = table("client", column("id", Uuid), column("first_name", String),
               column("last_name", String))

follow_up = table(
    "follow_up",
    column("id", Uuid), column("case_id", Uuid), column("kind", String),
    column("due_date", Date), column("next_step", String), column("assignee_id", Uuid),
    column("priority", String), column("status", String), column("postpone_count", Integer),
    column("source_type", String), column("source_id", Uuid), column("row_version", Integer),
    column("text_key", String), column("text_data", Text), column("due_time", Time),
)

follow_up_plan = table("follow_up_plan", column("id", Uuid), column("follow_up_id", Uuid))

absence = table("absence", column("worker_id", Uuid), column("deputy_id", Uuid),
                column("starts_on", Date), column("ends_on", Date))

case_share = table("case_share", column("case_id", Uuid), column("worker_id", Uuid),
                   column("mode", String), column("until", Date))

referral = table("referral", column("recipient_worker_id", Uuid))

case_handover = table("case_handover", column("to_worker_id", Uuid), column("to_office", String),
                      column("status", String))

sync_state = table("sync_state", column("id", Integer))

intake_draft = table("intake_draft", column("worker_id", Uuid), column("data", Text))

setting = table("setting", column("key", String), column("value", Text))

audit_head = table("audit_head", column("id", Integer), column("seq", Integer),
                   column("hash", String))

audit_entry = table(
    "audit_entry",
    column("seq", Integer), column("at", DateTime(timezone=True)), column("actor_id", Uuid),
    column("actor_name", String), column("action", String), column("entity", String),
    column("record_id", String), column("case_id", Uuid), column("detail", Text),
    column("prev_hash", String), column("hash", String),
)

ALL = (worker, casefile, client, follow_up, follow_up_plan, absence, case_share, referral,
       case_handover, sync_state, intake_draft, setting, audit_head, audit_entry)
