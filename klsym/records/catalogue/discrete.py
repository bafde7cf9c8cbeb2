"""Discrete families (data only). Each record states its parameterization.

Log-probabilities are written in ``x`` = :data:`klsym.records.record.X`, an integer in
the support. Probabilities on a closed end of their domain (p = 0 or 1,
lam = 0) are allowed: the distribution then degenerates, and the KL code takes
the limit from the interior (or sums exactly over a finite support).
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..kinds import PROBABILITY_VECTOR
from ..record import X as x, ExpFamily, Family, Param, Support
from ..special import log_zeta
from sympy.codegen.cfunctions import log1p
from .domains import NONNEGATIVE, UNIT_CLOSED, UNIT_LEFT_OPEN, eta

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
    logpdf=x * log(p) + (1 - x) * log(1 - p),
    parameterization="P(X = 1) = p, P(X = 0) = 1 - p, with 0 <= p <= 1.",
    ef=ExpFamily(
        eta_symbols=(_logit,),
        eta=(log(p) - log(1 - p),),
        T=(x,),
        A=log(1 + sp.exp(_logit)),
        log_h=sp.Integer(0),
    ),
    mean=p,
    variance=p * (1 - p),
    example={"p": sp.Rational(1, 3)},
)

# --------------------------------------------------------------------------- binomial
_n = Param("n", sp.Interval(0, sp.oo), "number of trials (fixed)", integer=True, fixed=True)
n = _n.symbol()
binomial = Family(
    name="binomial",
    title="Binomial",
    params=(_n, _p),
    support=Support(0, n, discrete=True),
    logpdf=_log_binomial_coefficient(n, x) + x * log(p) + (n - x) * log(1 - p),
    parameterization=(
        "number of successes in n independent trials with success probability p; "
        "n >= 0 an integer, fixed (not a natural parameter), 0 <= p <= 1."
    ),
    ef=ExpFamily(
        eta_symbols=(_logit,),
        eta=(log(p) - log(1 - p),),
        T=(x,),
        A=n * log(1 + sp.exp(_logit)),
        log_h=_log_binomial_coefficient(n, x),
    ),
    mean=n * p,
    variance=n * p * (1 - p),
    example={"n": 10, "p": sp.Rational(1, 3)},
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
    logpdf=x * log(lam) - lam - loggamma(x + 1),
    parameterization="P(X = k) = lam^k exp(-lam) / k! for k = 0, 1, ...; lam >= 0 is the mean (lam = 0: X = 0).",
    ef=ExpFamily(
        eta_symbols=(_loglam,),
        eta=(log(lam),),
        T=(x,),
        A=sp.exp(_loglam),
        log_h=-loggamma(x + 1),
    ),
    mean=lam,
    variance=lam,
    example={"lam": 3},
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
    logpdf=log(gp) + (x - 1) * log(1 - gp),
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
    mean=1 / gp,
    variance=(1 - gp) / gp**2,
    example={"p": sp.Rational(1, 4)},
)

# --------------------------------------------------------------------------- negative binomial
_r = Param("r", sp.Interval.open(0, sp.oo), "number of successes (fixed; any real r > 0)", fixed=True)
r = _r.symbol()
negative_binomial = Family(
    name="negative_binomial",
    title="Negative binomial",
    params=(_r, _gp),
    support=Support(0, sp.oo, discrete=True),
    logpdf=loggamma(x + r) - loggamma(r) - loggamma(x + 1) + r * log(gp) + x * log(1 - gp),
    parameterization=(
        "number of FAILURES before the r-th success, success probability p: "
        "P(X = k) = Gamma(k+r)/(k! Gamma(r)) p^r (1-p)^k for k = 0, 1, ...; "
        "r > 0 fixed (not a natural parameter), 0 < p <= 1 (mean r(1-p)/p)."
    ),
    ef=ExpFamily(
        eta_symbols=(_log1mp,),
        eta=(log(1 - gp),),
        T=(x,),
        A=-r * log(1 - sp.exp(_log1mp)),
        log_h=loggamma(x + r) - loggamma(r) - loggamma(x + 1),
    ),
    mean=r * (1 - gp) / gp,
    variance=r * (1 - gp) / gp**2,
    example={"r": 3, "p": sp.Rational(1, 2)},
)

# --------------------------------------------------------------------------- categorical
_cp = Param("p", UNIT_CLOSED, "probability vector p[1..K], summing to 1", kind=PROBABILITY_VECTOR)
cp = _cp.symbol()
#: categorical length (fixed by the length of p)
K = sp.Symbol("K", integer=True, positive=True)
_i = sp.Symbol("i", integer=True, positive=True)
_logp = eta("eta_i")
categorical = Family(
    name="categorical",
    title="Categorical",
    params=(_cp,),
    support=Support(1, K, discrete=True),
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
    example={"p": [sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)]},
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
    logpdf=x * log(lp) - log(x) - log(-log(1 - lp)),
    parameterization="P(X = k) = -p^k / (k log(1 - p)) for k = 1, 2, ...; 0 < p < 1.",
    ef=ExpFamily(
        eta_symbols=(_loglp,),
        eta=(log(lp),),
        T=(x,),
        # log1p keeps -log(1 - p) ~ p for tiny p in float64
        A=log(-log1p(-sp.exp(_loglp))),
        log_h=-log(x),
    ),
    mean=-lp / ((1 - lp) * log(1 - lp)),
    variance=-lp * (lp + log(1 - lp)) / ((1 - lp) ** 2 * log(1 - lp) ** 2),
    example={"p": sp.Rational(1, 2)},
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
    logpdf=-zs * log(x) - log_zeta(zs),
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
)

RECORDS = (bernoulli, binomial, poisson, geometric, negative_binomial, categorical, logarithmic, zeta)
