"""Families that are exponential families once a location is fixed, shared by P and Q (data only):
Pareto xm, Laplace mu, Lévy mu, asymmetric Laplace mu, generalized normal mu (and its shape beta),
shifted exponential loc. Those fixed by the ends of their support are in
:mod:`klsym.records.catalogue.support_fixed`. The records are written as those of
:mod:`klsym.records.catalogue.shape_fixed` (its docstring says how), and each block defines its own
parameter symbols.
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..record import X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta

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


RECORDS = (
    pareto,
    laplace,
    levy,
    asymmetric_laplace,
    generalized_normal,
    shifted_exponential,
)
