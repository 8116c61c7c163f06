"""Putting a sync model world back to its start between Hypothesis examples, cheaply and with
the same engines and connections throughout (warm statement caches, no new connections, no
new PostgreSQL database per example).

- SQLite: the world's file is kept as an in-memory copy and written back into the open
  database with SQLite's backup API (page by page, in C; the pooled connections stay open
  and see the new content).
- PostgreSQL: the world's rows are copied once into a schema `tmpl` of the same database,
  with a function that empties every table (a DELETE per table: TRUNCATE of every table cost
  about 90 ms of the server's CPU per example, the DELETEs of its few rows about 2 ms),
  copies the rows back and sets the sequences again: one statement per example.
"""

from __future__ import annotations

from typing import Any

from caseterm.db import cipher
from caseterm.db.engine import Database


class SqliteTemplate:
    """The bytes of one SQLite database, restored into the same open database on demand."""

    def __init__(self, db: Database) -> None:
        self.mem = cipher.dbapi.connect(":memory:", check_same_thread=False)
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.backup(self.mem)
        finally:
            raw.close()

    def restore(self, db: Database) -> None:
        raw: Any = db.engine.raw_connection()
        try:
            self.mem.backup(raw.driver_connection)
        finally:
            raw.close()

    def close(self) -> None:
        self.mem.close()


_FUNCTION = """
CREATE FUNCTION tmpl.reset() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM set_config('session_replication_role', 'replica', true);
  {deletes}
  {copies}
  {sequences}
  PERFORM set_config('session_replication_role', 'origin', true);
END
$body$;
"""


class PgTemplate:
    """The rows of every table of a PostgreSQL database, kept in schema `tmpl` of the same
    database; `restore` puts them back in one statement (a server-side function)."""

    def __init__(self, db: Database) -> None:
        from sqlalchemy import text

        self.db = db
        with db.engine.begin() as conn:
            tables = [r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"))]
            conn.execute(text("DROP SCHEMA IF EXISTS tmpl CASCADE"))
            conn.execute(text("CREATE SCHEMA tmpl"))
            copies = []
            for name in tables:
                conn.execute(text(f'CREATE TABLE tmpl."{name}" AS TABLE public."{name}"'))
                if conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM tmpl."{name}")')).scalar():
                    copies.append(f'INSERT INTO public."{name}" SELECT * FROM tmpl."{name}";')
            sequences = []
            for schema, name, last in conn.execute(text(
                    "SELECT schemaname, sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = 'public'")):
                if last is None:
                    sequences.append(f"PERFORM setval('\"{schema}\".\"{name}\"', 1, false);")
                else:
                    sequences.append(f"PERFORM setval('\"{schema}\".\"{name}\"', {last}, true);")
            conn.execute(text(_FUNCTION.format(
                deletes="\n  ".join(f'DELETE FROM public."{t}";' for t in tables),
                copies="\n  ".join(copies), sequences="\n  ".join(sequences))))

    def restore(self, db: Database) -> None:
        from sqlalchemy import text

        with db.engine.begin() as conn:
            conn.execute(text("SELECT tmpl.reset()"))
