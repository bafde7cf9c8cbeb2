"""Discrete families (data only). Each record states its parameterization.

Log-probabilities are in ``x`` = :data:`klsym.records.record.X`, an integer in
the support; for the exponential families they are derived from η(θ), T(x),
A(η) and log h(x) (:mod:`klsym.records.derived`), as are the mean and variance
where T holds x. Probabilities on a closed end of their domain (p = 0 or 1,
lam = 0) are allowed: the distribution then degenerates, and the KL code takes
the limit from the interior (or sums exactly over a finite support).

Each record block defines its own parameter symbols (a test reads this file
and refuses a symbol used outside the block that defines it).
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..kinds import PROBABILITY_VECTOR
from ..record import X as x, ExpFamily, Family, Param, Support
from ..special import log_zeta, logsinhc
from sympy.codegen.cfunctions import log1p
from .domains import INDEX_I as _i, K, NONNEGATIVE, POSITIVE, REAL, UNIT_CLOSED, UNIT_LEFT_OPEN, affinity_term, eta, ordered

_logit = eta("eta1")


def _log_binomial_coefficient(n: sp.Expr, k: sp.Expr) -> sp.Expr:
    return loggamma(n + 1) - loggamma(k + 1) - loggamma(n - k + 1)


# --------------------------------------------------------------------------- bernoulli
_p = Param("p", UNIT_CLOSED, "success probability")
p = _p.symbol()
bernoulli = Family(
    name="bernoulli",
    title="Bernoulli",
    params=(_p,),
    support=Support(0, 1, discrete=True),
    parameterization="P(X = k) = p^k (1-p)^(1-k) for k = 0, 1: P(X = 1) = p, P(X = 0) = 1 - p, with 0 <= p <= 1.",
    ef=ExpFamily(
        eta_symbols=(_logit,),
        eta=(log(p) - log(1 - p),),
        T=(x,),
        A=log(1 + sp.exp(_logit)),
        log_h=sp.Integer(0),
    ),
    example={"p": sp.Rational(1, 3)},
    cases=(
        ({"p": "1/3"}, {"p": "1/2"}, "moderate"),
        ({"p": "1/2"}, {"p": "1/10^20"}, "q below machine epsilon"),
        ({"p": "1/10^12"}, {"p": "2/10^12"}, "both tiny"),
        ({"p": "1-1/10^10"}, {"p": "1/2"}, "p near 1"),
        ({"p": "1/2"}, {"p": "1/2+1/10^9"}, "near-equal"),
        ({"p": "99/100"}, {"p": "1/100"}, "far apart"),
    ),
    wide=(({"p": 1e-300}, {"p": 0.5}),),
)

# --------------------------------------------------------------------------- binomial
_n = Param("n", sp.Interval(0, sp.oo), "number of trials (fixed)", integer=True, fixed=True)
n, bi_p = _n.symbol(), _p.symbol()
binomial = Family(
    name="binomial",
    title="Binomial",
    params=(_n, _p),
    support=Support(0, n, discrete=True),
    parameterization=(
        "P(X = k) = n!/(k! (n-k)!) p^k (1-p)^(n-k) for k = 0, ..., n: the number of successes in n "
        "independent trials with success probability p; n >= 0 an integer, fixed (not a natural "
        "parameter), 0 <= p <= 1."
    ),
    ef=ExpFamily(
        eta_symbols=(_logit,),
        eta=(log(bi_p) - log(1 - bi_p),),
        T=(x,),
        A=n * log(1 + sp.exp(_logit)),
        log_h=_log_binomial_coefficient(n, x),
    ),
    example={"n": 10, "p": sp.Rational(1, 3)},
    cases=(
        ({"n": 20, "p": "1/3"}, {"n": 20, "p": "1/2"}, "moderate"),
        ({"n": 50, "p": "1/10^6"}, {"n": 50, "p": "1/10^3"}, "p near 0"),
        ({"n": 200, "p": "1-1/10^8"}, {"n": 200, "p": "9/10"}, "p near 1"),
        ({"n": 10, "p": "1/2"}, {"n": 10, "p": "1/2+1/10^9"}, "near-equal"),
        ({"n": 1000, "p": "1/4"}, {"n": 1000, "p": "1/5"}, "many trials"),
        ({"n": 3, "p": "1/2"}, {"n": 5, "p": "1/3"}, "different n (exact sum)"),
    ),
    wide=(({"n": 10**9, "p": 1e-200}, {"n": 10**9, "p": 1e-100}),),
)

# --------------------------------------------------------------------------- poisson
_lam = Param("lam", NONNEGATIVE, "rate (mean)")
lam = _lam.symbol()
_loglam = eta("eta1")
poisson = Family(
    name="poisson",
    title="Poisson",
    params=(_lam,),
    support=Support(0, sp.oo, discrete=True),
    parameterization="P(X = k) = lam^k exp(-lam) / k! for k = 0, 1, ...; lam >= 0 is the mean (lam = 0: X = 0).",
    ef=ExpFamily(
        eta_symbols=(_loglam,),
        eta=(log(lam),),
        T=(x,),
        A=sp.exp(_loglam),
        log_h=-loggamma(x + 1),
    ),
    example={"lam": 3},
    cases=(
        ({"lam": 3}, {"lam": 5}, "moderate"),
        ({"lam": 1000}, {"lam": 1010}, "large rates"),
        ({"lam": "1/10^6"}, {"lam": "1/10^3"}, "tiny rates"),
        ({"lam": 10}, {"lam": "10+1/10^8"}, "near-equal"),
        ({"lam": 20000}, {"lam": 19000}, "huge rates"),
        ({"lam": "1/2"}, {"lam": 30}, "far apart"),
    ),
    wide=(({"lam": 1e200}, {"lam": 1e-200}),),
)

# --------------------------------------------------------------------------- geometric
_gp = Param("p", UNIT_LEFT_OPEN, "success probability")
gp = _gp.symbol()
_log1mp = eta("eta1", negative=True)
geometric = Family(
    name="geometric",
    title="Geometric",
    params=(_gp,),
    support=Support(1, sp.oo, discrete=True),
    parameterization=(
        "number of TRIALS up to and including the first success: P(X = k) = (1-p)^(k-1) p "
        "for k = 1, 2, ...; 0 < p <= 1 (mean 1/p). Not the failures-before-success form on 0, 1, ...."
    ),
    ef=ExpFamily(
        eta_symbols=(_log1mp,),
        eta=(log(1 - gp),),
        T=(x - 1,),
        A=-log(1 - sp.exp(_log1mp)),
        log_h=sp.Integer(0),
    ),
    example={"p": sp.Rational(1, 4)},
    cases=(
        ({"p": "1/4"}, {"p": "1/2"}, "moderate"),
        ({"p": "1/100"}, {"p": "1/50"}, "p near 0: long tail"),
        ({"p": "1-1/10^9"}, {"p": "1/2"}, "p near 1"),
        ({"p": "1/3"}, {"p": "1/3+1/10^9"}, "near-equal"),
        ({"p": "999/1000"}, {"p": "998/1000"}, "both near 1"),
        ({"p": "1/2"}, {"p": "1/200"}, "far apart"),
        ({"p": "1/10^6"}, {"p": "2/10^6"}, "p = 1e-6: mean 10^6 (Euler-Maclaurin in the oracle)"),
    ),
    wide=(({"p": 1e-300}, {"p": 0.999}),),
)

# --------------------------------------------------------------------------- negative binomial
_r = Param("r", sp.Interval.open(0, sp.oo), "number of successes (fixed; any real r > 0)", fixed=True)
r, nb_p = _r.symbol(), _gp.symbol()
_nb_log1mp = eta("eta1", negative=True)
negative_binomial = Family(
    name="negative_binomial",
    title="Negative binomial",
    params=(_r, _gp),
    support=Support(0, sp.oo, discrete=True),
    parameterization=(
        "number of FAILURES before the r-th success, success probability p: "
        "P(X = k) = Gamma(k+r)/(k! Gamma(r)) p^r (1-p)^k for k = 0, 1, ...; "
        "r > 0 fixed (not a natural parameter), 0 < p <= 1 (mean r(1-p)/p)."
    ),
    ef=ExpFamily(
        eta_symbols=(_nb_log1mp,),
        eta=(log(1 - nb_p),),
        T=(x,),
        A=-r * log(1 - sp.exp(_nb_log1mp)),
        log_h=loggamma(x + r) - loggamma(r) - loggamma(x + 1),
    ),
    example={"r": 3, "p": sp.Rational(1, 2)},
    cases=(
        ({"r": 3, "p": "1/2"}, {"r": 3, "p": "1/3"}, "moderate"),
        ({"r": "1/2", "p": "1/3"}, {"r": "1/2", "p": "1/2"}, "r < 1"),
        ({"r": 50, "p": "1/10"}, {"r": 50, "p": "1/9"}, "large mean"),
        ({"r": 2, "p": "1-1/10^8"}, {"r": 2, "p": "1/2"}, "p near 1"),
        ({"r": 5, "p": "1/2"}, {"r": 5, "p": "1/2+1/10^9"}, "near-equal"),
        ({"r": 1000, "p": "9/10"}, {"r": 1000, "p": "8/10"}, "large r"),
        ({"r": 3, "p": "1/2"}, {"r": 5, "p": "1/2"}, "different r (closed part + series)"),
        ({"r": "1/2", "p": "1/3"}, {"r": 2, "p": "1/4"}, "different r, r < 1"),
        ({"r": 100, "p": "1/10"}, {"r": 101, "p": "1/10"}, "different r, large mean"),
        ({"r": 2, "p": "1/1000"}, {"r": 3, "p": "1/500"}, "different r, long tail (mean 2000)"),
        ({"r": 10, "p": "9/10"}, {"r": "10+1/10^8", "p": "9/10"}, "near-equal r"),
    ),
    wide=(({"r": 1e6, "p": 1e-100}, {"r": 1e6, "p": 0.5}),),
)

# --------------------------------------------------------------------------- categorical
_cp = Param("p", UNIT_CLOSED, "probability vector p[1..K], summing to 1", kind=PROBABILITY_VECTOR)
cp = _cp.symbol()
_logp = eta("eta_i")
categorical = Family(
    name="categorical",
    title="Categorical",
    params=(_cp,),
    support=Support(1, K, discrete=True),
    # written, not derived: the index sum Σ_i log(p[i]) [x = i] puts 0 * log 0 = nan
    # into every outcome when some p[i] = 0; log p[x] is exact (tests check the two agree)
    logpdf=log(cp[x]),
    parameterization=(
        "P(X = i) = p[i] for i = 1, ..., K, K = len(p) >= 2; entries in [0, 1] summing to 1. "
        "Written as the over-parameterised exponential family eta_i = log p[i], T_i = [x = i], "
        "A = 0 on the simplex, so E[T_i] = p[i]."
    ),
    ef=ExpFamily(
        eta_symbols=(_logp,),
        eta=(log(cp[_i]),),
        T=(sp.KroneckerDelta(x, _i),),
        A=sp.Integer(0),
        log_h=sp.Integer(0),
        mean_T=(cp[_i],),
        index=(_i, 1, K),
    ),
    # A = 0 holds on the simplex only, so A(eta_alpha) is not the affinity: the affinity is its sum
    affinity=(
        log(sp.Sum(affinity_term(_cp.symbol("_p")[_i], _cp.symbol("_q")[_i]), (_i, 1, K))),
        "the sum over the K outcomes of p[i]^alpha q[i]^(1 - alpha), by definition (0^alpha = 0 for alpha > 0; "
        "a q[i] = 0 < p[i] makes it +oo for alpha > 1)",
    ),
    example={"p": [sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)]},
    cases=(
        ({"p": ["1/2", "1/3", "1/6"]}, {"p": ["1/3", "1/3", "1/3"]}, "three categories"),
        ({"p": ["1/2", "1/2"]}, {"p": ["1-1/10^15", "1/10^15"]}, "one q near 0"),
        ({"p": ["1/10^12", "1-1/10^12"]}, {"p": ["1/2", "1/2"]}, "one p near 0"),
        ({"p": ["1/4"] * 4}, {"p": ["1/4+1/10^9", "1/4-1/10^9", "1/4", "1/4"]}, "near-equal"),
        ({"p": [f"1/{2**k}" for k in range(1, 10)] + ["1/512"]}, {"p": ["1/10"] * 10}, "ten categories"),
        ({"p": ["1/3", "0", "2/3"]}, {"p": ["1/6", "1/6", "2/3"]}, "a zero in p"),
    ),
)

# --------------------------------------------------------------------------- logarithmic
_lp = Param("p", sp.Interval.open(0, 1), "parameter of the series")
lp = _lp.symbol()
_loglp = eta("eta1", negative=True)
logarithmic = Family(
    name="logarithmic",
    title="Logarithmic (log-series)",
    params=(_lp,),
    support=Support(1, sp.oo, discrete=True),
    parameterization="P(X = k) = -p^k / (k log(1 - p)) for k = 1, 2, ...; 0 < p < 1.",
    ef=ExpFamily(
        eta_symbols=(_loglp,),
        eta=(log(lp),),
        T=(x,),
        # log1p keeps -log(1 - p) ~ p for tiny p in float64
        A=log(-log1p(-sp.exp(_loglp))),
        log_h=-log(x),
    ),
    example={"p": sp.Rational(1, 2)},
    cases=(
        ({"p": "1/2"}, {"p": "1/3"}, "moderate"),
        ({"p": "1/10^10"}, {"p": "1/10^9"}, "tiny p: almost all mass at 1"),
        ({"p": "1-1/10^6"}, {"p": "9/10"}, "p near 1: mean 72000 (Euler-Maclaurin in the oracle)"),
        ({"p": "1/2"}, {"p": "1/2+1/10^9"}, "near-equal"),
        ({"p": "99/100"}, {"p": "1/100"}, "far apart"),
        ({"p": "999/1000"}, {"p": "9999/10000"}, "both near 1"),
        ({"p": "1/10^300"}, {"p": "9/10"}, "p = 10^-300: log(-log(1 - p)), which SymPy's evalf gets wrong"),
    ),
    wide=(({"p": 1e-300}, {"p": 1 - 2**-53}),),
)

# --------------------------------------------------------------------------- zeta
_zs = Param("s", sp.Interval.open(1, sp.oo), "exponent")
zs = _zs.symbol()
_negs = eta("eta1", negative=True)
zeta = Family(
    name="zeta",
    title="Zeta (discrete Pareto)",
    params=(_zs,),
    support=Support(1, sp.oo, discrete=True),
    parameterization=(
        "P(X = k) = k^(-s) / zeta(s) for k = 1, 2, ...; s > 1 (the mean exists only for s > 2). "
        "Exponential family eta = -s, T = log x, A = log zeta(-eta)."
    ),
    ef=ExpFamily(
        eta_symbols=(_negs,),
        eta=(-zs,),
        T=(log(x),),
        A=log_zeta(-_negs),
        log_h=sp.Integer(0),
    ),
    # the mean exists only for s > 2: not recorded (the oracle sums from k = 1)
    example={"s": 2},
    cases=(
        ({"s": 2}, {"s": 3}, "moderate"),
        ({"s": "21/20"}, {"s": "3/2"}, "s = 1.05: very heavy tail (Euler-Maclaurin in the oracle)"),
        ({"s": "3/2"}, {"s": 2}, "no mean"),
        ({"s": 20}, {"s": 25}, "almost all mass at 1"),
        ({"s": 3}, {"s": "3+1/10^9"}, "near-equal"),
        ({"s": "101/100"}, {"s": "21/20"}, "s = 1.01 against 1.05"),
    ),
    wide=(({"s": 1 + 2**-52}, {"s": 1e6}),),  # s_Q = 1e300 makes KL itself ~1e315, beyond float64
)

# --------------------------------------------------------------------------- zero-truncated poisson
_ztp_lam = Param("lam", POSITIVE, "rate of the Poisson law before truncation (not the mean)")
ztp_lam = _ztp_lam.symbol()
_ztp_loglam = eta("eta1")
zero_truncated_poisson = Family(
    name="zero_truncated_poisson",
    title="Zero-truncated Poisson",
    params=(_ztp_lam,),
    support=Support(1, sp.oo, discrete=True),
    parameterization=(
        "P(X = k) = lam^k exp(-lam) / (k! (1 - exp(-lam))) for k = 1, 2, ...; a Poisson(lam) variable "
        "conditioned on X >= 1: lam > 0 the Poisson rate (mean lam/(1 - exp(-lam)), not lam)."
    ),
    ef=ExpFamily(
        eta_symbols=(_ztp_loglam,),
        eta=(log(ztp_lam),),
        T=(x,),
        # log(e^lam - 1) = lam/2 + log(2 sinh(lam/2)) = lam/2 + log(lam) + logsinhc(lam/2): exact for
        # tiny lam (no 1 - e^-lam) and finite for huge lam
        A=sp.exp(_ztp_loglam) / 2 + _ztp_loglam + logsinhc(sp.exp(_ztp_loglam) / 2),
        log_h=-loggamma(x + 1),
    ),
    # A holds a special function, so the moments are not derived: stated. The mean lam/(1 - e^-lam)
    # written as lam + d, d = lam/(e^lam - 1), whose floor SymPy can find for lam = 1000 (the oracle
    # starts its sum there); the variance m (1 + lam - m) = (lam + d)(1 - d)
    mean=ztp_lam + ztp_lam / (sp.exp(ztp_lam) - 1),
    variance=(ztp_lam + ztp_lam / (sp.exp(ztp_lam) - 1)) * (1 - ztp_lam / (sp.exp(ztp_lam) - 1)),
    example={"lam": 2},
    cases=(
        ({"lam": 2}, {"lam": 5}, "moderate"),
        ({"lam": "1/10^6"}, {"lam": "1/10^3"}, "tiny rates: almost all mass at 1"),
        ({"lam": 3}, {"lam": "3+1/10^9"}, "near-equal"),
        ({"lam": 1000}, {"lam": 1010}, "large rates: the truncation is invisible"),
        ({"lam": 20000}, {"lam": 19000}, "huge rates"),
        ({"lam": "1/2"}, {"lam": 30}, "far apart"),
        ({"lam": "1/10^8"}, {"lam": 1}, "tiny against moderate"),
    ),
    wide=(({"lam": 1e200}, {"lam": 1e-200}),),
)

# --------------------------------------------------------------------------- discrete uniform
_du_a = Param("a", REAL, "lowest value (an integer)", integer=True)
_du_b = Param("b", REAL, "highest value (an integer, b >= a)", integer=True)
du_a, du_b = _du_a.symbol(), _du_b.symbol()


discrete_uniform = Family(
    name="discrete_uniform",
    title="Discrete uniform",
    params=(_du_a, _du_b),
    support=Support(du_a, du_b, discrete=True),
    logpdf=-log(du_b - du_a + 1),
    parameterization=(
        "P(X = k) = 1/(b - a + 1) for k = a, a + 1, ..., b; a <= b integers, the lowest and highest values "
        "(both ends included; the support depends on both parameters, so KL(P‖Q) is finite only when "
        "a_q <= a_p and b_p <= b_q)."
    ),
    mean=(du_a + du_b) / 2,
    variance=((du_b - du_a + 1) ** 2 - 1) / 12,
    extra_check=ordered("a", "b", strict=False),
    example={"a": 1, "b": 6},
    cases=(
        ({"a": 1, "b": 6}, {"a": 0, "b": 9}, "a die inside ten digits"),
        ({"a": 0, "b": 0}, {"a": -1, "b": 1}, "a point mass inside three points"),
        ({"a": -10**6, "b": 10**6}, {"a": -10**7, "b": 10**7}, "huge ranges"),
        ({"a": 5, "b": 5}, {"a": 5, "b": 5}, "the same point mass"),
        ({"a": 0, "b": 10**9}, {"a": 0, "b": 10**9 + 1}, "near-equal ranges"),
        ({"a": 0, "b": 2}, {"a": 1, "b": 3}, "overlapping, not nested"),
        ({"a": 0, "b": 2}, {"a": 3, "b": 5}, "disjoint"),
        ({"a": 0, "b": 3}, {"a": 0, "b": 7}, "nested, one end shared"),
        ({"a": 10**12, "b": 10**12 + 2}, {"a": 10**12 - 5, "b": 10**12 + 5}, "far from 0"),
    ),
    wide=(({"a": -(10**15), "b": 10**15}, {"a": -(10**16), "b": 10**16}),),
)

RECORDS = (bernoulli, binomial, poisson, geometric, negative_binomial, categorical, logarithmic, zeta,
           zero_truncated_poisson, discrete_uniform)
