"""The package's layers, read from the imports of every module (nothing is run).

    records → derive → exact ─┐
    records → oracle ─────────┴→ verification ─┬→ fit ─────────────────────┬→ docs, cli
                                               └→ crosscheck → references ─┘

Each layer imports only the layers below it. The oracle imports nothing but
the records: the two routes of every cross-check share no code beyond the
family records and the Distribution type.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "klsym"

BELOW_VERIFICATION = {"records", "derive", "exact", "oracle"}
#: layer → the layers it may import (its own included)
ALLOWED: dict[str, set[str]] = {
    "records": {"records"},
    "derive": {"records", "derive"},
    "exact": {"records", "derive", "exact"},
    "oracle": {"records", "oracle"},
    "verification": BELOW_VERIFICATION | {"verification"},
    "strategies": {"records", "strategies"},
    "crosscheck": BELOW_VERIFICATION | {"verification", "crosscheck"},
    "references": BELOW_VERIFICATION | {"verification", "crosscheck", "references"},
    "fit": BELOW_VERIFICATION | {"verification", "fit"},
    "docs": BELOW_VERIFICATION | {"verification", "fit", "crosscheck", "references", "docs"},
    "cli": BELOW_VERIFICATION | {"verification", "fit", "crosscheck", "references", "docs", "cli"},
    "__main__": {"cli"},
    "__init__": BELOW_VERIFICATION | {"verification", "fit", "crosscheck", "references", "strategies"},
}
#: catalogue data files may be long; every other module stays readable
MAX_LINES = 450


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: Path = PACKAGE) -> list[tuple[str, list[str], int]]:
    """(imported module, imported names, line) for every import in the file, lazy ones included."""
    name = _module_name(path, package)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            if target.startswith("klsym"):
                # `from . import registry` imports a module, not a name
                out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("klsym")]
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODULES = sorted(PACKAGE.rglob("*.py"))


def _resolve(target: str, names: list[str], package: Path = PACKAGE) -> list[str]:
    """The modules an import reaches: ``from klsym.records import registry`` reaches klsym.records.registry."""
    out = [target]
    for n in names:
        candidate = package.parent / (target.replace(".", "/") + "/" + n)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            out.append(f"{target}.{n}")
    return out


def _back_edges(path: Path, package: Path = PACKAGE) -> list[str]:
    allowed = ALLOWED[_layer(_module_name(path, package))]
    return [
        f"line {line}: {target}"
        for target, names, line in _imports(path, package)
        for reached in _resolve(target, names, package)
        if reached != "klsym" and _layer(reached) not in allowed
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_each_layer_imports_only_layers_below_it(path):
    bad = _back_edges(path)
    assert not bad, f"{_module_name(path)} imports above or beside its layer: {bad}"


def test_no_private_name_crosses_a_module_boundary():
    bad = []
    for path in MODULES:
        for target, names, line in _imports(path):
            private = [n for n in names if n.startswith("_") and n != "__name__"]
            if private and target != _module_name(path):
                bad.append(f"{_module_name(path)} line {line}: {', '.join(private)} from {target}")
    tests = Path(__file__).resolve().parent
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("klsym"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private:
                    bad.append(f"tests/{path.name} line {node.lineno}: {', '.join(private)} from {node.module}")
    assert not bad, "\n".join(bad)


def test_no_import_circle():
    graph = {_module_name(p): set() for p in MODULES}
    for path in MODULES:
        for target, names, _ in _imports(path):
            for reached in _resolve(target, names):
                if reached in graph and reached != _module_name(path):
                    graph[_module_name(path)].add(reached)
    # a package's __init__ re-exporting its own submodules is not a circle
    for mod in graph:
        graph[mod] = {m for m in graph[mod] if not (m.startswith(mod + ".") and _is_package(mod))}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def _is_package(mod: str) -> bool:
    return (PACKAGE.parent / mod.replace(".", "/") / "__init__.py").exists()


def test_modules_stay_short():
    long = [
        f"{p.relative_to(PACKAGE.parent)} ({n} lines)"
        for p in MODULES
        if "catalogue" not in p.parts and (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, f"modules over {MAX_LINES} lines (split them by responsibility): {long}"


def test_the_layering_test_can_fail(tmp_path):
    """A back-edge written into a copy of an oracle module is reported."""
    package = tmp_path / "klsym"
    (package / "oracle").mkdir(parents=True)
    (package / "derive").mkdir()
    (package / "derive" / "bregman.py").write_text("")
    copy = package / "oracle" / "univariate.py"
    copy.write_text("from ..derive.bregman import derive_kl\n" + (PACKAGE / "oracle" / "univariate.py").read_text())
    assert _back_edges(copy, package) == ["line 1: klsym.derive.bregman"]
