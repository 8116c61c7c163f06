"""caseterm.db.errors.describe: real database errors become short, true messages without SQL."""

from __future__ import annotations

import errno

import pytest
from sqlalchemy import text

from caseterm.db.errors import describe
from caseterm.i18n import set_language

SQL_BITS = ("INSERT", "SELECT", "[SQL", "sqlalche.me", "parameters")


def _raised(fn) -> BaseException:
    with pytest.raises(Exception) as info:
        fn()
    return info.value


@pytest.fixture(autouse=True)
def _english():
    set_language("en")


def test_check_constraint_is_a_refused_entry_not_a_broken_database(db, worker):
    def insert():
        with db.write() as s:
            s.exec(text("UPDATE worker SET username = '' "))
    message = describe(_raised(insert))
    assert message.startswith("The database refused this entry")
    assert "Nothing was saved" in message and "restore" not in message
    assert not any(bit in message for bit in SQL_BITS)


def test_unique_and_missing_table(db, worker):
    def duplicate():
        with db.write() as s:
            s.exec(text("INSERT INTO setting (key, value) SELECT key, value FROM setting"))
    assert "already exists" in describe(_raised(duplicate))

    def missing():
        with db.read() as s:
            s.exec(text("SELECT nope FROM casefile"))
    message = describe(_raised(missing))
    assert "structure does not fit" in message and "no such column" in message
    assert not any(bit in message for bit in SQL_BITS)


def test_read_only_database(db, worker):
    from sqlalchemy import event

    event.listen(db.engine, "connect",
                 lambda conn, _rec: conn.execute("PRAGMA query_only = ON"))
    db.engine.dispose()

    def write():
        with db.write() as s:
            s.exec(text("DELETE FROM setting"))
    message = describe(_raised(write))
    assert "can only be read" in message and "Nothing was changed" in message


def test_disk_full_and_unknown_errors():
    assert "disk is full" in describe(OSError(errno.ENOSPC, "No space left on device"))
    assert describe(ValueError("a bug")) is None  # not a storage error: it surfaces
