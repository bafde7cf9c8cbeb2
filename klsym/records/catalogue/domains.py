"""Parameter domains shared by the catalogue (SymPy sets)."""

import sympy as sp

POSITIVE = sp.Interval.open(0, sp.oo)
NONNEGATIVE = sp.Interval(0, sp.oo)
REAL = sp.Interval(-sp.oo, sp.oo)
UNIT_CLOSED = sp.Interval(0, 1)
UNIT_LEFT_OPEN = sp.Interval.Lopen(0, 1)


def eta(name: str, **assumptions: bool) -> sp.Symbol:
    """A natural-parameter symbol (real, with the given sign assumptions)."""
    return sp.Symbol(name, real=True, **assumptions)
