"""Families that are exponential families once a shape, scale or location parameter is fixed,
shared by P and Q (data only): Weibull k, Pareto xm, Laplace mu, Lomax lam, Gumbel beta, ...

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
from .domains import POSITIVE, REAL, eta, ordered

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

# --------------------------------------------------------------------------- pareto
_pxm = Param("xm", POSITIVE, "scale, the lower end of the support (fixed)", fixed=True)
_palpha = Param("alpha", POSITIVE, "shape (tail index)")
xm, palpha = _pxm.symbol(), _palpha.symbol()
q1 = eta("eta1", negative=True)
pareto = Family(
    name="pareto",
    title="Pareto",
    params=(_pxm, _palpha),
    support=Support(xm, sp.oo, discrete=False),
    parameterization=(
        "Pareto type I: density alpha xm^alpha / x^(alpha+1) on x >= xm; xm > 0 scale, FIXED "
        "(it sets the support), alpha > 0 shape (mean alpha xm/(alpha-1) only for alpha > 1)."
    ),
    ef=ExpFamily(
        eta_symbols=(q1,),
        eta=(-palpha - 1,),
        T=(log(x),),
        A=-log(-q1 - 1) + (q1 + 1) * log(xm),
        log_h=sp.Integer(0),
    ),
    # the mean and variance exist only for alpha > 1 and alpha > 2: not recorded
    median=xm * 2 ** (1 / palpha),
    example={"xm": 1, "alpha": 3},
    cases=(
        ({"xm": 1, "alpha": 3}, {"xm": 1, "alpha": 2}, "textbook"),
        ({"xm": 1, "alpha": "1/10"}, {"xm": 1, "alpha": "1/2"}, "no mean: very heavy tail"),
        ({"xm": "1/1000", "alpha": 5}, {"xm": "1/1000", "alpha": "5+1/10^8"}, "near-equal, small scale"),
        ({"xm": 10**6, "alpha": 2}, {"xm": 10**6, "alpha": 4}, "large scale"),
        ({"xm": 2, "alpha": 100}, {"xm": 2, "alpha": 50}, "large shapes: mass at xm"),
        ({"xm": 1, "alpha": 1}, {"xm": 1, "alpha": "1/100"}, "shapes 100 apart"),
        ({"xm": 2, "alpha": 2}, {"xm": 1, "alpha": 3}, "larger xm for P: support inside"),
        ({"xm": "1+1/10^8", "alpha": 3}, {"xm": 1, "alpha": 3}, "xm near-equal"),
        ({"xm": 10**6, "alpha": "1/10"}, {"xm": 1, "alpha": 5}, "xm 10^6 apart, heavy tail"),
        ({"xm": 3, "alpha": 50}, {"xm": "1/1000", "alpha": "1/2"}, "mass at xm_p, far inside"),
    ),
    wide=(({"xm": 1e100, "alpha": 1e-100}, {"xm": 1e100, "alpha": 1e100}),),
)

# --------------------------------------------------------------------------- laplace
_lmu_fixed = Param("mu", REAL, "location (fixed)", fixed=True)
_c = sp.Wild("c", exclude=[x])  # free argument of a stated expectation
_lb = Param("b", POSITIVE, "scale")
lmu, lb = _lmu_fixed.symbol(), _lb.symbol()
a1 = eta("eta1", negative=True)
laplace = Family(
    name="laplace",
    title="Laplace",
    params=(_lmu_fixed, _lb),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "density exp(-|x - mu|/b) / (2b) on the real line; mu real location, FIXED "
        "(with mu fixed the family is exponential in b, T = |x - mu|), b > 0 scale (variance 2 b^2)."
    ),
    ef=ExpFamily(
        eta_symbols=(a1,),
        eta=(-1 / lb,),
        T=(sp.Abs(x - lmu),),
        A=log(2) - log(-a1),
        log_h=sp.Integer(0),
    ),
    mean=lmu,
    variance=2 * lb**2,
    example={"mu": 0, "b": 1},
    kinks=(lmu,),
    expectations=(
        (
            sp.Abs(x - _c),
            sp.Abs(lmu - _c) + lb * sp.exp(-sp.Abs(lmu - _c) / lb),
            "elementary: integrate the exponential pieces on either side of mu and c (SymPy "
            "leaves the integral of |x - c| exp(-|x - mu|/b) unevaluated)",
        ),
    ),
    cases=(
        ({"mu": 0, "b": 1}, {"mu": 0, "b": 2}, "textbook"),
        ({"mu": 3, "b": "1/10^6"}, {"mu": 3, "b": "2/10^6"}, "tiny scales"),
        ({"mu": -5, "b": 10**5}, {"mu": -5, "b": 10**6}, "huge scales"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3", "b": "1+1/10^9"}, "near-equal"),
        ({"mu": 0, "b": 5}, {"mu": 0, "b": "1/5"}, "Q narrower"),
        ({"mu": 1000, "b": "7/3"}, {"mu": 1000, "b": "3/7"}, "location far from 0"),
        ({"mu": 0, "b": 1}, {"mu": 1, "b": 2}, "different locations"),
        ({"mu": 0, "b": "1/10^6"}, {"mu": "1/10^5", "b": "1/10^6"}, "kinks ten scales apart"),
        ({"mu": -3, "b": 100}, {"mu": 3, "b": "1/100"}, "wide P, narrow Q elsewhere"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3+1/10^9", "b": 1}, "near-equal locations"),
        ({"mu": 1000, "b": 2}, {"mu": -1000, "b": 3}, "far apart"),
    ),
    wide=(({"mu": 1e100, "b": 1e-100}, {"mu": 1e100, "b": 1e100}),),
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

# --------------------------------------------------------------------------- levy
_lv_mu = Param("mu", REAL, "location, the lower end of the support (fixed)", fixed=True)
_lv_c = Param("c", POSITIVE, "scale")
lv_mu, lv_c = _lv_mu.symbol(), _lv_c.symbol()
lv1 = eta("eta1", negative=True)
levy = Family(
    name="levy",
    title="Levy",
    params=(_lv_mu, _lv_c),
    support=Support(lv_mu, sp.oo, discrete=False),
    parameterization=(
        "density sqrt(c/(2 pi)) exp(-c/(2 (x - mu))) / (x - mu)^(3/2) on x > mu; mu real location, FIXED "
        "(it sets the support; with mu fixed the family is exponential in c, T = 1/(x - mu)), c > 0 scale; "
        "X - mu ~ c/Z^2 for Z standard normal (no mean)."
    ),
    ef=ExpFamily(
        eta_symbols=(lv1,),
        eta=(-lv_c / 2,),
        T=(1 / (x - lv_mu),),
        A=-log(-2 * lv1) / 2,
        log_h=-log(2 * sp.pi) / 2 - 3 * log(x - lv_mu) / 2,
    ),
    # no mean: the median mu + c/(2 erfcinv(1/2)^2)
    median=lv_mu + lv_c / (2 * sp.erfcinv(sp.Rational(1, 2)) ** 2),
    example={"mu": 0, "c": 1},
    cases=(
        ({"mu": 0, "c": 1}, {"mu": 0, "c": 3}, "moderate"),
        ({"mu": 0, "c": 1}, {"mu": 0, "c": "1+1/10^9"}, "near-equal"),
        ({"mu": 5, "c": "1/10^6"}, {"mu": 5, "c": "3/10^6"}, "tiny scales: mass at mu"),
        ({"mu": -10**6, "c": 10**6}, {"mu": -10**6, "c": 10**5}, "huge scales, far location"),
        ({"mu": "1/3", "c": 100}, {"mu": "1/3", "c": "1/100"}, "scales 10^4 apart"),
        ({"mu": 1000, "c": "7/3"}, {"mu": 1000, "c": "3/7"}, "location far from 0"),
    ),
    wide=(({"mu": 1e100, "c": 1e-100}, {"mu": 1e100, "c": 1e100}),),
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

# --------------------------------------------------------------------------- asymmetric laplace
_al_mu = Param("mu", REAL, "location, the mode (fixed)", fixed=True)
_al_b = Param("b", POSITIVE, "scale")
_al_kappa = Param("kappa", POSITIVE, "asymmetry (kappa = 1: symmetric)")
al_mu, al_b, al_kappa = _al_mu.symbol(), _al_b.symbol(), _al_kappa.symbol()
_al_c = sp.Wild("c", exclude=[x])  # free argument of a stated expectation
al1, al2 = eta("eta1", negative=True), eta("eta2", negative=True)
asymmetric_laplace = Family(
    name="asymmetric_laplace",
    title="Asymmetric Laplace",
    params=(_al_mu, _al_b, _al_kappa),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "Kotz-Kozubowski-Podgorski (scipy's laplace_asymmetric(kappa, loc=mu, scale=b)): density "
        "exp(-(kappa (|x - mu| + x - mu) + (|x - mu| - x + mu)/kappa)/(2 b)) / (b (kappa + 1/kappa)) on the "
        "real line, that is exp(-kappa (x - mu)/b) / (b (kappa + 1/kappa)) where x >= mu and "
        "exp((x - mu)/(b kappa)) / (b (kappa + 1/kappa)) where x < mu; mu real location, FIXED (with mu fixed the family "
        "is exponential in (b, kappa), T = (max(x - mu, 0), max(mu - x, 0))), b > 0 scale, kappa > 0 "
        "asymmetry; P(X >= mu) = 1/(1 + kappa^2), kappa = 1 is the Laplace with scale b."
    ),
    ef=ExpFamily(
        eta_symbols=(al1, al2),
        eta=(-al_kappa / al_b, -1 / (al_b * al_kappa)),
        T=((sp.Abs(x - al_mu) + (x - al_mu)) / 2, (sp.Abs(x - al_mu) - (x - al_mu)) / 2),
        A=log(-1 / al1 - 1 / al2),
        log_h=sp.Integer(0),
        natural_space=(sp.And(sp.Lt(al1, 0, evaluate=False), sp.Lt(al2, 0, evaluate=False)),
                       "the integral of exp(eta1 max(x - mu, 0) + eta2 max(mu - x, 0)) over the real line is "
                       "-1/eta1 - 1/eta2, finite exactly for eta1 < 0 and eta2 < 0"),
    ),
    expectations=(
        (
            sp.Abs(x - _al_c),
            sp.Piecewise(
                (_al_c - al_mu + al_b * (al_kappa - 1 / al_kappa)
                 + 2 * al_b / (al_kappa * (1 + al_kappa**2)) * sp.exp(-al_kappa * (_al_c - al_mu) / al_b),
                 sp.Ge(_al_c, al_mu)),
                (al_mu - _al_c + al_b * (1 / al_kappa - al_kappa)
                 + 2 * al_b * al_kappa**3 / (1 + al_kappa**2) * sp.exp((_al_c - al_mu) / (al_b * al_kappa)),
                 True),
            ),
            "elementary: E|X - c| = E[X] - c + 2 times the integral of the CDF F(t) over t < c, with "
            "F(t) = kappa^2/(1 + kappa^2) exp((t - mu)/(b kappa)) for t < mu and "
            "1 - exp(-kappa (t - mu)/b)/(1 + kappa^2) for t >= mu, and E[X] = mu + b (1/kappa - kappa) "
            "(SymPy leaves the integral of |x - c| times the density unevaluated)",
        ),
    ),
    mean=al_mu + al_b * (1 / al_kappa - al_kappa),
    variance=al_b**2 * (al_kappa**2 + 1 / al_kappa**2),
    median=sp.Piecewise((al_mu - al_b / al_kappa * log((1 + al_kappa**2) / 2), al_kappa <= 1),
                        (al_mu + al_b * al_kappa * log((1 + al_kappa**2) / (2 * al_kappa**2)), True)),
    example={"mu": 0, "b": 1, "kappa": 2},
    kinks=(al_mu,),
    cases=(
        ({"mu": 0, "b": 1, "kappa": 2}, {"mu": 0, "b": 2, "kappa": "1/2"}, "moderate, skewed opposite ways"),
        ({"mu": 3, "b": "1/10^6", "kappa": 3}, {"mu": 3, "b": "2/10^6", "kappa": 1}, "tiny scales"),
        ({"mu": -5, "b": 10**5, "kappa": "1/3"}, {"mu": -5, "b": 10**6, "kappa": "1/2"}, "huge scales"),
        ({"mu": "1/3", "b": 1, "kappa": 2}, {"mu": "1/3", "b": "1+1/10^9", "kappa": "2+1/10^9"}, "near-equal"),
        ({"mu": 0, "b": 1, "kappa": 100}, {"mu": 0, "b": 1, "kappa": "1/100"}, "extreme asymmetry both ways"),
        ({"mu": 1000, "b": "7/3", "kappa": "3/7"}, {"mu": 1000, "b": "3/7", "kappa": "7/3"}, "location far from 0"),
        ({"mu": 0, "b": 1, "kappa": 2}, {"mu": 1, "b": 2, "kappa": "1/2"}, "different locations"),
        ({"mu": 1, "b": 1, "kappa": 2}, {"mu": 0, "b": 2, "kappa": 3}, "Q's mode left of P's"),
        ({"mu": 0, "b": "1/10^6", "kappa": 1}, {"mu": "1/10^5", "b": "1/10^6", "kappa": 5}, "kinks ten scales apart"),
        ({"mu": "1/3", "b": 1, "kappa": 3}, {"mu": "1/3+1/10^9", "b": 1, "kappa": 3}, "near-equal locations"),
        ({"mu": 1000, "b": 2, "kappa": "1/2"}, {"mu": -1000, "b": 3, "kappa": 2}, "far apart"),
    ),
    wide=(({"mu": 1e100, "b": 1e-100, "kappa": 2.0}, {"mu": 1e100, "b": 1e100, "kappa": 0.5}),),
)

# --------------------------------------------------------------------------- generalized normal
_gn_mu = Param("mu", REAL, "location, the mean (fixed)", fixed=True)
_gn_alpha = Param("alpha", POSITIVE, "scale")
_gn_beta = Param("beta", POSITIVE, "shape, the power of |x - mu| (fixed)", fixed=True)
gn_mu, gn_alpha, gn_beta = _gn_mu.symbol(), _gn_alpha.symbol(), _gn_beta.symbol()
_gn_c = sp.Wild("c", exclude=[x], properties=[lambda e: e.is_positive is True])
gn1 = eta("eta1", negative=True)
generalized_normal = Family(
    name="generalized_normal",
    title="Generalized normal (exponential power)",
    params=(_gn_mu, _gn_alpha, _gn_beta),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "generalized normal (version 1, scipy's gennorm(beta, loc=mu, scale=alpha)): density "
        "beta/(2 alpha Gamma(1/beta)) exp(-(|x - mu|/alpha)^beta) on the real line; mu real location, "
        "FIXED, alpha > 0 scale, beta > 0 shape, FIXED (with mu and beta fixed the family is exponential "
        "in alpha, T = |x - mu|^beta); (|X - mu|/alpha)^beta ~ Gamma(1/beta, 1); beta = 2 is the normal "
        "with sigma = alpha/sqrt(2), beta = 1 the Laplace with b = alpha."
    ),
    ef=ExpFamily(
        eta_symbols=(gn1,),
        eta=(-(gn_alpha ** (-gn_beta)),),
        T=(sp.Abs(x - gn_mu) ** gn_beta,),
        A=log(2) + loggamma(1 / gn_beta) - log(gn_beta) - log(-gn1) / gn_beta,
        log_h=sp.Integer(0),
        natural_space=(sp.Lt(gn1, 0, evaluate=False), "the integral of exp(eta1 |x - mu|^beta) over the real "
                       "line is finite exactly for eta1 < 0 (stated: solving eta1 = -alpha^(-beta) for alpha at "
                       "an eta1 > 0 gives a complex root, not a condition)"),
    ),
    expectations=(
        (
            sp.Abs(x - gn_mu) ** _gn_c,
            gn_alpha**_gn_c * sp.gamma((_gn_c + 1) / gn_beta) / sp.gamma(1 / gn_beta),
            "(|X - mu|/alpha)^beta = G ~ Gamma(1/beta, 1), so E[|X - mu|^c] = alpha^c E[G^(c/beta)] = "
            "alpha^c Gamma((c + 1)/beta)/Gamma(1/beta) (the moment of the gamma law; used for a Q with the "
            "same mu and another beta)",
        ),
    ),
    mean=gn_mu,
    variance=gn_alpha**2 * sp.gamma(3 / gn_beta) / sp.gamma(1 / gn_beta),
    median=gn_mu,
    example={"mu": 0, "alpha": 1, "beta": 3},
    kinks=(gn_mu,),
    cases=(
        ({"mu": 0, "alpha": 1, "beta": 3}, {"mu": 0, "alpha": 2, "beta": 3}, "moderate"),
        ({"mu": 3, "alpha": "1/10^6", "beta": "1/2"}, {"mu": 3, "alpha": "3/10^6", "beta": "1/2"}, "tiny scales, beta = 1/2: cusp"),
        ({"mu": -5, "alpha": 10**5, "beta": 8}, {"mu": -5, "alpha": 10**6, "beta": 8}, "huge scales, nearly flat top"),
        ({"mu": "1/3", "alpha": 1, "beta": 2}, {"mu": "1/3", "alpha": "1+1/10^9", "beta": 2}, "near-equal (normal)"),
        ({"mu": 0, "alpha": 1, "beta": "1/10"}, {"mu": 0, "alpha": 100, "beta": "1/10"}, "beta = 0.1: extremely heavy"),
        ({"mu": 1000, "alpha": "7/3", "beta": 50}, {"mu": 1000, "alpha": "3/7", "beta": 50}, "beta = 50: near uniform"),
    ),
    # (alpha_p/alpha_q)^beta is in the KL: scales 10^50 apart at beta = 2, 10^10 apart at beta = 8 (alpha^8 is in the form)
    # (further apart the KL itself passes float64's largest number)
    wide=(({"mu": 1e100, "alpha": 1e-100, "beta": 2.0}, {"mu": 1e100, "alpha": 1e-50, "beta": 2.0}),
          ({"mu": -1e100, "alpha": 1e30, "beta": 8.0}, {"mu": -1e100, "alpha": 1e20, "beta": 8.0})),
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
# --------------------------------------------------------------------------- shifted exponential
_se_loc = Param("loc", REAL, "location, the lower end of the support (fixed)", fixed=True)
_se_lam = Param("lam", POSITIVE, "rate")
se_loc, se_lam = _se_loc.symbol(), _se_lam.symbol()
se1 = eta("eta1", negative=True)
shifted_exponential = Family(
    name="shifted_exponential",
    title="Shifted exponential",
    params=(_se_loc, _se_lam),
    support=Support(se_loc, sp.oo, discrete=False),
    parameterization=(
        "density lam exp(-lam (x - loc)) on x >= loc; loc real location, FIXED (it sets the support; with loc "
        "fixed the family is exponential in lam, T = x - loc), lam > 0 rate; X - loc is exponential with rate "
        "lam (mean loc + 1/lam)."
    ),
    ef=ExpFamily(
        eta_symbols=(se1,),
        eta=(-se_lam,),
        T=(x - se_loc,),
        A=-log(-se1),
        log_h=sp.Integer(0),
    ),
    median=se_loc + log(2) / se_lam,
    example={"loc": 0, "lam": 1},
    cases=(
        ({"loc": 0, "lam": 1}, {"loc": 0, "lam": 2}, "textbook"),
        ({"loc": 1, "lam": 1}, {"loc": 1, "lam": "1+1/10^9"}, "near-equal rates"),
        ({"loc": "1/3", "lam": 10**6}, {"loc": "1/3", "lam": 3 * 10**6}, "huge rates: mass at loc"),
        ({"loc": -10**6, "lam": "1/10^6"}, {"loc": -10**6, "lam": "1/10^5"}, "tiny rates, far location"),
        ({"loc": 2, "lam": 1}, {"loc": 1, "lam": 3}, "larger loc for P: support inside"),
        ({"loc": "1+1/10^8", "lam": 2}, {"loc": 1, "lam": 2}, "loc near-equal"),
        ({"loc": 10, "lam": "1/100"}, {"loc": 0, "lam": 5}, "loc 10 apart, Q steep: affinity e^(-25)"),
        ({"loc": 0, "lam": 1}, {"loc": 1, "lam": 1}, "larger loc for Q: not inside, +oo"),
    ),
    wide=(({"loc": 1e100, "lam": 1e-100}, {"loc": 1e100, "lam": 1e100}),),
)


# --------------------------------------------------------------------------- truncated normal
_tn_mu = Param("mu", REAL, "location, the mean of the parent normal")
_tn_sigma = Param("sigma", POSITIVE, "scale, the standard deviation of the parent normal")
_tn_a = Param("a", REAL, "lower end of the support (fixed; finite)", fixed=True)
_tn_b = Param("b", REAL, "upper end of the support (fixed; finite, b > a)", fixed=True)
tn_mu, tn_sigma, tn_a, tn_b = _tn_mu.symbol(), _tn_sigma.symbol(), _tn_a.symbol(), _tn_b.symbol()
tn1, tn2 = eta("eta1"), eta("eta2")
_tn_alpha, _tn_beta = (tn_a - tn_mu) / tn_sigma, (tn_b - tn_mu) / tn_sigma
_tn_D = sp.erf(_tn_beta / sp.sqrt(2)) - sp.erf(_tn_alpha / sp.sqrt(2))
truncated_normal = Family(
    name="truncated_normal",
    title="Truncated normal",
    params=(_tn_mu, _tn_sigma, _tn_a, _tn_b),
    support=Support(tn_a, tn_b, discrete=False),
    parameterization=(
        "N(mu, sigma^2) restricted to [a, b] (scipy's truncnorm((a - mu)/sigma, (b - mu)/sigma, loc=mu, "
        "scale=sigma)): density exp(-(x - mu)^2/(2 sigma^2)) / (sigma sqrt(pi/2) (erf((b - mu)/(sigma sqrt(2))) - "
        "erf((a - mu)/(sigma sqrt(2))))) on the closed interval [a, b] (the normalizer is sigma sqrt(2 pi) "
        "(Phi((b - mu)/sigma) - Phi((a - mu)/sigma)), Phi the standard normal CDF); mu real location, "
        "sigma > 0 scale, a < b real ends, FIXED and finite (they set the support; with them fixed the "
        "family is exponential in (mu, sigma), T = (x, x^2)); mu may lie outside [a, b]."
    ),
    ef=ExpFamily(
        eta_symbols=(tn1, tn2),
        eta=(tn_mu / tn_sigma**2, -1 / (2 * tn_sigma**2)),
        T=(x, x**2),
        # the integral of exp(eta1 x + eta2 x^2) over [a, b]: completing the square about m = -eta1/(2 eta2)
        # gives erf for eta2 < 0 (the parameters' own eta), erfi for eta2 > 0 (reached by eta_alpha, alpha > 1)
        A=sp.Piecewise(
            (-tn1**2 / (4 * tn2) + log(sp.sqrt(sp.pi) / (2 * sp.sqrt(-tn2)))
             + log(sp.erf(sp.sqrt(-tn2) * (tn_b + tn1 / (2 * tn2))) - sp.erf(sp.sqrt(-tn2) * (tn_a + tn1 / (2 * tn2)))),
             sp.Lt(tn2, 0)),
            (-tn1**2 / (4 * tn2) + log(sp.sqrt(sp.pi) / (2 * sp.sqrt(tn2)))
             + log(sp.erfi(sp.sqrt(tn2) * (tn_b + tn1 / (2 * tn2))) - sp.erfi(sp.sqrt(tn2) * (tn_a + tn1 / (2 * tn2)))),
             sp.Gt(tn2, 0)),
            (log(tn_b - tn_a), sp.Eq(tn1, 0)),
            (log((sp.exp(tn1 * tn_b) - sp.exp(tn1 * tn_a)) / tn1), True),
        ),
        log_h=sp.Integer(0),
        natural_space=(sp.true, "the integral of exp(eta1 x + eta2 x^2) over the bounded [a, b] is finite for every "
                       "real eta1, eta2 (eta2 >= 0 included, which sigma > 0 does not reach)"),
    ),
    # the standardized ends alpha = (a - mu)/sigma, beta = (b - mu)/sigma; Z = Phi(beta) - Phi(alpha)
    # = (erf(beta/sqrt(2)) - erf(alpha/sqrt(2)))/2 (Johnson, Kotz & Balakrishnan, Continuous Univariate
    # Distributions vol. 1, sec. 10.1), stated: the form derived from grad A multiplies and divides by
    # exp(a^2/(2 sigma^2)) and exp(b^2/(2 sigma^2))
    mean=tn_mu + tn_sigma * sp.sqrt(2 / sp.pi) * (sp.exp(-_tn_alpha**2 / 2) - sp.exp(-_tn_beta**2 / 2)) / _tn_D,
    variance=tn_sigma**2 * (1 + sp.sqrt(2 / sp.pi) * (_tn_alpha * sp.exp(-_tn_alpha**2 / 2)
                                                      - _tn_beta * sp.exp(-_tn_beta**2 / 2)) / _tn_D
                            - (sp.sqrt(2 / sp.pi) * (sp.exp(-_tn_alpha**2 / 2) - sp.exp(-_tn_beta**2 / 2)) / _tn_D) ** 2),
    extra_check=ordered("a", "b"),
    example={"mu": 0, "sigma": 1, "a": -1, "b": 2},
    cases=(
        ({"mu": 0, "sigma": 1, "a": -1, "b": 2}, {"mu": 1, "sigma": 2, "a": -1, "b": 2}, "moderate"),
        # sigma_q/sigma_p below sqrt(2) both ways: at 2 (sigma_q = 2 sigma_p) the reverse Renyi-2 integrand grows
        # like exp(2.5e11 x^2) across [a, b] and the oracle's quadrature gives up (MAX_PANELS)
        ({"mu": "1/3", "sigma": "1/10^6", "a": 0, "b": 1}, {"mu": "1/3+1/10^6", "sigma": "6/5/10^6", "a": 0, "b": 1},
         "tiny scales: both normals well inside [a, b]"),
        ({"mu": 0, "sigma": 10**6, "a": -1, "b": 2}, {"mu": 5, "sigma": 10**5, "a": -1, "b": 2},
         "huge scales: both nearly uniform"),
        ({"mu": -10, "sigma": 1, "a": 0, "b": 1}, {"mu": -20, "sigma": 2, "a": 0, "b": 1},
         "mu left of [a, b]: the window 10 sigmas out in the tail"),
        ({"mu": 40, "sigma": 1, "a": 0, "b": 1}, {"mu": 0, "sigma": 1, "a": 0, "b": 1},
         "P's mu 40 sigmas right of [a, b]: Z_P = 1e-332, erf differences next to 1"),
        # (against mu = 2, sigma = 1/10 on the other side the affinity is e^-77 and the oracle does not resolve it)
        ({"mu": -1, "sigma": "1/100", "a": 0, "b": 1}, {"mu": "-3/4", "sigma": "1/100", "a": 0, "b": 1},
         "both mu left of [a, b], 100 and 75 sigmas out: mass piled at a"),
        ({"mu": 0, "sigma": 1, "a": -1, "b": 2}, {"mu": "1/10^9", "sigma": "1+1/10^9", "a": -1, "b": 2}, "near-equal"),
        ({"mu": 0, "sigma": 1, "a": 0, "b": "1/10^6"}, {"mu": 5, "sigma": 3, "a": 0, "b": "1/10^6"},
         "narrow window: both nearly uniform on it"),
        ({"mu": 0, "sigma": 2, "a": -1, "b": 2}, {"mu": 1, "sigma": 1, "a": -1, "b": 2},
         "Q narrower: eta2 of the order-2 mixture is > 0 (erfi)"),
        ({"mu": 0, "sigma": 1, "a": 0, "b": 1}, {"mu": 1, "sigma": 2, "a": -1, "b": 2}, "different ends: [a, b] of P inside Q's"),
        ({"mu": "1/2", "sigma": "1/3", "a": 0, "b": 1}, {"mu": "1/2", "sigma": "1/3", "a": "-1/10^9", "b": 1},
         "different ends, near-equal: only Q's a moved"),
        ({"mu": 0, "sigma": 1, "a": -1, "b": 2}, {"mu": 1, "sigma": 2, "a": 0, "b": 1}, "different ends: P's not inside Q's, +oo"),
    ),
    # the standardized ends stay moderate (erf of huge arguments is 1 in float64, Z would be 0)
    wide=(({"mu": 1e100, "sigma": 1e100, "a": -1e100, "b": 2e100}, {"mu": -1e100, "sigma": 3e100, "a": -1e100, "b": 2e100}),
          ({"mu": 1e-100, "sigma": 1e-100, "a": -1e-100, "b": 2e-100}, {"mu": 0.0, "sigma": 3e-100, "a": -1e-100, "b": 2e-100})),
)


# --------------------------------------------------------------------------- four-parameter beta
_b4_alpha = Param("alpha", POSITIVE, "first shape")
_b4_beta = Param("beta", POSITIVE, "second shape")
_b4_a = Param("a", REAL, "lower end of the support (fixed)", fixed=True)
_b4_b = Param("b", REAL, "upper end of the support (fixed; b > a)", fixed=True)
b4_alpha, b4_beta, b4_a, b4_b = _b4_alpha.symbol(), _b4_beta.symbol(), _b4_a.symbol(), _b4_b.symbol()
b4_1, b4_2 = eta("eta1"), eta("eta2")
_b4_c, _b4_d = sp.Wild("c", exclude=[x]), sp.Wild("d", exclude=[x])  # Q's ends, c <= a and d >= b
beta4 = Family(
    name="beta4",
    title="Four-parameter beta (beta on [a, b])",
    params=(_b4_alpha, _b4_beta, _b4_a, _b4_b),
    support=Support(b4_a, b4_b, discrete=False),
    parameterization=(
        "the beta law scaled to [a, b] (scipy's beta(alpha, beta, loc=a, scale=b - a)): density "
        "(x - a)^(alpha-1) (b - x)^(beta-1) / (B(alpha, beta) (b - a)^(alpha+beta-1)) on a < x < b; "
        "alpha > 0 and beta > 0 shapes, a < b real ends, FIXED (they set the support; with them fixed the "
        "family is exponential in (alpha, beta), T = (log(x - a), log(b - x))); (X - a)/(b - a) ~ "
        "Beta(alpha, beta), and a = 0, b = 1 is the beta law."
    ),
    ef=ExpFamily(
        eta_symbols=(b4_1, b4_2),
        eta=(b4_alpha - 1, b4_beta - 1),
        T=(log(x - b4_a), log(b4_b - x)),
        A=loggamma(b4_1 + 1) + loggamma(b4_2 + 1) - loggamma(b4_1 + b4_2 + 2) + (b4_1 + b4_2 + 1) * log(b4_b - b4_a),
        log_h=sp.Integer(0),
    ),
    mean=b4_a + (b4_b - b4_a) * b4_alpha / (b4_alpha + b4_beta),
    variance=(b4_b - b4_a) ** 2 * b4_alpha * b4_beta / ((b4_alpha + b4_beta) ** 2 * (b4_alpha + b4_beta + 1)),
    expectations=(
        (
            log(x - _b4_c),
            log(b4_b - _b4_c) - (b4_b - b4_a) / (b4_b - _b4_c) * b4_beta / (b4_alpha + b4_beta)
            * sp.hyper((1, 1, b4_beta + 1), (2, b4_alpha + b4_beta + 1), (b4_b - b4_a) / (b4_b - _b4_c)),
            "for c <= a (Q's lower end): X - c = (b - c) (1 - u Z) with u = (b - a)/(b - c) in (0, 1] and "
            "Z = (b - X)/(b - a) ~ Beta(beta, alpha), and E[log(1 - u Z)] = -sum_n u^n E[Z^n]/n = "
            "-sum_n u^n (beta)_n/((alpha + beta)_n n) = -u beta/(alpha + beta) 3F2(1, 1, beta + 1; 2, "
            "alpha + beta + 1; u) (convergent at u = 1 too, where it is digamma(alpha) - digamma(alpha + beta); "
            "SymPy does not finish the integral)",
        ),
        (
            log(_b4_d - x),
            log(_b4_d - b4_a) - (b4_b - b4_a) / (_b4_d - b4_a) * b4_alpha / (b4_alpha + b4_beta)
            * sp.hyper((1, 1, b4_alpha + 1), (2, b4_alpha + b4_beta + 1), (b4_b - b4_a) / (_b4_d - b4_a)),
            "for d >= b (Q's upper end), the mirror image: d - X = (d - a) (1 - u Y) with u = (b - a)/(d - a) "
            "and Y = (X - a)/(b - a) ~ Beta(alpha, beta), so E[log(d - X)] = log(d - a) - u alpha/(alpha + beta) "
            "3F2(1, 1, alpha + 1; 2, alpha + beta + 1; u)",
        ),
    ),
    extra_check=ordered("a", "b"),
    example={"alpha": 2, "beta": 3, "a": -1, "b": 2},
    cases=(
        ({"alpha": 2, "beta": 3, "a": -1, "b": 2}, {"alpha": 4, "beta": 1, "a": -1, "b": 2}, "moderate"),
        ({"alpha": "1/10", "beta": "1/5", "a": -1, "b": 2}, {"alpha": "1/2", "beta": 3, "a": -1, "b": 2},
         "both ends singular"),
        ({"alpha": "1/2", "beta": "1/2", "a": 0, "b": 1}, {"alpha": "1/2", "beta": "1/2+1/10^9", "a": 0, "b": 1},
         "arcsine, near-equal"),
        ({"alpha": 1000, "beta": 2000, "a": 3, "b": 7}, {"alpha": 1100, "beta": 2000, "a": 3, "b": 7}, "large shapes"),
        ({"alpha": "1/100", "beta": 1, "a": "-1/3", "b": "1/3"}, {"alpha": "1/50", "beta": 2, "a": "-1/3", "b": "1/3"},
         "shape 0.01: mass piled at a"),
        ({"alpha": 2, "beta": 3, "a": 0, "b": "1/10^6"}, {"alpha": 3, "beta": 2, "a": 0, "b": "1/10^6"}, "tiny interval"),
        ({"alpha": "1/2", "beta": 3, "a": -10**6, "b": 10**6}, {"alpha": 2, "beta": 2, "a": -10**6, "b": 10**6},
         "huge interval"),
        ({"alpha": 5, "beta": 5, "a": 10**6, "b": 10**6 + 1}, {"alpha": 5, "beta": 6, "a": 10**6, "b": 10**6 + 1},
         "interval far from 0"),
        ({"alpha": 1, "beta": 1, "a": -1, "b": 2}, {"alpha": 3, "beta": "1/3", "a": -1, "b": 2}, "uniform P"),
        ({"alpha": 2, "beta": 3, "a": 0, "b": 1}, {"alpha": 2, "beta": 2, "a": -1, "b": 2},
         "different ends: [a, b] of P inside Q's"),
        ({"alpha": 2, "beta": 3, "a": 0, "b": 1}, {"alpha": 2, "beta": 3, "a": "-1/10^9", "b": 1},
         "different ends, near-equal: only Q's a moved"),
        ({"alpha": 2, "beta": 3, "a": -1, "b": 2}, {"alpha": 2, "beta": 2, "a": 0, "b": 1},
         "different ends: P's not inside Q's, +oo"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e-6, "a": -1e100, "b": 1e100}, {"alpha": 2e6, "beta": 1e-5, "a": -1e100, "b": 1e100}),
          ({"alpha": 1e-100, "beta": 2.0, "a": 1e-100, "b": 2e-100}, {"alpha": 1e100, "beta": 3.0, "a": 1e-100, "b": 2e-100})),
)


RECORDS = (
    weibull,
    pareto,
    laplace,
    generalized_gamma,
    frechet,
    levy,
    lomax,
    gompertz,
    burr,
    gumbel,
    asymmetric_laplace,
    generalized_normal,
    exponentiated_exponential,
    kumaraswamy,
    shifted_exponential,
    truncated_normal,
    beta4,
)
