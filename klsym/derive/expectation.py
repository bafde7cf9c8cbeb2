"""KL, entropy and cross-entropy as expectations: the general route.

    KL(P‖Q) = E_P[log p(X)] − E_P[log q(X)].

Each log-density is split into x-free coefficients times *atoms* g(x)
(``log x``, ``x**k_q``, ``|x − mu_q|``, ``log((x − x0_q)² + gamma_q²)``,
``exp(−x/beta_q)``, …). E_P[g(X)] is taken, in this order, from

1. P's exponential-family statistics: g a multiple of an entry of T, whose
   mean is ∇A (derived, as in :mod:`klsym.derive.bregman`);
2. an expectation stated in P's record (``Family.expectations`` or
   ``ExpFamily.expectations``), a pattern whose free arguments (``sp.Wild``)
   are matched against the atom, with its source — stated only where SymPy
   cannot derive it, and checked against the oracle by the tests;
3. the recorded mean (g = x) or mean and variance (g = x²);
4. SymPy integration of f_P(x)·g(x) over P's support (cached).

Support comes first: the result carries the condition under which supp P lies
inside supp Q (``True`` when the support does not depend on the parameters);
outside it KL is +∞.

The Bregman route of :func:`klsym.derive.bregman.derive_kl` stays the fast path for
two members of one exponential family with the same fixed parameters; this
module is used for families without an exponential-family record (uniform,
Cauchy, Gumbel) and for fixed parameters that differ between P and Q
(``shared_fixed=False``: Weibull with k_p ≠ k_q, Laplace with mu_p ≠ mu_q,
Pareto with xm_p ≠ xm_q).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..records import registry
from ..records.record import X, Family
from .entropy import AtomExpectation
from .natural import mean_statistics
from .tidy import tidy

__all__ = ["ExpectationDerivation", "atom_expectation", "derive_by_expectation", "split_atoms", "support_integral", "swap"]


@dataclass(frozen=True)
class ExpectationDerivation:
    """Every step of KL(P‖Q) = E_P[log p] − E_P[log q] for P, Q in one family.

    ``kl`` is finite and valid under ``condition`` (supp P ⊆ supp Q); outside it KL
    is +∞ (``answer`` is the Piecewise of both). ``atoms`` lists E_P[g(X)] for every
    atom of log p and log q, in P's symbols, with how each was obtained.
    ``entropy`` is H(P) in the record's own symbols; ``cross_entropy`` is
    −E_P[log q(X)] (under ``condition``).
    """

    family: Family
    shared_fixed: bool
    symbols_p: dict
    symbols_q: dict
    log_p: sp.Expr
    log_q: sp.Expr
    atoms: tuple[AtomExpectation, ...]
    mean_log_p: sp.Expr
    mean_log_q: sp.Expr
    condition: sp.Basic
    kl: sp.Expr
    entropy: sp.Expr
    cross_entropy: sp.Expr

    @property
    def answer(self) -> sp.Expr:
        """KL(P‖Q) with its support condition: ``kl`` where it holds, +∞ elsewhere."""
        if self.condition is sp.true:
            return self.kl
        return sp.Piecewise((self.kl, self.condition), (sp.oo, True))

    @property
    def reverse(self) -> sp.Expr:
        """KL(Q‖P) (with its condition) in the same symbols."""
        return swap(self, self.answer)

    def values(self, d, side: str) -> dict:
        """Substitution {symbol of ``side``: value of distribution ``d``}."""
        syms = self.symbols_p if side == "p" else self.symbols_q
        return {syms[n]: d.params[n] for n in syms}


def swap(d: ExpectationDerivation, expr: sp.Expr) -> sp.Expr:
    """``expr`` with the roles of P and Q exchanged."""
    pairs = {}
    for n in d.symbols_p:
        a, b = d.symbols_p[n], d.symbols_q[n]
        if a != b:
            pairs[a], pairs[b] = b, a
    return expr.subs(pairs, simultaneous=True)


def _side_symbols(fam: Family, side: str, shared_fixed: bool) -> dict:
    if shared_fixed:
        return fam.symbols_for(side)
    return {p.name: p.symbol("_" + side) for p in fam.params}


def split_atoms(expr: sp.Expr) -> tuple[sp.Expr, dict]:
    """``expr`` = constant + Σ coefficient·g(x): the x-free constant and {atom g: coefficient}.

    Logs of sums stay whole (``log((x − c)² + s²)`` is one atom); ``exp(a + b·x)``
    gives the coefficient ``exp(a)`` and the atom ``exp(b·x)``.

    >>> c, s = sp.Symbol("c", real=True), sp.Symbol("s", positive=True)
    >>> split_atoms(2 - sp.exp((c - X) / s) - sp.Abs(X - c) / s)
    (2, {exp(-x/s): -exp(c/s), Abs(c - x): -1/s})
    """
    const, parts = sp.Integer(0), {}
    terms = []
    for top in sp.Add.make_args(expr):
        top = sp.expand(top) if top.is_polynomial(X) else sp.expand_mul(top, deep=False)
        terms += sp.Add.make_args(top)
    for term in terms:
        coeff, g = term.as_independent(X, as_Add=False)
        if g == 1:
            const += coeff
            continue
        if isinstance(g, sp.exp):
            fixed, moving = sp.expand(g.args[0]).as_independent(X, as_Add=True)
            coeff, g = coeff * sp.exp(fixed), sp.exp(moving)
        parts[g] = parts.get(g, 0) + coeff
    return const, {g: c for g, c in parts.items() if c != 0}


def _match(atom: sp.Expr, pattern: sp.Expr) -> dict | None:
    """Wild values making ``pattern`` equal to ``atom`` (checked), or None.

    SymPy puts |x − c| in the canonical order |c − x|; matching x → −x as
    well finds such arguments.
    """
    for a, p in ((atom, pattern), (atom.subs(X, -X), pattern.subs(X, -X))):
        m = a.match(p)
        if m is None:
            continue
        if sp.expand(pattern.xreplace(m) - atom) == 0 or sp.simplify(pattern.xreplace(m) - atom) == 0:
            return m
    return None


def _density_product(logpdf: sp.Expr) -> sp.Expr:
    """exp(logpdf) as a product: c·log u becomes u**c, other terms exp(term).

    SymPy's integrator recognises x**(k−1)·exp(−x**k) but not exp((k−1)·log x).
    """
    out = sp.Integer(1)
    for term in sp.Add.make_args(sp.expand(logpdf)):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) == 1:
            out *= logs[0].args[0] ** sp.cancel(term / logs[0])
        else:
            out *= sp.exp(term)
    return out


@lru_cache(maxsize=None)
def support_integral(logpdf: sp.Expr, lo: sp.Expr, hi: sp.Expr, g: sp.Expr) -> sp.Expr | None:
    """∫ exp(logpdf)·g over [lo, hi] by SymPy, or None when SymPy leaves an integral."""
    positive = lo.is_nonnegative is True
    y = sp.Symbol("x", positive=True) if positive else X
    density = _density_product(logpdf.subs(X, y))
    try:
        value = sp.integrate(density * g.subs(X, y), (y, lo, hi), conds="none")
    except (NotImplementedError, ValueError, TypeError):
        return None
    if value.has(sp.Integral) or value.has(sp.nan) or value.is_finite is False:
        return None
    return sp.powsimp(sp.expand_power_base(sp.simplify(value), force=True), force=True)


def _stated(fam: Family) -> tuple:
    stated = tuple(fam.expectations)
    if fam.ef is not None:
        stated += tuple(fam.ef.expectations)
    return stated


def atom_expectation(fam: Family, g: sp.Expr, side_map: dict) -> AtomExpectation:
    """E[g(X)] under the member of ``fam`` whose symbols are ``side_map`` (own → side).

    >>> fam = registry.get("laplace")
    >>> mu_p, b_p, mu_q = (sp.Symbol(n, **k) for n, k in (("mu_p", {"real": True}), ("b_p", {"positive": True}), ("mu_q", {"real": True})))
    >>> own = fam.symbols()
    >>> atom_expectation(fam, sp.Abs(X - mu_q), {own["mu"]: mu_p, own["b"]: b_p}).value
    b_p*exp(-Abs(mu_p - mu_q)/b_p) + Abs(mu_p - mu_q)
    """
    ef = fam.ef
    if ef is not None and ef.index is None:
        mean_T = mean_statistics(fam)
        for t, m in zip(ef.T, mean_T):
            t_side = t.subs(side_map, simultaneous=True)
            ratio = sp.cancel(g / t_side)
            if not ratio.has(X):
                return AtomExpectation(g, ratio * m.subs(side_map, simultaneous=True),
                                       f"{sp.sstr(ratio)} times the mean of T entry {sp.sstr(t_side)} (grad A)")
    for pattern, value, source in _stated(fam):
        m = _match(g, pattern.subs(side_map, simultaneous=True))
        if m is not None:
            return AtomExpectation(g, value.subs(side_map, simultaneous=True).xreplace(m), f"stated: {source}")
    if fam.mean is not None and g == X:
        return AtomExpectation(g, fam.mean.subs(side_map, simultaneous=True), "the recorded mean")
    if fam.mean is not None and fam.variance is not None and g == X**2:
        return AtomExpectation(g, sp.expand(fam.variance + fam.mean**2).subs(side_map, simultaneous=True),
                               "the recorded variance plus the squared mean")
    lo = sp.sympify(fam.support.lower).subs(side_map, simultaneous=True)
    hi = sp.sympify(fam.support.upper).subs(side_map, simultaneous=True)
    value = support_integral(fam.logpdf.subs(side_map, simultaneous=True), lo, hi, g)
    if value is None:
        raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it")
    return AtomExpectation(g, value, "derived by SymPy integration over the support")


def _mean_of(fam: Family, expr: sp.Expr, side_map: dict, found: dict) -> sp.Expr:
    const, parts = split_atoms(expr)
    total = const
    for g, coeff in parts.items():
        if g not in found:
            found[g] = atom_expectation(fam, g, side_map)
        total += coeff * found[g].value
    return total


def _support_condition(fam: Family, sym_p: dict, sym_q: dict) -> sp.Basic:
    own = fam.symbols()
    to_p = {own[n]: sym_p[n] for n in own}
    to_q = {own[n]: sym_q[n] for n in own}
    lo, hi = sp.sympify(fam.support.lower), sp.sympify(fam.support.upper)
    conds = []
    if lo.free_symbols:
        conds.append(sp.Le(lo.subs(to_q, simultaneous=True), lo.subs(to_p, simultaneous=True)))
    if hi.free_symbols:
        conds.append(sp.Le(hi.subs(to_p, simultaneous=True), hi.subs(to_q, simultaneous=True)))
    return sp.And(*conds) if conds else sp.true


def _tidy(expr: sp.Expr, pairs=()) -> sp.Expr:
    """:func:`klsym.derive.bregman.tidy`, with every log of a sum kept whole: log((γ_p + γ_q)² +
    (x0_p − x0_q)²) stays a sum of squares (expanded, it would cancel in float64)."""
    expr = sp.expand_log(expr, force=True)
    kept = {}
    for lg in expr.atoms(sp.log):
        if lg.args[0].is_Add:
            kept[lg] = sp.Dummy("L")
    out = tidy(expr.xreplace(kept), pairs)
    # exp(-mu_p/beta)·exp(mu_q/beta) → exp((mu_q - mu_p)/beta): no overflow for large locations
    out = out.replace(lambda e: e.is_Mul and sum(isinstance(f, sp.exp) for f in e.args) > 1,
                      lambda e: sp.powsimp(e, combine="exp"))
    return out.xreplace({v: k for k, v in kept.items()})


@lru_cache(maxsize=None)
def derive_by_expectation(name: str, *, shared_fixed: bool = True) -> ExpectationDerivation:
    """KL(P‖Q), H(P) and −E_P[log q] for P, Q in family ``name``, as expectations of atoms.

    With ``shared_fixed=False`` fixed parameters get their own ``_p``/``_q`` symbols
    (k_p and k_q for the Weibull shape); otherwise they are shared, as in
    :func:`klsym.derive.bregman.derive_kl`.

    >>> d = derive_by_expectation("uniform")
    >>> d.kl, d.condition
    (-log(-a_p + b_p) + log(-a_q + b_q), (a_q <= a_p) & (b_p <= b_q))
    >>> derive_by_expectation("cauchy").entropy
    log(gamma) + log(pi) + 2*log(2)
    """
    fam = registry.get(name)
    if fam.discrete:
        raise NotImplementedError(f"{fam.name}: the expectation route covers continuous families only")
    own = fam.symbols()
    sym_p, sym_q = _side_symbols(fam, "p", shared_fixed), _side_symbols(fam, "q", shared_fixed)
    to_p = {own[n]: sym_p[n] for n in own}
    to_q = {own[n]: sym_q[n] for n in own}
    log_p = fam.logpdf.subs(to_p, simultaneous=True)
    log_q = fam.logpdf.subs(to_q, simultaneous=True)
    found: dict = {}
    mean_log_p = _mean_of(fam, log_p, to_p, found)
    mean_log_q = _mean_of(fam, log_q, to_p, found)
    pairs = [(sym_p[n], sym_q[n]) for n in own if sym_p[n] != sym_q[n]]
    kl = _tidy(mean_log_p - mean_log_q, pairs)
    back = {v: k for k, v in to_p.items()}
    entropy = _tidy(-mean_log_p.subs(back, simultaneous=True))
    cross = _tidy(-mean_log_q)
    condition = _support_condition(fam, sym_p, sym_q)
    return ExpectationDerivation(fam, shared_fixed, sym_p, sym_q, log_p, log_q, tuple(found.values()),
                                 mean_log_p, mean_log_q, condition, kl, entropy, cross)
