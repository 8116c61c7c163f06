"""Two databases that exchange bundles: a centre and a laptop, keys made and registered as at
check-out; and a test change set whose application is visible in the `setting` table."""

from __future__ import annotations

from dataclasses import dataclass

from caseterm.db.engine import Database
from caseterm.db.migrate import upgrade
from caseterm.models.setting import Setting
from caseterm.services import Ctx


def add_worker(db: Database, username: str, role: str):
    from caseterm.db.repo import workers

    with db.write() as s:
        workers.add(s, username=username, display_name=username.title(), role=role,
                    team="Team Nord", office="Rathaus", land="NW")
    from sqlmodel import select

    from caseterm.core import clock
    from caseterm.db.repo import access
    from caseterm.models.worker import Worker

    with db.read() as s:
        w = s.exec(select(Worker).where(Worker.username == username)).one()
        return Ctx(db, access.actor_for(s, w, clock.today()))


@dataclass
class Pair:
    centre: Ctx  # team lead at the centre
    laptop: Ctx  # caseworker on her laptop
    centre_id: object
    laptop_id: object


def make_pair(tmp_path, template: dict) -> Pair:
    from caseterm.services import devices

    if "head" not in template:
        t = Database(str(tmp_path / "template.db"))
        upgrade(t, make_backup=False)
        with t.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        t.dispose()
        template["head"] = (tmp_path / "template.db").read_bytes()
    dbs = []
    for name in ("centre.db", "laptop.db"):
        (tmp_path / name).write_bytes(template["head"])
        dbs.append(Database(str(tmp_path / name)))
    centre = add_worker(dbs[0], "lena", "team_lead")
    add_worker(dbs[0], "anna", "caseworker")
    laptop = add_worker(dbs[1], "anna", "caseworker")
    ccard = devices.create_own_keys(centre, "Zentrale", kind="central")
    lcard = devices.create_own_keys(laptop, "Laptop Außenstelle Nord")
    devices.register(centre, lcard)
    devices.register(laptop, ccard)
    return Pair(centre, laptop, ccard.device_id, lcard.device_id)


def changes(lo: int, hi: int, tag: str = "v") -> dict:
    return {"seq": [lo, hi], "counts": {"changes": hi - lo + 1},
            "changes": [{"seq": n, "key": f"t:{n}", "value": f"{tag}{n}"}
                        for n in range(lo, hi + 1)]}


def apply_settings(ctx, changeset: dict):
    with ctx.db.write() as session:
        return _apply(session, changeset)


def _apply(session, changeset: dict):
    for c in changeset["changes"]:
        row = session.get(Setting, c["key"])
        if row is None:
            session.add(Setting(key=c["key"], value=c["value"]))
        else:
            row.value = c["value"]
            session.add(row)
    return len(changeset["changes"])


def applied(db: Database) -> dict[str, str]:
    from sqlmodel import select

    with db.read() as s:
        return {r.key: r.value for r in s.exec(select(Setting)).all() if r.key.startswith("t:")}


def snapshot(db: Database) -> dict:
    """Every table's rows except the audit trail (what an import may change)."""
    from sqlalchemy import text

    out = {}
    with db.engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        for t in sorted(tables):
            if t in ("audit_entry", "audit_head"):
                continue
            out[t] = sorted(map(repr, conn.execute(text(f'SELECT * FROM "{t}"')).fetchall()))
    return out


def audit_rows(db: Database, action: str) -> list:
    import json

    from sqlalchemy import text

    with db.engine.connect() as conn:
        return [json.loads(r[1] or "{}") for r in conn.execute(text(
            "SELECT action, detail FROM audit_entry WHERE entity='bundle' AND action=:a "
            "ORDER BY seq"), {"a": action}).fetchall()]
