"""Training-lab workspaces on disk (README "Training labs").

A lab is a folder `<data dir>/labs/<NAME>/` holding `lab.json` (pack, start, simulated today,
trainees) and per trainee three SQLite files: `ws/<slug>.db` (her workspace), `start/<slug>.db`
(the course start) and `day/<slug>.db` (the start of the current course day), used by reset.

Every workspace carries the marker setting `lab.workspace` (lab and trainee), written at
creation. `lab_marker` reads it; `caseterm.db.target.open_database` refuses a marked file
opened as real data and an unmarked file opened in lab mode (the one check in the open path).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from caseterm.db import cipher
from caseterm.db.errors import StorageError
from caseterm.i18n import _

MARKER = "lab.workspace"
CASES = "lab.cases"  # scenario id -> case number
EVENTS = "lab.events"  # delivered event ids (JSON list)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MAX_TRAINEES = 100


class LabError(StorageError):
    """A lab that cannot be created, found or changed; the message says why."""


class LabDataRefused(StorageError):
    """Lab data opened as real data, or real data opened in lab mode."""


@dataclass
class Trainee:
    name: str
    slug: str


@dataclass
class LabMeta:
    name: str
    pack: str
    start: str
    today: str
    trainees: list[Trainee] = field(default_factory=list)

    @property
    def start_date(self) -> date:
        return date.fromisoformat(self.start)

    @property
    def today_date(self) -> date:
        return date.fromisoformat(self.today)

    def trainee(self, who: str) -> Trainee:
        for t in self.trainees:
            if who in (t.name, t.slug):
                return t
        raise LabError(_("Lab {lab} has no trainee “{who}”. Trainees: {names}").format(
            lab=self.name, who=who[:60], names=", ".join(t.name for t in self.trainees)))


def labs_root() -> Path:
    from caseterm.config import data_dir

    return data_dir() / "labs"


def lab_dir(name: str, root: Path | None = None) -> Path:
    return (root or labs_root()) / name


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name or ""):
        raise LabError(_("A lab name has 1 to 40 letters, digits, - or _ (and starts with a "
                         "letter or digit), not “{name}”.").format(name=(name or "")[:60]))
    return name


def read_meta(name: str, root: Path | None = None) -> LabMeta:
    check_name(name)
    path = lab_dir(name, root) / "lab.json"
    if not path.is_file():
        raise LabError(_("There is no lab named {name}. See: caseterm lab list").format(
            name=name))
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["trainees"] = [Trainee(**t) for t in raw.get("trainees", [])]
    return LabMeta(**raw)


def write_meta(meta: LabMeta, folder: Path) -> None:
    tmp = folder / "lab.json.tmp"
    tmp.write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, folder / "lab.json")


def list_labs(root: Path | None = None) -> list[LabMeta]:
    root = root or labs_root()
    if not root.is_dir():
        return []
    found = []
    for sub in sorted(root.iterdir()):
        if sub.is_dir() and not sub.name.startswith(".") and (sub / "lab.json").is_file():
            try:
                found.append(read_meta(sub.name, root))
            except (LabError, ValueError, TypeError, KeyError):
                continue
    return found


def workspace(meta: LabMeta, trainee: Trainee, kind: str = "ws",
              root: Path | None = None) -> Path:
    return lab_dir(meta.name, root) / kind / f"{trainee.slug}.db"


def copy_database(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite file (online backup: safe while it is open)."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for suffix in ("-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    source = cipher.connect(src)
    target = cipher.connect(dest)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
    os.chmod(dest, 0o600)


def copy_closed(src: Path, dest: Path) -> None:
    """A plain file copy of a SQLite file nobody has open and whose WAL is checkpointed (lab
    creation: ten times faster than the online backup)."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(src, dest)
    os.chmod(dest, 0o600)


def put_setting(path: Path, key: str, value: str) -> None:
    """Write one setting and fold the WAL back into the file (it can then be copied)."""
    con = cipher.connect(path)
    try:
        with con:
            con.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                        "UPDATE SET value = excluded.value", (key, value))
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def read_setting_file(path: Path, key: str) -> str | None:
    """A setting read through a read-only connection (the file is not changed)."""
    con = cipher.connect(path, readonly=True)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "setting" not in tables:
            return None
        row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def lab_marker_of(path: Path | None, engine=None) -> dict | None:
    """The lab marker of a database ({"lab", "trainee"}), or None for real data."""
    raw = None
    if path is not None:
        try:
            raw = read_setting_file(path, MARKER)
        except cipher.dbapi.Error:
            return None
    elif engine is not None:
        from sqlalchemy import inspect, text

        with engine.connect() as conn:
            if "setting" in inspect(conn).get_table_names():
                raw = conn.execute(text("SELECT value FROM setting WHERE key = :k"),
                                   {"k": MARKER}).scalar()
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return {"lab": "?", "trainee": "?"}
    return data if isinstance(data, dict) else {"lab": "?", "trainee": "?"}


def check_lab_mode(path: Path | None, engine, lab: bool) -> dict | None:
    """The one check in the open path: lab data only in lab mode, real data never in it."""
    marker = lab_marker_of(path, engine)
    where = str(path) if path else _("This database")
    if marker is not None and not lab:
        raise LabDataRefused(_(
            "{where} is a training-lab workspace (lab {lab}, trainee {trainee}) with fictional "
            "data: caseterm does not open, import or copy it as real data. Open it with: "
            "caseterm lab open {lab} --trainee {trainee}").format(
                where=where, lab=marker.get("lab", "?"), trainee=marker.get("trainee", "?")))
    if marker is None and lab:
        raise LabDataRefused(_(
            "{where} is not a training-lab workspace: lab mode never opens real data.").format(
                where=where))
    return marker


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
