#!/usr/bin/env python3
"""Mutation testing of the pure rule modules in `caseterm/core`, against the pure rule tests.

    nice -n 10 .venv/bin/python scripts/mutation.py                  # the ten rule modules
    nice -n 10 .venv/bin/python scripts/mutation.py consent queue    # some modules
    .venv/bin/python scripts/mutation.py --list consent              # list mutants, run nothing

Each mutant is one small change to the module's syntax tree (operators below). It runs in a
forked child process (the parent has pytest and the heavy third-party libraries imported, but
never `caseterm`): the child puts the mutated module into `sys.modules` before anything imports
it, then runs pytest with `-x` on only the rule test files that import that module
(`RULE_TESTS` below). A failing or timed-out run kills the mutant; a passing run lets it
survive. Nothing on disk is changed. Mutants run one after another (one CPU).

Survivors judged equivalent are listed in `docs/mutation-equivalent.txt` (one per line:
`module.py || key || reason`); the score leaves them out:

    score = (killed + timed out) / (tried - equivalent)

Operators: comparison flips (< <=, > >=, == !=, in / not in, is / is not); integer constants
+1 and -1; float constants +0.01; and <-> or; negating the condition of if / while /
conditional expressions / comprehension filters; dropping a `not` or a unary minus;
`return x` -> `return None` (a returned bool constant is flipped); arithmetic swaps
(+ -, * /, // *, % //, also in augmented assignments); True <-> False; break <-> continue.
Not mutated: docstrings, annotations, decorators, f-strings, string constants, `+`/`-` on
string literals. Identical mutated sources are dropped.
"""

from __future__ import annotations

import argparse
import ast
import copy
import gc
import importlib
import os
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "caseterm" / "core"
TESTS = ROOT / "tests"
EQUIVALENT_FILE = ROOT / "docs" / "mutation-equivalent.txt"

MODULES = ("validate", "phases", "workdays", "names", "indication", "smart", "gas", "queue",
           "consent", "duplicates", "access", "audit")

# Pure rule tests: no database, no Textual, fast. Every tests/test_rules_*.py plus these.
RULE_TESTS = ("test_smart.py", "test_gas.py", "test_workdays.py", "test_queue_rules.py",
              "test_intake_matcher.py", "test_intake_rules.py", "test_goals_core.py",
              "test_network_indicators.py")

# Third-party libraries the parent imports once so that each child starts quickly.
PRELOAD = ("pytest", "_pytest.python", "_pytest.assertion.rewrite", "sqlalchemy", "sqlmodel",
           "alembic", "alembic.config", "holidays", "rapidfuzz", "rapidfuzz.distance",
           "platformdirs", "hypothesis", "pytest_asyncio", "xdist", "xdist.plugin",
           "pytest_textual_snapshot", "syrupy", "textual", "textual.app", "rich", "typer",
           "psycopg", "fpdf", "icalendar", "faker", "babel")


# -- mutants -----------------------------------------------------------------------------------
@dataclass
class Mutant:
    module: str
    index: int  # position of the node in ast.walk order
    op: str
    line: int
    func: str
    context: str
    original: str
    mutated: str
    source: str = ""
    key: str = ""
    status: str = ""
    seconds: float = 0.0


_CMP_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
             ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
             ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_BIN_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
             ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv}
_SKIP_FIELDS = {"annotation", "returns", "decorator_list", "type_comment"}


def _children(node: ast.AST):
    for name, value in ast.iter_fields(node):
        if name in _SKIP_FIELDS:
            continue
        if isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    yield name, item
        elif isinstance(value, ast.AST):
            yield name, value


def _nodes(tree: ast.AST) -> list[ast.AST]:
    """Every mutable node in a fixed order, with docstrings, annotations, decorators and
    f-strings left out."""
    out: list[ast.AST] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.JoinedStr):
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            return  # docstring / bare string
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) \
                and node.test.id == "TYPE_CHECKING":
            return
        out.append(node)
        for _name, child in _children(node):
            visit(child)

    visit(tree)
    return out


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def _candidates(node: ast.AST) -> list[tuple[str, object]]:
    """(operator, detail) pairs applicable to `node`."""
    c: list[tuple[str, object]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _CMP_SWAP:
                c.append(("cmp", i))
    elif isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool):
            c.append(("bool", None))
        elif isinstance(v, int):
            c += [("int+1", 1), ("int-1", -1)]
        elif isinstance(v, float):
            c.append(("float", 0.01))
    elif isinstance(node, ast.BoolOp):
        c.append(("boolop", None))
    elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
        c.append(("negate", None))
    elif isinstance(node, ast.comprehension):
        for i in range(len(node.ifs)):
            c.append(("negate_if", i))
    elif isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            c.append(("delnot", None))
        elif isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
            c.append(("delneg", None))
    elif isinstance(node, ast.Return):
        if node.value is not None and not (isinstance(node.value, ast.Constant)
                                           and node.value.value is None):
            c.append(("return", None))
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        if type(node.op) in _BIN_SWAP:
            left = node.left if isinstance(node, ast.BinOp) else node.target
            right = node.right if isinstance(node, ast.BinOp) else node.value
            if not (isinstance(node.op, (ast.Add, ast.Sub)) and (_is_str(left) or _is_str(right))):
                c.append(("binop", None))
    elif isinstance(node, ast.Break):
        c.append(("continue", None))
    elif isinstance(node, ast.Continue):
        c.append(("break", None))
    return c


def _apply(node: ast.AST, op: str, detail: object) -> tuple[ast.AST, ast.AST]:
    """Mutate `node` in place (or return a replacement); returns (shown before, shown after)."""
    before = copy.deepcopy(node)
    if op == "cmp":
        node.ops[detail] = _CMP_SWAP[type(node.ops[detail])]()
        return before, node
    if op == "bool":
        node.value = not node.value
        return before, node
    if op in ("int+1", "int-1", "float"):
        node.value = node.value + detail
        return before, node
    if op == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return before, node
    if op == "negate":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        return before.test, node.test
    if op == "negate_if":
        b = copy.deepcopy(node.ifs[detail])
        node.ifs[detail] = ast.UnaryOp(op=ast.Not(), operand=node.ifs[detail])
        return b, node.ifs[detail]
    if op in ("delnot", "delneg"):
        return before, node.operand  # replacement
    if op == "return":
        v = node.value
        if isinstance(v, ast.Constant) and isinstance(v.value, bool):
            node.value = ast.Constant(value=not v.value)
        else:
            node.value = ast.Constant(value=None)
        return before, node
    if op == "binop":
        node.op = _BIN_SWAP[type(node.op)]()
        return before, node
    if op == "continue":
        return before, ast.Continue()
    if op == "break":
        return before, ast.Break()
    raise AssertionError(op)


def _parents(tree: ast.AST) -> dict[int, tuple[ast.AST, str, int | None]]:
    parents: dict[int, tuple[ast.AST, str, int | None]] = {}
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        parents[id(item)] = (node, name, i)
            elif isinstance(value, ast.AST):
                parents[id(value)] = (node, name, None)
    return parents


def _replace(parents, old: ast.AST, new: ast.AST) -> None:
    parent, name, i = parents[id(old)]
    if i is None:
        setattr(parent, name, new)
    else:
        getattr(parent, name)[i] = new


def _short(node: ast.AST, limit: int = 90) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _context(tree_parents, node: ast.AST) -> tuple[str, str]:
    """(qualified function name, the statement or header around the node)."""
    func: list[str] = []
    stmt: ast.AST | None = None
    cur = node
    while id(cur) in tree_parents:
        parent, _name, _i = tree_parents[id(cur)]
        if stmt is None and isinstance(cur, ast.stmt):
            stmt = cur
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            func.append(parent.name)
        cur = parent
    if stmt is None and isinstance(node, ast.stmt):
        stmt = node
    if isinstance(stmt, (ast.If, ast.While)):
        ctx = ("if " if isinstance(stmt, ast.If) else "while ") + _short(stmt.test)
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        ctx = "for " + _short(stmt.target) + " in " + _short(stmt.iter)
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With,
                           ast.Try)):
        ctx = type(stmt).__name__
    elif stmt is not None:
        ctx = _short(stmt)
    else:
        ctx = ""
    return ".".join(reversed(func)) or "<module>", ctx


def mutants_of(module: str) -> tuple[str, list[Mutant]]:
    path = CORE / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    baseline = ast.unparse(tree)
    seen = {baseline}
    out: list[Mutant] = []
    parents = _parents(tree)
    nodes = _nodes(tree)
    for index, node in enumerate(nodes):
        for op, detail in _candidates(node):
            mtree = copy.deepcopy(tree)
            mnode = _nodes(mtree)[index]
            mparents = _parents(mtree)
            before, after = _apply(mnode, op, detail)
            if after is not mnode and op in ("delnot", "delneg", "continue", "break"):
                _replace(mparents, mnode, after)
            source = ast.unparse(ast.fix_missing_locations(mtree))
            if source in seen:
                continue
            seen.add(source)
            func, ctx = _context(parents, node)
            out.append(Mutant(module=module, index=index, op=op,
                              line=getattr(node, "lineno", 0), func=func, context=ctx,
                              original=_short(before, 60), mutated=_short(after, 60),
                              source=source))
    counts: dict[str, int] = {}
    for m in out:
        base = f"{m.func} :: {m.context} :: {m.op} `{m.original}` -> `{m.mutated}`"
        counts[base] = counts.get(base, 0) + 1
        m.key = base if counts[base] == 1 else f"{base} #{counts[base]}"
    return baseline, out


# -- tests -----------------------------------------------------------------------------------
def rule_test_files() -> list[Path]:
    files = sorted(TESTS.glob("test_rules_*.py"))
    files += [TESTS / name for name in RULE_TESTS if (TESTS / name).exists()]
    return files


def imports_module(path: Path, module: str) -> bool:
    target = f"caseterm.core.{module}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == target:
                return True
            if node.module == "caseterm.core" and any(a.name == module for a in node.names):
                return True
        elif isinstance(node, ast.Import) and any(a.name == target for a in node.names):
            return True
    return False


def tests_for(module: str) -> list[Path]:
    return [p for p in rule_test_files() if imports_module(p, module)]


# -- running ---------------------------------------------------------------------------------
def _child(module: str, source: str, tests: list[Path]) -> int:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    import importlib.util

    import pytest

    name = f"caseterm.core.{module}"
    path = CORE / f"{module}.py"
    package = importlib.import_module("caseterm.core")
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        exec(compile(source, str(path), "exec"), mod.__dict__)
    except Exception:
        return 3
    setattr(package, module, mod)
    # --assert=plain: a failing assert still fails the test, without the (slow) rewriting.
    return int(pytest.main([*map(str, tests), "-x", "-q", "-p", "no:randomly",
                            "-p", "no:cacheprovider", "--assert=plain",
                            "--no-header", "-W", "ignore"]))


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by a running child (Linux /proc), or None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


def run_one(module: str, source: str, tests: list[Path], timeout: float) -> tuple[str, float]:
    """Run the tests against `source` in a forked child: (status, CPU seconds).

    The timeout counts the child's CPU time, not wall time, so a busy machine does not turn
    a slow survivor into a "timeout"; a wall-clock limit of 10 x the timeout is the backstop."""
    start = time.monotonic()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # child
        code = 4
        try:
            os.chdir(ROOT)
            code = _child(module, source, tests)
        finally:
            os._exit(code)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            return ("survived" if code == 0 else "killed"), cpu
        cpu = _cpu_seconds(pid)
        wall = time.monotonic() - start
        if (cpu if cpu is not None else wall) > timeout or wall > 10 * timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout", cpu if cpu is not None else wall
        time.sleep(0.02)


def load_equivalent(path: Path = EQUIVALENT_FILE) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" || ")]
        if len(parts) != 3:
            raise SystemExit(f"bad line in {path.name}: {raw!r}")
        out[(parts[0].removesuffix(".py"), parts[1])] = parts[2]
    return out


@dataclass
class Result:
    module: str
    tests: list[Path]
    mutants: list[Mutant] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(m.status == status for m in self.mutants)


def run_module(module: str, equivalent: dict, *, verbose: bool) -> Result:
    tests = tests_for(module)
    baseline, mutants = mutants_of(module)
    result = Result(module, tests, mutants)
    if not tests:
        print(f"{module}: no rule test imports it", flush=True)
        return result
    status, base_s = run_one(module, baseline, tests, timeout=120)
    if status != "survived":
        raise SystemExit(f"{module}: the unmutated module fails its tests ({status})")
    poison, _ = run_one(module, "raise RuntimeError('mutation check')\n" + baseline, tests, 120)
    if poison != "killed":  # the tests must really load the mutated source
        raise SystemExit(f"{module}: a module that cannot import was not detected ({poison})")
    timeout = max(3.0, 3 * base_s + 2)  # CPU seconds; endless loops are the only timeouts
    print(f"{module}: {len(mutants)} mutants, tests: "
          f"{' '.join(p.name for p in tests)} (baseline {base_s:.1f} s CPU)", flush=True)
    for i, m in enumerate(mutants, 1):
        m.status, m.seconds = run_one(module, m.source, tests, timeout)
        if m.status == "survived" and (module, m.key) in equivalent:
            m.status = "equivalent"
        if verbose or m.status == "survived" or i % 25 == 0:
            print(f"  [{i}/{len(mutants)}] {m.status:10} {module}.py:{m.line} {m.key}",
                  flush=True)
    s = score(result)
    print(f"{module}: {'—' if s is None else f'{s:.1%}'} "
          f"({result.count('survived')} survived, {result.count('equivalent')} equivalent)",
          flush=True)
    return result


def score(r: Result) -> float | None:
    detected = r.count("killed") + r.count("timeout")
    denominator = len(r.mutants) - r.count("equivalent")
    return None if not denominator else detected / denominator


def report(results: list[Result], stale: list[str]) -> str:
    lines = [f"Mutation run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
             "",
             "| module | mutants | killed | timed out | equivalent | survived | score |",
             "|---|---|---|---|---|---|---|"]
    tot = dict.fromkeys(("n", "k", "t", "e", "s"), 0)
    for r in results:
        s = score(r)
        row = (len(r.mutants), r.count("killed"), r.count("timeout"), r.count("equivalent"),
               r.count("survived"))
        for k, v in zip(tot, row, strict=True):
            tot[k] += v
        lines.append(f"| {r.module}.py | {' | '.join(map(str, row))} | "
                     f"{'—' if s is None else f'{s:.1%}'} |")
    if len(results) > 1:
        den = tot["n"] - tot["e"]
        total = (tot["k"] + tot["t"]) / den if den else 0
        lines.append(f"| **all** | {tot['n']} | {tot['k']} | {tot['t']} | {tot['e']} | "
                     f"{tot['s']} | **{total:.1%}** |")
    lines.append("")
    lines.append("score = (killed + timed out) / (mutants - equivalent)")
    survivors = [m for r in results for m in r.mutants if m.status == "survived"]
    if survivors:
        lines += ["", "Survivors (not listed as equivalent), in the equivalent file's format:"]
        lines += [f"{m.module}.py || {m.key} || ?   (line {m.line})" for m in survivors]
    if stale:
        lines += ["", "Entries in the equivalent file that match no surviving mutant "
                      "(killed now, or the code changed):"]
        lines += [f"  {s}" for s in stale]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", default=list(MODULES),
                    help="modules of caseterm/core (default: the ten rule modules)")
    ap.add_argument("--list", action="store_true", help="list the mutants and their tests only")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every mutant's result")
    ap.add_argument("--min-score", type=float, default=None,
                    help="exit 1 if a module scores below this (e.g. 0.9)")
    ap.add_argument("--output", type=Path, help="also write the report to this file")
    args = ap.parse_args(argv)
    modules = [re.sub(r"\.py$", "", m).rsplit("/", 1)[-1] for m in args.modules]
    for m in modules:
        if not (CORE / f"{m}.py").exists():
            ap.error(f"no module caseterm/core/{m}.py")
    if args.list:
        for m in modules:
            _, ms = mutants_of(m)
            print(f"{m}: {len(ms)} mutants; tests: {' '.join(p.name for p in tests_for(m))}")
            for x in ms:
                print(f"  {m}.py:{x.line} {x.key}")
        return 0
    if "caseterm" in sys.modules:
        raise SystemExit("caseterm must not be imported in the parent")
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    for lib in PRELOAD:
        try:
            importlib.import_module(lib)
        except Exception:
            pass
    sys.path.insert(0, str(ROOT))
    # Children need no third-party pytest plugins (the rule tests use none), and the objects
    # of the preloaded libraries go to the permanent generation: pytest's gc.collect() calls
    # in every child then cost milliseconds instead of most of the run.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    gc.freeze()
    equivalent = load_equivalent()
    results = [run_module(m, equivalent, verbose=args.verbose) for m in modules]
    matched = {(r.module, m.key) for r in results for m in r.mutants if m.status == "equivalent"}
    stale = [f"{mod}.py || {key}" for (mod, key) in equivalent
             if mod in modules and (mod, key) not in matched]
    text = report(results, stale)
    print()
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    if args.min_score is not None:
        low = [r.module for r in results if (score(r) or 0) < args.min_score]
        if low:
            print(f"below {args.min_score:.0%}: {', '.join(low)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
