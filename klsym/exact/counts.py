"""Exact sums over count vectors (the multinomial support), for the closed-form
side where parameters sit on the boundary (a zero probability): KL as the
defining sum with 0·log 0 = 0, carried out exactly."""

from __future__ import annotations

import itertools
from math import comb

import sympy as sp

from ..records.distribution import Distribution

__all__ = ["count_vectors", "exact_kl_over_counts", "exact_entropy_over_counts", "MAX_VECTORS"]

#: refuse sums over more count vectors than this
MAX_VECTORS = 200_000


def count_vectors(n: int, k: int):
    """Every vector of k non-negative integers summing to n (stars and bars).

    >>> list(count_vectors(2, 2))
    [[0, 2], [1, 1], [2, 0]]
    """
    for cut in itertools.combinations(range(n + k - 1), k - 1):
        bounds = (-1,) + cut + (n + k - 1,)
        yield [bounds[i + 1] - bounds[i] - 1 for i in range(k)]


def exact_kl_over_counts(p: Distribution, q: Distribution) -> tuple[sp.Expr, str | None]:
    """Σ_x p(x) (log p(x) − log q(x)) over count vectors, 0·log 0 = 0; (oo, reason) when
    Q gives probability 0 to counts P can take.

    >>> from klsym import dist
    >>> exact_kl_over_counts(dist("multinomial", n=2, p=[1, 0]), dist("multinomial", n=2, p=["1/2", "1/2"]))[0]
    2*log(2)
    """
    if p.params["n"] == 0:  # no draws (Q's n is P's): both are the point mass at the zero vector
        return sp.Integer(0), None
    n, k = int(p.params["n"]), len(p.params["p"])
    if comb(n + k - 1, k - 1) > MAX_VECTORS:
        raise NotImplementedError(
            f"KL({p} ‖ {q}): a probability on the boundary and {comb(n + k - 1, k - 1)} count vectors; not summed")
    lp, lq = p.logpdf, q.logpdf
    pp, pq = p.params["p"], q.params["p"]
    total = sp.Integer(0)
    for counts in count_vectors(n, k):
        if any(c > 0 and v == 0 for c, v in zip(counts, pp)):
            continue  # P gives these counts probability 0
        if any(c > 0 and v == 0 for c, v in zip(counts, pq)):
            return sp.oo, (f"P gives the counts {counts} positive probability, Q gives them 0 "
                           "(a category with Q probability 0 that P can take)")
        a, b = lp(counts), lq(counts)
        total += sp.exp(a) * (a - b)
    return total, None


def exact_entropy_over_counts(p: Distribution) -> sp.Expr:
    """−Σ_x p(x) log p(x) over count vectors, 0·log 0 = 0.

    >>> from klsym import dist
    >>> exact_entropy_over_counts(dist("multinomial", n=2, p=["1/2", "1/2", 0]))
    3*log(2)/2
    """
    if p.params["n"] == 0:  # no draws: the point mass at the zero vector
        return sp.Integer(0)
    n, k = int(p.params["n"]), len(p.params["p"])
    if comb(n + k - 1, k - 1) > MAX_VECTORS:
        raise NotImplementedError(f"entropy of {p}: {comb(n + k - 1, k - 1)} count vectors; not summed")
    lp = p.logpdf
    total = sp.Integer(0)
    for counts in count_vectors(n, k):
        if any(c > 0 and v == 0 for c, v in zip(counts, p.params["p"])):
            continue
        a = lp(counts)
        total -= sp.exp(a) * a
    return total
