"""The oracle for divergences beyond KL, from the log-densities alone (univariate laws).

With Δ = log p − log q, every divergence here is a function of

    S(α) = E_P[expm1((α − 1) Δ)] = ∫ p^α q^(1−α) − 1,

integrated or summed by the oracle's machinery (:func:`klsym.oracle.quadrature.integrate`,
:func:`klsym.oracle.sums.discrete_sum`) with P as the weight's measure. Writing the
affinity as 1 + S keeps the digits when P ≈ Q or α ≈ 1 (S is then tiny and
log1p(S) keeps them):

* Rényi D_α = log1p(S(α)) / (α − 1); Bhattacharyya −log1p(S(½));
  Hellinger √(−S(½)) (the distance, in [0, 1]); Pearson χ² = S(2);
* Jeffreys = KL(P‖Q) + KL(Q‖P), two :func:`klsym.oracle.numeric_kl` calls.

Where P is the measure the weight (q/p)^(1−α) may be huge at the panel ends (a Q
much wider than P), and the quadrature's error, which counts P's mass deficit at
the weight's size there, with it: the same affinity is then also computed with Q
as the measure, E_Q[expm1(−α (log q − log p))], and the smaller error kept.

For α > 1 (and χ²) the weight grows where q ≪ p and the integral may be infinite.
The oracle never returns a truncated integral: a discrete tail is tested before
summing (the log of p^α q^(1−α) must fall faster than 1/k far out), a continuous
integrand must still be falling far out at both ends (:func:`_check_ends`), and the
quadrature refuses when density × weight has not died out at its outer panel ends;
the first two raise :class:`~klsym.oracle.limits.DivergentIntegralError` (an
``OracleLimitError``) with that evidence, the last an ``OracleLimitError``.

Supports must be nested: the measure is P where P's support lies inside Q's, else Q
(α < 1 only); for α > 1 a P with mass outside Q's support gives +∞, and supports that
overlap without nesting are refused.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.convert import to_exact
from ..records.distribution import Distribution, check_pair
from .api import numeric_kl
from .density import combination, difference, is_discrete, log_density, same_record, t_density
from .factorised import factorised_divergence
from .limits import DivergentIntegralError, OracleLimitError, check_dps
from .quadrature import integrate
from .result import NumericResult
from .sums import discrete_sum

__all__ = ["KINDS", "numeric_divergence"]

#: the kinds :func:`numeric_divergence` computes, with their fixed order (None: given)
KINDS = {"renyi": None, "bhattacharyya": sp.Rational(1, 2), "hellinger": sp.Rational(1, 2),
         "chi_square": sp.Integer(2), "jeffreys": None}


def _order(kind: str, alpha: object) -> sp.Rational:
    if kind not in KINDS:
        raise ValueError(f"kind = {kind!r}: one of {', '.join(KINDS)}")
    if kind == "jeffreys" or KINDS[kind] is not None:
        if alpha is not None:
            raise ValueError(f"alpha: {kind} has no order to give")
        return KINDS[kind]
    if alpha is None:
        raise ValueError("alpha: the Rényi divergence needs its order (alpha > 0, alpha != 1)")
    a = to_exact(alpha, "alpha")
    if not a.is_number or not a.is_extended_real or a <= 0 or a == 1:
        raise ValueError(f"alpha = {a}: the rule is alpha > 0, alpha != 1, a number")
    return a


def _check_tail(p, q, c: mpf, wp: int) -> None:
    """An infinite discrete support: log(p q^(−c)·...) = (1 + c) log p − c log q must fall
    faster than log k far out (slope below −1 on a log scale), else the sum may diverge."""
    lo, hi = p.support_bounds()
    if hi.is_finite:
        return
    with mp.workdps(wp):
        lp, lq = log_density(p), log_density(q)
        far = [int(lo) + 10**8, int(lo) + 10**9]
        logs = []
        for k in far:
            a, b = lp(k), lq(k)
            logs.append(mpf("-inf") if a == mpf("-inf") else (1 + c) * a - c * b)
        if logs[1] == mpf("-inf"):
            return
        if logs[1] - logs[0] >= -mpmath.log(10):
            raise DivergentIntegralError(
                f"the affinity sum of p^alpha q^(1 - alpha) does not die out (its terms fall by a factor "
                f"{mpmath.nstr(mpmath.exp(logs[0] - logs[1]), 3)} from k = 10^8 to 10^9, less than 10): it is "
                "infinite or too slow for the oracle; the divergence may be +oo (the exact value: klsym.renyi)")


def _check_ends(p, q, c: sp.Rational, wp: int) -> None:
    """A continuous support, in the oracle's t variable (:func:`klsym.oracle.density.line_map`):
    log(p^α q^(1−α)) + log x'(t) = (1 + c) g_P − c g_Q must still be falling at both ends
    (at |t| = 10^8 → 10^9 on the real line, 200 → 400 where a map e^t or a logistic one
    is used), else the integral may diverge and the quadrature's scan would not end.
    For P and Q of one record the combination is one sum with exactly combined
    coefficients (:func:`klsym.oracle.density.combination`): far out its terms are huge
    and may cancel exactly (η_α on the edge of the natural space)."""
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        if same_record(p, q):
            both = combination(p, q, 1 + c, -c, lo, hi)
        else:
            gp, gq = t_density(p, lo, hi, jacobian=True), t_density(q, lo, hi, jacobian=True)
            cm = mpf(c.p) / c.q

            def both(t):
                a = gp(t)
                return mpf("-inf") if a == mpf("-inf") else (1 + cm) * a - cm * gq(t)
        near, far = (mpf(10) ** 8, mpf(10) ** 9) if lo.is_infinite and hi.is_infinite else (mpf(200), mpf(400))
        for side in (-1, 1):
            values = [both(t) for t in (side * near, side * far)]
            if values[1] != mpf("-inf") and not values[1] < values[0] - mpf(1) / 2:
                raise DivergentIntegralError(
                    f"the affinity integrand p^alpha q^(1 - alpha) does not die out at the {'lower' if side < 0 else 'upper'} "
                    f"end of the support (in the oracle's variable t its log goes from {mpmath.nstr(values[0], 5)} at "
                    f"|t| = {mpmath.nstr(near, 3)} to {mpmath.nstr(values[1], 5)} at {mpmath.nstr(far, 3)}): the "
                    "integral is infinite or too slow for the oracle (the exact value: klsym.renyi)")
        if same_record(p, q):
            _check_cancellation(p, both, lo, hi, wp)


def _check_cancellation(p, both, lo: sp.Expr, hi: sp.Expr, wp: int) -> None:
    """Refuse when, far out, log p is too large for the working precision while the affinity
    integrand log p^α q^(1−α) is not negligible: the quadrature's integrand p·expm1(c Δ) is
    then the rounding noise of exp(−10^90)·exp(10^90) (an inverse Gaussian with η_α on the
    edge of its natural space, where the integrand has an algebraic tail)."""
    gp = t_density(p, lo, hi, jacobian=True)
    ends = (mpf(10) ** 8,) if lo.is_infinite and hi.is_infinite else (mpf(200),)
    for t in (-ends[0], ends[0]):
        a, v = gp(t), both(t)
        if a == mpf("-inf") or v == mpf("-inf"):
            continue
        if abs(a) > mpf(10) ** (wp - 10) and v > -2 * wp * mpmath.ln10:
            raise OracleLimitError(
                f"the affinity integrand cancels far out: at t = {mpmath.nstr(t, 3)} log p is "
                f"{mpmath.nstr(a, 3)} while log p^alpha q^(1 - alpha) is {mpmath.nstr(v, 5)}, beyond what "
                f"the quadrature can resolve at {wp} digits (the exact value: klsym.renyi)")


def _affinity_minus_one(p, q, c_exact: sp.Rational, wp: int, minus_one: bool = True) -> tuple[mpf, mpf]:
    """S = E_P[expm1(c Δ)], c = α − 1, and its error, at working precision ``wp``
    (``minus_one=False``: the affinity M = E_P[exp(c Δ)] itself, for an M far below 1)."""
    f = mpmath.expm1 if minus_one else mpmath.exp
    with mp.workdps(wp):
        c = mpf(c_exact.p) / c_exact.q
    if is_discrete(p):
        _check_tail(p, q, c, wp)
        # the summand's size is p^α q^(1−α) where it is not P's own: its peak may lie far from P's
        # mass (zero-truncated Poisson λ = 1 against λ = 10^-8 at α = 2: near k = 10^8)
        lp, lq = log_density(p), log_density(q)
        if same_record(p, q):
            with mp.workdps(wp):
                w = difference(p, q)
            value, err, reason = discrete_sum(p, q, wp, weight=lambda k, a, b: f(c * w(k)),
                                              log_summand=lambda k: lp(k) + c * w(k))
        else:
            value, err, reason = discrete_sum(p, q, wp, weight=lambda k, a, b: f(c * (a - b)),
                                              log_summand=lambda k: (1 + c) * lp(k) - c * lq(k))
        if reason:
            raise OracleLimitError(f"{reason}: the oracle handles P and Q on the same support only")
        return value, err
    _check_ends(p, q, c_exact, wp)
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        if same_record(p, q):
            w = difference(p, q, lo, hi)
            return integrate(p, wp, lambda t, a: f(c * w(t)), kinks_of=(q,))
        lq = t_density(q, lo, hi)
    return integrate(p, wp, lambda t, a: f(c * (a - lq(t))), kinks_of=(q,))


def _finish(kind: str, order: sp.Rational, s: mpf, err: mpf, log_m: mpf, log_err: mpf) -> tuple[mpf, mpf]:
    """The divergence from S = M − 1 (and its error) or from log M (and its error), first order."""
    if kind == "chi_square":
        return s, err
    if kind == "hellinger":
        h = mpmath.sqrt(max(-s, mpf(0)))
        return h, (mpmath.sqrt(err) if h == 0 else err / (2 * h))
    if kind == "bhattacharyya":
        return -log_m, log_err
    c = mpf(order.p) / order.q - 1
    return log_m / c, log_err / abs(c)


def numeric_divergence(p: Distribution, q: Distribution, kind: str, alpha: object = None, dps: int = 30) -> NumericResult:
    """A divergence of univariate P from Q by quadrature or summation of the log-densities,
    to about ``dps`` digits: ``kind`` is ``"renyi"`` (with ``alpha`` > 0, ≠ 1, exact:
    int, Fraction, text), ``"bhattacharyya"``, ``"hellinger"`` (the distance, in [0, 1]),
    ``"chi_square"`` (Pearson) or ``"jeffreys"``. Where the affinity integral does not
    die out (α > 1 or χ², q too thin under p) :class:`~klsym.oracle.limits.OracleLimitError`.

    >>> from klsym import dist
    >>> r = numeric_divergence(dist("normal", mu=0, sigma=1), dist("normal", mu=2, sigma=1), "bhattacharyya")
    >>> mpmath.nstr(r.value, 25), r.digits >= 29
    ('0.5', True)
    """
    check_dps(dps)
    order = _order(kind, alpha)
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise ValueError(f"{side} must be a klsym distribution, got {type(d).__name__}")
        if any(sp.sympify(v, strict=True).free_symbols for v in d.substitution().values()):
            raise ValueError(f"numeric_divergence needs numeric parameters; {side} = {d} has symbols")
    if p.family == q.family:
        check_pair(p, q)
    if kind == "jeffreys":
        a, b = numeric_kl(p, q, dps), numeric_kl(q, p, dps)
        with mp.workdps(dps):
            return NumericResult(a.value + b.value, a.error + b.error, dps, a.method, a.reason or b.reason)
    if p.record.multivariate or q.record.multivariate:
        if p == q:
            return NumericResult(mpf(0), mpf(0), dps, "identical")
        value, err, source = factorised_divergence(p, q, kind, order, dps)
        return NumericResult(value, err, dps, "coordinates", None, source)
    if is_discrete(p) != is_discrete(q):
        raise NotImplementedError(f"numeric_divergence({p.family} ‖ {q.family}): a discrete and a continuous law")
    method = "sum" if is_discrete(p) else "quadrature"
    if p == q:
        return NumericResult(mpf(0), mpf(0), dps, "identical")
    # the measure of the affinity integral: P (S = E_P[expm1((α − 1)Δ)]) where P's support lies
    # in Q's, else Q (S = E_Q[expm1(−α(log q − log p))]) where Q's lies in P's and α < 1 (the
    # integrand p^α q^(1−α) is 0 where q is): on the measure's support both densities are positive
    (lo_p, hi_p), (lo_q, hi_q) = p.support_bounds(), q.support_bounds()
    p_in_q = bool(lo_q <= lo_p) and bool(hi_p <= hi_q)
    q_in_p = bool(lo_p <= lo_q) and bool(hi_q <= hi_p)
    if not p_in_q and order > 1:
        raise DivergentIntegralError(
            f"{kind} at alpha = {order} > 1: P has mass on [{lo_p}, {hi_p}] outside Q's support [{lo_q}, {hi_q}], "
            "where q^(1 - alpha) = +oo: the affinity integral is infinite")
    if not p_in_q and not q_in_p:
        raise NotImplementedError(f"numeric_divergence({p} ‖ {q}): supports that overlap without nesting "
                                  "are not handled")
    # the exponent c of E_measure[expm1(c Δ)]: α − 1 with P as the measure, −α with Q
    c = order - 1
    if not p_in_q:
        p, q, c = q, p, -order  # Q as the measure
    swap_allowed = p_in_q and q_in_p  # the same support: either law may be the measure
    guard = 15
    for _ in range(3):
        wp = dps + guard
        try:
            s, err = _affinity_minus_one(p, q, c, wp)
            if swap_allowed and err > abs(s) * mpf(10) ** (-dps - 3):
                # the weight (q/p)^(1 - alpha) is large where p is thin (the quadrature's error counts it
                # there): the same affinity with Q as the measure, E_Q[expm1(-alpha (log q - log p))]
                try:
                    s_q, err_q = _affinity_minus_one(q, p, -order, wp)
                    if err_q < err:
                        s, err = s_q, err_q
                except (OracleLimitError, OverflowError, ZeroDivisionError):
                    pass  # Q as the measure does not do better: P's answer and its error stand
        except (OverflowError, ZeroDivisionError) as e:
            raise OracleLimitError(f"{kind} at alpha = {order}: the weight (p/q)^(alpha - 1) broke the quadrature's "
                                   f"arithmetic ({type(e).__name__}) far out in the support (the affinity integral "
                                   "looks infinite, or is too extreme for the oracle)") from None
        except OracleLimitError as e:
            if order > 1:
                raise type(e)(f"{kind} at alpha = {order} > 1: the weight (p/q)^(alpha - 1) grows where "
                              f"q is thinner than p; {e}") from None
            raise
        with mp.workdps(wp):
            err = err + mpf(10) ** (-wp) * (3 + abs(s))
            if kind != "chi_square" and 1 + s < mpf(10) ** (-dps // 2):
                # M = 1 + S far below 1 (P and Q far apart): S has lost M's digits; M itself instead
                m, m_err = _affinity_minus_one(p, q, c, wp, minus_one=False)
                if not m > 2 * m_err:
                    raise OracleLimitError(f"{kind}: the affinity is {mpmath.nstr(m, 3)} +- {mpmath.nstr(m_err, 3)}, "
                                           "not resolved by the quadrature")
                log_m, log_err = mpmath.log(m), m_err / m
            else:
                log_m, log_err = mpmath.log1p(s), err / (1 + s)
            value, v_err = _finish(kind, order, s, err, log_m, log_err)
            # a tiny S (P ≈ Q, α ≈ 1) is found to as many digits as it is below 1: redo with more
            if value != 0 and v_err < abs(value) * mpf(10) ** (-dps - 3):
                break
            lost = int(max(0, -mpmath.log10(abs(value)))) if value != 0 else dps
            if guard >= lost + 15 + dps // 2:
                break
            guard = lost + 20
    with mp.workdps(dps):
        return NumericResult(+value, +v_err + abs(value) * mpf(10) ** (-dps), dps, method)
