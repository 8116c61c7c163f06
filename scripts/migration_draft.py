#!/usr/bin/env python3
"""Print an Alembic autogenerate draft: the operations that bring a database at the current
head up to the models. Paste and tidy them into the reserved migration file.

    python scripts/migration_draft.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import caseterm.models  # noqa: F401
from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from caseterm.db.schema_filter import include_name

with tempfile.TemporaryDirectory() as tmp:
    db = Database(str(Path(tmp) / "draft.db"))
    upgrade(db, make_backup=False)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "render_as_batch": True, "include_name": include_name, "compare_type": True,
            "target_metadata": SQLModel.metadata})
        print(render_python_code(produce_migrations(ctx, SQLModel.metadata).upgrade_ops))
