"""What a store's values were computed from: the oracle's source and each family's record.

:func:`oracle_sha256` hashes the source files a store's values depend on
(:func:`oracle_files`, read from the import statements); :func:`record_fingerprint`
hashes what the oracle reads of one record. Both are written into each store file
(:mod:`klsym.references.store`) and compared by :func:`klsym.references.stale.freshness`.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

import sympy as sp
from sympy.printing.repr import ReprPrinter

from ..records.record import Family

__all__ = ["DIVERGENCE_ONLY", "MULTIVARIATE_ONLY", "PACKAGE", "oracle_files", "oracle_sha256", "record_fingerprint"]

#: the klsym package folder
PACKAGE = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[Path]:
    """The klsym source files that ``path`` imports (relative or absolute imports, lazy ones included)."""
    module = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = module[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - (node.level - 1)])
                target = base + (node.module.split(".") if node.module else [])
            else:
                target = (node.module or "").split(".")
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            target, names = None, []
            for a in node.names:
                out |= _source_of(a.name.split("."))
            continue
        else:
            continue
        out |= _source_of(target)
        for n in names:
            out |= _source_of(target + [n])
    return out


def _source_of(parts: list[str]) -> set[Path]:
    if not parts or parts[0] != "klsym":
        return set()
    base = PACKAGE.parent.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return {candidate}
    return set()


#: the oracle modules only the divergence store's values go through (KL rows never import them)
DIVERGENCE_ONLY = ("divergences.py", "factorised.py")


#: the oracle modules only multivariate laws' values go through: a univariate law's
#: KL, entropy and divergences never run them (``tests/test_check.py`` checks it)
MULTIVARIATE_ONLY = ("multivariate.py", "coordinates.py", "counts.py", "factorised.py", "plane.py", "sphere.py")


@lru_cache(maxsize=None)
def oracle_files(store: str = "kl", multivariate: bool = True) -> tuple[Path, ...]:
    """The source files one store's values of one kind of family depend on, besides
    the family records.

    The KL store (``"kl"``): every module of ``klsym/oracle/`` but those only the
    divergence oracle uses (:data:`DIVERGENCE_ONLY`), and every ``klsym`` module they
    import, directly or through others (the records' special functions, imported by the
    catalogue, included), read from the import statements — except the catalogue
    files (``klsym/records/catalogue/``), whose records enter family by family
    through :func:`record_fingerprint`. The divergence store (``"divergence"``): every
    module of ``klsym/oracle/`` and what they import. For a univariate family
    (``multivariate=False``) the modules only multivariate laws go through
    (:data:`MULTIVARIATE_ONLY`) are left out, and their imports are not followed, so
    that a new multivariate route leaves the univariate families' rows fresh.
    """
    if store not in ("kl", "divergence"):
        raise ValueError(f"store: 'kl' or 'divergence', got {store!r}")
    catalogue = PACKAGE / "records" / "catalogue"
    skip = {PACKAGE / "oracle" / name for name in (() if multivariate else MULTIVARIATE_ONLY)}
    skip |= {PACKAGE / "oracle" / name for name in (DIVERGENCE_ONLY if store == "kl" else ())}
    todo = sorted(p for p in (PACKAGE / "oracle").glob("*.py") if p not in skip)
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(_imported_modules(path) - seen - skip)
    return tuple(sorted(p for p in seen if catalogue not in p.parents))


@lru_cache(maxsize=None)
def oracle_sha256(store: str = "kl", multivariate: bool = True) -> str:
    """sha256 over the source files one store's values of one kind of family depend on
    (:func:`oracle_files`): each file's path relative to the package's parent and its
    text with ``\n`` line ends (read once per process). A change to the divergence
    oracle alone leaves the KL store fresh; a change to a multivariate route alone
    leaves the univariate families fresh."""
    h = hashlib.sha256()
    for path in oracle_files(store, multivariate):
        h.update(path.relative_to(PACKAGE.parent).as_posix().encode() + b"\0")
        h.update(path.read_text(encoding="utf-8").replace("\r\n", "\n").encode() + b"\0")
    return h.hexdigest()


class _CanonicalRepr(ReprPrinter):
    """``sympy.srepr`` with each symbol written by its name and *all* its assumptions.

    SymPy compares symbols by name and deduced assumptions, so ``Symbol("alpha",
    positive=True)`` and ``Symbol("alpha", real=True, positive=True)`` are equal and
    hash alike; its cache may then hand back an expression built earlier with the
    other spelling, and plain ``srepr`` shows whichever it got (which depends on what
    the process computed before). Writing the full assumption set makes the text a
    function of the expression's value alone."""

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        facts = ", ".join(f"{k}={v}" for k, v in sorted(expr.assumptions0.items()))
        return f"{type(expr).__name__}({expr.name!r}{', ' if facts else ''}{facts})"


def _srepr(expr: object) -> str:
    return _CanonicalRepr().doprint(expr)


def record_fingerprint(fam: Family) -> str:
    """sha256 over what the oracle reads of a record, written by ``sympy.srepr`` with
    every symbol's full assumption set (so the text does not depend on SymPy's cache):
    the name, each parameter (name, domain, integer, fixed, vector, kind), the
    support, the log-density, the kinks, the mean, the median and the variable."""
    parts = [fam.name]
    for p in fam.params:
        parts += [p.name, _srepr(p.domain), str(p.integer), str(p.fixed), str(p.vector), str(p.kind)]
    sup = fam.support
    parts += [_srepr(sp.sympify(sup.lower, strict=True)), _srepr(sp.sympify(sup.upper, strict=True)), str(sup.discrete)]
    parts += [_srepr(fam.logpdf), _srepr(tuple(sp.sympify(k, strict=True) for k in fam.kinks))]
    parts += [_srepr(v) if v is not None else "None" for v in (fam.mean, fam.median)]
    parts.append(_srepr(fam.variable) if fam.variable is not None else "None")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
