"""Database access: the engine and its pragmas, migrations, repositories, search.

Screens and the CLI talk to the database only through `caseterm.db.repo.*` and
`caseterm.db.search`; those return plain rows and dataclasses, never live ORM objects.
"""

from caseterm.db.engine import Database

__all__ = ["Database"]
