"""Mutation testing of the design-time rules against their fixtures.

For every rule module in wizard/checking/rules, make one small change at a time (a
comparison flipped, a branch disabled or inverted, a yield or a continue dropped, a
number moved by one, a finding moved to the file root, the end of a message dropped),
load the changed module in place of the real one, and run the rule's fixtures
(tests/checks/<CODE>/: every bad file must give exactly its snapshot, every good file no
finding of the code). A change no fixture notices, a surviving mutant, is a fixture that
is missing (or a change that cannot alter what the rule reports; the report says which
line, so a person can tell).

    python scripts/mutate_rules.py                 # every rule
    python scripts/mutate_rules.py route_scopes    # some modules, by file name
    python scripts/mutate_rules.py --list          # the mutants, without running them
    python scripts/mutate_rules.py --suite         # fixture survivors then meet tests/test_checks.py

Some rule code only the library reaches (no template, a route Serverless refuses);
``--suite`` writes each mutant that survived the fixtures into its file in turn, runs
tests/test_checks.py on it, and puts the file back. Exit status 1 when a mutant survives.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import subprocess
import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
RULES_DIR = REPO / "wizard" / "checking" / "rules"
PACKAGE = "wizard.checking.rules"

_FLIP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


class Mutant:
    __slots__ = ("module", "line", "what", "tree")

    def __init__(self, module: str, line: int, what: str, tree: ast.Module) -> None:
        self.module = module
        self.line = line
        self.what = what
        self.tree = tree

    def __str__(self) -> str:
        return f"{self.module}.py:{self.line}: {self.what}"


def _sites(tree: ast.Module):
    """(node, description, change) for every place a mutation can be made; change(node) mutates a copy."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _FLIP:
                    yield node, f"{type(op).__name__} -> {_FLIP[type(op)].__name__}", _flip(i)
            for i, comparator in enumerate([node.left, *node.comparators]):
                if isinstance(comparator, ast.Constant) and isinstance(comparator.value, str):
                    yield node, f"compare with {comparator.value!r}+'x'", _retext(i)
        elif isinstance(node, ast.BoolOp):
            yield node, f"{type(node.op).__name__} -> {'Or' if isinstance(node.op, ast.And) else 'And'}", _swap_bool
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "drop not", None
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            yield node, "condition negated", _negate
            if isinstance(node, ast.If):
                yield node, "branch disabled (if False)", _disable
        elif isinstance(node, ast.Expr) and isinstance(node.value, (ast.Yield, ast.YieldFrom)):
            yield node, "yield dropped", None
        elif isinstance(node, (ast.Continue, ast.Break)):
            yield node, f"{type(node).__name__.lower()} dropped", None
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, f"{node.value} -> {node.value + 1}", _plus_one
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Finding":
            if node.args:
                yield node, "finding moved to the file root", _to_root
            if len(node.args) > 1 and isinstance(node.args[1], ast.JoinedStr) and len(node.args[1].values) > 1:
                yield node, "end of the message dropped", _drop_tail


def _flip(i):
    def change(node):
        node.ops[i] = _FLIP[type(node.ops[i])]()
    return change


def _retext(i):
    def change(node):
        target = [node.left, *node.comparators][i]
        target.value = target.value + "x"
    return change


def _swap_bool(node):
    node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()


def _negate(node):
    node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)


def _disable(node):
    node.test = ast.Constant(value=False)


def _plus_one(node):
    node.value += 1


def _to_root(node):
    node.args[0] = ast.Tuple(elts=[], ctx=ast.Load())


def _drop_tail(node):
    node.args[1].values = node.args[1].values[:-1]


def mutants(module: str) -> list[Mutant]:
    source = (RULES_DIR / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    out = []
    for index, (node, what, change) in enumerate(_sites(tree)):
        if isinstance(node, ast.Constant) and _in_docstring_or_annotation(tree, node):
            continue
        copied = ast.parse(source)
        target = list(_sites(copied))[index][0]
        if change is None:
            _remove(copied, target, what)
        else:
            change(target)
        ast.fix_missing_locations(copied)
        out.append(Mutant(module, getattr(node, "lineno", 0), what, copied))
    return out


def _in_docstring_or_annotation(tree, node) -> bool:
    for parent in ast.walk(tree):
        for field in ("returns", "annotation"):
            annotation = getattr(parent, field, None)
            if annotation is not None and any(n is node for n in ast.walk(annotation)):
                return True
    return False


def _remove(tree, target, what: str) -> None:
    """Drop ``not`` (keep its operand) or replace a statement with ``pass``."""
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is target:
                        value[i] = target.operand if what == "drop not" else ast.Pass()
                        return
            elif value is target:
                setattr(parent, field, target.operand if what == "drop not" else ast.Pass())
                return


# ----- running a mutant ---------------------------------------------------------------------

def _dependents(module: str) -> list[str]:
    """Rule modules that import from ``module`` (they must use the mutated helper too)."""
    found = []
    for path in sorted(RULES_DIR.glob("*.py")):
        if path.stem != module and f"from .{module} import" in path.read_text(encoding="utf-8"):
            found.append(path.stem)
    return found


def _load(module: str, tree: ast.Module | None) -> types.ModuleType:
    name = f"{PACKAGE}.{module}"
    path = RULES_DIR / f"{module}.py"
    tree = tree if tree is not None else ast.parse(path.read_text(encoding="utf-8"))
    fresh = types.ModuleType(name)
    fresh.__file__ = str(path)
    fresh.__package__ = PACKAGE
    sys.modules[name] = fresh
    exec(compile(tree, str(path), "exec"), fresh.__dict__)
    return fresh


def _verdict(codes: list[str]) -> str | None:
    """None when every fixture of ``codes`` gives what it should; else what went wrong first."""
    import json

    from check_fixtures import FIXTURES, bad_files, findings, good_files, snapshot_path

    for code in codes:
        folder = FIXTURES / code
        for bad in bad_files(folder):
            try:
                got = findings(bad, code)
            except Exception as exc:  # a mutant that crashes is caught by every test
                return f"{bad.name}: raised {type(exc).__name__}"
            if got != json.loads(snapshot_path(bad).read_text(encoding="utf-8")):
                return f"{bad.name} differs from its snapshot"
        for good in good_files(folder):
            try:
                got = findings(good, code)
            except Exception as exc:
                return f"{good.name}: raised {type(exc).__name__}"
            if got:
                return f"{good.name} gives {len(got)} finding(s)"
    return None


def run(mutant: Mutant) -> str | None:
    originals = {}
    modules = [mutant.module, *_dependents(mutant.module)]
    try:
        for index, module in enumerate(modules):
            real = importlib.import_module(f"{PACKAGE}.{module}")
            originals[module] = (real, real.RULE.check)
            try:
                loaded = _load(module, copy.deepcopy(mutant.tree) if index == 0 else None)
            except Exception as exc:
                return f"does not load: {type(exc).__name__}"
            real.RULE.check = loaded.RULE.check
        return _verdict([originals[m][0].RULE.code for m in modules])
    finally:
        for module, (real, check) in originals.items():
            real.RULE.check = check
            sys.modules[f"{PACKAGE}.{module}"] = real


def survives_suite(mutant: Mutant) -> bool:
    """Whether tests/test_checks.py still passes with the mutant written into its file."""
    path = RULES_DIR / f"{mutant.module}.py"
    original = path.read_bytes()
    try:
        path.write_text(ast.unparse(mutant.tree) + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "0",
                               str(REPO / "tests" / "test_checks.py")], cwd=REPO, capture_output=True)
        return done.returncode == 0
    finally:
        path.write_bytes(original)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="rule modules by file name (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    parser.add_argument("--suite", action="store_true", help="run tests/test_checks.py on the fixtures' survivors")
    args = parser.parse_args(argv)
    modules = args.modules or sorted(p.stem for p in RULES_DIR.glob("*.py") if p.stem != "__init__")
    survivors = total = 0
    for module in modules:
        for mutant in mutants(module):
            total += 1
            if args.list:
                print(mutant)
                continue
            verdict = run(mutant)
            if verdict is None and args.suite and not survives_suite(mutant):
                print(f"killed by tests/test_checks.py: {mutant}", flush=True)
            elif verdict is None:
                survivors += 1
                print(f"SURVIVED {mutant}", flush=True)
    if not args.list:
        print(f"{total} mutants, {total - survivors} killed, {survivors} survived")
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
