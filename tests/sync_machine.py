"""The sync acceptance model (Hypothesis stateful): a centre and two laptops.

Laptop A holds Anna's cases, laptop B every case of the office (so both hold the same cases).
The machine works in rounds, like a district office: first every side edits offline (fields
of cases and clients, notes, closing and reopening, reassigning, new people, some of them
duplicates); then the bundles travel: sent, fetched and delivered in random order,
duplicated, delayed or dropped (and later sent again); then a full sync of everyone. Laptop
clocks are skewed by up to ±30 days and jump backwards.

Checked after every step: every change the centre took is applied, the same value, or kept in
a conflict record (0 silently lost). After every round: all sides hold the same data; every
side's last value of every field is either the value everywhere or in a conflict; a field
edited on one side only never conflicts (so different-field edits never do); a field given
different values on two sides always does; every duplicate person made on a laptop is a
candidate at the centre; delivering an old bundle again changes nothing.
"""

from __future__ import annotations

import random

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlmodel import select

from caseterm.core import clock
from caseterm.core.inputs import check_case, check_client
from caseterm.db.engine import acting
from caseterm.db.repo import sync_capture
from caseterm.db.repo.cases import add_case, add_client
from caseterm.models.case import Case
from caseterm.models.client import Client
from caseterm.models.note import ContactNote
from caseterm.models.sync import SyncChange, SyncConflict, SyncDuplicate
from caseterm.services import Ctx, sync
from tests.sync_model_world import SyncWorld, actor_of, build_world  # noqa: F401  (re-exported)

SITES = ("C", "A", "B")
LAPTOPS = ("A", "B")
FIELDS = {"title": ("", "Arbeit", "Wohnung", "Schulden"),
          "child_protection": (False, True),
          "phone": ("", "0201 1", "0201 2")}
DAY_MS = 86_400_000


class SyncMachine(RuleBasedStateMachine):
    make_world = None  # set by the test module: () -> SyncWorld

    @initialize()
    def setup(self):
        self.world = type(self).make_world()
        self.dbs = self.world.dbs
        actors = getattr(self.world, "actors", None) or {
            k: actor_of(db, self.world.anna) for k, db in self.dbs.items()}
        self.ctx = {k: Ctx(db, actors[k]) for k, db in self.dbs.items()}
        with self.dbs["C"].read() as s:
            self.cases = sorted(s.exec(select(Case.id)).all(), key=str)
            self.clients = {c: s.get(Case, c).client_id for c in self.cases}
        self.skew = {k: 0 for k in SITES}
        self.round_edits: dict[tuple, dict[str, object]] = {}
        # every value a side gave a field this round, in order: a side that reached another
        # side's value and then edited on from it overwrote that value knowingly (the engine
        # counts the first edit "same" and applies the next: no conflict, nothing lost)
        self.round_history: dict[tuple, dict[str, list]] = {}
        self.delivering = False
        self.up: list[tuple[str, dict]] = []
        self.down: list[tuple[str, dict]] = []
        self.old_up: list[tuple[str, dict]] = []
        self.old_down: list[tuple[str, dict]] = []
        self.dup_people: set = set()
        self.round_conflicts_before = self._conflict_keys()

    def teardown(self):
        # Every example ends as a round does (everyone syncs, every replica equal, replay
        # changes nothing) when it wrote anything since its last round: many short examples
        # check convergence as often as the long ones did. The engines stay: the test module
        # writes the next example's world into them.
        try:
            if getattr(self, "unchecked", False):
                self.round_end()
        finally:
            sync_capture.wall_ms = _real_wall

    # -- writing on one side, like the door does (actor set, one transaction) -------------

    def _write(self, site, fn):
        skew = self.skew[site]
        sync_capture.wall_ms = lambda: _real_wall() + skew
        with acting(self.ctx[site].actor), self.dbs[site].write() as s:
            fn(s)
        self.unchecked = True

    def _note_edit(self, site, key, value, before=None):
        if before is not None and value == before[0]:
            return  # nothing changed
        self.round_edits.setdefault(key, {})[site] = value
        self.round_history.setdefault(key, {}).setdefault(site, []).append(value)

    @precondition(lambda self: not self.delivering)
    @rule(site=st.sampled_from(SITES), i=st.integers(0, 1),
          field=st.sampled_from(sorted(FIELDS)), pick=st.integers(0, 3))
    def edit(self, site, i, field, pick):
        values = FIELDS[field]
        value = values[pick % len(values)]
        case_id = self.cases[i]
        rid = self.clients[case_id] if field == "phone" else case_id
        before = (self._value(site, rid, field),)

        def fn(s):
            if field == "phone":
                obj = s.get(Client, self.clients[case_id])
            else:
                obj = s.get(Case, case_id)
            if getattr(obj, field) != value:
                setattr(obj, field, value)
        self._write(site, fn)
        self._note_edit(site, (rid, field), self._value(site, rid, field), before)

    def _value(self, site, rid, field):
        table = _CLIENT if field == "phone" else _CASE
        with self.dbs[site].engine.connect() as conn:
            return conn.execute(select(table.c[field]).where(table.c.id == rid)).scalar_one()

    @precondition(lambda self: not self.delivering)
    @rule(site=st.sampled_from(SITES), i=st.integers(0, 1), text=st.sampled_from(
        ["Anruf", "Hausbesuch", "Brief", "x"]))
    def add_note(self, site, i, text):
        def fn(s):
            s.add(ContactNote(case_id=self.cases[i], occurred_at=clock.now(),
                              kind="phone", text=text))
        self._write(site, fn)

    @precondition(lambda self: not self.delivering)
    @rule(site=st.sampled_from(SITES), i=st.integers(0, 1), close=st.booleans())
    def close_or_reopen(self, site, i, close):
        case_id = self.cases[i]
        fields = ("phase", "closed_on", "closure_reason")
        before = {f: (self._value(site, case_id, f),) for f in fields}

        def fn(s):
            case = s.get(Case, case_id)
            if close and case.phase != "closure":
                case.phase, case.closed_on = "closure", max(case.opened_on, clock.today())
                case.closure_reason = "goals_achieved"
            elif not close and case.phase == "closure":
                case.phase, case.closed_on, case.closure_reason = "intake", None, None
        self._write(site, fn)
        for field in fields:
            self._note_edit(site, (case_id, field), self._value(site, case_id, field),
                            before[field])

    @precondition(lambda self: not self.delivering)
    @rule(site=st.sampled_from(SITES), i=st.integers(0, 1), to_bernd=st.booleans())
    def reassign(self, site, i, to_bernd):
        case_id = self.cases[i]
        lead = self.world.bernd if to_bernd else self.world.anna
        before = (self._value(site, case_id, "lead_worker_id"),)

        def fn(s):
            case = s.get(Case, case_id)
            if case.lead_worker_id != lead:
                case.lead_worker_id = lead
        self._write(site, fn)
        self._note_edit(site, (case_id, "lead_worker_id"),
                        self._value(site, case_id, "lead_worker_id"), before)

    @precondition(lambda self: not self.delivering)
    @rule(site=st.sampled_from(LAPTOPS), dup=st.booleans(), n=st.integers(0, 9))
    def create_person(self, site, dup, n):
        first, last, birth = ("Jürgen", "Müller", "1980-04-12") if dup else \
            (f"Neu{n}{random.randint(0, 10**6)}", "Person", "1990-01-0" + str(n % 9 + 1))
        made = {}

        def fn(s):
            client = add_client(s, check_client({"first_name": first, "last_name": last,
                                                 "birth_date": birth}))
            add_case(s, client.id, check_case({"legal_area": "sgb2", "phase": "intake"}),
                     self.world.anna)
            made["id"] = client.id
        self._write(site, fn)
        if dup:
            self.dup_people.add(made["id"])

    @rule(site=st.sampled_from(LAPTOPS), days=st.integers(-30, 30))
    def skew_clock(self, site, days):
        self.skew[site] = days * DAY_MS  # also jumps backwards

    # -- bundles travelling ------------------------------------------------------------------

    @rule(site=st.sampled_from(LAPTOPS))
    def send(self, site):
        self.delivering = True
        cs = sync.collect_outgoing(self.ctx[site])
        self.up.append((site, cs))

    @rule(site=st.sampled_from(LAPTOPS))
    def fetch(self, site):
        self.delivering = True
        st_ = sync.sync_status(self.ctx[site])
        cs = sync.export_for_device(self.ctx["C"], st_.device_id)
        self.down.append((site, cs))

    @precondition(lambda self: self.up)
    @rule(pick=st.integers(0, 20), keep=st.booleans())
    def deliver_up(self, pick, keep):
        site, cs = self.up[pick % len(self.up)]
        if not keep:
            self.up.remove((site, cs))
        sync.apply_incoming(self.ctx["C"], cs)
        self.old_up.append((site, cs))

    @precondition(lambda self: self.down)
    @rule(pick=st.integers(0, 20), keep=st.booleans())
    def deliver_down(self, pick, keep):
        site, cs = self.down[pick % len(self.down)]
        if not keep:
            self.down.remove((site, cs))
        sync.apply_incoming(self.ctx[site], cs)
        self.old_down.append((site, cs))

    @precondition(lambda self: self.up or self.down)
    @rule()
    def drop_all(self):
        self.up.clear()
        self.down.clear()

    # -- the end of a round: everyone syncs -------------------------------------------------

    def full_sync(self):
        """Every laptop pushes, then every laptop pulls (as `caseterm sync` does), and again
        while the first round left something: a gap held, a change waiting for its record, a
        change still unsent. A second round where nothing is left moves nothing (it was
        always run and cost half of an example's time)."""
        for _round in range(3):
            results = [sync.apply_incoming(self.ctx["C"], sync.collect_outgoing(self.ctx[site]))
                       for site in LAPTOPS]
            for site in LAPTOPS:
                device, pulled = sync.pull_position(self.ctx[site])
                results.append(sync.apply_incoming(self.ctx[site], sync.export_for_device(
                    self.ctx["C"], device, pulled)))
            if not any(r.held or r.waiting or r.refused or r.released for r in results) \
                    and not any(sync.collect_outgoing(self.ctx[site])["changes"]
                                for site in LAPTOPS):
                return

    @rule()
    def round_end(self):
        self.full_sync()
        snapshot = {k: self.state_of(k) for k in SITES}
        for site in LAPTOPS:
            assert snapshot[site] == self.state_restricted(snapshot["C"], snapshot[site]), site
        assert sync.sync_status(self.ctx["A"]).unsent == 0
        self.check_round(snapshot["C"])
        self.check_duplicates()
        self.check_replay(snapshot)
        self.round_edits = {}
        self.round_history = {}
        self.delivering = False
        self.up.clear()
        self.down.clear()
        self.round_conflicts_before = self._conflict_keys()
        self.unchecked = False

    def state_of(self, site) -> dict:
        # SQLAlchemy Core on the columns compared (the same values the model attributes
        # hold; no model objects made: these reads run nine times a round)
        c, p, n, k = _CASE.c, _CLIENT.c, _NOTE.c, _CONFLICT.c
        with self.dbs[site].engine.connect() as conn:
            cases = {r[0]: tuple(r[1:]) for r in conn.execute(select(
                c.id, c.case_number, c.title, c.child_protection, c.phase, c.closed_on,
                c.closure_reason, c.lead_worker_id, c.client_id))}
            clients = {r[0]: tuple(r[1:]) for r in conn.execute(select(
                p.id, p.first_name, p.last_name, p.birth_date, p.phone))}
            notes = {r[0]: tuple(r[1:]) for r in conn.execute(select(n.id, n.case_id, n.text))}
            conflicts = {r[0]: tuple(r[1:]) for r in conn.execute(select(
                k.id, k.state, k.local_value, k.remote_value, k.case_id))}
        return {"cases": cases, "clients": clients, "notes": notes, "conflicts": conflicts}

    @staticmethod
    def state_restricted(centre: dict, laptop: dict) -> dict:
        """The centre's data for what the laptop holds (its cases, their people and notes)."""
        cases = {k: v for k, v in centre["cases"].items() if k in laptop["cases"]}
        people = {v[7] for v in cases.values()}
        return {"cases": cases,
                "clients": {k: v for k, v in centre["clients"].items()
                            if k in laptop["clients"] or k in people},
                "notes": {k: v for k, v in centre["notes"].items() if v[0] in cases},
                "conflicts": {k: v for k, v in centre["conflicts"].items()
                              if v[3] in cases}}

    def _conflict_keys(self) -> dict:
        k = _CONFLICT.c
        with self.dbs["C"].engine.connect() as conn:
            return {r[0]: tuple(r[1:]) for r in conn.execute(select(
                k.id, k.record_id, k.field, k.local_value, k.remote_value))}

    def check_round(self, centre: dict):
        import json

        new = {k: v for k, v in self._conflict_keys().items()
               if k not in self.round_conflicts_before}
        by_key: dict[tuple, list] = {}
        for rid, field, local, remote in new.values():
            by_key.setdefault((rid, field), []).append((json.loads(local), json.loads(remote)))
        for key, sides in self.round_edits.items():
            rid, field = key
            final = self._value("C", rid, field)
            enc = sync_capture.encode
            values = {enc(v) for v in sides.values()}
            history = self.round_history.get(key, {})

            def superseded(site: str, value, history=history, enc=enc) -> bool:
                """Another side held `value` and edited on from it this round."""
                return any(enc(value) in {enc(v) for v in vals[:-1]}
                           for other, vals in history.items() if other != site)

            moved_on = any(superseded(site, value) for site, value in sides.items())
            if len(sides) == 1:
                assert key not in by_key, ("an edit on one side only conflicted", key)
            elif len(values) > 1 and not moved_on:
                assert key in by_key, ("different values on two sides did not conflict", key,
                                       sides)
            kept = {enc(final)}
            for local, remote in by_key.get(key, []):
                kept |= {local, remote}
            for site, value in sides.items():
                assert enc(value) in kept or superseded(site, value), (
                    "a change was lost", key, site, value, kept)
        for key in by_key:
            assert key in self.round_edits, ("a conflict without edits", key)
        with self.dbs["C"].read() as s:
            assert not s.exec(select(SyncChange).where(SyncChange.outcome == "ignored")).first()

    def check_duplicates(self):
        with self.dbs["C"].read() as s:
            found = {d.person_b for d in s.exec(select(SyncDuplicate))} | \
                {d.person_a for d in s.exec(select(SyncDuplicate))}
        missing = self.dup_people - found
        assert not missing, ("a duplicate made on a laptop was not found", missing)

    def check_replay(self, before: dict):
        """`before`: every side's state now (round_end's snapshot: the checks since only
        read)."""
        for _site, cs in self.old_up[-2:]:
            r = sync.apply_incoming(self.ctx["C"], cs)
            assert r.applied == r.conflicts == r.same == 0, r
        for site, cs in self.old_down[-2:]:
            r = sync.apply_incoming(self.ctx[site], cs)
            assert r.applied == r.conflicts == r.same == 0, r
        after = {k: self.state_of(k) for k in SITES}
        assert before == after

    @invariant()
    def nothing_silently_lost(self):
        if not hasattr(self, "dbs"):
            return
        ch, k = _CHANGE.c, _CONFLICT.c
        with self.dbs["C"].engine.connect() as conn:
            conflicted = set(conn.execute(select(ch.change_id).where(
                ch.outcome == "conflict")).scalars())
            kept = set(conn.execute(select(k.remote_change)).scalars())
            assert conflicted <= kept
            assert conn.execute(select(ch.change_id).where(
                ch.outcome == "pending").limit(1)).first() is None


_real_wall = sync_capture.wall_ms
_CASE, _CLIENT, _NOTE = Case.__table__, Client.__table__, ContactNote.__table__
_CONFLICT, _CHANGE = SyncConflict.__table__, SyncChange.__table__
