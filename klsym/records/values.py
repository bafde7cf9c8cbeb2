"""Parameter values put into record expressions, without blow-up.

SymPy evaluates ``loggamma(10**6)`` as ``log(999999!)`` and
``polygamma(0, 10**6)`` as an exact harmonic number: millions of digits, or
memory exhaustion for 10**15. :func:`substitute` puts parameter values into a
closed form but leaves such special-function values unevaluated (they stay
exact symbols that ``evalf`` computes by mpmath in microseconds).
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp

__all__ = ["substitute", "substitute_matrices", "LARGE"]

#: special functions whose exact evaluation at large rational arguments explodes
_GUARDED = (sp.loggamma, sp.polygamma, sp.gamma, sp.factorial, sp.harmonic)
#: rational arguments larger than this stay unevaluated
LARGE = 50


def _large(value: sp.Expr) -> bool:
    return bool(value.is_Rational and abs(value) > LARGE)


def substitute(expr: sp.Expr, values: Mapping, length: sp.Symbol | None = None) -> sp.Expr:
    """``expr`` with ``values`` (symbol or indexed entry → value) substituted.

    ``length`` names the index-sum length symbol (categorical K): its value is
    substituted and the sums expanded first.

    >>> a = sp.Symbol("a", positive=True)
    >>> substitute(sp.loggamma(a) - sp.loggamma(a + 1), {a: 10**15})
    -loggamma(1000000000000001) + loggamma(1000000000000000)
    >>> substitute(sp.loggamma(a), {a: 5})
    log(24)
    """
    values = {k: sp.sympify(v) for k, v in values.items()}
    if length is not None and length in values:
        expr = expr.subs(length, values.pop(length)).doit()

    def rebuild(e: sp.Basic) -> sp.Basic:
        if e in values:
            return values[e]
        if not e.args:
            return e
        args = [rebuild(a) for a in e.args]
        if isinstance(e, _GUARDED) and any(_large(a) for a in args):
            return e.func(*args, evaluate=False)
        return e.func(*args)

    return rebuild(expr)


def substitute_matrices(expr: sp.Expr, values: Mapping, dimension: sp.Symbol) -> tuple[sp.Expr, dict]:
    """Put explicit matrices into a form written with matrix symbols of symbolic size.

    ``values`` maps matrix symbols (of size ``dimension``) to explicit matrices
    and ``dimension`` to its value; the size is substituted first, then the
    matrices, and traces, determinants, inverses, products and the index sums
    over 1..d are carried out exactly. Returns the expression and the remaining
    (scalar) values, to be put in by :func:`substitute`.

    >>> d = sp.Symbol("d", integer=True, positive=True)
    >>> S = sp.MatrixSymbol("S", d, d)
    >>> substitute_matrices(sp.log(sp.Determinant(S)) + d, {S: sp.Matrix([[2, 1], [1, 2]]), d: 2}, d)[0]
    log(3) + 2
    """
    if dimension not in values:
        return expr, dict(values)
    n = int(values[dimension])
    mats = {}
    rest = {}
    for k, v in values.items():
        if isinstance(k, sp.MatrixSymbol):
            rows, cols = (sp.sympify(s).subs(dimension, n) for s in k.shape)
            mats[sp.MatrixSymbol(k.name, rows, cols)] = sp.ImmutableMatrix(v)
        elif k != dimension:
            rest[k] = v
    expr = expr.subs(dimension, n).xreplace(mats)
    expr = expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())
    expr = expr.replace(lambda e: isinstance(e, (sp.Trace, sp.Determinant)) or (
        getattr(e, "is_Matrix", False) and not isinstance(e, sp.MatrixSymbol)), lambda e: e.doit())
    expr = expr.replace(lambda e: type(e).__name__ == "MatrixElement", lambda e: e.doit())
    return expr, rest
