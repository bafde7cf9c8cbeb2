"""Continuous families (data only). Each record states its parameterization.

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
from ..special import log_besseli0, logsinhc
from .domains import POSITIVE, REAL, eta

half = Rational(1, 2)

# --------------------------------------------------------------------------- normal
_mu = Param("mu", REAL, "mean")
_sigma = Param("sigma", POSITIVE, "standard deviation")
mu, sigma = _mu.symbol(), _sigma.symbol()
e1, e2 = eta("eta1"), eta("eta2", negative=True)

normal = Family(
    name="normal",
    title="Normal",
    params=(_mu, _sigma),
    support=Support(-sp.oo, sp.oo, discrete=False),
    parameterization=(
        "density exp(-(x - mu)^2/(2 sigma^2)) / (sigma sqrt(2 pi)) on the real line; N(mu, sigma^2): "
        "mu is the mean, sigma > 0 the standard deviation (not the variance)."
    ),
    ef=ExpFamily(
        eta_symbols=(e1, e2),
        eta=(mu / sigma**2, -1 / (2 * sigma**2)),
        T=(x, x**2),
        A=-(e1**2) / (4 * e2) - log(-2 * e2) / 2,
        log_h=-log(2 * pi) / 2,
    ),
    example={"mu": 0, "sigma": 1},
    cases=(
        ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}, "textbook"),
        ({"mu": 0, "sigma": 1}, {"mu": "1/10^8", "sigma": 1}, "near-equal means"),
        ({"mu": 0, "sigma": 1}, {"mu": 0, "sigma": "1+1/10^7"}, "near-equal scales"),
        ({"mu": "1/3", "sigma": "1/1000"}, {"mu": "1/3", "sigma": "3/1000"}, "tiny scales"),
        ({"mu": -5, "sigma": 1000}, {"mu": 5, "sigma": 3000}, "large scales"),
        ({"mu": -4, "sigma": "1/2"}, {"mu": 6, "sigma": 2}, "far apart"),
    ),
    wide=(({"mu": 1e100, "sigma": 1e100}, {"mu": -1e100, "sigma": 3e100}),),
)

# --------------------------------------------------------------------------- lognormal
_lmu = Param("mu", REAL, "mean of log X")
_lsigma = Param("sigma", POSITIVE, "standard deviation of log X")
ln_mu, ln_sigma = _lmu.symbol(), _lsigma.symbol()
l1, l2 = eta("eta1"), eta("eta2", negative=True)
_ln_c = sp.Wild("c", exclude=[x])
lognormal = Family(
    name="lognormal",
    title="Log-normal",
    params=(_lmu, _lsigma),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density exp(-(log(x) - mu)^2/(2 sigma^2)) / (x sigma sqrt(2 pi)) on x > 0; log X ~ N(mu, sigma^2): "
        "mu and sigma > 0 are the mean and standard deviation of log X."
    ),
    ef=ExpFamily(
        eta_symbols=(l1, l2),
        eta=(ln_mu / ln_sigma**2, -1 / (2 * ln_sigma**2)),
        T=(log(x), log(x) ** 2),
        A=-(l1**2) / (4 * l2) - log(-2 * l2) / 2,
        log_h=-log(2 * pi) / 2 - log(x),
    ),
    mean=sp.exp(ln_mu + ln_sigma**2 / 2),
    variance=(sp.exp(ln_sigma**2) - 1) * sp.exp(2 * ln_mu + ln_sigma**2),
    expectations=(
        (
            x**_ln_c,
            sp.exp(_ln_c * ln_mu + _ln_c**2 * ln_sigma**2 / 2),
            "X = exp(Y) with Y ~ N(mu, sigma^2), so E[X^c] = E[exp(cY)], the normal moment generating function "
            "(SymPy does not finish the integral over x in its time budget)",
        ),
    ),
    example={"mu": 0, "sigma": 1},
    cases=(
        ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}, "textbook"),
        ({"mu": 0, "sigma": 3}, {"mu": 1, "sigma": "1/2"}, "heavy right tail"),
        ({"mu": 2, "sigma": "1/5"}, {"mu": 2, "sigma": "1/5+1/10^9"}, "near-equal"),
        ({"mu": -20, "sigma": "1/10"}, {"mu": -19, "sigma": "1/8"}, "mass near 0"),
        ({"mu": 20, "sigma": 1}, {"mu": 21, "sigma": 2}, "mass far out"),
        ({"mu": "1/2", "sigma": 5}, {"mu": 0, "sigma": 4}, "very wide"),
    ),
    wide=(({"mu": 1e50, "sigma": 1e-50}, {"mu": 1e50, "sigma": 2e-50}),),
)

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

# --------------------------------------------------------------------------- beta
_b_alpha = Param("alpha", POSITIVE, "first shape")
_b_beta = Param("beta", POSITIVE, "second shape")
b_alpha, b_beta = _b_alpha.symbol(), _b_beta.symbol()
b1, b2 = eta("eta1"), eta("eta2")
beta_family = Family(
    name="beta",
    title="Beta",
    params=(_b_alpha, _b_beta),
    support=Support(0, 1, discrete=False),
    parameterization="density x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta) on 0 < x < 1; alpha, beta > 0.",
    ef=ExpFamily(
        eta_symbols=(b1, b2),
        eta=(b_alpha - 1, b_beta - 1),
        T=(log(x), log(1 - x)),
        A=loggamma(b1 + 1) + loggamma(b2 + 1) - loggamma(b1 + b2 + 2),
        log_h=sp.Integer(0),
    ),
    mean=b_alpha / (b_alpha + b_beta),
    variance=b_alpha * b_beta / ((b_alpha + b_beta) ** 2 * (b_alpha + b_beta + 1)),
    example={"alpha": 2, "beta": 3},
    cases=(
        ({"alpha": 2, "beta": 3}, {"alpha": 4, "beta": 1}, "moderate"),
        ({"alpha": "1/10", "beta": "1/5"}, {"alpha": "1/2", "beta": 3}, "both ends singular"),
        ({"alpha": "1/2", "beta": "1/2"}, {"alpha": "1/2", "beta": "1/2+1/10^8"}, "arcsine, near-equal"),
        ({"alpha": 1000, "beta": 2000}, {"alpha": 1100, "beta": 2000}, "large shapes"),
        ({"alpha": "1/100", "beta": 1}, {"alpha": "1/50", "beta": 2}, "shape 0.01"),
        ({"alpha": 1, "beta": 1}, {"alpha": 3, "beta": "1/3"}, "uniform P"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e-6}, {"alpha": 2e6, "beta": 1e-5}),),
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

# --------------------------------------------------------------------------- inverse gaussian
_ig_mu = Param("mu", POSITIVE, "mean")
_ig_lam = Param("lam", POSITIVE, "shape")
mu_pos, lam_s = _ig_mu.symbol(), _ig_lam.symbol()
w1, w2 = eta("eta1", negative=True), eta("eta2", negative=True)
inverse_gaussian = Family(
    name="inverse_gaussian",
    title="Inverse Gaussian",
    params=(_ig_mu, _ig_lam),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "IG(mu, lam) (Wald): density sqrt(lam/(2 pi x^3)) exp(-lam (x-mu)^2/(2 mu^2 x)) on x > 0; "
        "mu > 0 mean, lam > 0 shape (variance mu^3/lam)."
    ),
    ef=ExpFamily(
        eta_symbols=(w1, w2),
        eta=(-lam_s / (2 * mu_pos**2), -lam_s / 2),
        T=(x, 1 / x),
        A=-2 * sqrt(w1 * w2) - log(-2 * w2) / 2,
        log_h=-log(2 * pi) / 2 - 3 * log(x) / 2,
        natural_space=(sp.And(sp.Le(w1, 0, evaluate=False), sp.Lt(w2, 0, evaluate=False)), "eta1 = 0 (mu = oo) is the Levy law: "
                       "the integral of x^(-3/2) exp(eta2/x) over x > 0 is finite for eta2 < 0"),
    ),
    expectations=(
        (
            log(x),
            log(mu_pos) - sp.exp(2 * lam_s / mu_pos) * sp.expint(1, 2 * lam_s / mu_pos),
            "d/ds at s = 0 of E[X^s] = mu^s exp(lam/mu) sqrt(2 lam/(pi mu)) K_(s-1/2)(lam/mu), "
            "with the order derivative of K at -1/2 from DLMF 10.38.7",
        ),
    ),
    example={"mu": 1, "lam": 2},
    cases=(
        ({"mu": 1, "lam": 2}, {"mu": 3, "lam": "1/2"}, "moderate"),
        ({"mu": 1, "lam": "1/100"}, {"mu": 2, "lam": "1/10"}, "small shape: mass at 0 and heavy tail"),
        ({"mu": 5, "lam": 1000}, {"mu": 5, "lam": 1001}, "large shape, near-equal"),
        ({"mu": 1, "lam": 1}, {"mu": "1+1/10^8", "lam": 1}, "near-equal means"),
        ({"mu": "1/1000", "lam": "1/100"}, {"mu": "1/500", "lam": "1/50"}, "small scale"),
        ({"mu": 100, "lam": 10}, {"mu": 10, "lam": 100}, "far apart"),
    ),
    wide=(({"mu": 1e60, "lam": 1e-60}, {"mu": 2e60, "lam": 1e-59}),),
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

# --------------------------------------------------------------------------- beta prime
_bp_alpha = Param("alpha", POSITIVE, "first shape")
_bp_beta = Param("beta", POSITIVE, "second shape")
bpa, bpb = _bp_alpha.symbol(), _bp_beta.symbol()
p1, p2 = eta("eta1"), eta("eta2", negative=True)
beta_prime = Family(
    name="beta_prime",
    title="Beta prime",
    params=(_bp_alpha, _bp_beta),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "beta distribution of the second kind: density x^(alpha-1) (1+x)^(-alpha-beta) / B(alpha, beta) "
        "on x > 0 (X/(1+X) ~ Beta(alpha, beta)); alpha, beta > 0 (mean alpha/(beta-1) only for beta > 1)."
    ),
    ef=ExpFamily(
        eta_symbols=(p1, p2),
        eta=(bpa - 1, -bpa - bpb),
        T=(log(x), log(1 + x)),
        A=loggamma(p1 + 1) + loggamma(-p2 - p1 - 1) - loggamma(-p2),
        log_h=sp.Integer(0),
    ),
    # the mean and variance exist only for beta > 1 and beta > 2: not recorded
    example={"alpha": 2, "beta": 3},
    cases=(
        ({"alpha": 2, "beta": 3}, {"alpha": 4, "beta": 1}, "moderate"),
        ({"alpha": "1/10", "beta": "1/5"}, {"alpha": "1/2", "beta": 3}, "singular at 0 and very heavy tail"),
        ({"alpha": "1/2", "beta": "1/2"}, {"alpha": "1/2", "beta": "1/2+1/10^8"}, "near-equal, no mean"),
        ({"alpha": 1000, "beta": 2000}, {"alpha": 1100, "beta": 2000}, "large shapes"),
        ({"alpha": "1/100", "beta": 1}, {"alpha": "1/50", "beta": 2}, "shape 0.01"),
        ({"alpha": 1, "beta": 1}, {"alpha": 3, "beta": "1/3"}, "shapes one"),
    ),
    wide=(({"alpha": 1e6, "beta": 1e-6}, {"alpha": 2e6, "beta": 1e-5}),),
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

# --------------------------------------------------------------------------- continuous Bernoulli
_cb_lam = Param("lam", sp.Interval.open(0, 1), "shape (the Bernoulli probability it is built from)")
cb_lam = _cb_lam.symbol()
cb_eta = eta("eta1")
continuous_bernoulli = Family(
    name="continuous_bernoulli",
    title="Continuous Bernoulli",
    params=(_cb_lam,),
    support=Support(0, 1, discrete=False),
    parameterization=(
        "density 2 atanh(1-2 lam)/(1-2 lam) lam^x (1-lam)^(1-x) on [0, 1] (Loaiza-Ganem & Cunningham 2019; "
        "the normalising factor 2 atanh(1-2 lam)/(1-2 lam) is 2 at lam = 1/2), 0 < lam < 1. Exponential family "
        "eta = logit(lam), T = x, A = log((e^eta - 1)/eta) = eta/2 + logsinhc(eta/2), "
        "logsinhc(z) = log(sinh(z)/z), 0 at z = 0."
    ),
    ef=ExpFamily(
        eta_symbols=(cb_eta,),
        eta=(log(cb_lam) - log(1 - cb_lam),),
        T=(x,),
        A=cb_eta / 2 + logsinhc(cb_eta / 2),
        log_h=sp.Integer(0),
    ),
    example={"lam": Rational(1, 3)},
    cases=(
        ({"lam": "1/3"}, {"lam": "3/4"}, "moderate"),
        ({"lam": "1/2"}, {"lam": "1/5"}, "P at lam = 1/2 (removable singularity of A)"),
        ({"lam": "1/2"}, {"lam": "1/2+1/10^9"}, "at and next to 1/2, near-equal"),
        ({"lam": "1/2-1/10^9"}, {"lam": "1/2+1/10^9"}, "either side of 1/2"),
        ({"lam": "1/10^10"}, {"lam": "1/2"}, "lam near 0 against the uniform"),
        ({"lam": "1-1/10^10"}, {"lam": "1/10^10"}, "near 1 against near 0"),
        ({"lam": "1/10^10"}, {"lam": "2/10^10"}, "both near 0"),
    ),
    wide=(({"lam": 1e-300}, {"lam": 1 - 2**-53}),),
)

# --------------------------------------------------------------------------- von Mises
_vm_mu = Param("mu", sp.Interval.Lopen(-pi, pi), "mean direction")
_vm_kappa = Param("kappa", POSITIVE, "concentration")
vm_mu, vm_kappa = _vm_mu.symbol(), _vm_kappa.symbol()
vm1, vm2 = eta("eta1"), eta("eta2")
von_mises = Family(
    name="von_mises",
    title="von Mises",
    params=(_vm_mu, _vm_kappa),
    support=Support(-pi, pi, discrete=False),
    parameterization=(
        "density exp(kappa cos(x - mu)) / (2 pi I0(kappa)) on the circle, written on [-pi, pi]; "
        "mu in (-pi, pi] the mean direction, kappa > 0 the concentration. Exponential family "
        "eta = (kappa cos mu, kappa sin mu), T = (cos x, sin x), A = log(2 pi) + log I0(|eta|)."
    ),
    ef=ExpFamily(
        eta_symbols=(vm1, vm2),
        eta=(vm_kappa * sp.cos(vm_mu), vm_kappa * sp.sin(vm_mu)),
        T=(sp.cos(x), sp.sin(x)),
        A=log(2 * pi) + log_besseli0(sqrt(vm1**2 + vm2**2)),
        log_h=sp.Integer(0),
        natural_space=(sp.true, "eta = 0 (kappa = 0) is the uniform law on the circle: "
                       "the integral of exp(eta.T) over a bounded interval is finite for every eta"),
    ),
    # the circular mean direction, a starting point for the oracle's search
    median=vm_mu,
    example={"mu": 0, "kappa": 2},
    cases=(
        ({"mu": 0, "kappa": 2}, {"mu": 1, "kappa": 5}, "moderate"),
        ({"mu": "1/2", "kappa": "1/10^6"}, {"mu": -1, "kappa": "1/1000"}, "tiny concentrations: nearly uniform"),
        ({"mu": 1, "kappa": 10**6}, {"mu": "1+1/1000", "kappa": 10**5}, "huge concentrations"),
        ({"mu": -2, "kappa": 10**4}, {"mu": -2, "kappa": "10000+1/10^4"}, "large, near-equal concentrations"),
        ({"mu": "1/3", "kappa": 3}, {"mu": "1/3+1/10^8", "kappa": 3}, "near-equal directions"),
        ({"mu": "-3/2", "kappa": 4}, {"mu": "8/5", "kappa": 4}, "directions 3.1 apart (near pi)"),
        ({"mu": 0, "kappa": 10}, {"mu": 3, "kappa": "1/2"}, "Q's direction near the end of [-pi, pi]"),
        ({"mu": "pi", "kappa": 10**4}, {"mu": 3, "kappa": 10**4}, "mu = pi: P's mass at both ends of [-pi, pi]"),
    ),
    wide=(({"mu": 3.14, "kappa": 1e-300}, {"mu": -3.14, "kappa": 1e300}),),
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

# --------------------------------------------------------------------------- lindley
_li_theta = Param("theta", POSITIVE, "shape/rate")
li_theta = _li_theta.symbol()
li1 = eta("eta1", negative=True)
lindley = Family(
    name="lindley",
    title="Lindley",
    params=(_li_theta,),
    support=Support(0, sp.oo, discrete=False),
    parameterization=(
        "density theta^2/(1+theta) (1+x) exp(-theta x) on x > 0 (Lindley 1958): the mixture of "
        "exponential(theta) and gamma(2, theta) with weights theta/(1+theta) and 1/(1+theta); "
        "theta > 0 (mean (theta+2)/(theta (theta+1)))."
    ),
    ef=ExpFamily(
        eta_symbols=(li1,),
        eta=(-li_theta,),
        T=(x,),
        A=log(1 - li1) - 2 * log(-li1),
        log_h=log(1 + x),
    ),
    expectations=(
        (
            log(1 + x),
            (1 + sp.exp(li_theta) * sp.expint(1, li_theta)) / (1 + li_theta),
            "with u = 1 + x, E[log(1+X)] = theta^2 e^theta/(1+theta) times the integral of u log(u) e^(-theta u) "
            "over u > 1, which is -d/dtheta (E1(theta)/theta) = (e^(-theta) + E1(theta))/theta^2 (the integral of "
            "log(u) e^(-theta u) over u > 1 is E1(theta)/theta, and E1' = -e^(-theta)/theta); SymPy does not "
            "finish the integral itself",
        ),
    ),
    example={"theta": 1},
    cases=(
        ({"theta": 1}, {"theta": 2}, "moderate"),
        ({"theta": 3}, {"theta": "3+1/10^9"}, "near-equal"),
        ({"theta": "1/10^6"}, {"theta": "2/10^6"}, "tiny theta: mean 2 10^6, almost gamma(2)"),
        ({"theta": 10**6}, {"theta": 10**5}, "huge theta: mass near 0, almost exponential"),
        ({"theta": "1/100"}, {"theta": 100}, "far apart"),
        ({"theta": 5}, {"theta": "1/2"}, "Q wider"),
    ),
    wide=(({"theta": 1e-150}, {"theta": 1e150}),),
)

RECORDS = (
    normal,
    lognormal,
    exponential,
    gamma,
    inverse_gamma,
    beta_family,
    chi_squared,
    inverse_chi_squared,
    rayleigh,
    half_normal,
    inverse_gaussian,
    chi,
    maxwell,
    beta_prime,
    nakagami,
    continuous_bernoulli,
    von_mises,
    erlang,
    scaled_inverse_chi_squared,
    lindley,
)
