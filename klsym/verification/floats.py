"""The float64 oracle: KL of the exact values of float64 parameters, correctly rounded.

:func:`kl_float` answers the question a float64 implementation is judged by:
given parameters that *are* binary64 numbers, what is the float64 nearest to
the exact KL(P‖Q)? Nothing is rounded before the end — a parameter ``0.1``
means 0.1000000000000000055511151231257827…, as it does inside float64 code.

How the rounding is made certain
--------------------------------
The closed form of :func:`klsym.derive.derive_kl` (the route chosen by
:func:`klsym.exact.resolve.resolve`) is evaluated in interval
arithmetic (mpmath's ``iv``, on a private context) at 80, 160, 320, … bits:
every operation returns an interval that contains the exact result, so the
exact KL lies in the final interval ``[lo, hi]``. The answer is accepted once
``lo`` and ``hi`` round to the same float64 — no rounding boundary is left
inside. Cancellation (a KL of 1e-17 from terms of size 1, or ``log(1 − p)``
for p = 1e-300) only widens the interval and moves the answer up the ladder.
Rational values are rounded exactly.

Parameters on a closed end of their domain (p = 0 or 1, lam = 0) take the
exact sum over a short finite support or the one-sided limit of the closed
form; different fixed parameters and categorical vectors go through
:func:`klsym.exact.divergence.kl_answer` (exact sums); a pair with no closed form
(negative binomial with different ``r``, a series) or beyond an exact work limit
(:data:`klsym.exact.resolve.MAX_SUM_TERMS`) falls back to the independent
oracle :func:`klsym.oracle.numeric_kl`, whose error estimate decides the
rounding instead (slow, or ``ArithmeticError``, when its sum is very long). A
mixture on either side takes the exact answer where there is one (a short discrete
support, identical mixtures, a support mismatch; :mod:`klsym.exact.mixtures`) and
the oracle otherwise.
A pair with P's support outside Q's gives ``inf``; a finite KL beyond the
float64 range rounds to ``inf``, as IEEE rounding does. The result is never
NaN and never -0.0.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import mpmath
import sympy as sp
from mpmath import libmp, mp, mpf
from mpmath.ctx_iv import MPIntervalContext

from ..exact.divergence import evaluate_resolution, kl_answer
from ..exact.renyi import DIVERGENCE_KINDS, divergence_answer
from ..exact.mixtures import NoClosedForm
from ..exact.resolve import Route, WorkLimitError, resolve
from ..records.distribution import Distribution, dist
from ..records.mixture import Mixture
from .intervals import enclosure, evalf_value, settle, tails

__all__ = ["kl_float", "kl_float_array", "kl_enclosure", "closed_value", "kl_value", "round_to_float", "oracle_float",
           "divergence_float"]

#: the precision ladder starts here (bits) and gives up beyond MAX_PREC
START_PREC = 80
MAX_PREC = 1 << 16


def _raw_to_fraction(raw: tuple) -> tuple[int, int] | float:
    """An mpmath raw (sign, man, exp, bc) as numerator/denominator, or a float for inf/nan."""
    if raw == libmp.fnan:
        return math.nan
    if raw == libmp.finf:
        return math.inf
    if raw == libmp.fninf:
        return -math.inf
    sign, man, exp, bc = raw
    if exp + bc > 1100:  # beyond the float64 range: it rounds to ±inf (without forming 2**exp)
        return -math.inf if sign else math.inf
    if exp + bc < -1100:  # below half the smallest subnormal: it rounds to ±0
        return -0.0 if sign else 0.0
    man = -int(man) if sign else int(man)
    exp = int(exp)
    return (man << exp, 1) if exp >= 0 else (man, 1 << -exp)


def round_to_float(v: mpf | int | sp.Rational) -> float:
    """The float64 nearest to ``v`` (ties to even, subnormals, overflow to ±inf).

    Exact: ``v`` is read as the rational number it is, and CPython's integer
    true division rounds correctly.

    >>> round_to_float(mpmath.mpf(2) ** -1075 * 3)   # 1.5 times the smallest subnormal
    1e-323
    >>> round_to_float(sp.Rational(1, 3)) == 1 / 3
    True
    >>> round_to_float(mpmath.mpf(10) ** 400)
    inf
    """
    if isinstance(v, sp.Rational):
        frac: tuple[int, int] | float = (int(v.p), int(v.q))
    elif isinstance(v, int):
        frac = (v, 1)
    else:
        frac = _raw_to_fraction(mpf(v)._mpf_)
    if isinstance(frac, float):
        return frac
    num, den = frac
    try:
        return num / den
    except OverflowError:
        return math.inf if num > 0 else -math.inf


def _round_raw(raw: tuple) -> float:
    frac = _raw_to_fraction(raw)
    if isinstance(frac, float):
        return frac
    try:
        return frac[0] / frac[1]
    except OverflowError:
        return math.inf if frac[0] > 0 else -math.inf


def _certain(enclose: Callable[[MPIntervalContext], Any]) -> float | None:
    """Raise the precision until the interval from ``enclose(ctx)`` rounds to one float64.

    KL is never negative, so the interval is cut at 0 first. A precision too low to
    enclose at all (the log of an interval reaching 0: a difference of two erf values
    far in a tail, as in the truncated normal's form) moves up the ladder. Returns None
    if :data:`MAX_PREC` is reached undecided.
    """
    prec = START_PREC
    while prec <= MAX_PREC:
        ctx = MPIntervalContext()
        ctx.prec = prec
        try:
            value = enclose(ctx)
        except (ArithmeticError, ValueError):
            prec *= 2
            continue
        lo_raw, hi_raw = value._mpi_
        lo, hi = _round_raw(lo_raw), _round_raw(hi_raw)
        lo = 0.0 if lo <= 0 else lo  # also turns -0.0 into +0.0
        if lo == hi:
            return lo + 0.0
        prec *= 2
    return None


def kl_enclosure(p: Distribution, q: Distribution) -> tuple[str, Any]:
    """How KL(P‖Q) can be pinned down, for :func:`kl_float` and the test-vector writer.

    The route is :func:`klsym.exact.resolve.resolve`'s. Returns ``("exact", value)``
    with a SymPy Rational or ``oo``; ``("interval", enclose)`` where ``enclose(ctx)``
    gives an interval holding the exact KL at the precision of the interval context
    ``ctx``; or ``("numeric", None)`` when only the numeric oracle applies (no
    closed form, a series, or an exact evaluation beyond a work limit).
    """
    if isinstance(p, Mixture) or isinstance(q, Mixture):
        return _mixture_enclosure(p, q)
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise ValueError(f"kl_float: {side} must be a klsym distribution (klsym.dist(...)) or a mixture "
                             f"(klsym.mixture(...)), got {type(d).__name__}")
        _check_numeric(d, side)
    try:
        r = resolve(p, q)
    except (NotImplementedError, WorkLimitError):
        return "numeric", None
    if r.route is Route.BREGMAN and not p.record.multivariate and not any(par.vector for par in p.record.params):
        # the form itself in interval arithmetic, the values as exact intervals: nothing substituted
        # (a form in vectors and matrices is evaluated exactly first, below)
        form, values = r.form, r.values
        form = tails(form, values)  # erf values far in a tail through erfc: no cancellation

        def enclose(ctx: MPIntervalContext) -> Any:
            return enclosure(form, {s: enclosure(v, {}, ctx) for s, v in values.items()}, ctx)

        return ("interval", enclose) if _has_interval_rules(enclose) else ("numeric", None)
    try:
        expr = evaluate_resolution(r).value
    except (NotImplementedError, WorkLimitError):
        return "numeric", None
    return _expr_enclosure(expr)


def _mixture_enclosure(p: Distribution | Mixture, q: Distribution | Mixture) -> tuple[str, Any]:
    """:func:`kl_enclosure` with a mixture on either side: the exact answer where
    :mod:`klsym.exact.mixtures` has one, else the oracle."""
    try:
        answer = kl_answer(p, q)
    except (NoClosedForm, WorkLimitError):
        return "numeric", None
    if answer.method not in (Route.IDENTICAL, Route.SUPPORT, Route.EXACT_SUM):
        # two single distributions: their own route
        single = [m.components[0] if isinstance(m, Mixture) else m for m in (p, q)]
        return kl_enclosure(*single)
    expr = answer.value
    return _expr_enclosure(expr)


def _expr_enclosure(expr: sp.Expr) -> tuple[str, Any]:
    """An exact value as :func:`kl_enclosure` describes it: ``("exact", value)`` for ``oo`` or a
    rational, ``("interval", enclose)`` where every function in it has an interval rule, else
    ``("numeric", None)``."""
    if expr == sp.oo or expr.is_Rational:
        return "exact", expr
    expr = tails(expr)
    enclose = lambda ctx: enclosure(expr, {}, ctx)  # noqa: E731
    return ("interval", enclose) if _has_interval_rules(enclose) else ("numeric", None)


def _rounded(kind: str, obj: Any, oracle: Callable[[], float]) -> float | None:
    """The float64 of an enclosure (``kind``, ``obj`` as :func:`kl_enclosure` returns them): an exact
    value rounded, an interval settled by :func:`_certain`, ``oracle()`` where only the oracle
    applies or a function has no interval rule; None when the precision ladder ends undecided."""
    if kind == "exact":
        return math.inf if obj == sp.oo else round_to_float(obj)
    if kind == "numeric":
        return oracle()
    try:
        return _certain(obj)
    except NotImplementedError:  # a function without an interval rule (special functions, series)
        return oracle()


def _has_interval_rules(enclose: Callable[[MPIntervalContext], Any]) -> bool:
    """False when the form holds a function without an interval rule (special
    functions of :mod:`klsym.records.special`, series): the numeric oracle decides then."""
    ctx = MPIntervalContext()
    ctx.prec = 20
    try:
        enclose(ctx)
    except NotImplementedError:
        return False
    except (ArithmeticError, ValueError):
        pass
    return True


def _numeric_value(p: Distribution, q: Distribution, compute: Callable[[int], Any] | None = None,
                   what: str = "KL") -> float:
    """The oracle's value, correctly rounded: the precision rises until its error bound
    leaves one float64. ``compute(dps)`` gives the oracle's result (default
    :func:`klsym.oracle.numeric_kl` of P and Q); every divergence here is ≥ 0."""
    from ..oracle import numeric_kl

    compute = compute or (lambda dps: numeric_kl(p, q, dps=dps))
    dps = 25
    while dps <= 400:
        r = compute(dps)
        if mpmath.isinf(r.value):
            return math.inf
        with mp.workdps(dps + 10):
            e = 4 * r.error + abs(r.value) * mpf(10) ** (-dps)
            lo, hi = round_to_float(r.value - e), round_to_float(r.value + e)
        lo = 0.0 if lo <= 0 else lo  # KL >= 0: cut at 0, as _certain does (and never -0.0)
        if lo == hi:
            return lo + 0.0
        dps *= 2
    raise ArithmeticError(f"the numeric oracle could not decide the float64 rounding of {what}({p} ‖ {q})")


def oracle_float(p: Distribution, q: Distribution, kind: str = "kl", alpha: object = None) -> float:
    """KL(P‖Q) from the numeric oracle alone (:func:`klsym.oracle.numeric_kl`), correctly rounded
    to float64 as :func:`kl_float` rounds it where no closed form applies: the precision rises
    until the oracle's error bound leaves one float64. ``inf`` where the oracle says +oo;
    ArithmeticError (an OracleLimitError among them) where it cannot decide. Never -0.0.
    Another ``kind`` (with ``alpha``): :func:`klsym.numeric_divergence`'s value, rounded
    as :func:`divergence_float` rounds it where no closed form applies.

    >>> from klsym import dist
    >>> oracle_float(dist("normal", mu=0, sigma=1), dist("laplace", mu=0, b=1))
    0.07209320815813793
    """
    if kind == "kl":
        return _numeric_value(p, q)
    from ..oracle.divergences import numeric_divergence

    return _numeric_value(p, q, lambda dps: numeric_divergence(p, q, kind, alpha, dps=dps), kind)


def closed_value(p: Distribution, q: Distribution, dps: int) -> mpf | None:
    """KL(P‖Q) from the closed form, to ``dps`` significant digits or better,
    decided by interval arithmetic (an mpf at the precision that settled it;
    ``inf`` for +oo). ``None`` where the form has no interval rule (a series).

    SymPy's own evalf is not used: it can lose a tiny difference from 1 inside a
    sum of logs (log(−log(1 − p)) for p = 10^−300) and return a wrong number.

    >>> from klsym import dist
    >>> mpmath.nstr(closed_value(dist("logarithmic", p="1/10^300"), dist("logarithmic", p="9/10"), 20), 20)
    '0.93939296090578210103'
    """
    kind, obj = kl_enclosure(p, q)
    if kind == "numeric":
        return None
    if kind == "exact":
        if obj == sp.oo:
            return mpf("inf")
        with mp.workdps(dps + 10):
            return mpf(int(obj.p)) / int(obj.q)
    return settle(obj, dps, lambda: f"KL({p} ‖ {q})", lower=mpf(0))


def kl_value(p: Distribution, q: Distribution, dps: int, value: sp.Expr | None = None) -> mpf:
    """KL(P‖Q) to ``dps`` digits: :func:`closed_value` where the form has interval
    rules, else SymPy's evalf of the exact value (``value``, or
    :func:`klsym.exact.divergence.kl_answer`'s; a series there has its own evaluator).

    >>> from klsym import dist
    >>> mpmath.nstr(kl_value(dist("poisson", lam=1), dist("poisson", lam=2), 15), 15)
    '0.306852819440055'
    """
    value = kl_answer(p, q).value if value is None else value
    if value == sp.oo:
        return mpf("inf")
    try:
        v = closed_value(p, q, dps)
    except (ArithmeticError, ValueError):
        v = None
    return evalf_value(value, dps) if v is None else v


def _check_numeric(d: Distribution, side: str) -> None:
    for name, value in d.params.items():
        values = value if isinstance(value, (tuple, list, sp.MatrixBase)) else (value,)
        for v in values:
            if not (isinstance(v, sp.Basic) and v.is_number):
                raise ValueError(f"kl_float: parameter {name} of {side} must be a number, got {v}")


def kl_float(p: Distribution | Mixture, q: Distribution | Mixture) -> float:
    """KL(P‖Q) for the exact values of the parameters, correctly rounded to float64.

    P and Q may be mixtures (:func:`klsym.mixture`): exact where an exact answer
    exists, else the oracle's value with its error bound deciding the rounding.

    Parameters given as floats mean their exact binary values (see
    :func:`klsym.dist`). Returns ``inf`` when P puts mass where Q has none;
    never NaN. Invalid parameters raise ``ValueError`` (from :func:`klsym.dist`).

    >>> from klsym import dist
    >>> kl_float(dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=1e-8, sigma=1.0))  # (1e-8)**2 / 2
    5.0000000000000005e-17
    >>> kl_float(dist("bernoulli", p=0.5), dist("bernoulli", p=1e-20))  # log(1/2) - log(1e-20)/2 - log(1 - 1e-20)/2
    22.33270374938051
    >>> kl_float(dist("poisson", lam=0.0), dist("poisson", lam=1.0))
    1.0
    >>> kl_float(dist("binomial", n=50, p=1.0), dist("binomial", n=50, p=0.5))  # 50 log 2
    34.657359027997266
    >>> kl_float(dist("bernoulli", p=0.5), dist("bernoulli", p=0.0))
    inf
    >>> from klsym import mixture
    >>> kl_float(mixture([0.5, 0.5], [dist("normal", mu=-1.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0)]),
    ...          dist("normal", mu=0.0, sigma=2.0))
    0.10631636021311369
    """
    result = _rounded(*kl_enclosure(p, q), lambda: _numeric_value(p, q))
    if result is None:
        raise ArithmeticError(f"kl_float: could not decide the float64 rounding of KL({p} ‖ {q})")
    return result


def divergence_float(p: Distribution, q: Distribution, kind: str, alpha: object = None) -> float:
    """A divergence of P from Q for the exact values of the parameters, correctly rounded to
    float64: ``kind`` is ``"kl"`` (:func:`kl_float`), ``"renyi"`` (with ``alpha``),
    ``"bhattacharyya"``, ``"hellinger"``, ``"chi_square"`` or ``"jeffreys"``, as in
    :mod:`klsym.exact.renyi`.

    The exact value is enclosed in interval arithmetic at rising precision, as
    :func:`kl_float` does; where there is no exact value (two families, different fixed
    parameters) or the form has a function without an interval rule, the oracle
    :func:`klsym.numeric_divergence` decides the rounding with its error bound.
    ``inf`` where the divergence is +∞; never NaN, never -0.0.

    >>> from klsym import dist
    >>> p, q = dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0)
    >>> divergence_float(p, q, "bhattacharyya")  # (mu_p - mu_q)^2 / 8
    0.125
    >>> divergence_float(p, q, "renyi", "1/2"), divergence_float(p, q, "chi_square")  # 1/4, e - 1 (math.e - 1 is one ulp below)
    (0.25, 1.7182818284590453)
    >>> divergence_float(dist("normal", mu=0.0, sigma=2.0), dist("normal", mu=0.0, sigma=1.0), "renyi", 5)
    inf
    """
    if kind == "kl":
        return kl_float(p, q)
    if kind not in DIVERGENCE_KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(DIVERGENCE_KINDS)}")
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise ValueError(f"divergence_float: {side} must be a klsym distribution (klsym.dist(...)), "
                             f"got {type(d).__name__}")
        _check_numeric(d, side)
    def oracle() -> float:
        return oracle_float(p, q, kind, alpha)

    try:
        if kind == "jeffreys":
            value = kl_answer(p, q).value + kl_answer(q, p).value
        else:
            value = divergence_answer(p, q, kind, alpha).value
    except (NotImplementedError, WorkLimitError):
        return oracle()
    result = _rounded(*_expr_enclosure(value), oracle)
    return oracle() if result is None else result


def kl_float_array(family: str, params_p: Mapping[str, Any], params_q: Mapping[str, Any]) -> Any:
    """:func:`kl_float` over numpy-broadcast arrays of parameters (needs numpy).

    ``params_p`` and ``params_q`` map parameter names to scalars or arrays;
    they are broadcast together and the result has their common shape.
    Vector parameters (categorical ``p``) are not supported here.

    >>> kl_float_array("exponential", {"lam": [1.0, 2.0]}, {"lam": 2.0}).tolist()
    [0.3068528194400547, 0.0]
    """
    import numpy as np

    names_p, names_q = list(params_p), list(params_q)
    arrays = np.broadcast_arrays(*[np.asarray(params_p[k]) for k in names_p], *[np.asarray(params_q[k]) for k in names_q])
    shape = arrays[0].shape if arrays else ()
    out = np.empty(shape, dtype=float)
    for index in np.ndindex(shape):
        values = [_python_number(a[index]) for a in arrays]
        p = dist(family, **dict(zip(names_p, values[: len(names_p)])))
        q = dist(family, **dict(zip(names_q, values[len(names_p):])))
        out[index] = kl_float(p, q)
    return out


def _python_number(x: Any) -> int | float:
    """numpy scalar → Python int or float (exact)."""
    item = x.item() if hasattr(x, "item") else x
    return item if isinstance(item, (int, float)) else float(item)
