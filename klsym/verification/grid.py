"""The hard-regime grid: float64 parameter pairs where KL code goes wrong.

For each family, :func:`hard_grid` lists (P parameters, Q parameters, label)
triples built from

* *anchors* — P in each hard regime of the family: tiny and huge scales and
  rates, shapes near 0 and near 1e6–1e15, probabilities below machine epsilon
  and one ulp below 1, support edges (p = 0 or 1, lam = 0);
* *perturbations* of each free parameter of the anchor — identical (KL = 0),
  one ulp, a relative 1e-8 (KL ~ 1e-17), 1e-4, a factor 2 and a factor 1000;
* *pinned pairs* — support edges and published failures of real code.

Every pair is valid for the family (invalid perturbations are dropped), and
all values are Python floats (ints for binomial ``n``; lists of them for vector
and matrix parameters, whose anchors and moves are in
:mod:`klsym.verification.matrix_grid`), so implementations receive exactly what
the oracle evaluates.
"""

from __future__ import annotations

import math
from typing import Any

from ..records import registry
from ..records.distribution import dist
from .matrix_grid import MATRIX_ANCHORS, is_structured, matrix_pair_strategy, perturb_structured, to_floats

__all__ = ["hard_grid", "drawn_pairs", "ANCHORS", "PINNED"]

Params = dict[str, Any]
EPS = 2.0**-52
ONE_MINUS = 1.0 - 2.0**-53  # the float just below 1

_scales = [1.0, 1e-300, 1e300, 1e-8, 3.7e7]
_probs = [0.5, 1e-20, 2.0**-60, 1e-300, ONE_MINUS, 1.0 - 1e-10, 0.0, 1.0]

#: family → anchors (P's parameters in each regime, with a label)
ANCHORS: dict[str, list[tuple[Params, str]]] = {
    "normal": [({"mu": 0.0, "sigma": 1.0}, "standard"), ({"mu": 0.0, "sigma": 1e-300}, "tiny scale"),
               ({"mu": 0.0, "sigma": 1e300}, "huge scale"), ({"mu": 1e15, "sigma": 1.0}, "huge location"),
               ({"mu": -3.5, "sigma": 1e-8}, "small scale")],
    "lognormal": [({"mu": 0.0, "sigma": 1.0}, "standard"), ({"mu": -700.0, "sigma": 1e-8}, "mass near 0"),
                  ({"mu": 0.0, "sigma": 1e150}, "huge scale"), ({"mu": 1e15, "sigma": 1.0}, "huge location")],
    "exponential": [({"lam": s}, f"rate {s:g}") for s in _scales],
    "gamma": [({"alpha": 1.0, "beta": 1.0}, "exponential"), ({"alpha": 1e-8, "beta": 1.0}, "tiny shape"),
              ({"alpha": 1e6, "beta": 1e6}, "large shape"), ({"alpha": 1e15, "beta": 1.0}, "huge shape"),
              ({"alpha": 0.5, "beta": 1e-300}, "tiny rate"), ({"alpha": 2.0, "beta": 1e300}, "huge rate")],
    "inverse_gamma": [({"alpha": 3.0, "beta": 1.0}, "moderate"), ({"alpha": 1e-8, "beta": 1.0}, "tiny shape"),
                      ({"alpha": 1e6, "beta": 1e6}, "large shape"), ({"alpha": 0.5, "beta": 1e-300}, "tiny scale"),
                      ({"alpha": 2.0, "beta": 1e300}, "huge scale")],
    "beta": [({"alpha": 1.0, "beta": 1.0}, "uniform"), ({"alpha": 1e6, "beta": 1e6}, "large shapes"),
             ({"alpha": 1e-8, "beta": 1e-8}, "tiny shapes"), ({"alpha": 0.5, "beta": 0.5}, "arcsine"),
             ({"alpha": 1e6, "beta": 1e-6}, "lopsided"), ({"alpha": 1e15, "beta": 2.0}, "huge shape")],
    "chi_squared": [({"k": k}, f"k = {k:g}") for k in (1.0, 2.0, 1e-8, 1e6, 1e15)],
    "rayleigh": [({"sigma": s}, f"scale {s:g}") for s in _scales],
    "half_normal": [({"sigma": s}, f"scale {s:g}") for s in _scales],
    "inverse_gaussian": [({"mu": 1.0, "lam": 1.0}, "standard"), ({"mu": 1e-8, "lam": 1e8}, "narrow"),
                         ({"mu": 1e8, "lam": 1e-8}, "wide"), ({"mu": 1e300, "lam": 1.0}, "huge mean"),
                         ({"mu": 1.0, "lam": 1e300}, "huge shape")],
    "weibull": [({"k": k, "lam": lam}, f"k = {k:g}, scale {lam:g}")
                for k, lam in ((2.0, 1.0), (1e-3, 1.0), (50.0, 1.0), (1.0, 1e-300), (0.5, 1e300), (3.0, 1e-8))],
    "pareto": [({"xm": xm, "alpha": a}, f"xm = {xm:g}, alpha = {a:g}")
               for xm, a in ((1.0, 3.0), (1.0, 1e-8), (1.0, 1e8), (1e-300, 2.0), (1e300, 2.0), (2.5, 0.5))],
    "laplace": [({"mu": mu, "b": b}, f"mu = {mu:g}, scale {b:g}")
                for mu, b in ((0.0, 1.0), (0.0, 1e-300), (0.0, 1e300), (1e15, 1.0), (-3.5, 1e-8))],
    "chi": [({"k": k}, f"k = {k:g}") for k in (1.0, 3.0, 1e-8, 1e6, 1e15)],
    "maxwell": [({"a": s}, f"scale {s:g}") for s in _scales],
    "beta_prime": [({"alpha": 2.0, "beta": 3.0}, "moderate"), ({"alpha": 1e-8, "beta": 1e-8}, "tiny shapes"),
                   ({"alpha": 1e6, "beta": 1e6}, "large shapes"), ({"alpha": 1e6, "beta": 1e-6}, "lopsided"),
                   ({"alpha": 0.5, "beta": 0.5}, "no mean")],
    "nakagami": [({"m": 0.5, "omega": 1.0}, "half-normal shape (m = 1/2)"), ({"m": 1.0, "omega": 1e-300}, "tiny spread"),
                 ({"m": 2.0, "omega": 1e300}, "huge spread"), ({"m": 1e6, "omega": 1.0}, "large shape"),
                 ({"m": 1e15, "omega": 2.0}, "huge shape")],
    "continuous_bernoulli": [({"lam": v}, f"lam = {v!r}") for v in (0.5, 0.5 + 1e-9, 0.25, 1e-10, 1e-300, 1.0 - 1e-10)],
    "von_mises": [({"mu": 0.0, "kappa": 1.0}, "standard"), ({"mu": 0.0, "kappa": 1e-8}, "nearly uniform"),
                  ({"mu": 1.0, "kappa": 1e4}, "concentrated"), ({"mu": -3.0, "kappa": 1e8}, "very concentrated"),
                  ({"mu": 3.0, "kappa": 2.0}, "location near pi")],
    "logarithmic": [({"p": v}, f"p = {v!r}") for v in (0.5, 1e-10, 1e-300, 0.999, 1.0 - 1e-10)],
    "zeta": [({"s": v}, f"s = {v!r}") for v in (2.0, 1.5, 1.05, 20.0, 60.0)],
    "uniform": [({"a": 0.0, "b": 1.0}, "unit interval"), ({"a": 0.0, "b": 1e-300}, "tiny width"),
                ({"a": -1e300, "b": 1e300}, "huge width"), ({"a": 1e15, "b": 1e15 + 2.0}, "far from 0"),
                ({"a": -3.5, "b": -3.5 + 1e-8}, "narrow")],
    "cauchy": [({"x0": 0.0, "gamma": 1.0}, "standard"), ({"x0": 0.0, "gamma": 1e-300}, "tiny scale"),
               ({"x0": 0.0, "gamma": 1e300}, "huge scale"), ({"x0": 1e15, "gamma": 1.0}, "huge location"),
               ({"x0": -3.5, "gamma": 1e-8}, "small scale")],
    "gumbel": [({"mu": 0.0, "beta": 1.0}, "standard"), ({"mu": 0.0, "beta": 1e-300}, "tiny scale"),
               ({"mu": 0.0, "beta": 1e300}, "huge scale"), ({"mu": 1e15, "beta": 1.0}, "huge location"),
               ({"mu": -3.5, "beta": 1e-8}, "small scale")],
    "bernoulli": [({"p": p}, f"p = {p!r}") for p in _probs],
    "binomial": [({"n": n, "p": p}, f"n = {n}, p = {p!r}") for n in (1, 50, 10**6) for p in (0.5, 1e-20, ONE_MINUS, 0.0, 1.0)],
    "poisson": [({"lam": s}, f"rate {s!r}") for s in (1.0, 0.0, 1e-300, 1e-20, 1e12, 1e300)],
    "geometric": [({"p": p}, f"p = {p!r}") for p in (0.5, 1.0, 1e-20, 1e-300, ONE_MINUS)],
    "negative_binomial": [({"r": r, "p": p}, f"r = {r:g}, p = {p!r}") for r in (1.0, 2.5, 1e6) for p in (0.5, 1.0, 1e-20, ONE_MINUS)],
    "categorical": [({"p": [0.5, 0.5]}, "fair coin"), ({"p": [0.25, 0.25, 0.5]}, "three outcomes"),
                    ({"p": [1e-300, 0.5, 0.5]}, "a tiny entry"), ({"p": [0.0, 0.5, 0.5]}, "a zero entry"),
                    ({"p": [1.0, 0.0]}, "point mass"), ({"p": [2.0**-60, 0.5, 0.5 - 2.0**-60]}, "entry below eps")],
}

#: family → pinned pairs: support edges and failures reported against real code
PINNED: dict[str, list[tuple[Params, Params, str]]] = {
    "normal": [({"mu": 0.0, "sigma": 1.0}, {"mu": 1e-8, "sigma": 1.0}, "KL 5e-17 (reported 0)")],
    "gamma": [({"alpha": 2.0, "beta": 1.0}, {"alpha": 2.0 + 1e-10, "beta": 1.0}, "near-equal shapes"),
              ({"alpha": 1e6, "beta": 1.0}, {"alpha": 1e6 + 1, "beta": 1.0}, "near-equal large shapes")],
    "beta": [({"alpha": 1e6, "beta": 1e6}, {"alpha": 1e6 + 1, "beta": 1e6}, "large shapes (reported 2.2% off)")],
    "bernoulli": [({"p": 0.5}, {"p": 1e-20}, "q below eps (reported 17.33)"), ({"p": 0.5}, {"p": 0.0}, "q = 0: inf"),
                  ({"p": 0.5}, {"p": 1.0}, "q = 1: inf"), ({"p": 1.0}, {"p": 0.5}, "p = 1"),
                  ({"p": 0.0}, {"p": 0.5}, "p = 0"), ({"p": 1e-300}, {"p": 2e-300}, "both tiny")],
    "binomial": [({"n": 50, "p": 1.0}, {"n": 50, "p": 0.5}, "p = 1 (reported -inf)"),
                 ({"n": 50, "p": 0.0}, {"n": 50, "p": 0.5}, "p = 0"),
                 ({"n": 50, "p": 0.5}, {"n": 50, "p": 1.0}, "q = 1: inf"),
                 ({"n": 5, "p": 0.5}, {"n": 3, "p": 0.5}, "n_p > n_q: inf"),
                 ({"n": 3, "p": 0.5}, {"n": 5, "p": 0.5}, "n_p < n_q: finite"),
                 ({"n": 0, "p": 0.3}, {"n": 0, "p": 0.5}, "n = 0")],
    "poisson": [({"lam": 0.0}, {"lam": 1.0}, "rate 0 (reported NaN)"), ({"lam": 1.0}, {"lam": 0.0}, "q rate 0: inf"),
                ({"lam": 1e12}, {"lam": 1e12 + 1}, "KL 5e-13 (reported -0.0019)")],
    "geometric": [({"p": 1e-20}, {"p": 2e-20}, "tiny p (reported 38.0)"), ({"p": 1.0}, {"p": 0.5}, "p = 1"),
                  ({"p": 0.5}, {"p": 1.0}, "q = 1: inf")],
    "negative_binomial": [({"r": 2.0, "p": 0.3}, {"r": 3.0, "p": 0.4}, "different r"),
                          ({"r": 1.0, "p": 1.0}, {"r": 1.0, "p": 0.5}, "p = 1")],
    "categorical": [({"p": [0.5, 0.5]}, {"p": [1.0, 0.0]}, "q has a zero: inf"),
                    ({"p": [1.0, 0.0]}, {"p": [0.5, 0.5]}, "p has a zero")],
}

_FACTORS = [("1 ulp", None), ("rel 1e-8", 1e-8), ("rel 1e-4", 1e-4), ("x2", 1.0), ("x1000", 999.0)]


def _perturb(param, value: Any, how: float | None) -> list[Any]:
    """Values near ``value`` for one parameter: nextafter both ways, or relative steps (for a
    vector, on its first entry: :func:`klsym.verification.matrix_grid.perturb_structured`)."""
    if is_structured(param):
        return perturb_structured(param, value, how, _perturb_number)
    return _perturb_number(param, value, how)


def _perturb_number(param, value: Any, how: float | None) -> list[Any]:
    """Values near the number ``value`` within the parameter's domain."""
    if param.integer:  # binomial n: P and Q on different supports (summed exactly, so n stays small)
        return [value + 1, value - 1] if how == 1.0 and value <= 1000 else []
    lo, hi = float(param.domain.inf), float(param.domain.sup)
    if how is None:
        out = [math.nextafter(value, math.inf), math.nextafter(value, -math.inf)]
    elif lo == 0.0 and hi == 1.0:  # a probability: move towards the middle, by a relative step of p or 1 - p
        small = min(value, 1.0 - value)
        step = (small if small > 0 else 0.5) * min(how, 0.5)
        out = [value + step if value < 0.5 else value - step]
    else:
        out = [value * (1 + how), value / (1 + how)] if value != 0 else [how, -how]
    return [v for v in out if lo <= v <= hi]


def _categorical_moves(p: list[float]) -> list[tuple[list[float], str]]:
    i = max(range(len(p)), key=lambda j: p[j])
    out = []
    for eps, label in ((2.0**-53, "mass 2^-53 moved"), (1e-8, "mass 1e-8 moved"), (0.25, "mass 1/4 moved")):
        q = list(p)
        move = min(eps, q[i])
        q[i] -= move
        j = (i + 1) % len(q)
        q[j] += move
        out.append((q, label))
    out.append(([1.0 / len(p)] * len(p), "uniform"))
    return out


def _valid(family: str, params: Params) -> bool:
    try:
        dist(family, **params)
    except ValueError:
        return False
    return True


def _example_anchor(rec) -> list[tuple[Params, str]]:
    """A family without its own anchors: the record's example point only."""
    if not rec.example:
        return []
    out: Params = {}
    for param in rec.params:
        v = rec.example[param.name]
        out[param.name] = (to_floats(v, param.kind.name == "category_sizes") if is_structured(param)
                           else int(v) if param.integer else float(v))
    return [(out, "example")]


def hard_grid(family: str) -> list[tuple[Params, Params, str]]:
    """The hard-regime pairs for ``family`` (deduplicated, each valid).

    >>> pairs = hard_grid("poisson")
    >>> ({"lam": 0.0}, {"lam": 1.0}, "rate 0 (reported NaN)") in pairs
    True
    >>> all(p["lam"] >= 0 and q["lam"] >= 0 for p, q, _ in pairs)
    True
    """
    rec = registry.get(family)
    out: list[tuple[Params, Params, str]] = list(PINNED.get(family, []))
    for anchor, regime in ANCHORS.get(family) or MATRIX_ANCHORS.get(family) or _example_anchor(rec):
        out.append((anchor, dict(anchor), f"{regime}: identical"))
        if family == "categorical":
            out += [(anchor, {"p": q}, f"{regime}: {label}") for q, label in _categorical_moves(anchor["p"])]
            continue
        moderate = all(0.01 <= v <= 0.99 for k, v in anchor.items() if k == "p" and not isinstance(v, list)) and all(
            anchor[par.name] <= 100 for par in rec.fixed_params)
        for param in rec.params:
            if param.fixed and not param.integer and not moderate:
                continue  # no closed form: the numeric oracle sums ~1/p terms
            for label, how in _FACTORS:
                # a count (binomial n, an urn's first colour) moves by one, with the factor-2 step
                shown = "+- 1" if param.integer or param.kind.name == "category_sizes" else label
                for v in _perturb(param, anchor[param.name], how):
                    other = {**anchor, param.name: v}
                    out.append((anchor, other, f"{regime}: {param.name} {shown}"))
                    if label in ("x2", "rel 1e-8"):
                        out.append((other, anchor, f"{regime}: {param.name} {shown} (swapped)"))
    seen, unique = set(), []
    for p, q, label in out:
        key = (repr(sorted(p.items())), repr(sorted(q.items())))
        if key in seen or not (_valid(family, p) and _valid(family, q)):
            continue
        seen.add(key)
        unique.append((p, q, label))
    return unique


# ----------------------------------------------------------------- hypothesis-drawn points
def _float_strategy(param):
    from hypothesis import strategies as st

    lo, hi = param.domain.inf, param.domain.sup
    if param.integer:
        return st.integers(int(lo), 10**6)
    if lo == 0 and hi == 1:
        return st.floats(0.0, 1.0)
    if lo == 0:  # positive (or non-negative) scales, rates, shapes: every binade from 1e-300 to 1e300
        return st.floats(1e-300, 1e300)
    return st.floats(-1e300, 1e300)


def _pair_strategy(family: str):
    from hypothesis import strategies as st

    rec = registry.get(family)
    if family in MATRIX_ANCHORS:
        return matrix_pair_strategy(rec, _float_strategy)

    @st.composite
    def pairs(draw):
        if family == "categorical":
            k = draw(st.integers(2, 5))
            weights = [draw(st.floats(0.0, 1.0)) for _ in range(2 * k)]
            vec = [weights[:k], weights[k:]]
            if draw(st.booleans()):  # Q near P
                vec[1] = [w * (1 + draw(st.floats(-1e-6, 1e-6))) for w in vec[0]]
            out = []
            for w in vec:
                total = sum(w)
                out.append({"p": [x / total for x in w] if total > 0 else [1.0] + [0.0] * (k - 1)})
            return out[0], out[1], "drawn"
        p = {param.name: draw(_float_strategy(param)) for param in rec.params}
        if draw(st.booleans()):
            q = {param.name: draw(_float_strategy(param)) if not param.fixed else p[param.name] for param in rec.params}
            return p, q, "drawn"
        delta = draw(st.floats(-1e-3, 1e-3))
        q = {}
        for param in rec.params:
            v = p[param.name]
            q[param.name] = v if param.fixed or param.integer else v * (1 + delta) if v else delta
        return p, q, f"drawn near-equal (delta {delta:.3g})"

    return pairs()


def drawn_pairs(family: str, n: int, seed: int = 0) -> list[tuple[Params, Params, str]]:
    """``n`` parameter pairs drawn by hypothesis (deterministic for a seed; invalid draws skipped).

    >>> len(drawn_pairs("normal", 5)) <= 5
    True
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    out: list[tuple[Params, Params, str]] = []

    @hseed(seed)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(_pair_strategy(family))
    def collect(pair):
        p, q, label = pair
        if _valid(family, p) and _valid(family, q) and len(out) < n:
            out.append((p, q, label))

    collect()
    return out
