"""Controlled rewriting of derived forms (no ``sympy.simplify``): short, and safe in float64.

Logs are split into logs of positive factors (never ``log((a/b)**c)``, which
overflows), terms are grouped by their transcendental factor, coefficients
factored, and the purely rational remainder written in the shortest of
several forms (difference forms such as (μ_p − μ_q)² do not cancel when P ≈ Q).
"""

from __future__ import annotations

import itertools

import sympy as sp

from ..records.special import SpecialFunction

__all__ = ["bessel_recurrence", "gather_sums", "simplify_component", "tidy", "tidy_log_args", "tidy_sum",
           "tidy_whole_logs"]


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


def tidy_log_args(expr: sp.Expr) -> sp.Expr:
    """Split every log into logs of positive factors (see :func:`_split_log`)."""
    return expr.replace(lambda e: isinstance(e, sp.log), lambda e: _split_log(e.args[0]))


def simplify_component(expr: sp.Expr) -> sp.Expr:
    """Light simplification for E[T] components and A(η(θ))."""
    expr = tidy_log_args(sp.powsimp(expr))
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


def _best_rational(expr: sp.Expr, pairs, light: bool = False) -> sp.Expr:
    if expr == 0:
        return expr
    candidates = [sp.cancel(expr), sp.factor(expr)]
    if light:  # many parameters (a Piecewise form's branches): partial fractions in each would take minutes
        return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))
    # partial fractions in the parameters only: a Dummy stands for a whole log kept apart
    # (tidy_whole_logs), in which the expression is linear (and the Dummies' names all alike)
    for s in sorted((s for s in expr.free_symbols if not isinstance(s, sp.Dummy)), key=str):
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


def tidy(expr: sp.Expr, pairs: list[tuple[sp.Symbol, sp.Symbol]] = (), light: bool = False) -> sp.Expr:
    """Controlled rewriting of a KL expression (no ``sympy.simplify``).

    Logs are split (``log(a/b) → log a − log b``: never ``log((a/b)**c)``,
    which overflows), the expression is expanded, terms are grouped by their
    transcendental factor, each coefficient is factored, and factors with
    equal or opposite coefficients are gathered: ``c·(log a − log b)``.
    The purely rational remainder is written in the shortest of several forms
    (``pairs`` lists (θ_p, θ_q) symbol pairs for difference forms; ``light``: the shorter of its
    cancelled and factored forms only).
    """
    expr = sp.expand(tidy_log_args(expr))
    by_atom: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        atom = sp.Mul(*[f for f in factors if _is_transcendental(f)])
        coeff = sp.Mul(*[f for f in factors if not _is_transcendental(f)])
        atom = _one_exp(atom)
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
    out = _best_rational(sp.cancel(rational), list(pairs), light)
    for coeff, atoms in groups.items():
        out += coeff * atoms
    return out


def _one_exp(atom: sp.Expr) -> sp.Expr:
    """The exponentials of a product gathered into one, its exponent factored: expanding
    splits exp((mu_q - mu_p)/beta) into exp(-mu_p/beta)·exp(mu_q/beta), which is 0·oo in
    float64 when mu/beta is large although the quotient is moderate."""
    exps = [f for f in sp.Mul.make_args(atom) if isinstance(f, sp.exp)]
    if len(exps) < 2:
        return atom
    rest = [f for f in sp.Mul.make_args(atom) if not isinstance(f, sp.exp)]
    return sp.Mul(*rest) * sp.exp(sp.factor(sp.Add(*[e.args[0] for e in exps])))


def tidy_sum(expr: sp.Expr) -> sp.Expr:
    """Tidy an expression made of index sums: the summand is tidied, constants kept."""
    bodies: dict[tuple, sp.Expr] = {}
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        if isinstance(term, sp.Sum):
            bodies[term.limits] = bodies.get(term.limits, 0) + term.function
        else:
            rest += term
    for limits, body in bodies.items():
        body = sp.factor_terms(sp.expand(tidy_log_args(body)))
        rest += sp.Sum(body, *limits)
    return rest


def gather_sums(expr: sp.Expr, pairs=()) -> sp.Expr:
    """Terms c·Σ_j f(j) over the same ranges, c free of the indices, gathered into one sum whose
    summand is :func:`tidy`-ed: A written as a sum over a dimension (LKJ's log-normaliser) gives a
    KL of six sums over j = 1..d−1 that is one; the Dirichlet-multinomial's two double sums over
    the counts and the categories are one. Terms without such a sum are tidied as they are.

    >>> j, d, a, b = sp.Symbol("j", integer=True), sp.Symbol("d", integer=True), *sp.symbols("a b", positive=True)
    >>> gather_sums(a * sp.Sum(j * sp.log(a + j), (j, 1, d)) - b * sp.Sum(j * sp.log(a + j), (j, 1, d)))
    Sum(j*(a - b)*log(a + j), (j, 1, d))
    """
    bodies: dict[tuple, sp.Expr] = {}
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if len(sums) == 1:
            coeff = sp.cancel(term / sums[0])
            if not coeff.has(*(limit[0] for limit in sums[0].limits)):
                bodies[sums[0].limits] = bodies.get(sums[0].limits, 0) + coeff * sums[0].function
                continue
        rest += term
    out = tidy(rest, pairs)
    for limits, body in bodies.items():
        out += sp.Sum(sp.factor_terms(tidy(sp.expand(body), pairs)), *limits)
    return out


def _has_signed_factor(arg: sp.Expr) -> bool:
    """True where splitting log(arg) into logs of its factors would take a complex branch:
    a factor with a minus sign, as in log(−log(1 − p)) (whose split is log(−1) + log(log(1 − p)))."""
    return any(f.could_extract_minus_sign() for f in sp.Mul.make_args(arg))


def tidy_whole_logs(expr: sp.Expr, pairs=(), light: bool = False) -> sp.Expr:
    """:func:`tidy`, with every log of a sum kept whole: log((γ_p + γ_q)² + (x0_p − x0_q)²)
    stays a sum of squares (expanded, it would cancel in float64), and products of
    exponentials are gathered: exp(−μ_p/β)·exp(μ_q/β) → exp((μ_q − μ_p)/β), no overflow
    for large locations.

    >>> a, b = sp.symbols("a b", positive=True)
    >>> tidy_whole_logs(sp.log((a + b) ** 2 + 1) + sp.exp(-a) * sp.exp(b))
    exp(-a + b) + log((a + b)**2 + 1)
    """
    signed = {lg: sp.Dummy("L") for lg in expr.atoms(sp.log) if _has_signed_factor(lg.args[0])}
    expr = sp.expand_log(expr.xreplace(signed), force=True)
    kept = dict(signed)
    for lg in expr.atoms(sp.log):
        if lg.args[0].is_Add:
            kept[lg] = sp.Dummy("L")
    out = tidy(expr.xreplace(kept), pairs, light)
    out = out.replace(lambda e: e.is_Mul and sum(isinstance(f, sp.exp) for f in e.args) > 1,
                      lambda e: sp.powsimp(e, combine="exp"))
    return out.xreplace({v: k for k, v in kept.items()})


def bessel_recurrence(expr):
    """``expr`` with each I_(a)(z) whose I_(a+2)(z) is there too written by the recurrence
    I_(a)(z) = I_(a+2)(z) + 2 (a + 1)/z I_(a+1)(z) (DLMF 10.29.1): SymPy's derivative of I_ν is
    (I_(ν-1) + I_(ν+1))/2, and the recurrence leaves the two orders the log-partition's ratio
    I_(d/2)/I_(d/2-1) is written in.

    >>> z, nu = sp.symbols("z nu", positive=True)
    >>> bessel_recurrence(sp.besseli(nu - 1, z) - sp.besseli(nu + 1, z)) == 2*nu*sp.besseli(nu, z)/z
    True
    """
    atoms = expr.atoms(sp.besseli)
    reps = {}
    for b in atoms:
        a, z = b.args
        if sp.besseli(a + 2, z) in atoms:
            reps[b] = sp.besseli(a + 2, z) + 2 * (a + 1) / z * sp.besseli(a + 1, z)
    return sp.expand(expr.xreplace(reps)) if reps else expr
