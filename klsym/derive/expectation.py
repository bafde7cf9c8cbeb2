"""KL, entropy and cross-entropy as expectations: the general route.

    KL(P‖Q) = E_P[log p(X)] − E_P[log q(X)].

Each log-density is split into x-free coefficients times *atoms* g(x)
(``log x``, ``x**k_q``, ``|x − mu_q|``, ``log((x − x0_q)² + gamma_q²)``,
``exp(−x/beta_q)``, …). E_P[g(X)] comes from the engine's one ladder,
:func:`klsym.derive.atoms.atom_expectation` (the mean of a T entry, an expectation
stated in P's record, the recorded moments, or SymPy integration over P's support).

An atom may have no mean under P (E[log X] of the log-Cauchy law, stated as nan): E_P[log p],
the entropy and the cross-entropy are then nan, and KL is the mean of log p − log q taken
whole, where that atom cancels.

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
from .atoms import AtomExpectation, atom_expectation
from .piecewise import guard_vanishing_logs, is_piecewise
from .renyi_vector import ForEvery
from .sides import put_side, side_symbols, swap_sides
from .tidy import gather_sums, tidy, tidy_whole_logs

__all__ = ["ExpectationDerivation", "derive_by_expectation", "split_atoms"]


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
        return swap_sides(self.family, self.answer, self.shared_fixed)

    def values(self, d, side: str) -> dict:
        """Substitution {symbol of ``side``: value of distribution ``d``} (an index-sum vector by its
        entries, with the length of the sums)."""
        if self.shared_fixed:  # the record's _p/_q symbols, fixed ones shared: the distribution's own map
            return d.substitution(side)
        syms = self.symbols_p if side == "p" else self.symbols_q
        return {syms[n]: d.params[n] for n in syms}


def split_atoms(expr: sp.Expr, var: sp.Basic = X) -> tuple[sp.Expr, dict]:
    """``expr`` = constant + Σ coefficient·g(x): the x-free constant and {atom g: coefficient}.

    Logs of sums stay whole (``log((x − c)² + s²)`` is one atom); ``exp(a + b·x)``
    gives the coefficient ``exp(a)`` and the atom ``exp(b·x)``. ``var`` is the variable
    (a count vector's ``x``, whose atoms are sums over its index such as Σ_i log x[i]!).

    >>> c, s = sp.Symbol("c", real=True), sp.Symbol("s", positive=True)
    >>> split_atoms(2 - sp.exp((c - X) / s) - sp.Abs(X - c) / s)
    (2, {exp(-x/s): -exp(c/s), Abs(c - x): -1/s})
    """
    const, parts = sp.Integer(0), {}
    terms = []
    for top in sp.Add.make_args(expr):
        top = sp.expand(top) if var == X and top.is_polynomial(X) else sp.expand_mul(top, deep=False)
        terms += sp.Add.make_args(top)
    for term in terms:
        coeff, g = term.as_independent(var, as_Add=False)
        if g == 1:
            const += coeff
            continue
        if isinstance(g, sp.exp):
            fixed, moving = sp.expand(g.args[0]).as_independent(var, as_Add=True)
            coeff, g = coeff * sp.exp(fixed), sp.exp(moving)
        parts[g] = parts.get(g, 0) + coeff
    return const, {g: c for g, c in parts.items() if c != 0}


def _mean_of(fam: Family, expr: sp.Expr, side_map: dict, found: dict) -> sp.Expr:
    const, parts = split_atoms(expr, X if fam.variable is None else fam.variable)
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
    lo, hi = sp.sympify(fam.support.lower, strict=True), sp.sympify(fam.support.upper, strict=True)
    pairs = []
    if lo.free_symbols:
        pairs.append((put_side(lo, to_q), put_side(lo, to_p)))
    if hi.free_symbols:
        pairs.append((put_side(hi, to_p), put_side(hi, to_q)))
    var = fam.variable
    index = {s.limits[0] for s in fam.logpdf.atoms(sp.Sum) if isinstance(var, sp.IndexedBase) and s.has(var)}
    if len(index) == 1 and (lo.free_symbols | hi.free_symbols) & {next(iter(index))[0]}:
        # the range of each count x[i] (the multivariate hypergeometric x[i] <= min(n, K[i])): a <= b for every i
        return sp.And(*[ForEvery(sp.Le(a, b), next(iter(index))) for a, b in pairs])
    return sp.And(*[sp.Le(a, b) for a, b in pairs]) if pairs else sp.true


def _by_branch(expr: sp.Expr, pairs) -> sp.Expr:
    """:func:`tidy` on each branch of ``expr`` folded into one Piecewise (on ``expr`` when it has none),
    light: a branch has some six parameters, and partial fractions in each would take minutes. Its
    logs are of differences of parameters, split by their coefficients (whole, every log would be a
    symbol of one rational function)."""
    folded = sp.piecewise_fold(expr)
    if not isinstance(folded, sp.Piecewise):
        return tidy(folded, pairs, light=True)
    return sp.Piecewise(*[(tidy(e, pairs, light=True), c) for e, c in folded.args])


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
    # one cache entry per derivation, however the call is spelled (shared_fixed given or left out)
    return _derived(name, bool(shared_fixed))


def _derive(name: str, shared_fixed: bool = True) -> ExpectationDerivation:
    """:func:`derive_by_expectation` done afresh (its ``__wrapped__``); :func:`_derived` keeps each one."""
    fam = registry.get(name)
    if fam.discrete and fam.ef is not None:
        # a discrete exponential family goes by A; with different fixed parameters (binomial n)
        # its atoms would be the defining sums, not closed forms
        raise NotImplementedError(f"{fam.name}: the expectation route covers continuous families and "
                                  "discrete ones without a log-partition only")
    own = fam.symbols()
    sym_p, sym_q = side_symbols(fam, "p", shared_fixed), side_symbols(fam, "q", shared_fixed)
    to_p = {own[n]: sym_p[n] for n in own}
    to_q = {own[n]: sym_q[n] for n in own}
    log_p = put_side(fam.logpdf, to_p)
    log_q = put_side(fam.logpdf, to_q)
    found: dict = {}
    mean_log_p = _mean_of(fam, log_p, to_p, found)
    mean_log_q = _mean_of(fam, log_q, to_p, found)
    # the pairs a tidy step rewrites as differences: scalars (an index-sum vector is not a term of its sums)
    pairs = [(sym_p[n], sym_q[n]) for n in own if sym_p[n] != sym_q[n] and not isinstance(sym_p[n], sp.IndexedBase)]
    difference = mean_log_p - mean_log_q
    if difference.has(sp.nan):
        # an atom P has no mean of (stated as nan: log x of the log-Cauchy law), so E_P[log p] and
        # E_P[log q] are undefined; KL is E_P[log p - log q], whose atoms are those of the difference,
        # where that atom may cancel
        difference = _mean_of(fam, log_p - log_q, to_p, found)
        if difference.has(sp.nan):
            raise NotImplementedError(f"{fam.name}: log p - log q holds an atom whose mean under P does not exist")
    back = {v: k for k, v in to_p.items()}
    condition = _support_condition(fam, sym_p, sym_q)
    if is_piecewise(fam.logpdf):  # the means are Piecewise in where Q's breakpoints sit among P's: tidied branch by branch
        edges = [r.rhs - r.lhs for r in sp.And.make_args(condition) if isinstance(r, sp.Le)]
        kl, entropy, cross = (guard_vanishing_logs(_by_branch(e, ps), edges) for e, ps in (
            (difference, pairs), (-put_side(mean_log_p, back), ()), (-mean_log_q, ())))
        found = {g: AtomExpectation(g, guard_vanishing_logs(e.value, edges), e.how, e.condition) for g, e in found.items()}
    else:
        kl = tidy_whole_logs(difference, pairs)
        entropy = tidy_whole_logs(-put_side(mean_log_p, back))
        cross = tidy_whole_logs(-mean_log_q)
    if isinstance(fam.variable, sp.IndexedBase):  # means of index sums over one count's law: one sum each
        kl, entropy, cross = (gather_sums(e, pairs) for e in (kl, entropy, cross))
    return ExpectationDerivation(fam, shared_fixed, sym_p, sym_q, log_p, log_q, tuple(found.values()),
                                 mean_log_p, mean_log_q, condition, kl, entropy, cross)


_derived = lru_cache(maxsize=None)(_derive)
derive_by_expectation.__wrapped__ = _derive
derive_by_expectation.cache_clear = _derived.cache_clear
