"""Encryption at rest (issue 15, item 1): SQLCipher files, passphrases, encrypt and rekey.

The rest of the suite works on plain files made by the `db` fixture (quicker, and greppable in
tests); these tests open and make encrypted files through the same code paths a user's
`caseterm` takes: new files are encrypted unless --plain.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from caseterm.core.inputs import check_case, check_client
from caseterm.db import cipher, convert, migrate
from caseterm.db.engine import Database
from caseterm.db.target import open_database

PASS = "correct horse battery"
NEW_PASS = "staple of the office"
MARKER = "Zyxwarmerbold"  # a surname found nowhere else


@pytest.fixture(autouse=True)
def _encrypted_default(monkeypatch):
    monkeypatch.delenv("CASETERM_PLAIN", raising=False)


def run(*args: str, env: dict | None = None, data: Path | None = None):
    full = {**os.environ, "CASETERM_LANG": "en", **(env or {})}
    full.pop("CASETERM_PLAIN", None)
    if data is not None:
        full["CASETERM_DATA_DIR"] = str(data)
    return subprocess.run([sys.executable, "-m", "caseterm", *args], capture_output=True,
                          text=True, env=full, stdin=subprocess.DEVNULL, timeout=120)


def encrypted_db(path: Path, passphrase: str = PASS, revision: str = "head") -> Database:
    db = Database(str(path), cipher.new_key(passphrase))
    migrate.upgrade(db, revision, make_backup=False)
    return db


def add_marked_client(db: Database, first: str = "Erika", last: str = MARKER):
    from caseterm.db.repo import cases, settings, workers

    with db.write() as s:
        w = workers.add(s, username="anna", display_name="Anna Becker", role="caseworker",
                        team="Team Nord", office="Rathaus", land="NW")
        settings.put(s, settings.CURRENT_WORKER, str(w.id))
        client = cases.add_client(s, check_client(
            {"first_name": first, "last_name": last, "birth_date": "1980-04-12"}))
        cases.add_case(s, client.id, check_case(
            {"legal_area": "sgb8", "phase": "intake", "title": f"Kinderschutz {last}",
             "child_protection": True}), w.id)


def hits(folder: Path, marker: str = MARKER) -> list[str]:
    needles = [marker.encode(), marker.lower().encode(), marker.encode("utf-16-le")]
    found = []
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            if any(n in data for n in needles):
                found.append(str(file.relative_to(folder)))
    return found


def test_the_stolen_laptop_finds_no_client_data_in_any_file(tmp_path):
    """Database, WAL, shm, `db backup`, the backup before a migration: no marker in clear."""
    data = tmp_path / "data"
    path = data / "caseterm.db"
    # The migration backup: a database at an old schema with the marker in it.
    old = encrypted_db(data / "old.db", revision="0001_foundation")
    with old.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('note', ?)", (MARKER,))
    made = migrate.upgrade(old)
    old.dispose()
    assert made is not None and made.exists()
    # The default database, opened as a user's first start opens it: new, so encrypted.
    db = open_database(f"sqlite:///{path}", may_create=True, passphrase=lambda p, new: PASS)
    migrate.upgrade(db, make_backup=False)
    assert db.encrypted
    add_marked_client(db)
    copy = migrate.backup(db)
    # WAL and shm exist and hold the last writes (the engine's connections are still open).
    wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
    assert wal.stat().st_size > 0 and shm.stat().st_size > 0
    result = run("--db", str(path), "db", "backup", str(data / "b" / "cli-copy.db"),
                 env={"CASETERM_PASSPHRASE": PASS}, data=data)
    assert result.returncode == 0, result.stderr
    files = {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()}
    assert {"caseterm.db-wal", "caseterm.db-shm", copy.name, made.name,
            "b/cli-copy.db"} <= files
    assert hits(data) == []
    # The same check finds the marker in a plain file: the grep can fail.
    plain = Database(str(tmp_path / "plain.db"))
    migrate.upgrade(plain, make_backup=False)
    add_marked_client(plain)
    assert any(h.startswith("plain.db") for h in hits(tmp_path))
    plain.dispose()
    # And every encrypted file opens with the passphrase and holds the client.
    for file in (path, copy, data / "b" / "cli-copy.db"):
        con = cipher.connect(file, cipher.key_for_file(file, PASS), readonly=True)
        try:
            assert con.execute("SELECT count(*) FROM client WHERE last_name = ?",
                               (MARKER,)).fetchone()[0] == 1
        finally:
            con.close()
    db.dispose()


def test_settings_of_an_encrypted_connection(tmp_path):
    """cipher 4, HMAC on, secure_delete on, no SQLCipher log on the terminal."""
    db = encrypted_db(tmp_path / "e.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar().startswith("4.")
        assert conn.exec_driver_sql("PRAGMA cipher_use_hmac").scalar() in (1, "1")
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()
    # The salt in the header is the one the passphrase is derived with; SQLCipher's own KDF
    # (PRAGMA key = 'passphrase') opens the file too.
    path = tmp_path / "e.db"
    con = cipher.connect(path)
    con.execute(f"PRAGMA key = '{PASS}'")
    assert con.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    con.close()


def _snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir()
            if p.name.startswith(path.name)}


def test_wrong_passphrase_says_so_and_touches_nothing(tmp_path):
    path = tmp_path / "e.db"
    db = encrypted_db(path)
    add_marked_client(db)
    db.dispose()
    before = _snapshot(path)
    result = run("--db", str(path), "queue", env={"CASETERM_PASSPHRASE": "not the one!"})
    assert result.returncode == 1
    assert "passphrase does not open the database" in result.stderr
    assert "Traceback" not in result.stderr and "hmac" not in result.stderr.lower()
    result = run("--db", str(path), "queue", env={"CASETERM_PASSPHRASE": ""})
    assert result.returncode == 1 and "is encrypted and no passphrase was given" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(cipher.WrongPassphrase):
        Database(str(path), cipher.key_for_file(path, "not the one!"))
    with pytest.raises(cipher.NeedsPassphrase):
        Database(str(path))
    assert _snapshot(path) == before
    # A rekey or encrypt with a wrong passphrase changes nothing either.
    result = run("--db", str(path), "db", "rekey",
                 env={"CASETERM_PASSPHRASE": "not the one!", "CASETERM_NEW_PASSPHRASE": NEW_PASS})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert _snapshot(path) == before


def test_plain_and_encrypted_mismatch_both_ways(tmp_path):
    plain = tmp_path / "p.db"
    result = run("db", "init", "--unencrypted", str(plain))
    assert result.returncode == 0, result.stderr
    assert plain.read_bytes().startswith(cipher.PLAIN_HEADER)
    before = plain.read_bytes()
    # A plain file given a key: a clear refusal.
    with pytest.raises(cipher.NotEncrypted, match="nicht verschlüsselt"):
        Database(str(plain), cipher.new_key(PASS))
    result = run("--db", str(plain), "db", "rekey",
                 env={"CASETERM_PASSPHRASE": PASS, "CASETERM_NEW_PASSPHRASE": NEW_PASS})
    assert result.returncode == 1 and "is not encrypted" in result.stderr
    assert "caseterm db encrypt" in result.stderr and "Traceback" not in result.stderr
    assert plain.read_bytes() == before
    # An encrypted file opened as plain (no key): a clear refusal, also from the CLI.
    enc = tmp_path / "e.db"
    encrypted_db(enc).dispose()
    with pytest.raises(cipher.NeedsPassphrase):
        Database(str(enc))
    result = run("--db", str(enc), "db", "encrypt", env={"CASETERM_PASSPHRASE": PASS})
    assert result.returncode == 1 and "already encrypted" in result.stderr


def test_a_new_database_is_encrypted_unless_plain_is_asked_for(tmp_path):
    path = tmp_path / "new.db"
    result = run("db", "init", str(path), env={"CASETERM_PASSPHRASE": ""})
    assert result.returncode == 1 and "needs a passphrase" in result.stderr
    assert not path.exists()
    result = run("db", "init", str(path), env={"CASETERM_PASSPHRASE": "short"})
    assert result.returncode == 1 and "at least 8 characters" in result.stderr
    assert not path.exists()
    result = run("db", "init", str(path), env={"CASETERM_PASSPHRASE": PASS})
    assert result.returncode == 0, result.stderr
    assert cipher.file_state(path) == "encrypted"
    result = run("--db", str(path), "db", "crypto", env={"CASETERM_PASSPHRASE": PASS})
    assert "encrypted:" in result.stdout and "256,000" in result.stdout
    # The default file of a first start too.
    data = tmp_path / "data"
    result = run("--create", "db", "upgrade", env={"CASETERM_PASSPHRASE": PASS}, data=data)
    assert result.returncode == 0, result.stderr
    assert cipher.file_state(data / "caseterm.db") == "encrypted"
    # The demo stays plain and says so.
    result = run("demo", "--no-tui", data=data)
    assert result.returncode == 0, result.stderr
    demo = data / "demo" / "caseterm-demo.db"
    assert cipher.file_state(demo) == "plain"
    result = run("--db", str(demo), "db", "crypto")
    assert "NOT ENCRYPTED" in result.stdout


def test_encrypt_then_rekey_round_trip(tmp_path):
    path = tmp_path / "p.db"
    db = Database(str(path))
    migrate.upgrade(db, make_backup=False)
    add_marked_client(db)
    db.dispose()
    old_backup = path.with_name("p.backup-old.db")  # a plain backup from before
    old_backup.write_bytes(path.read_bytes())
    assert hits(tmp_path) != []
    result = run("--db", str(path), "db", "encrypt", env={"CASETERM_PASSPHRASE": PASS})
    assert result.returncode == 0, result.stderr
    assert "still not encrypted" in result.stderr and old_backup.name in result.stderr
    old_backup.unlink()
    assert cipher.file_state(path) == "encrypted"
    assert hits(tmp_path) == []  # no plain copy left behind, no -wal/-shm of the old file
    assert not [p for p in tmp_path.iterdir() if ".backup-" in p.name or ".part" in p.name]
    result = run("--db", str(path), "db", "check", env={"CASETERM_PASSPHRASE": PASS})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    salt = path.read_bytes()[:16]
    result = run("--db", str(path), "db", "rekey", "--keep-backup",
                 env={"CASETERM_PASSPHRASE": PASS, "CASETERM_NEW_PASSPHRASE": NEW_PASS})
    assert result.returncode == 0, result.stderr
    assert path.read_bytes()[:16] != salt
    kept = [p for p in tmp_path.iterdir() if ".backup-before-rekey" in p.name]
    assert len(kept) == 1  # kept on request, under the old passphrase
    Database(str(kept[0]), cipher.key_for_file(kept[0], PASS)).dispose()
    with pytest.raises(cipher.WrongPassphrase):
        Database(str(path), cipher.key_for_file(path, PASS))
    db = Database(str(path), cipher.key_for_file(path, NEW_PASS))
    assert migrate.check(db) == []
    with db.read() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT last_name FROM client")).scalars().all() == [MARKER]
    db.dispose()
    assert hits(tmp_path) == []


def test_a_failed_conversion_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    db = Database(str(path))
    migrate.upgrade(db, make_backup=False)
    add_marked_client(db)
    db.dispose()
    before = path.read_bytes()

    def broken(*a, **k):
        raise convert.ConvertFailed("check failed (test)")

    monkeypatch.setattr(convert, "_check", broken)
    with pytest.raises(convert.ConvertFailed):
        convert.encrypt(Database(str(path)), PASS)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.db"]


def test_keyring_falls_back_cleanly_without_a_backend(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    assert not cipher.keyring_available()
    assert cipher.keyring_passphrase(tmp_path / "x.db") is None
    assert cipher.keyring_store(tmp_path / "x.db", PASS) is False
    path = tmp_path / "e.db"
    encrypted_db(path).dispose()
    result = run("--db", str(path), "db", "keyring", "remember",
                 env={"CASETERM_PASSPHRASE": PASS,
                      "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert result.returncode == 1 and "no OS keyring" in result.stderr


def test_a_passphrase_from_the_keyring_opens_the_file(tmp_path, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    old = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        path = tmp_path / "e.db"
        encrypted_db(path).dispose()
        assert cipher.keyring_store(path, PASS)
        monkeypatch.delenv("CASETERM_PASSPHRASE", raising=False)
        from caseterm.commands.common import passphrase

        assert passphrase(path, False) == PASS
        db = open_database(f"sqlite:///{path}", may_create=False,
                           passphrase=lambda p, new: passphrase(p, new))
        assert db.encrypted
        db.dispose()
        assert cipher.keyring_forget(path) and cipher.keyring_passphrase(path) is None
    finally:
        keyring.set_keyring(old)


WRITER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from caseterm.db import cipher
    from caseterm.db.engine import Database
    from caseterm.db.repo import settings
    path = Path(sys.argv[1])
    db = Database(str(path), cipher.key_for_file(path, os.environ["CASETERM_PASSPHRASE"]))
    for _ in range(100000):
        with db.write() as s:
            current = int((settings.get_in(s, "counter") or "0").split()[0])
            settings.put(s, "counter", str(current + 1) + " " + "x" * 3000)
        print("ack", current + 1, flush=True)
""")


@pytest.mark.slow
def test_killed_encrypted_writer_loses_no_acknowledged_commit(tmp_path):
    """kill -9 during encrypted writes, 20 times: every acknowledged write is there and both
    integrity checks are clean."""
    path = tmp_path / "e.db"
    encrypted_db(path).dispose()
    env = {**os.environ, "CASETERM_PASSPHRASE": PASS}
    db = None
    for _round in range(20):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                                stdout=subprocess.PIPE, text=True, env=env)
        acked = 0
        start = acked_at_start = _counter(path)
        deadline = time.monotonic() + 30
        while acked < start + 15 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("ack"):
                acked = int(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert acked >= acked_at_start + 15
        assert _counter(path) >= acked
        db = Database(str(path), cipher.key_for_file(path, PASS))
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall() == []
        db.dispose()
    assert hits(tmp_path, "xxxxxxxxxxxxxxxxxxxx") == []


def _counter(path: Path) -> int:
    con = cipher.connect(path, cipher.key_for_file(path, PASS))
    try:
        row = con.execute("SELECT value FROM setting WHERE key='counter'").fetchone()
    finally:
        con.close()
    return int(row[0].split()[0]) if row else 0


def test_sqlcipher_is_the_one_sqlite_library():
    """No caseterm module imports Python's own sqlite3: every file is opened through
    caseterm.db.cipher (SQLCipher), so no code path can write a plain copy by accident."""
    import ast

    import caseterm

    offenders = []
    for file in Path(caseterm.__file__).parent.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "sqlite3" or n.startswith("sqlite3.") for n in names):
                offenders.append(f"{file.name}:{node.lineno}")
    assert offenders == []
    from caseterm.db.engine import make_engine

    engine = make_engine("sqlite:///:memory:")
    assert engine.dialect.dbapi is cipher.dbapi
    engine.dispose()
