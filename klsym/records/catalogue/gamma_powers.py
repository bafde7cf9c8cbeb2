"""Laws of a power of a gamma variable (data only): exponential, gamma, inverse gamma, chi-squared,
inverse chi-squared, scaled inverse chi-squared, Erlang, chi, Rayleigh, half-normal, Maxwell and
Nakagami. Each record states its parameterization (rate or scale, and which).

Every record here is an exponential family in the variable ``x`` =
:data:`klsym.records.record.X`: it states η(θ), T(x), A(η) and log h(x), and its
log-density ``η(θ)·T(x) − A(η(θ)) + log h(x)``, its mean and variance (where x is
affine in an entry of T) are derived from them (:mod:`klsym.records.derived`).
The normalisation of ``exp(logpdf)`` is checked by quadrature, and the density
stated in each parameterization is evaluated against it by the tests.

Each record block defines its own parameter symbols (a test reads this file
and refuses a symbol used outside the block that defines it).
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma, pi, sqrt, Rational

from ..record import X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, eta

half = Rational(1, 2)

# --------------------------------------------------------------------------- exponential
_lam = Param("lam", POSITIVE, "rate")
lam = _lam.symbol()
n1 = eta("eta1", negative=True)
exponential = Family(
    name="exponential",
    title="Exponential",
    params=(_lam,),
    support=Support(0, sp.oo, discrete=False),
    parameterization="density lam * exp(-lam x) on x >= 0: lam > 0 is the rate (mean 1/lam).",
    ef=ExpFamily(eta_symbols=(n1,), eta=(-lam,), T=(x,), A=-log(-n1), log_h=sp.Integer(0)),
    example={"lam": 1},
    cases=(
        ({"lam": 1}, {"lam": 2}, "textbook"),
        ({"lam": "1/1000"}, {"lam": "1/999"}, "small rates, near-equal"),
        ({"lam": 10**6}, {"lam": 3 * 10**6}, "huge rates"),
        ({"lam": 1}, {"lam": "1+1/10^9"}, "near-equal"),
        ({"lam": "1/100"}, {"lam": 100}, "rates 10^4 apart"),
        ({"lam": 7}, {"lam": "1/3"}, "moderate"),
    ),
    wide=(({"lam": 1e-150}, {"lam": 1e150}),),
)

# --------------------------------------------------------------------------- gamma
_alpha = Param("alpha", POSITIVE, "shape")
_beta_rate = Param("beta", POSITIVE, "rate")
alpha, beta = _alpha.symbol(), _beta_rate.symbol()
g1, g2 = eta("eta1"), eta("eta2", negative=True)
gamma = Family(
    name="gamma",
    title="Gamma",
    params=(_alpha, _beta_rate),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "shape/RATE: density beta^alpha x^(alpha-1) exp(-beta x) / Gamma(alpha) on x > 0; "
        "alpha > 0 shape, beta > 0 rate (mean alpha/beta). For scale theta use beta = 1/theta."
    ),
    ef=ExpFamily(
        eta_symbols=(g1, g2),
        eta=(alpha - 1, -beta),
        T=(log(x), x),
        A=loggamma(g1 + 1) - (g1 + 1) * log(-g2),
        log_h=sp.Integer(0),
    ),
    example={"alpha": 2, "beta": 1},
    cases=(
        ({"alpha": "3/2", "beta": 2}, {"alpha": 5, "beta": "1/3"}, "moderate"),
        ({"alpha": "1/100", "beta": 2}, {"alpha": "1/3", "beta": "1/3"}, "shape 0.01: singular at 0"),
        ({"alpha": "1/2", "beta": 1}, {"alpha": "1/2", "beta": "1+1/10^8"}, "near-equal, shape < 1"),
        ({"alpha": 1000, "beta": 1000}, {"alpha": 1010, "beta": 1000}, "large shapes"),
        ({"alpha": 2, "beta": 10**6}, {"alpha": 3, "beta": 10**5}, "huge rates"),
        ({"alpha": "1/5", "beta": "1/1000"}, {"alpha": 4, "beta": "1/100"}, "tiny rate, shape < 1"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e-150}, {"alpha": 2e6, "beta": 1e-149}),),
)

# --------------------------------------------------------------------------- inverse gamma
_ig_alpha = Param("alpha", POSITIVE, "shape")
_ig_beta = Param("beta", POSITIVE, "scale")
ig_alpha, ig_beta = _ig_alpha.symbol(), _ig_beta.symbol()
i1, i2 = eta("eta1"), eta("eta2", negative=True)
inverse_gamma = Family(
    name="inverse_gamma",
    title="Inverse gamma",
    params=(_ig_alpha, _ig_beta),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "shape/SCALE: density beta^alpha x^(-alpha-1) exp(-beta/x) / Gamma(alpha) on x > 0; "
        "1/X ~ Gamma(alpha, rate beta). alpha > 0 shape, beta > 0 scale."
    ),
    ef=ExpFamily(
        eta_symbols=(i1, i2),
        eta=(-ig_alpha - 1, -ig_beta),
        T=(log(x), 1 / x),
        A=loggamma(-i1 - 1) - (-i1 - 1) * log(-i2),
        log_h=sp.Integer(0),
    ),
    # mean beta/(alpha-1) exists for alpha > 1 only: not recorded
    example={"alpha": 3, "beta": 1},
    cases=(
        ({"alpha": 3, "beta": 1}, {"alpha": 2, "beta": 2}, "moderate"),
        ({"alpha": "1/2", "beta": 2}, {"alpha": 3, "beta": "1/3"}, "no mean (alpha < 1)"),
        ({"alpha": "1/10", "beta": "1/10"}, {"alpha": "1/5", "beta": 1}, "very heavy tail"),
        ({"alpha": 5, "beta": 5}, {"alpha": "5+1/10^8", "beta": 5}, "near-equal"),
        ({"alpha": 500, "beta": 1000}, {"alpha": 400, "beta": 900}, "large shapes"),
        ({"alpha": 2, "beta": "1/10^6"}, {"alpha": 2, "beta": "1/10^5"}, "tiny scales"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e150}, {"alpha": 2e6, "beta": 1e149}),),
)

# --------------------------------------------------------------------------- chi-squared
_k = Param("k", POSITIVE, "degrees of freedom (any real k > 0)")
k = _k.symbol()
c1 = eta("eta1")
chi_squared = Family(
    name="chi_squared",
    title="Chi-squared",
    params=(_k,),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density x^(k/2-1) exp(-x/2) / (2^(k/2) Gamma(k/2)) on x > 0; Gamma(shape k/2, rate 1/2): "
        "k > 0 degrees of freedom (real k allowed)."
    ),
    ef=ExpFamily(
        eta_symbols=(c1,),
        eta=(k / 2 - 1,),
        T=(log(x),),
        A=loggamma(c1 + 1) + (c1 + 1) * log(2),
        log_h=-x / 2,
    ),
    mean=k,
    variance=2 * k,
    example={"k": 3},
    cases=(
        ({"k": 3}, {"k": 5}, "moderate"),
        ({"k": 1}, {"k": 2}, "singular at 0"),
        ({"k": "1/10"}, {"k": "1/2"}, "k < 1"),
        ({"k": 10}, {"k": "10+1/10^8"}, "near-equal"),
        ({"k": 1000}, {"k": 1100}, "many degrees"),
        ({"k": 2}, {"k": 50}, "far apart"),
    ),
    wide=(({"k": 1e8}, {"k": 1e-8}),),
)

# --------------------------------------------------------------------------- inverse chi-squared
_ick = Param("k", POSITIVE, "degrees of freedom (any real k > 0)")
ick = _ick.symbol()
ic1 = eta("eta1", negative=True)
inverse_chi_squared = Family(
    name="inverse_chi_squared",
    title="Inverse chi-squared",
    params=(_ick,),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "the law of 1/X for X ~ chi-squared(k): density 2^(-k/2) x^(-k/2-1) exp(-1/(2 x)) / Gamma(k/2) "
        "on x > 0 (inverse gamma with shape k/2 and scale 1/2); k > 0 degrees of freedom (real k allowed; "
        "mean 1/(k-2) only for k > 2)."
    ),
    ef=ExpFamily(
        eta_symbols=(ic1,),
        eta=(-ick / 2 - 1,),
        T=(log(x),),
        A=loggamma(-ic1 - 1) + (-ic1 - 1) * log(2),
        log_h=-1 / (2 * x),
    ),
    expectations=((1 / x, ick, "1/X ~ chi-squared(k), whose mean is k"),),
    # the mean exists only for k > 2: not recorded
    example={"k": 3},
    cases=(
        ({"k": 3}, {"k": 6}, "moderate"),
        ({"k": 3}, {"k": "3+3/10^8"}, "near-equal"),
        ({"k": "1/3"}, {"k": "3/4"}, "k below one"),
        ({"k": "3/10"}, {"k": 30}, "far apart"),
        ({"k": "3/1000"}, {"k": "3/250"}, "tiny k: mass far out"),
        ({"k": 3000}, {"k": 12000}, "large k: narrow laws far apart"),
        ({"k": 100}, {"k": 120}, "large k, near each other"),
    ),
)

# --------------------------------------------------------------------------- rayleigh
_r_sigma = Param("sigma", POSITIVE, "scale")
r_sigma = _r_sigma.symbol()
r1 = eta("eta1", negative=True)
rayleigh = Family(
    name="rayleigh",
    title="Rayleigh",
    params=(_r_sigma,),
    support=Support(0, sp.oo, discrete=False),
    parameterization="density (x/sigma^2) exp(-x^2/(2 sigma^2)) on x >= 0; sigma > 0 scale.",
    ef=ExpFamily(eta_symbols=(r1,), eta=(-1 / (2 * r_sigma**2),), T=(x**2,), A=-log(-2 * r1), log_h=log(x)),
    mean=r_sigma * sqrt(pi / 2),
    variance=(4 - pi) / 2 * r_sigma**2,
    example={"sigma": 1},
    cases=(
        ({"sigma": 1}, {"sigma": 2}, "moderate"),
        ({"sigma": "1/10^4"}, {"sigma": "3/10^4"}, "tiny scale"),
        ({"sigma": 10**5}, {"sigma": 10**4}, "huge scale"),
        ({"sigma": 1}, {"sigma": "1+1/10^9"}, "near-equal"),
        ({"sigma": 3}, {"sigma": "1/3"}, "Q narrower"),
        ({"sigma": 7}, {"sigma": 70}, "Q wider"),
    ),
    wide=(({"sigma": 1e-100}, {"sigma": 1e-99}),),
)

# --------------------------------------------------------------------------- half-normal
_h_sigma = Param("sigma", POSITIVE, "scale (standard deviation of the parent normal)")
h_sigma = _h_sigma.symbol()
h1 = eta("eta1", negative=True)
half_normal = Family(
    name="half_normal",
    title="Half-normal",
    params=(_h_sigma,),
    support=Support(0, sp.oo, discrete=False),
    parameterization="|Y| for Y ~ N(0, sigma^2): density sqrt(2/pi)/sigma exp(-x^2/(2 sigma^2)) on x >= 0.",
    ef=ExpFamily(
        eta_symbols=(h1,),
        eta=(-1 / (2 * h_sigma**2),),
        T=(x**2,),
        A=-log(-2 * h1) / 2,
        log_h=log(2) / 2 - log(pi) / 2,
    ),
    mean=h_sigma * sqrt(2 / pi),
    variance=h_sigma**2 * (1 - 2 / pi),
    example={"sigma": 1},
    cases=(
        ({"sigma": 1}, {"sigma": 2}, "moderate"),
        ({"sigma": "1/10^5"}, {"sigma": "1/10^4"}, "tiny scale"),
        ({"sigma": 10**6}, {"sigma": 2 * 10**6}, "huge scale"),
        ({"sigma": 1}, {"sigma": "1+1/10^9"}, "near-equal"),
        ({"sigma": 5}, {"sigma": "1/5"}, "Q narrower"),
        ({"sigma": "3/7"}, {"sigma": "7/3"}, "rational"),
    ),
    wide=(({"sigma": 1e100}, {"sigma": 1e99}),),
)

# --------------------------------------------------------------------------- chi
_ck = Param("k", POSITIVE, "degrees of freedom (any real k > 0)")
ck = _ck.symbol()
x1 = eta("eta1")
chi = Family(
    name="chi",
    title="Chi",
    params=(_ck,),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "sqrt of a chi-squared(k) variable: density x^(k-1) exp(-x^2/2) / (2^(k/2-1) Gamma(k/2)) "
        "on x >= 0; k > 0 degrees of freedom (real k allowed)."
    ),
    ef=ExpFamily(
        eta_symbols=(x1,),
        eta=(ck - 1,),
        T=(log(x),),
        A=loggamma((x1 + 1) / 2) + ((x1 + 1) / 2 - 1) * log(2),
        log_h=-(x**2) / 2,
    ),
    mean=sqrt(2) * sp.gamma((ck + 1) / 2) / sp.gamma(ck / 2),
    variance=ck - 2 * (sp.gamma((ck + 1) / 2) / sp.gamma(ck / 2)) ** 2,
    example={"k": 3},
    cases=(
        ({"k": 3}, {"k": 5}, "moderate"),
        ({"k": 1}, {"k": 2}, "half-normal vs Rayleigh"),
        ({"k": "1/10"}, {"k": "1/2"}, "k < 1: singular at 0"),
        ({"k": 10}, {"k": "10+1/10^8"}, "near-equal"),
        ({"k": 1000}, {"k": 1100}, "many degrees"),
        ({"k": 2}, {"k": 50}, "far apart"),
    ),
    wide=(({"k": 1e8}, {"k": 1e-8}),),
)

# --------------------------------------------------------------------------- maxwell
_ma = Param("a", POSITIVE, "scale")
ma = _ma.symbol()
m1 = eta("eta1", negative=True)
maxwell = Family(
    name="maxwell",
    title="Maxwell (Maxwell-Boltzmann)",
    params=(_ma,),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "speed of a 3-d isotropic normal vector: density sqrt(2/pi) x^2 exp(-x^2/(2 a^2)) / a^3 "
        "on x >= 0; a > 0 scale (the chi(3) distribution scaled by a)."
    ),
    ef=ExpFamily(
        eta_symbols=(m1,),
        eta=(-1 / (2 * ma**2),),
        T=(x**2,),
        A=-3 * log(-2 * m1) / 2,
        log_h=log(2) / 2 - log(pi) / 2 + 2 * log(x),
    ),
    mean=2 * ma * sqrt(2 / pi),
    variance=ma**2 * (3 * pi - 8) / pi,
    example={"a": 1},
    cases=(
        ({"a": 1}, {"a": 2}, "moderate"),
        ({"a": "1/10^4"}, {"a": "3/10^4"}, "tiny scale"),
        ({"a": 10**5}, {"a": 10**4}, "huge scale"),
        ({"a": 1}, {"a": "1+1/10^9"}, "near-equal"),
        ({"a": 3}, {"a": "1/3"}, "Q narrower"),
        ({"a": 7}, {"a": 70}, "Q wider"),
    ),
    wide=(({"a": 1e-100}, {"a": 1e-99}),),
)

# --------------------------------------------------------------------------- nakagami
_nm = Param("m", sp.Interval(Rational(1, 2), sp.oo), "shape")
_nomega = Param("omega", POSITIVE, "spread, E[X^2]")
nm, nomega = _nm.symbol(), _nomega.symbol()
k1, k2 = eta("eta1", positive=True), eta("eta2", negative=True)
nakagami = Family(
    name="nakagami",
    title="Nakagami",
    params=(_nm, _nomega),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "Nakagami-m: density 2 m^m x^(2m-1) exp(-m x^2/omega) / (Gamma(m) omega^m) on x >= 0; "
        "m >= 1/2 shape, omega > 0 spread (omega = E[X^2]); X^2 ~ Gamma(shape m, rate m/omega)."
    ),
    ef=ExpFamily(
        eta_symbols=(k1, k2),
        eta=(nm, -nm / nomega),
        T=(2 * log(x), x**2),
        A=loggamma(k1) - k1 * log(-k2),
        log_h=log(2) - log(x),
        natural_space=(sp.And(sp.Gt(k1, 0, evaluate=False), sp.Lt(k2, 0, evaluate=False)), "m >= 1/2 is the convention of the family, but "
                       "the integral of x^(2 eta1 - 1) exp(eta2 x^2) over x > 0 is finite for every eta1 > 0, eta2 < 0"),
    ),
    mean=sp.gamma(nm + half) / sp.gamma(nm) * sqrt(nomega / nm),
    variance=nomega * (1 - (sp.gamma(nm + half) / sp.gamma(nm)) ** 2 / nm),
    example={"m": 2, "omega": 1},
    cases=(
        ({"m": 2, "omega": 1}, {"m": 3, "omega": 2}, "moderate"),
        ({"m": "1/2", "omega": 1}, {"m": 1, "omega": "1/2"}, "m = 1/2 (half-normal) vs Rayleigh"),
        ({"m": 5, "omega": 1}, {"m": 5, "omega": "1+1/10^8"}, "near-equal"),
        ({"m": 1000, "omega": 1}, {"m": 1100, "omega": 1}, "large shapes"),
        ({"m": "3/4", "omega": "1/10^6"}, {"m": 1, "omega": "2/10^6"}, "tiny spread"),
        ({"m": 1, "omega": 10**6}, {"m": 2, "omega": 10**5}, "huge spread"),
    ),
    wide=(({"m": 1e6, "omega": 1e-150}, {"m": 0.5, "omega": 1e150}),),
)

# --------------------------------------------------------------------------- erlang
_er_k = Param("k", POSITIVE, "shape: the number of exponential stages (an integer k >= 1)", integer=True)
_er_lam = Param("lam", POSITIVE, "rate of each stage")
er_k, er_lam = _er_k.symbol(), _er_lam.symbol()
er1, er2 = eta("eta1"), eta("eta2", negative=True)
erlang = Family(
    name="erlang",
    title="Erlang",
    params=(_er_k, _er_lam),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "shape/RATE: density lam^k x^(k-1) exp(-lam x) / Gamma(k) on x > 0; the sum of k independent "
        "exponential(lam) variables (gamma with integer shape): k >= 1 an integer, not fixed (P and Q may "
        "differ in k), lam > 0 rate (mean k/lam)."
    ),
    ef=ExpFamily(
        eta_symbols=(er1, er2),
        eta=(er_k - 1, -er_lam),
        T=(log(x), x),
        A=loggamma(er1 + 1) - (er1 + 1) * log(-er2),
        log_h=sp.Integer(0),
        natural_space=(sp.And(sp.Gt(er1, -1, evaluate=False), sp.Lt(er2, 0, evaluate=False)), "the integer "
                       "shapes k >= 1 give eta1 = 0, 1, 2, ..., but the integral of x^eta1 exp(eta2 x) over x > 0 "
                       "is finite for every eta1 > -1, eta2 < 0 (the gamma family)"),
    ),
    example={"k": 3, "lam": 2},
    cases=(
        ({"k": 3, "lam": 2}, {"k": 5, "lam": "1/2"}, "moderate"),
        ({"k": 1, "lam": 1}, {"k": 2, "lam": 3}, "k = 1: exponential P"),
        ({"k": 4, "lam": 1}, {"k": 4, "lam": "1+1/10^9"}, "near-equal rates"),
        ({"k": 5000, "lam": 5000}, {"k": 5003, "lam": 5001}, "shapes in the thousands (Gamma(k) overflows float64)"),
        ({"k": 2, "lam": 10**8}, {"k": 3, "lam": 10**7}, "huge rates: mass near 0"),
        ({"k": 7, "lam": "1/10^6"}, {"k": 1, "lam": "1/10^5"}, "tiny rates against an exponential"),
        ({"k": 200, "lam": 3}, {"k": 10, "lam": "1/5"}, "k = 200: Gamma(k) beyond float64"),
    ),
    wide=(({"k": 10**6, "lam": 1e-150}, {"k": 2 * 10**6, "lam": 1e-149}),),
)

# --------------------------------------------------------------------------- scaled inverse chi-squared
_sic_nu = Param("nu", POSITIVE, "degrees of freedom (any real nu > 0)")
_sic_tau2 = Param("tau2", POSITIVE, "scale tau^2 (the square of tau, not tau)")
sic_nu, sic_tau2 = _sic_nu.symbol(), _sic_tau2.symbol()
sic1, sic2 = eta("eta1"), eta("eta2", negative=True)
scaled_inverse_chi_squared = Family(
    name="scaled_inverse_chi_squared",
    title="Scaled inverse chi-squared",
    params=(_sic_nu, _sic_tau2),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density (tau2 nu/2)^(nu/2) / Gamma(nu/2) x^(-nu/2-1) exp(-nu tau2/(2 x)) on x > 0; the law of "
        "nu tau2 / Y for Y ~ chi-squared(nu), i.e. inverse gamma with shape nu/2 and scale nu tau2/2: "
        "nu > 0 degrees of freedom (real nu allowed), tau2 > 0 the scale tau^2 (mean nu tau2/(nu-2) only for nu > 2)."
    ),
    ef=ExpFamily(
        eta_symbols=(sic1, sic2),
        eta=(-sic_nu / 2 - 1, -sic_nu * sic_tau2 / 2),
        T=(log(x), 1 / x),
        A=loggamma(-sic1 - 1) - (-sic1 - 1) * log(-sic2),
        log_h=sp.Integer(0),
    ),
    # the mean exists only for nu > 2: not recorded
    example={"nu": 4, "tau2": 1},
    cases=(
        ({"nu": 4, "tau2": 1}, {"nu": 6, "tau2": 2}, "moderate"),
        ({"nu": 5, "tau2": 2}, {"nu": "5+1/10^9", "tau2": 2}, "near-equal degrees of freedom"),
        ({"nu": 3, "tau2": "1/3"}, {"nu": 3, "tau2": "1/3+1/10^9"}, "near-equal scales"),
        ({"nu": "1/2", "tau2": 3}, {"nu": 2, "tau2": "1/2"}, "no mean (nu < 1): very heavy tail"),
        ({"nu": 2000, "tau2": 7}, {"nu": 2010, "tau2": 7}, "many degrees of freedom"),
        ({"nu": 3, "tau2": "1/10^8"}, {"nu": 4, "tau2": "1/10^7"}, "tiny scales: mass near 0"),
        ({"nu": 10, "tau2": 10**6}, {"nu": "1/10", "tau2": 1}, "far apart"),
    ),
    wide=(({"nu": 1e6, "tau2": 1e150}, {"nu": 2e6, "tau2": 1e149}),),
)

RECORDS = (
    exponential,
    gamma,
    inverse_gamma,
    chi_squared,
    inverse_chi_squared,
    rayleigh,
    half_normal,
    chi,
    maxwell,
    nakagami,
    erlang,
    scaled_inverse_chi_squared,
)
