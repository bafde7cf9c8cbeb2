"""Parameter points for KL(P‖Q) across two families, for verifying torch's cross-family formulas.

A pair's points (:func:`cross_points`) are every member of P's family in :data:`FAMILY_POINTS`
against every member of Q's (ordinary members, spread-out ones, and ones near an edge of a
support or of a formula's branch), plus the cases of :data:`PAIR_POINTS`: the edges each
pair's formula meets — a uniform law whose support touches the edge of Q's (the unit
interval of a beta or continuous Bernoulli law, the scale of a Pareto law, the 0 of a
gamma law) and one just beyond it, so that pairs whose KL is finite only under a support
condition are checked on both sides; narrow intervals and near-equal laws, where a formula
subtracts nearly equal terms; exponentials near overflow.

:data:`EXACT_ONLY` holds cases whose true KL the numeric oracle cannot give in reasonable
time, or gets wrong: +inf through a divergent moment (Pareto with ``alpha <= 1`` against an
exponential or gamma law, ``alpha <= 2`` against a normal one: the quadrature refuses, at
best after a minute), a moment that barely converges (Pareto ``alpha`` = 1.001 against an
exponential law: KL = 999.00…, where the oracle's quadrature of the heavy tail finds the
digits but cannot bound its error), a Poisson law with ``lam = 0`` (a point mass
whose support the oracle takes to be all of 0, 1, 2, …), and two members of different
families that are one law (exponential(1) and gamma(1, 1): the oracle takes minutes to pin
a KL of exactly 0). They join a pair's points once klsym's exact route answers the pair
(:func:`klsym.infinite_reason` stops raising NotImplementedError for it).

Every number is a float: the reference takes its exact binary value, as float64 code does.
"""

from __future__ import annotations

from itertools import product

from ..exact.divergence import infinite_reason
from ..records.distribution import dist

__all__ = ["FAMILY_POINTS", "PAIR_POINTS", "EXACT_ONLY", "cross_points", "exact_route_answers"]

Point = tuple[dict, str]
Case = tuple[dict, dict, str]

#: klsym family → a few members (parameters, label) for pairs across families
FAMILY_POINTS: dict[str, list[Point]] = {
    "normal": [({"mu": 0.0, "sigma": 1.0}, "standard"), ({"mu": 2.5, "sigma": 0.5}, "narrow"),
               ({"mu": -3.0, "sigma": 4.0}, "wide")],
    "laplace": [({"mu": 0.0, "b": 1.0}, "standard"), ({"mu": 1.5, "b": 0.25}, "narrow"),
                ({"mu": -4.0, "b": 5.0}, "wide")],
    "gumbel": [({"mu": 0.0, "beta": 1.0}, "standard"), ({"mu": -2.0, "beta": 0.5}, "narrow"),
               ({"mu": 3.0, "beta": 4.0}, "wide")],
    "exponential": [({"lam": 1.0}, "rate 1"), ({"lam": 0.25}, "slow"), ({"lam": 40.0}, "fast")],
    "gamma": [({"alpha": 2.5, "beta": 1.5}, "shape > 1"), ({"alpha": 0.5, "beta": 2.0}, "shape < 1"),
              ({"alpha": 20.0, "beta": 0.5}, "large shape")],
    "beta": [({"alpha": 2.0, "beta": 3.0}, "unimodal"), ({"alpha": 0.5, "beta": 0.5}, "U-shaped"),
             ({"alpha": 30.0, "beta": 2.5}, "concentrated near 1")],
    "continuous_bernoulli": [({"lam": 0.3}, "lam 0.3"), ({"lam": 0.4999}, "inside torch's Taylor window"),
                             ({"lam": 0.95}, "lam 0.95")],
    "uniform": [({"a": 0.0, "b": 1.0}, "the unit interval"), ({"a": 0.25, "b": 0.75}, "inside (0, 1)"),
                ({"a": 1.5, "b": 4.0}, "beyond 1"), ({"a": -1.0, "b": 2.0}, "across 0")],
    "pareto": [({"xm": 1.0, "alpha": 3.0}, "xm 1"), ({"xm": 0.5, "alpha": 2.5}, "heavy tail"),
               ({"xm": 2.0, "alpha": 10.0}, "light tail")],
    "bernoulli": [({"p": 0.3}, "p 0.3"), ({"p": 0.0}, "a point mass at 0"), ({"p": 1.0}, "a point mass at 1")],
    "poisson": [({"lam": 0.5}, "rate 0.5"), ({"lam": 3.0}, "rate 3"), ({"lam": 25.0}, "rate 25")],
    "binomial": [({"n": 5, "p": 0.3}, "n 5"), ({"n": 1, "p": 0.5}, "n 1"), ({"n": 40, "p": 0.9}, "n 40")],
}


def _u(a: float, b: float) -> dict:
    return {"a": a, "b": b}


#: (family of P, family of Q) → cases at the edges the pair's formula meets
PAIR_POINTS: dict[tuple[str, str], list[Case]] = {
    ("continuous_bernoulli", "uniform"): [
        ({"lam": 0.3}, _u(0.0, 2.0), "Q's lower end at P's 0"),
        ({"lam": 0.3}, _u(-1.0, 1.0), "Q's upper end at P's 1"),
        ({"lam": 0.3}, _u(-1e-9, 1.0 + 1e-9), "Q just wider than [0, 1]"),
        ({"lam": 0.3}, _u(-1.0, 0.999), "Q misses P's top (+inf)"),
    ],
    ("uniform", "continuous_bernoulli"): [
        (_u(0.0, 0.5), {"lam": 0.7}, "P at Q's lower end"),
        (_u(0.5, 1.0), {"lam": 0.2}, "P at Q's upper end"),
        (_u(0.1, 0.9), {"lam": 0.3}, "P inside [0, 1]"),
        (_u(-0.5, 0.5), {"lam": 0.3}, "P beyond Q's lower end (+inf)"),
    ],
    ("beta", "uniform"): [
        ({"alpha": 2.0, "beta": 3.0}, _u(0.001, 1.0), "Q misses P's bottom (+inf)"),
        ({"alpha": 2.0, "beta": 3.0}, _u(0.0, 0.999), "Q misses P's top (+inf)"),
        ({"alpha": 2.0, "beta": 3.0}, _u(-1e-9, 1.0 + 1e-9), "Q just wider than (0, 1)"),
    ],
    ("uniform", "beta"): [
        (_u(0.0, 0.5), {"alpha": 2.0, "beta": 3.0}, "P at Q's lower end, where Q's density is 0"),
        (_u(0.5, 1.0), {"alpha": 3.0, "beta": 0.5}, "P at Q's upper end, where Q's density is infinite"),
        (_u(0.5, 1.5), {"alpha": 2.0, "beta": 3.0}, "P beyond Q's upper end (+inf)"),
        (_u(0.4, 0.400001), {"alpha": 2.0, "beta": 3.0}, "narrow P: differences of x log x"),
    ],
    ("uniform", "pareto"): [
        (_u(1.0, 3.0), {"xm": 1.0, "alpha": 2.0}, "P's lower end at Q's xm"),
        (_u(0.999, 3.0), {"xm": 1.0, "alpha": 2.0}, "P's lower end just below xm (+inf)"),
        (_u(1.000001, 1.000002), {"xm": 1.0, "alpha": 2.0}, "narrow P: differences of x log x"),
        (_u(1e6, 1e6 + 1.0), {"xm": 1.0, "alpha": 2.0}, "P far out in Q's tail"),
    ],
    ("uniform", "gamma"): [
        (_u(0.0, 1.0), {"alpha": 3.0, "beta": 1.0}, "P at Q's 0, where Q's density is 0"),
        (_u(-1e-9, 1.0), {"alpha": 2.5, "beta": 1.5}, "P's lower end just below 0 (+inf)"),
        (_u(5.0, 5.000001), {"alpha": 2.5, "beta": 1.5}, "narrow P: differences of x log x"),
    ],
    ("uniform", "exponential"): [
        (_u(-1e-9, 1.0), {"lam": 1.0}, "P's lower end just below 0 (+inf)"),
        (_u(3.0, 3.000000001), {"lam": 1.0}, "narrow P"),
    ],
    ("uniform", "normal"): [
        (_u(1.0, 1.0000001), {"mu": 0.0, "sigma": 1.0}, "narrow P"),
        (_u(1e8, 1e8 + 1.0), {"mu": 0.0, "sigma": 1.0}, "P far from Q"),
    ],
    ("uniform", "gumbel"): [
        (_u(0.0, 1e-6), {"mu": 0.0, "beta": 1.0}, "narrow P: exp(-h) - exp(-l)"),
        (_u(-30.0, -29.0), {"mu": 0.0, "beta": 1.0}, "P in Q's left tail"),
        (_u(100.0, 101.0), {"mu": 0.0, "beta": 1.0}, "P in Q's right tail"),
    ],
    ("exponential", "gamma"): [
        ({"lam": 1.0}, {"alpha": 1.000001, "beta": 1.0}, "near the same law (shape)"),
        ({"lam": 1.0}, {"alpha": 1.0, "beta": 1.000001}, "near the same law (rate)"),
        ({"lam": 1e-3}, {"alpha": 0.5, "beta": 1e3}, "rates far apart"),
    ],
    ("gamma", "exponential"): [
        ({"alpha": 1.000001, "beta": 1.0}, {"lam": 1.0}, "near the same law (shape)"),
        ({"alpha": 1.0, "beta": 1.0}, {"lam": 1.000001}, "near the same law (rate)"),
    ],
    ("exponential", "gumbel"): [
        ({"lam": 1.0}, {"mu": 700.0, "beta": 1.0}, "exp(mu / beta) near overflow"),
        ({"lam": 1e-3}, {"mu": 0.0, "beta": 1e3}, "large scales"),
    ],
    ("gamma", "gumbel"): [
        ({"alpha": 1e-3, "beta": 1.0}, {"mu": 0.0, "beta": 1.0}, "tiny shape"),
        ({"alpha": 1e6, "beta": 1e6}, {"mu": 1.0, "beta": 1.0}, "huge shape"),
    ],
    ("gamma", "normal"): [
        ({"alpha": 1e6, "beta": 1e3}, {"mu": 1e3, "sigma": 1.0}, "huge shape, Q at P's mean and sd"),
        ({"alpha": 1e-3, "beta": 1.0}, {"mu": 0.0, "sigma": 1.0}, "tiny shape"),
    ],
    ("exponential", "normal"): [
        ({"lam": 1.0}, {"mu": 1.0, "sigma": 1.0}, "Q at P's mean and sd"),
        ({"lam": 1e3}, {"mu": 1e-3, "sigma": 1e-3}, "fast rate"),
    ],
    ("normal", "laplace"): [
        ({"mu": 0.0, "sigma": 1.0}, {"mu": 40.0, "b": 1.0}, "far apart: exp(-800)"),
        ({"mu": 0.0, "sigma": 1e-10}, {"mu": 0.0, "b": 1.0}, "P very narrow"),
        ({"mu": 0.0, "sigma": 1.0}, {"mu": 1e-9, "b": 0.7978845608028654}, "Q's b near P's E|X - mu|"),
    ],
    ("normal", "gumbel"): [
        ({"mu": 0.0, "sigma": 1.0}, {"mu": -30.0, "beta": 1.0}, "P in Q's right tail"),
        ({"mu": 0.0, "sigma": 1e-3}, {"mu": 0.0, "beta": 1.0}, "P very narrow"),
    ],
    ("gumbel", "normal"): [
        ({"mu": 0.0, "beta": 1.0}, {"mu": 0.5772156649015329, "sigma": 1.2825498301618641},
         "Q at P's mean and sd"),
        ({"mu": 0.0, "beta": 1e-8}, {"mu": 0.0, "sigma": 1.0}, "P very narrow"),
    ],
    ("laplace", "normal"): [
        ({"mu": 0.0, "b": 1.0}, {"mu": 0.0, "sigma": 1.4142135623730951}, "Q at P's mean and sd"),
        ({"mu": 1e8, "b": 1.0}, {"mu": 1e8, "sigma": 1.0}, "large common location"),
    ],
    ("pareto", "normal"): [
        ({"xm": 1.0, "alpha": 1e6}, {"mu": 1.0, "sigma": 1e-3}, "P near a point mass"),
    ],
    ("pareto", "exponential"): [
        ({"xm": 1e-3, "alpha": 50.0}, {"lam": 1.0}, "small xm"),
    ],
    ("beta", "normal"): [
        ({"alpha": 1e6, "beta": 1e6}, {"mu": 0.5, "sigma": 1e-3}, "huge shapes"),
    ],
    ("beta", "exponential"): [
        ({"alpha": 1e6, "beta": 1e6}, {"lam": 1.0}, "huge shapes"),
    ],
    ("beta", "gamma"): [
        ({"alpha": 0.01, "beta": 0.01}, {"alpha": 0.5, "beta": 1.0}, "tiny shapes"),
    ],
    ("beta", "continuous_bernoulli"): [
        ({"alpha": 1.0, "beta": 1.0}, {"lam": 0.4999}, "P uniform, Q near uniform"),
        ({"alpha": 2.0, "beta": 3.0}, {"lam": 1e-6}, "Q's lam near 0"),
    ],
    ("continuous_bernoulli", "exponential"): [
        ({"lam": 1e-6}, {"lam": 1.0}, "P's lam near 0"),
    ],
    ("continuous_bernoulli", "normal"): [
        ({"lam": 0.999999}, {"mu": 1.0, "sigma": 0.1}, "P's lam near 1"),
    ],
    ("bernoulli", "poisson"): [
        ({"p": 1e-10}, {"lam": 1e-10}, "both near a point mass at 0"),
        ({"p": 0.3}, {"lam": 0.0}, "Q a point mass at 0 (+inf)"),
        ({"p": 0.0}, {"lam": 0.0}, "both point masses at 0 (KL 0)"),
    ],
}

#: cases the oracle cannot settle (see the module's docstring): used once the exact route answers
EXACT_ONLY: dict[tuple[str, str], list[Case]] = {
    ("pareto", "exponential"): [({"xm": 1.0, "alpha": 1.0}, {"lam": 1.0}, "alpha 1: E[X] diverges (+inf)"),
                                ({"xm": 1.0, "alpha": 0.5}, {"lam": 1.0}, "alpha < 1 (+inf)"),
                                ({"xm": 1.0, "alpha": 1.001}, {"lam": 1.0}, "alpha just above 1"),
                                ({"xm": 1.0, "alpha": 1.1}, {"lam": 1.0}, "alpha near 1")],
    ("pareto", "gamma"): [({"xm": 1.0, "alpha": 1.0}, {"alpha": 2.0, "beta": 1.0}, "alpha 1: E[X] diverges (+inf)"),
                          ({"xm": 1.0, "alpha": 1.001}, {"alpha": 2.0, "beta": 1.0}, "alpha just above 1"),
                          ({"xm": 1.0, "alpha": 1.1}, {"alpha": 2.0, "beta": 1.0}, "alpha near 1")],
    ("pareto", "normal"): [({"xm": 1.0, "alpha": 2.0}, {"mu": 0.0, "sigma": 1.0}, "alpha 2: E[X^2] diverges (+inf)"),
                           ({"xm": 1.0, "alpha": 1.5}, {"mu": 0.0, "sigma": 1.0}, "alpha < 2 (+inf)"),
                           ({"xm": 1.0, "alpha": 2.001}, {"mu": 0.0, "sigma": 1.0}, "alpha just above 2"),
                           ({"xm": 1.0, "alpha": 2.1}, {"mu": 0.0, "sigma": 1.0}, "alpha near 2")],
    ("poisson", "bernoulli"): [({"lam": 0.0}, {"p": 0.3}, "P a point mass at 0 (finite)"),
                               ({"lam": 0.0}, {"p": 1.0}, "P at 0, Q at 1 (+inf)")],
    ("poisson", "binomial"): [({"lam": 0.0}, {"n": 5, "p": 0.3}, "P a point mass at 0 (finite)")],
    ("exponential", "gamma"): [({"lam": 2.0}, {"alpha": 1.0, "beta": 2.0}, "the same law (KL 0)")],
    ("gamma", "exponential"): [({"alpha": 1.0, "beta": 2.0}, {"lam": 2.0}, "the same law (KL 0)")],
    ("continuous_bernoulli", "uniform"): [({"lam": 0.5}, _u(0.0, 1.0), "the same law (KL 0)")],
    ("uniform", "continuous_bernoulli"): [(_u(0.0, 1.0), {"lam": 0.5}, "the same law (KL 0)")],
    ("beta", "uniform"): [({"alpha": 1.0, "beta": 1.0}, _u(0.0, 1.0), "the same law (KL 0)")],
    ("uniform", "beta"): [(_u(0.0, 1.0), {"alpha": 1.0, "beta": 1.0}, "the same law (KL 0)")],
}


def exact_route_answers(family_p: str, params_p: dict, family_q: str, params_q: dict) -> bool:
    """True when klsym's exact layer answers KL(P‖Q) (finite or +inf), False while the pair of
    families is not derived (:func:`klsym.infinite_reason` raises NotImplementedError).

    >>> exact_route_answers("normal", {"mu": 0, "sigma": 1}, "normal", {"mu": 1, "sigma": 1})
    True
    """
    try:
        infinite_reason(dist(family_p, **params_p), dist(family_q, **params_q))
    except NotImplementedError:
        return False
    return True


def cross_points(family_p: str, family_q: str) -> tuple[list[Case], list[Case]]:
    """(cases, held back) for KL(P‖Q) with P of ``family_p`` and Q of ``family_q``.

    The cases are every point of :data:`FAMILY_POINTS` for P against every one for Q (label
    ``"P's label ‖ Q's label"``), then the pair's :data:`PAIR_POINTS`, then those of
    :data:`EXACT_ONLY` that klsym's exact route answers; the held back are the rest of
    EXACT_ONLY. Raises ValueError for a family without points.

    >>> cases, held = cross_points("uniform", "pareto")
    >>> len(cases) >= 3, cases[0]
    (True, ({'a': 0.0, 'b': 1.0}, {'xm': 1.0, 'alpha': 3.0}, 'the unit interval ‖ xm 1'))
    """
    for family in (family_p, family_q):
        if family not in FAMILY_POINTS:
            raise ValueError(f"no parameter points for klsym family {family!r} "
                             f"(klsym.verification.crosspoints.FAMILY_POINTS has {', '.join(FAMILY_POINTS)})")
    cases = [(dict(pp), dict(pq), f"{lp} ‖ {lq}")
             for (pp, lp), (pq, lq) in product(FAMILY_POINTS[family_p], FAMILY_POINTS[family_q])]
    cases += [(dict(pp), dict(pq), label) for pp, pq, label in PAIR_POINTS.get((family_p, family_q), [])]
    held: list[Case] = []
    for pp, pq, label in EXACT_ONLY.get((family_p, family_q), []):
        (cases if exact_route_answers(family_p, pp, family_q, pq) else held).append((dict(pp), dict(pq), label))
    return cases, held
