"""Laws of a transform of another family (data only): the log of a gamma variable, the
logistic image of a normal one, the log-Laplace and log-Cauchy laws, and the half (folded)
Cauchy and logistic laws.

Each record states its own density; the family it comes from is named in its
parameterization. KL is invariant under a bijection of the variable, so the KL of two
members equals the KL of their images in the parent family (tests/test_transformed.py
checks every relation that is an identity). Exponential families state η(θ), T(x), A(η)
and log h(x) as in :mod:`.continuous`; the others have no ``ef`` part, and KL comes from
the expectation engine (:mod:`klsym.derive.expectation`), with the expectations SymPy
cannot derive stated with their source.
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..record import X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, eta

# --------------------------------------------------------------------------- log_gamma
_lg_alpha = Param("alpha", POSITIVE, "shape of the gamma variable X = exp(Y)")
_lg_beta = Param("beta", POSITIVE, "rate of the gamma variable X = exp(Y)")
lg_alpha, lg_beta = _lg_alpha.symbol(), _lg_beta.symbol()
lg1, lg2 = eta("eta1", positive=True), eta("eta2", negative=True)
log_gamma = Family(
    name="log_gamma",
    title="Log-gamma (log of a gamma variable)",
    params=(_lg_alpha, _lg_beta),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "the law of log X for X ~ Gamma(alpha, RATE beta): density beta^alpha exp(alpha x - beta exp(x)) / "
        "Gamma(alpha) on the real line; alpha > 0 shape, beta > 0 rate of X (mean digamma(alpha) - log(beta)). "
        "(scipy: loggamma(c=alpha, loc=-log(beta)))."
    ),
    ef=ExpFamily(
        eta_symbols=(lg1, lg2),
        eta=(lg_alpha, -lg_beta),
        T=(x, sp.exp(x)),
        A=loggamma(lg1) - lg1 * log(-lg2),
        log_h=sp.Integer(0),
    ),
    example={"alpha": 2, "beta": 1},
    cases=(
        ({"alpha": "3/2", "beta": 2}, {"alpha": 5, "beta": "1/3"}, "moderate"),
        ({"alpha": "1/100", "beta": 2}, {"alpha": "1/3", "beta": "1/3"}, "shape 0.01: long left tail"),
        ({"alpha": "1/2", "beta": 1}, {"alpha": "1/2", "beta": "1+1/10^8"}, "near-equal rates"),
        ({"alpha": 3, "beta": 1}, {"alpha": "3+1/10^9", "beta": 1}, "near-equal shapes"),
        ({"alpha": 1000, "beta": 1000}, {"alpha": 1010, "beta": 1000}, "large shapes: narrow"),
        ({"alpha": 2, "beta": 10**4}, {"alpha": 3, "beta": "1/10^4"}, "locations 18 apart"),
        ({"alpha": "1/5", "beta": "1/1000"}, {"alpha": 4, "beta": "1/100"}, "tiny rates, shape < 1"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e-150}, {"alpha": 2e6, "beta": 1e-149}),),
)

RECORDS = (log_gamma,)
