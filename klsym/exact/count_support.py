"""The support of a law of count vectors, colour by colour.

A law of count vectors states its support as the range of one count x[i]: the record's
``support`` ends, which may hold the index i (the multivariate hypergeometric law's
x[i] <= min(n, K[i])). With the total fixed, P's support is inside Q's exactly when each
count's range under P is inside its range under Q: every count vector P allows then meets
Q's rules entry by entry, and a count at the end of P's range is reached by some count
vector P allows (the other colours take the rest of the draws).

>>> from klsym import dist
>>> p = dist("multivariate_hypergeometric", K=[5, 5, 2], n=4)
>>> entry_bounds(p)
[(0, 4), (0, 4), (0, 2)]
>>> entries_outside(p, dist("multivariate_hypergeometric", K=[2, 8, 2], n=4))
'x[1] ranges over {0, ..., 4} under P, over {0, ..., 2} under Q'
"""

from __future__ import annotations

import sympy as sp

from ..records.catalogue.domains import INDEX_I
from ..records.distribution import Distribution

__all__ = ["entry_bounds", "entries_outside"]


def entry_bounds(d: Distribution) -> list[tuple[sp.Expr, sp.Expr]]:
    """(lowest, highest) value of each count x[1..k] of a law of count vectors, at its parameters."""
    rec = d.record
    values = d.substitution()
    k = values[rec.length_symbol]
    ends = (sp.sympify(rec.support.lower, strict=True), sp.sympify(rec.support.upper, strict=True))
    return [tuple(e.xreplace({INDEX_I: sp.Integer(j)}).xreplace(values) for e in ends) for j in range(1, k + 1)]


def entries_outside(p: Distribution, q: Distribution) -> str | None:
    """The first count whose range under P is not inside its range under Q (P, Q of one law of count
    vectors with the same total and length), in words; None when every range is inside."""
    for j, ((lo_p, hi_p), (lo_q, hi_q)) in enumerate(zip(entry_bounds(p), entry_bounds(q)), start=1):
        if (lo_p < lo_q) is sp.true or (hi_p > hi_q) is sp.true:
            return f"x[{j}] ranges over {{{lo_p}, ..., {hi_p}}} under P, over {{{lo_q}, ..., {hi_q}}} under Q"
    return None
