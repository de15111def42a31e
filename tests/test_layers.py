"""The import graph: every module imports only from its own layer or the layers below, and no two modules import
each other, however many steps apart. Lazy imports inside functions count (they run all the same); imports
under `if TYPE_CHECKING:` do not (they never run).

    faces     cli, web, api, the package itself, __main__
    read      views, export                      one function per question; files for other tools
    runners   engines, evaluation                the pipeline at scale; scoring and comparing extractors
    analysis  analysis                           relations, dyads, graph, stories from the stored events
    pipeline  pipeline, selective, pieces        the stages in order (which sentences to parse; long bodies in pieces)
    stages    ingest, actors, events, places     one Article in, what it says out
    kernel    store, nlp, spacy_tables, registry the database, spaCy loaded once, the stage registry
    base      model, lang, config                the dataclasses every stage speaks; language; the config file
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "detente"

LAYERS = {
    "base": ["model", "lang", "config"],
    "kernel": ["store", "nlp", "spacy_tables", "registry"],
    "stages": ["ingest", "actors", "events", "places"],
    "pipeline": ["pipeline", "selective", "pieces"],
    "analysis": ["analysis"],
    "runners": ["engines", "evaluation"],
    "read": ["views", "export"],
    "faces": ["cli", "web", "api", "__main__", ""],
}
#: what each layer may import besides itself
MAY_IMPORT = {
    "base": set(),
    "kernel": {"base"},
    "stages": {"base", "kernel"},
    "pipeline": {"base", "kernel", "stages"},
    "analysis": {"base", "kernel"},
    "runners": {"base", "kernel", "stages", "pipeline"},
    "read": {"base", "kernel", "analysis"},
    "faces": {"base", "kernel", "stages", "pipeline", "analysis", "runners", "read"},
}
UNIT_LAYER = {unit: layer for layer, units in LAYERS.items() for unit in units}


@functools.cache
def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


class Imports(ast.NodeVisitor):
    """The detente modules a module imports, with the names taken from each (TYPE_CHECKING blocks left out)."""

    def __init__(self, name: str, is_package: bool, known: set[str]) -> None:
        self.name, self.is_package, self.known = name, is_package, known
        self.found: list[tuple[str, set[str]]] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            for n in node.orelse:
                self.visit(n)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.startswith("detente"):
                self.found.append((alias.name, set()))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.name if self.is_package else self.name.rpartition(".")[0]
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = f"{base}.{node.module}" if node.module else base
        else:
            module = node.module or ""
        if not module.startswith("detente"):
            return
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            self.found.append((sub, set()) if sub in self.known else (module, {alias.name}))


@functools.cache
def graph() -> dict[str, list[tuple[str, set[str]]]]:
    mods = modules()
    out = {}
    for name, path in mods.items():
        visitor = Imports(name, path.name == "__init__.py", set(mods))
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        out[name] = [(m, names) for m, names in visitor.found if m != name]
    return out


def layer(module: str) -> str:
    unit = module.split(".")[1] if "." in module else ""
    if unit not in UNIT_LAYER:
        raise AssertionError(f"{module}: no layer for detente.{unit}; add it to LAYERS in tests/test_layers.py")
    return UNIT_LAYER[unit]


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer(name)


def test_no_module_imports_from_a_layer_above_it() -> None:
    wrong = []
    for name, imported in graph().items():
        mine = layer(name)
        for module, names in imported:
            theirs = layer(module)
            if module == "detente" and names <= {"__version__"}:
                continue  # the version string, which every layer may print
            if theirs != mine and theirs not in MAY_IMPORT[mine]:
                wrong.append(f"{name} ({mine}) imports {module} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    known = modules()
    edges = {name: sorted({m for m, _ in imported if m in known}) for name, imported in graph().items()}
    seen: dict[str, int] = {}  # 1: on the path being walked, 2: done
    cycles = []

    def walk(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in edges.get(node, []):
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in seen:
                walk(nxt, path + [nxt])
        seen[node] = 2

    for start in sorted(edges):
        if start not in seen:
            walk(start, [start])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize(("source", "expected"), [
    ("from detente.analysis import dyads\n", [("detente.analysis.dyads", set())]),
    ("from detente.store import Store\n", [("detente.store", {"Store"})]),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from detente.web import app\n", []),
    ("def f():\n    from detente import views\n", [("detente.views", set())]),
    ("from . import facts\n", [("detente.store.facts", set())]),
])
def test_imports_are_read_as_python_runs_them(source: str, expected: list[tuple[str, set[str]]]) -> None:
    visitor = Imports("detente.store.queries", False, set(modules()))
    visitor.visit(ast.parse(source))
    assert visitor.found == expected
