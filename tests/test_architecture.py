"""The house rules that a reader cannot see from one file: no import loops, services made in one place."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_import_loops_even_behind_imports_made_inside_functions() -> None:
    """A module imported inside a function is still a dependency: a loop through one would only
    show when that function first runs. Imports for type hints alone (TYPE_CHECKING) are not loops."""
    graph = grimp.build_graph("app", "db", "ui", include_external_packages=False, exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_test_finds_a_loop(tmp_path: Path, monkeypatch) -> None:
    for name, imports in (("a", "from loopy import b"), ("b", "def f():\n    from loopy import a")):
        (tmp_path / "loopy").mkdir(exist_ok=True)
        (tmp_path / "loopy" / f"{name}.py").write_text(imports + "\n", encoding="utf-8")
    (tmp_path / "loopy" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("loopy", cache_dir=None)) == [["loopy.a", "loopy.b"]]


#: Where services may be made: the composition root, and a worker thread's own connection.
_MAKERS = {"app/services.py", "app/committee/session.py", "ui/committee/window.py"}
_SERVICE_CALL = re.compile(r"(?<![\w.])([A-Z]\w*(?:Service|Book|Ledger|Reminders|Corrections))\(")


def test_services_are_made_in_one_place() -> None:
    """Every service is built once, from the file's context, in app/services.py (reached as
    ``services.<area>``); parts of an area are built by their facade."""
    offenders = []
    for root in ("app", "ui"):
        for path in sorted((ROOT / root).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in _MAKERS:
                continue
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.lstrip().startswith(("class ", "#", "def ")):
                    continue
                for match in _SERVICE_CALL.finditer(line):
                    if not (rel.startswith("app/dues/service.py") or rel.startswith("app/development/service.py")):
                        offenders.append(f"{rel}:{no}: {match.group(1)}")
    assert offenders == []


#: The two places code is loaded lazily (the area registry and the GUI's registry), and the
#: migrations, which are files found by their number.
_LAZY = {"app/areas.py", "ui/registry.py", "db/migrate.py"}


def _own(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").split(".")[0] in ("app", "db", "ui")
    return any(alias.name.split(".")[0] in ("app", "db", "ui") for alias in node.names)


def test_code_is_loaded_lazily_only_by_the_two_registries() -> None:
    """Each module imports the program's modules it uses at its top; only the area registry
    (app/areas.py) and the GUI's registry (ui/registry.py) load code when it is first needed."""
    offenders = []
    for root in ("app", "db", "ui"):
        for path in sorted((ROOT / root).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if rel not in _LAZY and ("importlib" in text or "__import__" in text):
                offenders.append(f"{rel}: importlib")
            for fn in ast.walk(ast.parse(text)):
                if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                    offenders += [f"{rel}:{node.lineno}" for node in ast.walk(fn)
                                  if isinstance(node, ast.Import | ast.ImportFrom) and _own(node)]
    assert offenders == []


def test_every_registry_entry_names_what_is_there() -> None:
    from app.areas import COMMANDS, COMMITTEE_SESSION, SERVICES, load
    from ui import registry

    specs = [r for c in COMMANDS for r in c.registrars] + [s.spec for s in SERVICES.values()] + [COMMITTEE_SESSION]
    assert all(callable(load(spec)) for spec in specs)
    assert all(callable(registry.page_class(p.attr)) for p in registry.PAGES)
    assert all(callable(registry.load(name)) for name in registry.ON_DEMAND)
