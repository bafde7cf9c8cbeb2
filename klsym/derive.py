"""The derivation engine: KL closed forms from the family records.

For an exponential family with log f(x) = η·T(x) − A(η) + log h(x),

    KL(P‖Q) = E_P[log p(X) − log q(X)]
            = (η_P − η_Q)·E_P[T] − A(η_P) + A(η_Q),

and E_P[T] = ∇A(η_P) (or the record's stated ``mean_T``). This is the Bregman
divergence of A. Nothing here knows any particular family: every closed form
comes from a record through :func:`derive_kl`. The result is rewritten by
:func:`tidy` into a form that is short and evaluates safely in float64.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

from . import registry
from .family import X, Family
from .special import SpecialFunction

__all__ = ["Derivation", "EntropyDerivation", "derive_entropy", "derive_kl", "kl_form", "tidy"]


@dataclass(frozen=True)
class Derivation:
    """Every step of one derivation, for the documents and for inspection."""

    family: Family
    symbols_p: dict
    symbols_q: dict
    eta_p: tuple
    eta_q: tuple
    A_p: sp.Expr
    A_q: sp.Expr
    mean_T_p: tuple
    grad_A: tuple  # ∇A in the natural-parameter symbols (empty when mean_T is stated)
    bregman: sp.Expr  # the untidied A(η_Q) − A(η_P) − (η_Q − η_P)·E_P[T]
    kl: sp.Expr  # KL(P‖Q), tidied
    notes: tuple[str, ...] = field(default=())

    @property
    def reverse(self) -> sp.Expr:
        """KL(Q‖P) in the same symbols (P's and Q's parameters swapped)."""
        return swap_sides(self.family, self.kl)


def _side_map(fam: Family, side: str) -> dict:
    """Substitution θ → θ_side for the record's own symbols."""
    own = fam.symbols()
    other = fam.symbols_for(side)
    return {own[name]: other[name] for name in own}


def swap_sides(fam: Family, expr: sp.Expr) -> sp.Expr:
    """Exchange the roles of P and Q in an expression of ``θ_p`` and ``θ_q`` symbols."""
    sp_, sq = fam.symbols_for("p"), fam.symbols_for("q")
    for name in sp_:
        a, b = sp_[name], sq[name]
        if a == b:
            continue
        if isinstance(a, sp.MatrixSymbol):
            tmp = sp.MatrixSymbol("_swap_" + name, *a.shape)
        else:
            tmp = sp.IndexedBase("_swap_" + name) if isinstance(a, sp.IndexedBase) else sp.Dummy(name)
        expr = expr.subs(a, tmp).subs(b, a).subs(tmp, b)
    return expr


def _negative_leading(base: sp.Expr) -> bool:
    """True for p − 1 (to be written 1 − p): a negative constant term, or no
    constant term and a leading minus sign."""
    const, _ = base.as_coeff_Add()
    if base.is_Add and const != 0:
        return bool(const < 0)
    return base.could_extract_minus_sign()


def _split_log(arg: sp.Expr) -> sp.Expr:
    """log(arg) as a sum of logs of factors, each factor written with a positive
    leading sign: log(1/(1 − p)) → −log(1 − p), never log(p − 1) (the branch
    ``expand_log(force=True)`` alone would take). ``arg`` is positive where the
    record says so; if the signs do not pair up the log is left whole."""
    arg = sp.factor(sp.cancel(arg))
    coeff, factors = arg.as_coeff_mul()
    sign = -1 if coeff < 0 else 1
    out = sp.log(abs(coeff)) if coeff != 1 else sp.Integer(0)
    for f in factors:
        base, e = f.as_base_exp()
        if _negative_leading(base):
            if not e.is_integer:
                return sp.log(arg)
            base = -base
            sign *= (-1) ** int(e)
        out += e * (sp.expand_log(sp.log(base), force=True) if not base.is_Add else sp.log(base))
    return out if sign == 1 else sp.log(arg)


def _tidy_log_args(expr: sp.Expr) -> sp.Expr:
    """Split every log into logs of positive factors (see :func:`_split_log`)."""
    return expr.replace(lambda e: isinstance(e, sp.log), lambda e: _split_log(e.args[0]))


def simplify_component(expr: sp.Expr) -> sp.Expr:
    """Light simplification for E[T] components and A(η(θ))."""
    expr = _tidy_log_args(sp.powsimp(expr))
    if expr.has(sp.sin, sp.cos):  # |eta| = sqrt(kappa^2 cos^2 + kappa^2 sin^2) -> kappa
        expr = sp.trigsimp(expr)
    return sp.cancel(expr) if not expr.has(sp.Function) else sp.expand(expr)


_TRANSCENDENTAL = (sp.log, sp.loggamma, sp.polygamma, sp.gamma, sp.exp, sp.Sum, SpecialFunction)


def _is_transcendental(f: sp.Expr) -> bool:
    base = f.base if f.is_Pow else f
    return isinstance(base, _TRANSCENDENTAL)


def _difference_forms(expr: sp.Expr, pairs: list[tuple[sp.Symbol, sp.Symbol]]) -> list[sp.Expr]:
    """``expr`` rewritten with a_p = a_q + δ for each subset of parameter pairs, δ put back
    as (a_p − a_q): this turns a_p² − 2a_p a_q + a_q² into (a_p − a_q)², which is shorter and
    does not cancel catastrophically when P ≈ Q."""
    forms = []
    for r in range(1, len(pairs) + 1):
        for subset in itertools.combinations(pairs, r):
            deltas = [sp.Dummy("d") for _ in subset]
            e = expr
            for (a, b), d in zip(subset, deltas):
                e = e.subs(a, b + d)
            e = sp.factor(sp.cancel(e))
            e = e.subs({d: a - b for (a, b), d in zip(subset, deltas)})
            forms.append(e)
    return forms


def _grouped_by_parameter(expr: sp.Expr, pairs) -> sp.Expr:
    """Expand, then gather the terms that involve the same parameters (by name,
    P and Q alike) and factor each group: μ terms become (μ_p − μ_q)²/(2σ_q²)."""
    name_of = {}
    for a, b in pairs:
        name_of[a] = name_of[b] = a
    groups: dict[frozenset, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        key = frozenset(name_of.get(s, s) for s in term.free_symbols)
        groups[key] = groups.get(key, 0) + term
    return sp.Add(*[sp.factor(sp.together(g)) for g in groups.values()])


def _best_rational(expr: sp.Expr, pairs) -> sp.Expr:
    if expr == 0:
        return expr
    candidates = [sp.cancel(expr), sp.factor(expr)]
    for s in sorted(expr.free_symbols, key=str):
        try:
            parts = sp.apart(expr, s)
        except (sp.PolynomialError, NotImplementedError):
            continue
        candidates.append(parts)
        candidates.append(sp.Add(*[sp.factor(t) for t in sp.Add.make_args(parts)]))
    if len(pairs) <= 3:
        candidates += _difference_forms(expr, pairs)
    candidates.append(_grouped_by_parameter(expr, pairs))
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def tidy(expr: sp.Expr, pairs: list[tuple[sp.Symbol, sp.Symbol]] = ()) -> sp.Expr:
    """Controlled rewriting of a KL expression (no ``sympy.simplify``).

    Logs are split (``log(a/b) → log a − log b``: never ``log((a/b)**c)``,
    which overflows), the expression is expanded, terms are grouped by their
    transcendental factor, each coefficient is factored, and factors with
    equal or opposite coefficients are gathered: ``c·(log a − log b)``.
    The purely rational remainder is written in the shortest of several forms
    (``pairs`` lists (θ_p, θ_q) symbol pairs for difference forms).
    """
    expr = sp.expand(_tidy_log_args(expr))
    by_atom: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        atom = sp.Mul(*[f for f in factors if _is_transcendental(f)])
        coeff = sp.Mul(*[f for f in factors if not _is_transcendental(f)])
        by_atom[atom] = by_atom.get(atom, 0) + coeff
    rational = by_atom.pop(sp.Integer(1), sp.Integer(0))
    # gather atoms whose coefficients are equal up to sign
    groups: dict[sp.Expr, sp.Expr] = {}
    for atom, coeff in by_atom.items():
        coeff = sp.factor(sp.cancel(coeff))
        if coeff.has(sp.sin, sp.cos):
            coeff = sp.trigsimp(coeff)
        if coeff == 0:
            continue
        for key in list(groups):
            if sp.cancel(coeff - key) == 0:
                groups[key] += atom
                break
            if sp.cancel(coeff + key) == 0:
                groups[key] -= atom
                break
        else:
            groups[coeff] = atom
    out = _best_rational(sp.cancel(rational), list(pairs))
    for coeff, atoms in groups.items():
        out += coeff * atoms
    return out


def _in_theta(expr: sp.Expr, ef) -> sp.Expr:
    """``expr`` (in η) written in θ. An indexed natural parameter η[i] stands for
    every entry: η[j] anywhere in a sum becomes the record's η(θ) at index j."""
    indexed = [(e, v) for e, v in zip(ef.eta_symbols, ef.eta) if isinstance(e, sp.Indexed)]
    if not indexed:
        return simplify_component(expr.subs(dict(zip(ef.eta_symbols, ef.eta))))
    for e, v in indexed:
        base, (i,) = e.base, e.indices
        expr = expr.replace(lambda t: isinstance(t, sp.Indexed) and t.base == base,
                            lambda t, v=v, i=i: v.subs(i, t.indices[0]))
    return sp.expand(expr)


def _gradient(A: sp.Expr, e, ef) -> sp.Expr:
    """∂A/∂e; for an indexed η[i] (i in 1..K) the sums over j of Kronecker deltas
    are carried out and the condition 1 <= i <= K is used."""
    g = sp.diff(A, e)
    if not isinstance(e, sp.Indexed) or ef.index is None:
        return g
    i, lo, hi = ef.index
    g = g.doit()
    m = sp.Dummy("m", integer=True, nonnegative=True)

    def inside(cond) -> bool:
        c = cond.subs(hi, i + m)
        return c is sp.true or c == True  # noqa: E712

    def resolve(pw):
        for branch in pw.args:
            if inside(branch.cond):
                return branch.expr
        return pw

    return g.replace(lambda t: isinstance(t, sp.Piecewise), resolve)


def is_matrix_record(fam: Family) -> bool:
    """True when the record's natural parameters include matrix symbols (see :mod:`klsym.derive_matrix`)."""
    return fam.ef is not None and any(isinstance(e, sp.MatrixSymbol) for e in fam.ef.eta_symbols)


def _dot(ef, left: tuple, right: tuple) -> sp.Expr:
    s = sp.Add(*[a * b for a, b in zip(left, right)])
    if ef.index is not None:
        s = sp.Sum(sp.expand(s), ef.index)
    return s


@lru_cache(maxsize=None)
def derive_kl(name: str) -> Derivation:
    """Derive KL(P‖Q) for P, Q in the same family ``name`` (fixed parameters shared)."""
    fam = registry.get(name)
    ef = fam.ef
    if ef is None:
        raise NotImplementedError(f"{name} has no exponential-family record; no closed form is derived yet")
    if is_matrix_record(fam):
        from .derive_matrix import derive_kl_matrix

        return derive_kl_matrix(fam)
    mp_, mq = _side_map(fam, "p"), _side_map(fam, "q")
    eta_p = tuple(e.subs(mp_) for e in ef.eta)
    eta_q = tuple(e.subs(mq) for e in ef.eta)
    A_theta = _in_theta(ef.A, ef)
    A_p, A_q = A_theta.subs(mp_), A_theta.subs(mq)
    if ef.mean_T is not None:
        grad = ()
        mean_T = tuple(m.subs(mp_) for m in ef.mean_T)
        notes = ("A is constant on the constrained parameter set, so E[T] is not its gradient.",)
    else:
        grad = tuple(_gradient(ef.A, e, ef) for e in ef.eta_symbols)
        mean_T = tuple(_in_theta(g, ef).subs(mp_) for g in grad)
        notes = ("E_P[T] = grad A(eta_P).",)
    diff_eta = tuple(a - b for a, b in zip(eta_p, eta_q))
    bregman = _dot(ef, diff_eta, mean_T) - A_p + A_q
    pairs = [(fam.symbols_for("p")[p.name], fam.symbols_for("q")[p.name]) for p in fam.free_params if not p.vector]
    if ef.index is not None:
        result = _tidy_sum(bregman)
    else:
        result = tidy(bregman, pairs)
    return Derivation(fam, fam.symbols_for("p"), fam.symbols_for("q"), eta_p, eta_q, A_p, A_q, mean_T, grad, bregman, result, notes)


def _tidy_sum(expr: sp.Expr) -> sp.Expr:
    """Tidy an expression made of index sums: the summand is tidied, constants kept."""
    bodies: dict[tuple, sp.Expr] = {}
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        if isinstance(term, sp.Sum):
            bodies[term.limits] = bodies.get(term.limits, 0) + term.function
        else:
            rest += term
    for limits, body in bodies.items():
        body = sp.factor_terms(sp.expand(_tidy_log_args(body)))
        rest += sp.Sum(body, *limits)
    return rest


def kl_form(name_p: str, name_q: str | None = None, *, shared_fixed: bool = True) -> sp.Expr:
    """The symbolic KL(P‖Q) for two families (currently: the same family).

    Fixed parameters (Weibull ``k``, Laplace ``mu``, Pareto ``xm``) are shared by P
    and Q unless ``shared_fixed=False``: then they get ``_p``/``_q`` symbols and the
    form comes from the expectation route (:mod:`klsym.expectation`), with its
    support condition as a Piecewise where the support depends on them.

    >>> kl_form("laplace", shared_fixed=False)
    b_p*exp(-Abs(mu_p - mu_q)/b_p)/b_q - log(b_p) + log(b_q) - 1 + Abs(mu_p - mu_q)/b_q
    """
    name_q = name_p if name_q is None else name_q
    fp, fq = registry.get(name_p), registry.get(name_q)
    if fp.name != fq.name:
        raise NotImplementedError(
            f"KL({fp.name} ‖ {fq.name}): only pairs within one family are derived so far"
        )
    if not shared_fixed and fp.fixed_params:
        from .expectation import derive_by_expectation

        return derive_by_expectation(fp.name, shared_fixed=False).answer
    if fp.ef is None:
        from .expectation import derive_by_expectation

        return derive_by_expectation(fp.name).answer
    return derive_kl(fp.name).kl


# ----------------------------------------------------------------- entropy
@dataclass(frozen=True)
class AtomExpectation:
    """E[g(X)] for one atom g of log h: its value (record symbols) and how it was found."""

    atom: sp.Expr
    value: sp.Expr
    how: str


@dataclass(frozen=True)
class EntropyDerivation:
    """H(P) = A(η(θ)) − η(θ)·E[T] − E[log h(X)], step by step, in the record's own symbols."""

    family: Family
    A: sp.Expr
    eta: tuple
    mean_T: tuple
    atoms: tuple[AtomExpectation, ...]
    mean_log_h: sp.Expr
    entropy: sp.Expr


def _support_integral(fam: Family, g: sp.Expr) -> sp.Expr | None:
    """∫ f(x) g(x) dx over the support by SymPy, or None when SymPy leaves an integral."""
    lo, hi = sp.sympify(fam.support.lower), sp.sympify(fam.support.upper)
    positive = lo.is_nonnegative is True
    y = sp.Symbol("x", positive=True) if positive else sp.Symbol("x", real=True)
    density = sp.exp(fam.logpdf).subs(X, y)
    try:
        value = sp.integrate(sp.expand_log(density, force=True) * g.subs(X, y), (y, lo, hi), conds="none")
    except (NotImplementedError, ValueError, TypeError):
        return None
    if value.has(sp.Integral) or value.has(sp.nan) or value.is_finite is False:
        return None
    return simplify_component(sp.expand_log(sp.simplify(value), force=True))


def _atom_expectation(fam: Family, g: sp.Expr, mean_T: tuple) -> AtomExpectation:
    ef = fam.ef
    if ef.index is None:
        for t, m in zip(ef.T, mean_T):
            ratio = sp.cancel(g / t)
            if not ratio.has(X):
                return AtomExpectation(g, ratio * m, f"{sp.sstr(ratio)} times the mean of T entry {sp.sstr(t)}")
    for atom, value, source in ef.expectations:
        if sp.simplify(atom - g) == 0:
            return AtomExpectation(g, value, f"stated: {source}")
    if g == X and fam.mean is not None:
        return AtomExpectation(g, fam.mean, "the recorded mean")
    if g == X**2 and fam.mean is not None and fam.variance is not None:
        return AtomExpectation(g, sp.expand(fam.variance + fam.mean**2), "the recorded variance plus the squared mean")
    lo, hi = sp.sympify(fam.support.lower), sp.sympify(fam.support.upper)
    if fam.discrete:
        return AtomExpectation(g, sp.Sum(sp.exp(fam.logpdf) * g, (X, lo, hi)), "the defining sum (no closed form known)")
    value = _support_integral(fam, g)
    if value is None:
        raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it")
    return AtomExpectation(g, value, "derived by SymPy integration")


@lru_cache(maxsize=None)
def derive_entropy(name: str) -> EntropyDerivation:
    """Derive the entropy H(P) = −E_P[log p(X)] of family ``name`` from its record.

    With log p = η·T − A + log h and E[T] = ∇A (as for KL), H = A − η·E[T] − E[log h].
    log h is split into atoms g(x) with x-free coefficients; E[g] is the mean of a T
    entry when g is a multiple of one, else a value stated in the record (with its
    source), the recorded mean or second moment, a SymPy integral over the support,
    or — for discrete families without a closed form — the defining sum, left unevaluated.
    """
    fam = registry.get(name)
    ef = fam.ef
    if ef is None:
        raise NotImplementedError(f"{name} has no exponential-family record; no entropy is derived yet")
    if is_matrix_record(fam):
        from .derive_matrix import derive_entropy_matrix

        return derive_entropy_matrix(fam)
    A = _in_theta(ef.A, ef)
    if ef.mean_T is not None:
        mean_T = tuple(ef.mean_T)
    else:
        mean_T = tuple(_in_theta(_gradient(ef.A, e, ef), ef) for e in ef.eta_symbols)
    parts: dict[sp.Expr, sp.Expr] = {}
    const = sp.Integer(0)
    variable = fam.variable if fam.multivariate else X
    for term in sp.Add.make_args(sp.expand(ef.log_h)):
        c, g = term.as_independent(*(variable if isinstance(variable, tuple) else (variable,)), as_Add=False)
        if term == 0:
            continue
        if g == 1:
            const += c
        else:
            parts[g] = parts.get(g, 0) + c
    if fam.discrete:
        # atoms that are not multiples of a T entry are gathered into one defining sum
        rest = sp.Integer(0)
        for g in list(parts):
            if ef.index is None and any(not sp.cancel(g / t).has(X) for t in ef.T):
                continue
            rest += parts.pop(g) * g
        if rest != 0:
            parts[rest] = sp.Integer(1)
    atoms = tuple(_atom_expectation(fam, g, mean_T) for g in parts)
    closed = const + sp.Add(*[parts[a.atom] * a.value for a in atoms if not a.value.has(sp.Sum)])
    sums = sp.Add(*[parts[a.atom] * a.value for a in atoms if a.value.has(sp.Sum)])
    mean_log_h = closed + sums
    raw = A - _dot(ef, ef.eta, mean_T) - closed
    result = _tidy_sum(raw) if ef.index is not None else tidy(raw)
    return EntropyDerivation(fam, A, tuple(ef.eta), mean_T, atoms, mean_log_h, result - sums)
