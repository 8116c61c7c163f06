"""A real PostgreSQL server for tests: a throw-away cluster started from the Debian packages.

Runs on a Unix socket in a temporary directory (no TCP port). As root, the server runs as the
`postgres` system user. Without the binaries the tests are skipped, unless
CASETERM_REQUIRE_PG=1 (as in CI), where that is an error.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


class PgCluster:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            message = "PostgreSQL server binaries not found (apt-get install postgresql)"
            if os.environ.get("CASETERM_REQUIRE_PG") == "1":
                pytest.fail(message)
            pytest.skip(message)
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="caseterm-pg-"))
        self.data = self.dir / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "caseterm", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        opts = f"-c listen_addresses='' -k {self.dir} -c fsync=off -p 5439"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l",
                  str(self.dir / "log"), "-w", "start")
        self.counter = 0

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bindir / tool), *args], check=True,
                       capture_output=True, cwd=self.dir)

    def base_url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://caseterm@/{dbname}?host={self.dir}&port=5439"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        from sqlalchemy import create_engine, text

        self.counter += 1
        name = f"t{os.getpid()}_{self.counter}"
        engine = create_engine(self.base_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.base_url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
