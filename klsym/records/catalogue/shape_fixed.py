"""Families that are exponential families once a shape or scale parameter is fixed, shared by P and
Q (data only): Weibull k, generalized gamma p, Fréchet alpha, Lomax lam, Gompertz b, Burr c, Gumbel
beta, exponentiated exponential lam, Kumaraswamy a. Those whose fixed parameter is a location or an
end of the support are in :mod:`klsym.records.catalogue.location_fixed`.

Each record marks that parameter (or those parameters) ``fixed=True`` and states η(θ),
T(x), A(η) and log h(x) in the free ones; its log-density is derived from them
(:mod:`klsym.records.derived`), KL is the Bregman divergence of A, and P and Q with
different fixed parameters go to the expectation route (``klsym show NAME --fixed-differ``).

Each record block defines its own parameter symbols (a test reads this file and refuses
a symbol used outside the block that defines it).
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..record import X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta

# --------------------------------------------------------------------------- weibull
_wk = Param("k", POSITIVE, "shape (fixed)", fixed=True)
_wlam = Param("lam", POSITIVE, "scale")
wk, wlam = _wk.symbol(), _wlam.symbol()
v1 = eta("eta1", negative=True)
weibull = Family(
    name="weibull",
    title="Weibull",
    params=(_wk, _wlam),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density (k/lam) (x/lam)^(k-1) exp(-(x/lam)^k) on x >= 0; k > 0 shape, FIXED "
        "(with k fixed the family is exponential in lam, T = x^k), lam > 0 scale."
    ),
    ef=ExpFamily(
        eta_symbols=(v1,),
        eta=(-(wlam ** (-wk)),),
        T=(x**wk,),
        A=-log(-v1),
        log_h=log(wk) + (wk - 1) * log(x),
    ),
    expectations=(
        (
            log(x),
            log(wlam) - sp.EulerGamma / wk,
            "log(X/lam)*k is a standard Gumbel minimum variable, mean -EulerGamma "
            "(Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1, ch. 21)",
        ),
    ),
    mean=wlam * sp.gamma(1 + 1 / wk),
    variance=wlam**2 * (sp.gamma(1 + 2 / wk) - sp.gamma(1 + 1 / wk) ** 2),
    example={"k": 2, "lam": 1},
    cases=(
        ({"k": 2, "lam": 1}, {"k": 2, "lam": 2}, "textbook (Rayleigh shape)"),
        ({"k": "1/2", "lam": 1}, {"k": "1/2", "lam": 3}, "shape < 1: singular at 0, heavy tail"),
        ({"k": "1/10", "lam": 1}, {"k": "1/10", "lam": "1/2"}, "shape 0.1: extremely wide"),
        ({"k": 10, "lam": 1}, {"k": 10, "lam": "1+1/10^8"}, "near-equal, peaked"),
        ({"k": 3, "lam": "1/10^6"}, {"k": 3, "lam": "3/10^6"}, "tiny scales"),
        ({"k": "5/2", "lam": 10**5}, {"k": "5/2", "lam": 10**4}, "huge scales"),
        ({"k": 2, "lam": 1}, {"k": 3, "lam": 2}, "different shapes k"),
        ({"k": "1/2", "lam": 1}, {"k": 3, "lam": 2}, "shape 1/2 against 3: heavy against light tail"),
        ({"k": 10, "lam": 1}, {"k": "1/2", "lam": 1}, "shapes 20 apart: E[X^10] under k = 1/2 is 20!"),
        ({"k": 2, "lam": 1}, {"k": "2+1/10^8", "lam": 1}, "near-equal shapes"),
        ({"k": "3/2", "lam": "1/10^4"}, {"k": "5/2", "lam": "2/10^4"}, "different shapes, tiny scales"),
    ),
    wide=(({"k": 2.0, "lam": 1e-100}, {"k": 2.0, "lam": 1e-99}),),
)

# --------------------------------------------------------------------------- generalized gamma
_gg_a = Param("a", POSITIVE, "scale")
_gg_d = Param("d", POSITIVE, "first shape (the power of x is d - 1)")
_gg_p = Param("p", POSITIVE, "second shape, the power in the exponent (fixed)", fixed=True)
gg_a, gg_d, gg_p = _gg_a.symbol(), _gg_d.symbol(), _gg_p.symbol()
gg1, gg2 = eta("eta1"), eta("eta2", negative=True)
generalized_gamma = Family(
    name="generalized_gamma",
    title="Generalized gamma (Stacy)",
    params=(_gg_a, _gg_d, _gg_p),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "Stacy's generalized gamma: density (p/a^d) x^(d-1) exp(-(x/a)^p) / Gamma(d/p) on x > 0; "
        "a > 0 scale, d > 0 and p > 0 shapes, p FIXED (with p fixed the family is exponential in "
        "(a, d), T = (log x, x^p)). (X/a)^p ~ Gamma(d/p, 1); p = 1 is the gamma with rate 1/a, "
        "d = p the Weibull."
    ),
    ef=ExpFamily(
        eta_symbols=(gg1, gg2),
        eta=(gg_d - 1, -(gg_a ** (-gg_p))),
        T=(log(x), x**gg_p),
        A=loggamma((gg1 + 1) / gg_p) - (gg1 + 1) / gg_p * log(-gg2),
        log_h=log(gg_p),
    ),
    mean=gg_a * sp.gamma((gg_d + 1) / gg_p) / sp.gamma(gg_d / gg_p),
    variance=gg_a**2 * (sp.gamma((gg_d + 2) / gg_p) / sp.gamma(gg_d / gg_p)
                        - (sp.gamma((gg_d + 1) / gg_p) / sp.gamma(gg_d / gg_p)) ** 2),
    example={"a": 1, "d": 2, "p": 3},
    cases=(
        ({"a": 1, "d": 2, "p": 3}, {"a": 2, "d": 3, "p": 3}, "moderate"),
        ({"a": 1, "d": "1/10", "p": 2}, {"a": 3, "d": "1/2", "p": 2}, "d = 0.1: singular at 0"),
        ({"a": 1, "d": 3, "p": "1/2"}, {"a": 1, "d": "3+1/10^8", "p": "1/2"}, "near-equal d, p = 1/2: long tail"),
        ({"a": 2, "d": 2, "p": 5}, {"a": "2+1/10^9", "d": 2, "p": 5}, "near-equal scales, peaked"),
        ({"a": "1/10^6", "d": 4, "p": 2}, {"a": "3/10^6", "d": 1, "p": 2}, "tiny scales"),
        ({"a": 10**5, "d": 500, "p": 1}, {"a": 10**5, "d": 510, "p": 1}, "large shapes, huge scale (gamma)"),
        ({"a": 1, "d": "1/5", "p": "1/10"}, {"a": 10, "d": 1, "p": "1/10"}, "p = 0.1: extremely wide"),
    ),
    wide=(({"a": 1e-100, "d": 2.0, "p": 2.0}, {"a": 1e-99, "d": 3.0, "p": 2.0}),),
)

# --------------------------------------------------------------------------- frechet
_fr_alpha = Param("alpha", POSITIVE, "shape, the tail index (fixed)", fixed=True)
_fr_s = Param("s", POSITIVE, "scale")
fr_alpha, fr_s = _fr_alpha.symbol(), _fr_s.symbol()
fr1 = eta("eta1", negative=True)
frechet = Family(
    name="frechet",
    title="Frechet (inverse Weibull)",
    params=(_fr_alpha, _fr_s),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density (alpha/s) (x/s)^(-1-alpha) exp(-(x/s)^(-alpha)) on x > 0; alpha > 0 shape (tail "
        "index), FIXED (with alpha fixed the family is exponential in s, T = x^(-alpha)), s > 0 scale; "
        "1/X is Weibull with shape alpha and scale 1/s (mean only for alpha > 1)."
    ),
    ef=ExpFamily(
        eta_symbols=(fr1,),
        eta=(-(fr_s**fr_alpha),),
        T=(x ** (-fr_alpha),),
        A=-log(-fr1),
        log_h=log(fr_alpha) - (1 + fr_alpha) * log(x),
        natural_space=(sp.Lt(fr1, 0, evaluate=False), "the integral of x^(-1-alpha) exp(eta1 x^(-alpha)) over "
                       "x > 0 is finite exactly for eta1 < 0 (stated: solving eta1 = -s^alpha for s at an "
                       "eta1 > 0 gives a complex root, not a condition)"),
    ),
    expectations=(
        (
            log(x),
            log(fr_s) + sp.EulerGamma / fr_alpha,
            "(X/s)^(-alpha) is standard exponential, whose log has mean -EulerGamma, so "
            "E[log X] = log s + EulerGamma/alpha (SymPy does not finish the integral)",
        ),
    ),
    # the mean and variance exist only for alpha > 1 and alpha > 2: not recorded
    median=fr_s * log(2) ** (-1 / fr_alpha),
    example={"alpha": 2, "s": 1},
    cases=(
        ({"alpha": 2, "s": 1}, {"alpha": 2, "s": 3}, "moderate"),
        ({"alpha": "1/2", "s": 1}, {"alpha": "1/2", "s": "1/3"}, "alpha = 1/2: no mean, very heavy tail"),
        ({"alpha": 10, "s": 1}, {"alpha": 10, "s": "1+1/10^8"}, "near-equal, peaked"),
        ({"alpha": 3, "s": "1/10^6"}, {"alpha": 3, "s": "2/10^6"}, "tiny scales"),
        ({"alpha": "3/2", "s": 10**6}, {"alpha": "3/2", "s": 10**5}, "huge scales"),
        ({"alpha": "1/10", "s": 1}, {"alpha": "1/10", "s": 5}, "alpha = 0.1: extremely heavy tail"),
        ({"alpha": 1, "s": 1}, {"alpha": 1, "s": "1+1/10^9"}, "alpha = 1, near-equal"),
    ),
    wide=(({"alpha": 2.0, "s": 1e-100}, {"alpha": 2.0, "s": 1e-99}),),
)

# --------------------------------------------------------------------------- lomax
_lo_alpha = Param("alpha", POSITIVE, "shape (tail index)")
_lo_lam = Param("lam", POSITIVE, "scale (fixed)", fixed=True)
lo_alpha, lo_lam = _lo_alpha.symbol(), _lo_lam.symbol()
_lo_c = sp.Wild("c", exclude=[x], properties=[lambda e: e.is_positive is True])
lo1 = eta("eta1", negative=True)
lomax = Family(
    name="lomax",
    title="Lomax (Pareto type II)",
    params=(_lo_alpha, _lo_lam),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "Pareto type II from 0: density (alpha/lam) (1 + x/lam)^(-(alpha+1)) on x >= 0; alpha > 0 shape "
        "(tail index), lam > 0 scale, FIXED (with lam fixed the family is exponential in alpha, "
        "T = log(1 + x/lam)); X + lam is Pareto I with xm = lam (mean lam/(alpha-1) only for alpha > 1)."
    ),
    ef=ExpFamily(
        eta_symbols=(lo1,),
        eta=(-lo_alpha - 1,),
        T=(log(1 + x / lo_lam),),
        A=-log(-lo1 - 1) + log(lo_lam),
        log_h=sp.Integer(0),
    ),
    expectations=(
        (
            log(1 + x / _lo_c),
            sp.hyper((1, lo_alpha), (lo_alpha + 1,), 1 - _lo_c / lo_lam) / lo_alpha,
            "E[log(1 + X/c)] is the integral of P(X > t)/(c + t) = (1 + t/lam)^(-alpha)/(c + t) over t > 0; "
            "with 1 + t/lam = 1/v it is the integral of v^(alpha-1)/(1 - (1 - c/lam) v) over 0 < v < 1, "
            "Euler's integral for 2F1(1, alpha; alpha + 1; 1 - c/lam)/alpha (SymPy does not finish it)",
        ),
    ),
    # the mean and variance exist only for alpha > 1 and alpha > 2: not recorded
    median=lo_lam * (2 ** (1 / lo_alpha) - 1),
    example={"alpha": 3, "lam": 1},
    cases=(
        ({"alpha": 3, "lam": 1}, {"alpha": 2, "lam": 1}, "moderate"),
        ({"alpha": "1/10", "lam": 1}, {"alpha": "1/2", "lam": 1}, "no mean: very heavy tail"),
        ({"alpha": 5, "lam": "1/1000"}, {"alpha": "5+1/10^8", "lam": "1/1000"}, "near-equal, small scale"),
        ({"alpha": 2, "lam": 10**6}, {"alpha": 4, "lam": 10**6}, "huge scale"),
        ({"alpha": 100, "lam": 2}, {"alpha": 50, "lam": 2}, "large shapes: mass near 0"),
        ({"alpha": 1, "lam": 1}, {"alpha": "1/100", "lam": 1}, "shapes 100 apart"),
        ({"alpha": 2, "lam": 1}, {"alpha": 3, "lam": 5}, "different scales lam"),
        ({"alpha": "1/2", "lam": 3}, {"alpha": 2, "lam": "1/10"}, "different scales, heavy tail against a small scale"),
        ({"alpha": 5, "lam": 1}, {"alpha": 5, "lam": "1+1/10^8"}, "near-equal scales lam"),
    ),
    wide=(({"alpha": 1e-100, "lam": 1e100}, {"alpha": 1e100, "lam": 1e100}),),
)

# --------------------------------------------------------------------------- gompertz
_go_eta = Param("eta", POSITIVE, "shape")
_go_b = Param("b", POSITIVE, "scale, the rate of the hazard's growth (fixed)", fixed=True)
go_eta, go_b = _go_eta.symbol(), _go_b.symbol()
_go_s = sp.Wild("s", exclude=[x], properties=[lambda e: e.is_positive is True])
go1 = eta("eta1", negative=True)
gompertz = Family(
    name="gompertz",
    title="Gompertz",
    params=(_go_eta, _go_b),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density b eta exp(eta + b x - eta exp(b x)) on x >= 0; eta > 0 shape, b > 0 scale, FIXED (with b "
        "fixed the family is exponential in eta, T = exp(b x) - 1); exp(b X) - 1 is exponential with rate eta "
        "(hazard b eta exp(b x))."
    ),
    ef=ExpFamily(
        eta_symbols=(go1,),
        eta=(-go_eta,),
        T=(sp.exp(go_b * x) - 1,),
        A=-log(-go1),
        log_h=log(go_b) + go_b * x,
    ),
    expectations=(
        (
            sp.exp(_go_s * x),
            sp.exp(go_eta) * go_eta ** (-_go_s / go_b) * sp.uppergamma(1 + _go_s / go_b, go_eta),
            "T = exp(b X) - 1 is exponential with rate eta, so E[exp(s X)] = E[(1 + T)^(s/b)] = "
            "eta exp(eta) times the integral of u^(s/b) exp(-eta u) over u > 1, an upper incomplete "
            "gamma function (SymPy does not finish the integral over x)",
        ),
    ),
    median=log(1 + log(2) / go_eta) / go_b,
    example={"eta": 1, "b": 1},
    cases=(
        ({"eta": 1, "b": 1}, {"eta": 3, "b": 1}, "moderate"),
        ({"eta": 2, "b": 1}, {"eta": "2+1/10^9", "b": 1}, "near-equal"),
        ({"eta": "1/10^6", "b": 1}, {"eta": "1/10^5", "b": 1}, "tiny eta: mass far out"),
        ({"eta": 10**6, "b": 2}, {"eta": 10**5, "b": 2}, "huge eta: mass near 0"),
        ({"eta": "1/2", "b": "1/10^6"}, {"eta": 2, "b": "1/10^6"}, "tiny b"),
        ({"eta": "1/3", "b": 10**4}, {"eta": 3, "b": 10**4}, "huge b"),
        ({"eta": 1, "b": 1}, {"eta": 1, "b": 2}, "different scales b"),
        ({"eta": "1/2", "b": 3}, {"eta": 2, "b": "1/2"}, "different scales and shapes"),
        ({"eta": 2, "b": 1}, {"eta": 2, "b": "1+1/10^8"}, "near-equal scales b"),
    ),
    wide=(({"eta": 1e-100, "b": 1.0}, {"eta": 1e100, "b": 1.0}),),
)

# --------------------------------------------------------------------------- burr
_bu_c = Param("c", POSITIVE, "first shape (fixed)", fixed=True)
_bu_k = Param("k", POSITIVE, "second shape (tail)")
bu_c, bu_k = _bu_c.symbol(), _bu_k.symbol()
bu1 = eta("eta1", negative=True)
burr = Family(
    name="burr",
    title="Burr type XII (Singh-Maddala)",
    params=(_bu_c, _bu_k),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "Burr type XII: density c k x^(c-1) (1 + x^c)^(-(k+1)) on x > 0; c > 0 shape, FIXED (with c fixed "
        "the family is exponential in k, T = log(1 + x^c)), k > 0 shape; X^c is Lomax with shape k "
        "and scale 1 (mean only for c k > 1)."
    ),
    ef=ExpFamily(
        eta_symbols=(bu1,),
        eta=(-bu_k - 1,),
        T=(log(1 + x**bu_c),),
        A=-log(-bu1 - 1),
        log_h=log(bu_c) + (bu_c - 1) * log(x),
    ),
    expectations=(
        (
            log(x),
            -(sp.EulerGamma + sp.polygamma(0, bu_k)) / bu_c,
            "X^c / (1 + X^c) ~ Beta(1, k), so X^c is beta prime (1, k) and E[log X^c] = digamma(1) - digamma(k) "
            "(SymPy does not finish the integral)",
        ),
    ),
    # the mean exists only for c k > 1: not recorded
    median=(2 ** (1 / bu_k) - 1) ** (1 / bu_c),
    example={"c": 2, "k": 3},
    cases=(
        ({"c": 2, "k": 3}, {"c": 2, "k": 1}, "moderate"),
        ({"c": "1/2", "k": "1/10"}, {"c": "1/2", "k": "1/2"}, "c k = 1/20: singular at 0, very heavy tail"),
        ({"c": 3, "k": 2}, {"c": 3, "k": "2+1/10^8"}, "near-equal"),
        ({"c": 10, "k": 100}, {"c": 10, "k": 50}, "large shapes: mass near 0"),
        ({"c": "1/10", "k": 1}, {"c": "1/10", "k": 3}, "c = 0.1: extremely wide"),
        ({"c": 1, "k": 1}, {"c": 1, "k": "1/100"}, "shapes 100 apart (log-logistic P)"),
    ),
    wide=(({"c": 2.0, "k": 1e-100}, {"c": 2.0, "k": 1e100}),),
)

# --------------------------------------------------------------------------- gumbel
_gu_mu = Param("mu", REAL, "location (the mode)")
_gu_beta = Param("beta", POSITIVE, "scale (fixed)", fixed=True)
gu_mu, gu_beta = _gu_mu.symbol(), _gu_beta.symbol()
_gu_s = sp.Wild("s", exclude=[x], properties=[lambda e: e.is_positive is True])
gu1 = eta("eta1", negative=True)
gumbel = Family(
    name="gumbel",
    title="Gumbel (maximum)",
    params=(_gu_mu, _gu_beta),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "Gumbel for MAXIMA: density exp(-(x - mu)/beta - exp(-(x - mu)/beta)) / beta on the real "
        "line; mu real location (the mode), beta > 0 scale, FIXED (with beta fixed the family is "
        "exponential in mu, T = exp(-x/beta), eta = -exp(mu/beta)); exp(-(X - mu)/beta) is standard "
        "exponential (mean mu + EulerGamma beta)."
    ),
    ef=ExpFamily(
        eta_symbols=(gu1,),
        eta=(-sp.exp(gu_mu / gu_beta),),
        T=(sp.exp(-x / gu_beta),),
        A=-log(-gu1),
        log_h=-x / gu_beta - log(gu_beta),
        natural_space=(sp.Lt(gu1, 0, evaluate=False), "the integral of exp(-x/beta + eta1 exp(-x/beta))/beta over "
                       "the real line is that of exp(eta1 u) over u > 0 (u = exp(-x/beta)), finite exactly for "
                       "eta1 < 0"),
    ),
    mean=gu_mu + sp.EulerGamma * gu_beta,
    variance=sp.pi**2 * gu_beta**2 / 6,
    median=gu_mu - gu_beta * log(log(2)),
    expectations=(
        (
            sp.exp(-x / _gu_s),
            sp.exp(-gu_mu / _gu_s) * sp.gamma(1 + gu_beta / _gu_s),
            "the moment generating function E[exp(t X)] = Gamma(1 - beta t) exp(mu t), t < 1/beta, at "
            "t = -1/s (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 2, ch. 22)",
        ),
    ),
    example={"mu": 0, "beta": 1},
    cases=(
        ({"mu": 0, "beta": 1}, {"mu": 2, "beta": 3}, "moderate"),
        ({"mu": 0, "beta": "1/10^6"}, {"mu": "1/10^6", "beta": "2/10^6"}, "tiny scales"),
        ({"mu": 0, "beta": 10**6}, {"mu": 0, "beta": 10**6 + 1}, "huge scales, near-equal"),
        ({"mu": 1, "beta": 1}, {"mu": "1+1/10^9", "beta": 1}, "near-equal locations"),
        ({"mu": 0, "beta": 1}, {"mu": -20, "beta": 1}, "Q far left: exp(20) in the closed form"),
        ({"mu": 5, "beta": 10}, {"mu": 0, "beta": 1}, "Q ten times narrower"),
        ({"mu": 0, "beta": "1/10^6"}, {"mu": "1/10^5", "beta": "1/10^6"}, "tiny shared scale, modes ten scales apart"),
        ({"mu": -10**7, "beta": 10**6}, {"mu": 10**7, "beta": 10**6}, "huge shared scale, far apart"),
        ({"mu": 0, "beta": 2}, {"mu": 3, "beta": 2}, "moderate, shared scale"),
        ({"mu": "1/3", "beta": "7/3"}, {"mu": "1/3+1/10^9", "beta": "7/3"}, "near-equal, shared scale 7/3"),
    ),
    # beta is fixed: the extremes share it (KL with different beta is 1e99-sized at these scales)
    wide=(({"mu": 1e100, "beta": 1e100}, {"mu": -1e100, "beta": 1e100}),
          ({"mu": 1e-100, "beta": 1e-100}, {"mu": 3e-100, "beta": 1e-100})),
)

# --------------------------------------------------------------------------- exponentiated exponential
_ee_alpha = Param("alpha", POSITIVE, "shape")
_ee_lam = Param("lam", POSITIVE, "rate (fixed)", fixed=True)
ee_alpha, ee_lam = _ee_alpha.symbol(), _ee_lam.symbol()
ee1 = eta("eta1")
exponentiated_exponential = Family(
    name="exponentiated_exponential",
    title="Exponentiated exponential (generalized exponential)",
    params=(_ee_alpha, _ee_lam),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "Gupta-Kundu generalized exponential: density alpha lam (1 - exp(-lam x))^(alpha-1) exp(-lam x) on "
        "x > 0; alpha > 0 shape, lam > 0 rate, FIXED (with lam fixed the family is exponential in alpha, "
        "T = log(1 - exp(-lam x)) = log(2 sinh(lam x/2)) - lam x/2); the CDF is (1 - exp(-lam x))^alpha, so (1 - exp(-lam X))^alpha is "
        "uniform on (0, 1); alpha = 1 is the exponential with rate lam."
    ),
    ef=ExpFamily(
        eta_symbols=(ee1,),
        eta=(ee_alpha - 1,),
        # log(1 - exp(-lam x)) written without the cancellation of 1 - exp(-lam x) at small x
        T=(log(2 * sp.sinh(ee_lam * x / 2)) - ee_lam * x / 2,),
        A=-log(ee1 + 1),
        log_h=log(ee_lam) - ee_lam * x,
    ),
    expectations=(
        (
            log(2 * sp.sinh(ee_lam * x / 2)),
            -1 / ee_alpha + (sp.polygamma(0, ee_alpha + 1) + sp.EulerGamma) / 2,
            "log(2 sinh(lam x/2)) = T + lam x/2, with E[T] = E[log U] = -1/alpha for U = 1 - exp(-lam X) ~ "
            "Beta(alpha, 1) and E[X] the mean (the expectation route splits T into these two atoms)",
        ),
    ),
    mean=(sp.polygamma(0, ee_alpha + 1) + sp.EulerGamma) / ee_lam,
    variance=(sp.pi**2 / 6 - sp.polygamma(1, ee_alpha + 1)) / ee_lam**2,
    median=-log(1 - 2 ** (-1 / ee_alpha)) / ee_lam,
    example={"alpha": 2, "lam": 1},
    cases=(
        ({"alpha": 2, "lam": 1}, {"alpha": 5, "lam": 1}, "moderate"),
        ({"alpha": "1/10", "lam": 1}, {"alpha": "1/2", "lam": 1}, "alpha < 1: singular at 0"),
        ({"alpha": 3, "lam": 2}, {"alpha": "3+1/10^8", "lam": 2}, "near-equal"),
        ({"alpha": 4, "lam": "1/10^6"}, {"alpha": 1, "lam": "1/10^6"}, "tiny rate: huge scale"),
        ({"alpha": "1/2", "lam": 10**6}, {"alpha": 2, "lam": 10**6}, "huge rate: mass near 0"),
        ({"alpha": 1000, "lam": 1}, {"alpha": 10, "lam": 1}, "shapes 100 apart, large"),
        ({"alpha": "1/100", "lam": 3}, {"alpha": 1, "lam": 3}, "alpha = 1/100 against the exponential"),
    ),
    wide=(({"alpha": 1e-100, "lam": 1.0}, {"alpha": 1e100, "lam": 1.0}),),
)

# --------------------------------------------------------------------------- kumaraswamy
_ku_a = Param("a", POSITIVE, "first shape, the power of x (fixed)", fixed=True)
_ku_b = Param("b", POSITIVE, "second shape")
ku_a, ku_b = _ku_a.symbol(), _ku_b.symbol()
ku1 = eta("eta1")
kumaraswamy = Family(
    name="kumaraswamy",
    title="Kumaraswamy",
    params=(_ku_a, _ku_b),
    support=Support(0, 1, discrete=False),
    parameterization=(
        "density a b x^(a-1) (1 - x^a)^(b-1) on 0 < x < 1; a > 0 shape, FIXED (with a fixed the family is "
        "exponential in b, T = log(1 - x^a)), b > 0 shape; X^a ~ Beta(1, b), the CDF is 1 - (1 - x^a)^b; "
        "a = 1 is the beta law Beta(1, b)."
    ),
    ef=ExpFamily(
        eta_symbols=(ku1,),
        eta=(ku_b - 1,),
        T=(log(1 - x**ku_a),),
        A=-log(ku1 + 1),
        log_h=log(ku_a) + (ku_a - 1) * log(x),
    ),
    expectations=(
        (
            log(x),
            -(sp.EulerGamma + sp.polygamma(0, ku_b + 1)) / ku_a,
            "X^a ~ Beta(1, b), whose log has mean digamma(1) - digamma(b + 1), so "
            "E[log X] = -(EulerGamma + digamma(b + 1))/a (SymPy does not finish the integral)",
        ),
    ),
    mean=ku_b * sp.gamma(1 + 1 / ku_a) * sp.gamma(ku_b) / sp.gamma(1 + 1 / ku_a + ku_b),
    variance=(ku_b * sp.gamma(1 + 2 / ku_a) * sp.gamma(ku_b) / sp.gamma(1 + 2 / ku_a + ku_b)
              - (ku_b * sp.gamma(1 + 1 / ku_a) * sp.gamma(ku_b) / sp.gamma(1 + 1 / ku_a + ku_b)) ** 2),
    median=(1 - 2 ** (-1 / ku_b)) ** (1 / ku_a),
    example={"a": 2, "b": 3},
    cases=(
        ({"a": 2, "b": 3}, {"a": 2, "b": 5}, "moderate"),
        ({"a": 2, "b": "1/2"}, {"a": 2, "b": 2}, "b = 1/2: singular at 1"),
        ({"a": "1/4", "b": 2}, {"a": "1/4", "b": 3}, "a = 1/4: singular at 0"),
        ({"a": 3, "b": 2}, {"a": 3, "b": "2+1/10^8"}, "near-equal"),
        ({"a": 5, "b": "1/10"}, {"a": 5, "b": 1}, "b = 0.1: mass piled at 1"),
        ({"a": "1/10", "b": 100}, {"a": "1/10", "b": 10}, "a = 0.1, large b: mass piled at 0"),
        ({"a": 1, "b": 1}, {"a": 1, "b": "1/100"}, "shapes 100 apart (uniform P)"),
        ({"a": 50, "b": 1000}, {"a": 50, "b": 2000}, "large shapes"),
    ),
    wide=(({"a": 2.0, "b": 1e-100}, {"a": 2.0, "b": 1e100}),),
)
RECORDS = (
    weibull,
    generalized_gamma,
    frechet,
    lomax,
    gompertz,
    burr,
    gumbel,
    exponentiated_exponential,
    kumaraswamy,
)
