"""Closed-form bounds and approximations of KL(f‖g) for Gaussian mixtures.

f = Σ_a π_a f_a and g = Σ_b ω_b g_b with normal components (``normal``, or
``multivariate_normal`` in any dimension; a distribution counts as a
one-component mixture). KL(f‖g) has no closed form; what is closed are the
component quantities, computed here exactly by klsym (:mod:`klsym.exact`) and
evaluated at the precision asked:

* KL(f_a‖g_b) and the cross-entropies H(f_a, g_b) = −E_{f_a}[log g_b];
* the overlaps z_{aa'} = ∫ f_a f_{a'} and t_{ab} = ∫ f_a g_b: for normals
  ∫ N(x; μ, Σ) N(x; ν, Τ) dx = N(μ; ν, Σ + Τ).

Bounds (true for every pair of Gaussian mixtures):

* ``durrieu_lower``, ``durrieu_upper`` (Durrieu, Thiran & Kelly 2012, "Lower and upper
  bounds for approximation of the Kullback-Leibler divergence between Gaussian
  mixture models", ICASSP): KL = E_f[log f] − E_f[log g], and for either mixture h
  (f or g), by Jensen's inequality on the concave log,

      Σ_a π_a log Σ_c h_c e^{−H(f_a, h_c)}  ≤  E_f[log h]  ≤  Σ_a π_a log Σ_c h_c ∫ f_a h_c

  (the left one maximises log Σ_c h_c h_c(x) ≥ Σ_c φ_c log(h_c h_c(x)/φ_c) over the
  weights φ). The lower bound on KL takes the lower bound for h = f and the upper one
  for h = g; the upper bound on KL the other way round.
* ``variational_upper`` (Hershey & Olsen 2007, "Approximating the Kullback Leibler
  divergence between Gaussian mixture models", ICASSP, D_varUB): for weights
  φ_{ab} ≥ 0 with Σ_b φ_{ab} = π_a and ψ_{ab} ≥ 0 with Σ_a ψ_{ab} = ω_b, f and g are
  the marginals of the joint laws φ_{ab} f_a and ψ_{ab} g_b, so by the chain rule
  KL(f‖g) ≤ Σ_{ab} φ_{ab} (log(φ_{ab}/ψ_{ab}) + KL(f_a‖g_b)). Minimised in turn over φ
  (φ_{ab} = π_a ψ_{ab} e^{−KL(f_a‖g_b)} / Σ_b' ψ_{ab'} e^{−KL(f_a‖g_b')}) and ψ
  (ψ_{ab} = ω_b φ_{ab} / Σ_a' φ_{a'b}); every iterate is a bound, and the last is reported.
* ``convexity_upper``: the first iterate, φ = ψ = π_a ω_b: Σ_{ab} π_a ω_b KL(f_a‖g_b)
  (joint convexity of KL).
* ``matched_upper`` (only when f and g have equal numbers of components, at most
  :data:`MAX_MATCHED`): the joint-convexity bound for a one-to-one matching σ,
  KL(π‖ω∘σ) + Σ_a π_a KL(f_a‖g_σ(a)), minimised over the matchings (Do 2003; the
  "matched bound" of Hershey & Olsen 2007 with a one-to-one matching).
* ``nonnegative``: 0 ≤ KL.

Approximations (neither side of KL in general; Hershey & Olsen 2007):

* ``variational`` D_var = Σ_a π_a log(Σ_a' π_a' e^{−KL(f_a‖f_a')} / Σ_b ω_b e^{−KL(f_a‖g_b)});
* ``product`` D_prod = Σ_a π_a log(Σ_a' π_a' z_{aa'} / Σ_b ω_b t_{ab});
* ``matched`` D_MB (Goldberger, Gordon & Greenspan 2003): each f_a matched to
  m(a) = argmin_b KL(f_a‖g_b) − log ω_b, Σ_a π_a (KL(f_a‖g_{m(a)}) + log(π_a/ω_{m(a)}))
  (a bound only when the matching is one-to-one; then ``matched_upper`` holds it).

>>> from klsym import dist, mixture
>>> N = lambda m, s: dist("normal", mu=m, sigma=s)
>>> b = kl_bounds(mixture(["1/2", "1/2"], [N(-1, 1), N(1, 1)]), N(0, 2), dps=15)
>>> b.lower <= b.upper, sorted(b.approximations)
(True, ['matched', 'product', 'variational'])
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..exact.divergence import kl
from ..exact.entropy import entropy
from ..oracle.limits import check_dps
from ..records.distribution import Distribution, dist
from ..records.mixture import Mixture, as_mixture

__all__ = ["Bound", "KLBounds", "kl_bounds", "MAX_MATCHED", "MAX_ITERATIONS"]

#: one-to-one matchings are enumerated up to this many components (6! = 720)
MAX_MATCHED = 6
#: iterations of the variational upper bound at most
MAX_ITERATIONS = 1000

HERSHEY_OLSEN = "Hershey & Olsen (2007), Approximating the Kullback Leibler divergence between Gaussian mixture models"
DURRIEU = ("Durrieu, Thiran & Kelly (2012), Lower and upper bounds for approximation of the Kullback-Leibler "
           "divergence between Gaussian mixture models")


@dataclass(frozen=True)
class Bound:
    """One bound or approximation: its value, ``kind`` (``"lower"``, ``"upper"`` or
    ``"approximation"``), its source and a note (conditions, iterations)."""

    value: mpf
    kind: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class KLBounds:
    """Bounds and approximations of KL(f‖g): ``lower`` and ``upper`` are the best bounds,
    ``bounds`` every one by name, ``approximations`` the approximations by name."""

    lower: mpf
    upper: mpf
    bounds: dict[str, Bound] = field(default_factory=dict)
    approximations: dict[str, Bound] = field(default_factory=dict)
    dps: int = 30

    def __getitem__(self, name: str) -> Bound:
        return {**self.bounds, **self.approximations}[name]

    def __str__(self) -> str:
        rows = [f"KL bounds: {mpmath.nstr(self.lower, 12)} <= KL <= {mpmath.nstr(self.upper, 12)}"]
        for name, b in {**self.bounds, **self.approximations}.items():
            cited = re.match(r"^(.*?\(\d{4}\))", b.source)
            rows.append(f"  {name:18s} {b.kind:13s} {mpmath.nstr(b.value, 12):>16s}  {cited.group(1) if cited else b.source}")
        return "\n".join(rows)


def _gaussian(c: Distribution, common_mvn: bool) -> Distribution:
    if c.family == "normal":
        if common_mvn:
            return dist("multivariate_normal", mu=[c.params["mu"]], Sigma=[[c.params["sigma"] ** 2]])
        return c
    if c.family == "multivariate_normal":
        return c
    raise ValueError(f"kl_bounds: components must be normal or multivariate_normal, got {c.family}")


def _moments(c: Distribution) -> tuple[sp.Matrix, sp.Matrix]:
    if c.family == "normal":
        return sp.Matrix([c.params["mu"]]), sp.Matrix([[c.params["sigma"] ** 2]])
    return sp.Matrix(c.params["mu"]), sp.Matrix(c.params["Sigma"])


def _log_overlap(a: Distribution, b: Distribution, wp: int) -> mpf:
    """log ∫ a b = log N(μ_a; μ_b, Σ_a + Σ_b), from the exact moments."""
    (ma, sa), (mb, sb) = _moments(a), _moments(b)
    s = sa + sb
    delta = ma - mb
    quad = (delta.T * s.inv() * delta)[0, 0]
    d = s.shape[0]
    expr = -sp.Rational(d, 2) * sp.log(2 * sp.pi) - sp.log(s.det()) / 2 - quad / 2
    return mpf(sp.N(expr, wp))


def _value(e: sp.Expr, wp: int) -> mpf:
    return mpf(sp.N(e, wp))


def _lse(values: list[mpf]) -> mpf:
    top = max(values)
    return top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in values))


def kl_bounds(p: Mixture | Distribution, q: Mixture | Distribution, dps: int = 30) -> KLBounds:
    """Closed-form bounds and approximations of KL(P‖Q) for Gaussian mixtures P and Q
    (module docstring), at ``dps`` digits. Mixtures of several components use
    :func:`klsym.mixture`; a ``normal`` or ``multivariate_normal`` is one component.

    >>> from klsym import dist, mixture
    >>> b = kl_bounds(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2), dps=20)
    >>> mpmath.nstr(b.upper, 15)        # one component each: the upper bound is the closed form
    '0.443147180559945'
    >>> b.lower < b.upper               # Durrieu's lower bound bounds E log f and E log g apart
    True
    """
    check_dps(dps)
    mf, mg = as_mixture(p), as_mixture(q)
    comps = list(mf.components) + list(mg.components)
    common = any(c.family == "multivariate_normal" for c in comps)
    fs = [_gaussian(c, common) for c in mf.components]
    gs = [_gaussian(c, common) for c in mg.components]
    dims = {_moments(c)[0].shape[0] for c in fs + gs}
    if len(dims) > 1:
        raise ValueError(f"kl_bounds: P and Q must have one dimension, got {sorted(dims)}")
    wp = dps + 10
    with mp.workdps(wp):
        pi = [_value(w, wp) for w in mf.weights]
        om = [_value(w, wp) for w in mg.weights]
        logpi, logom = [mpmath.log(w) for w in pi], [mpmath.log(w) for w in om]
        kl_ff = [[_value(kl(a, b), wp) for b in fs] for a in fs]
        kl_fg = [[_value(kl(a, b), wp) for b in gs] for a in fs]
        h = [_value(entropy(a), wp) for a in fs]
        z = [[_log_overlap(a, b, wp) for b in fs] for a in fs]
        t = [[_log_overlap(a, b, wp) for b in gs] for a in fs]
        A, B = range(len(fs)), range(len(gs))
        bounds: dict[str, Bound] = {}
        approx: dict[str, Bound] = {}

        # Durrieu, Thiran & Kelly: E_f[log h] between a variational lower and a Jensen upper bound
        low_f = mpmath.fsum(pi[a] * _lse([logpi[c] - kl_ff[a][c] - h[a] for c in A]) for a in A)
        up_f = mpmath.fsum(pi[a] * _lse([logpi[c] + z[a][c] for c in A]) for a in A)
        low_g = mpmath.fsum(pi[a] * _lse([logom[b] - kl_fg[a][b] - h[a] for b in B]) for a in A)
        up_g = mpmath.fsum(pi[a] * _lse([logom[b] + t[a][b] for b in B]) for a in A)
        bounds["durrieu_lower"] = Bound(low_f - up_g, "lower", DURRIEU,
                                        "variational lower bound of E_f[log f] minus Jensen upper bound of E_f[log g]")
        bounds["durrieu_upper"] = Bound(up_f - low_g, "upper", DURRIEU,
                                        "Jensen upper bound of E_f[log f] minus variational lower bound of E_f[log g]")
        bounds["nonnegative"] = Bound(mpf(0), "lower", "Gibbs' inequality")

        # Hershey & Olsen: the variational upper bound, by alternating minimisation
        phi = [[pi[a] * om[b] for b in B] for a in A]
        psi = [[pi[a] * om[b] for b in B] for a in A]

        def objective():
            return mpmath.fsum(phi[a][b] * (mpmath.log(phi[a][b] / psi[a][b]) + kl_fg[a][b])
                               for a in A for b in B if phi[a][b] > 0)

        bounds["convexity_upper"] = Bound(objective(), "upper", HERSHEY_OLSEN,
                                          "joint convexity: sum_ab pi_a omega_b KL(f_a||g_b)")
        value, iterations = objective(), 0
        tiny = mpf(10) ** (-wp + 5)
        for iterations in range(1, MAX_ITERATIONS + 1):
            for a in A:
                row = [psi[a][b] * mpmath.exp(-kl_fg[a][b]) for b in B]
                total = mpmath.fsum(row)
                phi[a] = [pi[a] * r / total for r in row]
            for b in B:
                col = mpmath.fsum(phi[a][b] for a in A)
                for a in A:
                    psi[a][b] = om[b] * phi[a][b] / col
            new = objective()
            done = abs(value - new) <= tiny * (1 + abs(new))
            value = min(value, new)
            if done:
                break
        bounds["variational_upper"] = Bound(value, "upper", HERSHEY_OLSEN,
                                            f"D_varUB after {iterations} iterations (each one a bound)")

        if len(fs) == len(gs) and len(fs) <= MAX_MATCHED:
            best = min(mpmath.fsum(pi[a] * (logpi[a] - logom[s[a]] + kl_fg[a][s[a]]) for a in A)
                       for s in itertools.permutations(B))
            bounds["matched_upper"] = Bound(best, "upper", "Do (2003); " + HERSHEY_OLSEN,
                                            "joint convexity for the best one-to-one matching of components")

        approx["variational"] = Bound(
            mpmath.fsum(pi[a] * (_lse([logpi[c] - kl_ff[a][c] for c in A]) - _lse([logom[b] - kl_fg[a][b] for b in B]))
                        for a in A), "approximation", HERSHEY_OLSEN, "D_var")
        approx["product"] = Bound(
            mpmath.fsum(pi[a] * (_lse([logpi[c] + z[a][c] for c in A]) - _lse([logom[b] + t[a][b] for b in B]))
                        for a in A), "approximation", HERSHEY_OLSEN, "D_prod")
        match = [min(B, key=lambda b: kl_fg[a][b] - logom[b]) for a in A]
        approx["matched"] = Bound(
            mpmath.fsum(pi[a] * (kl_fg[a][match[a]] + logpi[a] - logom[match[a]]) for a in A), "approximation",
            "Goldberger, Gordon & Greenspan (2003); " + HERSHEY_OLSEN, "D_MB")

        lower = max(b.value for b in bounds.values() if b.kind == "lower")
        upper = min(b.value for b in bounds.values() if b.kind == "upper")
    with mp.workdps(dps):
        def rounded(b: Bound) -> Bound:
            return Bound(+b.value, b.kind, b.source, b.note)

        return KLBounds(+lower, +upper, {k: rounded(v) for k, v in bounds.items()},
                        {k: rounded(v) for k, v in approx.items()}, dps)

