"""E[g(X)] for one atom g of a log-density: the one ladder of the engine.

Both the entropy of an exponential family (the atoms of log h, :mod:`.entropy`)
and the expectation route (the atoms of log p and log q, :mod:`.expectation`)
take E[g(X)] from :func:`atom_expectation`, in this order:

1. a multiple of an entry of T: its mean, ∇A (or the record's stated E[T]),
   from :func:`klsym.derive.natural.mean_statistics`; a multiple of the square of
   one: ∂²A/∂η² + (∂A/∂η)² (:func:`klsym.derive.natural.second_moments`);
2. an expectation stated in the record (``Family.expectations``): a pattern
   whose free arguments (``sp.Wild``) are matched against the atom, with its
   source — stated only where SymPy cannot derive it, and checked against the
   oracle by the tests;
3. the recorded mean (g = x) or mean and variance (g = x²);
4. for a discrete family, the defining sum Σ_x f(x) g(x), left unevaluated
   (no closed form is known: log-factorials, E[log X] of the log-series law);
5. SymPy integration of f(x)·g(x) over the support (:func:`support_integral`, cached); where the
   log-density or g is piecewise in x, the integral split at the breakpoints
   (:func:`klsym.derive.piecewise.piecewise_expectation`).

Anything else is refused with ``NotImplementedError`` naming the family and the atom.

With ``conditional=True`` (pairs of different families, where an atom of Q may
be a moment P does not have) step 5 keeps SymPy's convergence condition: the
result carries it in ``condition``, and an expectation that is infinite for
every parameter value raises :class:`DivergentExpectation`; step 4 then refuses
the defining series of a law with no recorded mean on an infinite support (a
heavy tail: whether the series converges is not decided here).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..records.record import X, Family
from .budget import OutOfBudget, alarm
from .natural import mean_statistics, second_moments
from .piecewise import is_piecewise, piecewise_expectation
from .sides import put_side

__all__ = ["AtomExpectation", "DivergentExpectation", "atom_expectation", "conditional_integral", "match_atom", "split_condition",
           "support_integral"]


#: seconds SymPy may spend on one support integral: running out is "SymPy cannot integrate it" (bounded
#: work on any input; E[log(1 - exp(-lam_q x))] under an exponentiated exponential P ran for more than ten
#: minutes without an answer). The pairs' atoms have the same budget.
SUPPORT_INTEGRAL_BUDGET = 30

#: expectations SymPy is known not to find within :data:`SUPPORT_INTEGRAL_BUDGET`, by family and
#: atom (as ``sympy.sstr`` writes it): refused at once, with what was seen, instead of spending the
#: budget again on every call. A test in the slow lane (``-m pairsweep``) re-runs each integral and
#: says to take an entry off the list when SymPy finds it.
KNOWN_UNSOLVED: dict[tuple[str, str], str] = {
    ("exponentiated_exponential", "log(2*sinh(lam_q*x/2))"): (
        "with different lam, E[log(1 - exp(-lam_q X))]: no closed form is known for lam_q != lam "
        "(1 - exp(-lam X) is Beta(alpha, 1), and 1 - (1 - U)^(lam_q/lam) has no elementary mean)"),
    ("burr", "log(x**c_q + 1)"): (
        "with different c, E[log(1 + X^c_q)]: X^c is Lomax(k, 1), and log(1 + V^(c_q/c)) has no closed "
        "mean for c_q != c (SymPy gives up after about 30 s)"),
    ("kumaraswamy", "log(1 - x**a_q)"): (
        "with different a, E[log(1 - X^a_q)]: X^a is Beta(1, b), and 1 - V^(a_q/a) has no elementary "
        "log-mean for a_q != a"),
    ("log_logistic", "log((x/alpha_q)**beta_q + 1)"): (
        "with different beta, E[log(1 + (X/alpha_q)^beta_q)]: with u = 1/(1 + (X/alpha)^(-beta)) uniform, "
        "the integrand is log(1 + c (u/(1 - u))^(beta_q/beta)), with no elementary integral for beta_q != beta "
        "(SymPy gives up after about 30 s)"),
}


class DivergentExpectation(NotImplementedError):
    """E[g(X)] is infinite for every value of the parameters (a moment the law does not have)."""


@dataclass(frozen=True)
class AtomExpectation:
    """E[g(X)] for one atom g: its value and how it was found."""

    atom: sp.Expr
    value: sp.Expr
    how: str
    #: where ``value`` holds; outside it E[g(X)] diverges (``True``: everywhere)
    condition: sp.Basic = sp.true


def match_atom(atom: sp.Expr, pattern: sp.Expr) -> dict | None:
    """Wild values making ``pattern`` equal to ``atom`` (checked), or None.

    SymPy puts |x − c| in the canonical order |c − x|; matching x → −x as
    well finds such arguments.

    >>> c = sp.Wild("c", exclude=[X])
    >>> match_atom(sp.Abs(X - 3), sp.Abs(X - c))
    {c_: 3}
    >>> match_atom(sp.log(X), sp.Abs(X - c)) is None
    True
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


def _bessel_k(value: sp.Expr) -> sp.Expr:
    """Every I_(−ν)(z) − I_ν(z) written as 2 sin(πν) K_ν(z)/π. SymPy's integrals give
    K_ν through that difference, which is 0/0 at whole-number ν and cancels
    catastrophically for a large z (E[e^(−X/β)] of an inverse gamma, β → 0).

    >>> nu, z = sp.symbols("nu z", positive=True)
    >>> _bessel_k(sp.pi * (sp.besseli(-nu, z) - sp.besseli(nu, z)) / sp.sin(sp.pi * nu))
    2*besselk(nu, z)
    """
    def difference(e: sp.Expr) -> sp.Expr | None:
        terms = sp.Add.make_args(e)
        if not e.is_Add or len(terms) != 2:
            return None
        pos = [t for t in terms if isinstance(t, sp.besseli)]
        neg = [-t for t in terms if isinstance(-t, sp.besseli)]
        if len(pos) == 1 and len(neg) == 1 and pos[0].args[1] == neg[0].args[1] \
                and sp.expand(pos[0].args[0] + neg[0].args[0]) == 0:
            nu, z = neg[0].args
            return 2 * sp.sin(sp.pi * nu) * sp.besselk(nu, z) / sp.pi
        return None

    return value.replace(lambda e: e.is_Add and difference(e) is not None, difference)


def _complex_branch(value: sp.Expr) -> bool:
    """True for a result written through complex analytic continuation (``exp_polar``, ``I``):
    E_gamma[log(1 + X)] comes back as lowergamma(α, β·exp_polar(iπ))·e^(−iπα)·Γ(1 − α)…, real
    in exact arithmetic but 0·∞ at whole-number shapes and complex once evaluated. Such a
    result is not taken as a closed form (the pair is numeric)."""
    return value.has(sp.exp_polar, sp.I)


def _tidied(value: sp.Expr) -> sp.Expr:
    """A SymPy integral simplified, K_ν written as such, powers of products split."""
    return sp.powsimp(sp.expand_power_base(_bessel_k(sp.simplify(value)), force=True), force=True)


@lru_cache(maxsize=None)
def support_integral(logpdf: sp.Expr, lo: sp.Expr, hi: sp.Expr, g: sp.Expr, infinite: bool = False) -> sp.Expr | None:
    """∫ exp(logpdf)·g over [lo, hi] by SymPy, or None when SymPy leaves an integral
    (or finds it infinite, unless ``infinite``: then ``oo``, for a positive integrand).

    >>> lam = sp.Symbol("lam", positive=True)
    >>> support_integral(sp.log(lam) - lam * X, sp.Integer(0), sp.oo, X)
    1/lam
    """
    positive = lo.is_nonnegative is True
    y = sp.Symbol("x", positive=True) if positive else X
    density = _density_product(logpdf.subs(X, y))
    outer = signal.getitimer(signal.ITIMER_REAL)[0] > 0  # a caller's budget runs: it bounds this work
    try:
        with alarm(None if outer else SUPPORT_INTEGRAL_BUDGET):
            value = sp.integrate(density * g.subs(X, y), (y, lo, hi), conds="none")
            if infinite and value == sp.oo:
                return value
            if value.has(sp.Integral) or value.has(sp.nan) or value.is_finite is False or _complex_branch(value):
                return None
            return _tidied(value)
    except (NotImplementedError, ValueError, TypeError):
        return None
    except OutOfBudget:
        if outer:
            raise
        return None


def _whole_line_kink(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr | None:
    """c when g = |x − c| and the support is the whole line, else None."""
    if lo is not -sp.oo or hi is not sp.oo or not isinstance(g, sp.Abs):
        return None
    inner = sp.expand(g.args[0])
    slope = inner.coeff(X)
    if abs(slope) != 1 or sp.expand(inner - slope * X).has(X):
        return None
    return -sp.expand(inner - slope * X) * slope


@lru_cache(maxsize=None)
def conditional_integral(logpdf: sp.Expr, lo: sp.Expr, hi: sp.Expr, g: sp.Expr) -> tuple[sp.Expr, sp.Basic] | None:
    """∫ exp(logpdf)·g over [lo, hi] by SymPy with its convergence condition, as
    (value, condition); None when SymPy leaves an integral; :class:`DivergentExpectation`
    when the integral is infinite for every parameter value.

    >>> a, m = sp.Symbol("alpha", positive=True), sp.Symbol("xm", positive=True)
    >>> conditional_integral(sp.log(a) + a * sp.log(m) - (a + 1) * sp.log(X), m, sp.oo, X)
    (alpha*xm/(alpha - 1), alpha > 1)
    """
    positive = lo.is_nonnegative is True
    y = sp.Symbol("x", positive=True) if positive else X
    density = _density_product(logpdf.subs(X, y))
    kink = _whole_line_kink(g, lo, hi)
    try:
        if kink is None:
            value = sp.integrate(density * g.subs(X, y), (y, lo, hi), conds="piecewise")
        else:  # |x − c| on the whole line: c − x below c, x − c above (SymPy is faster on the halves)
            value = (sp.integrate(density * (kink - y), (y, lo, kink), conds="piecewise")
                     + sp.integrate(density * (y - kink), (y, kink, hi), conds="piecewise"))
            value = sp.piecewise_fold(value)
    except (NotImplementedError, ValueError, TypeError):
        return None
    condition = sp.true
    if isinstance(value, sp.Piecewise):
        # the first branch holds under its condition: either the integral's convergence
        # condition (the rest is the integral itself, unevaluated) or a case distinction on
        # degenerate parameter values (b - a != 0 for a uniform P), which the condition keeps
        (value, condition), *rest = value.args
        if any(e.has(sp.Integral) and c is not sp.true for e, c in rest):
            return None
    if value in (sp.oo, -sp.oo, sp.zoo):
        raise DivergentExpectation(f"E[{g.subs(y, X)}] is infinite")
    if value.has(sp.Integral) or value.has(sp.nan) or value.is_finite is False or condition is sp.false:
        return None
    if _complex_branch(value):
        raise NotImplementedError(f"E[{g.subs(y, X)}]: SymPy's integral is written through a complex continuation "
                                  "(exp_polar, I), not taken as a closed form")
    return _tidied(value), condition


def split_condition(g: sp.Expr, condition: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """SymPy's condition on E[g(X)] as (finite, valid): outside ``finite`` the expectation is
    +∞; outside ``valid`` SymPy's form is not known to hold (no closed form there).

    SymPy's integration conditions are sufficient, not necessary. Only for a power of x
    (x, x², 1/x, x^k) is the condition the moment condition itself (E[X^c] of a law with
    algebraic tails: finite exactly where the integral converges); for any other atom it
    only says where the form is right (E[e^(−X/β)] of a beta prime law is finite for every
    shape, but SymPy's Meijer-G form comes with α − β > 0). A ``≠`` conjunct marks a
    degenerate point (λ ≠ 1/2 of a continuous Bernoulli), reached as a limit: dropped.

    >>> a = sp.Symbol("alpha", positive=True)
    >>> split_condition(X, a > 1)
    (alpha > 1, True)
    >>> split_condition(sp.exp(-X), (a > 1) & sp.Ne(a, 2))
    (True, alpha > 1)
    """
    kept = sp.And(*[c for c in sp.And.make_args(condition) if not isinstance(c, sp.Ne)])
    if g == X or (g.is_Pow and g.base == X):
        return kept, sp.true
    return sp.true, kept


def atom_expectation(fam: Family, g: sp.Expr, side_map: dict | None = None, *,
                     conditional: bool = False) -> AtomExpectation:
    """E[g(X)] under the member of ``fam`` whose symbols are ``side_map`` (the record's own
    symbol → that member's symbol; ``None``: the record's own symbols). See the module docstring.

    >>> from klsym.records import registry
    >>> fam = registry.get("laplace")
    >>> mu_p, b_p, mu_q = (sp.Symbol(n, **k) for n, k in (("mu_p", {"real": True}), ("b_p", {"positive": True}), ("mu_q", {"real": True})))
    >>> own = fam.symbols()
    >>> atom_expectation(fam, sp.Abs(X - mu_q), {own["mu"]: mu_p, own["b"]: b_p}).value
    b_p*exp(-Abs(mu_p - mu_q)/b_p) + Abs(mu_p - mu_q)
    >>> atom_expectation(registry.get("gamma"), sp.log(X)).how
    '1 times the mean of T entry log(x) (grad A)'
    """
    def side(e: sp.Expr) -> sp.Expr:
        return put_side(e, side_map) if side_map else sp.sympify(e, strict=True)

    ef = fam.ef
    if ef is not None and ef.index is None:
        source = "grad A" if ef.mean_T is None else "the record's E[T]"
        for t, m in zip(ef.T, mean_statistics(fam)):
            t_side = side(t)
            ratio = sp.cancel(g / t_side)
            if not ratio.has(X):
                return AtomExpectation(g, ratio * side(m),
                                       f"{sp.sstr(ratio)} times the mean of T entry {sp.sstr(t_side)} ({source})")
        squares = second_moments(fam)
        for t, m2 in zip(ef.T, squares or ()):
            t_side = side(t)
            ratio = sp.cancel(g / t_side**2)
            if not ratio.has(X):
                return AtomExpectation(g, ratio * side(m2), f"{sp.sstr(ratio)} times E[({sp.sstr(t_side)})^2] = "
                                       "A'' + A'^2 (grad A)")
    for pattern, value, source in fam.expectations:
        m = match_atom(g, side(pattern))
        if m is not None:
            return AtomExpectation(g, side(value).xreplace(m), f"stated: {source}")
    if fam.mean is not None and g == X:
        return AtomExpectation(g, side(fam.mean), "the recorded mean")
    if fam.mean is not None and fam.variance is not None and g == X**2:
        return AtomExpectation(g, side(sp.expand(fam.variance + fam.mean**2)),
                               "the recorded variance plus the squared mean")
    known = KNOWN_UNSOLVED.get((fam.name, sp.sstr(g)))
    if known is not None:
        raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it ({known})")
    lo, hi = side(fam.support.lower), side(fam.support.upper)
    if fam.discrete:
        if conditional and fam.mean is None and hi is sp.oo:
            raise NotImplementedError(f"{fam.name}: E[{g}] as a series on a heavy tail (convergence not decided)")
        total = sp.Sum(sp.exp(side(fam.logpdf)) * g, (X, lo, hi))
        if conditional and (hi - lo).is_number and hi - lo < 50:
            return AtomExpectation(g, total.doit(), "the defining sum, written out")
        return AtomExpectation(g, total, "the defining sum (no closed form known)")
    if is_piecewise(fam.logpdf) or is_piecewise(g):  # SymPy's integral of a Piecewise does not finish
        value = piecewise_expectation(side(fam.logpdf), lo, hi, g)
        if value is None:
            raise NotImplementedError(f"{fam.name}: E[{g}] is piecewise in a shape the split integral does not read")
        return AtomExpectation(g, value, "derived by SymPy integration over the support, split at the breakpoints")
    if conditional:
        found = conditional_integral(side(fam.logpdf), lo, hi, g)
        if found is None:
            raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it")
        value, condition = found
        return AtomExpectation(g, value, "derived by SymPy integration over the support", condition)
    value = support_integral(side(fam.logpdf), lo, hi, g)
    if value is None:
        raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it")
    return AtomExpectation(g, value, "derived by SymPy integration over the support")
