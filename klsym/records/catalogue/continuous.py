"""Continuous families (data only). Each record states its parameterization.

Every log-density is written in the variable ``x`` = :data:`klsym.records.record.X`;
the exponential-family parts satisfy ``logpdf = η·T − A(η(θ)) + log h``
(checked symbolically by the test suite, and the normalisation of
``exp(logpdf)`` is checked by quadrature).
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
    logpdf=-(x - mu) ** 2 / (2 * sigma**2) - log(sigma) - log(2 * pi) / 2,
    parameterization="N(mu, sigma^2): mu is the mean, sigma > 0 the standard deviation (not the variance).",
    ef=ExpFamily(
        eta_symbols=(e1, e2),
        eta=(mu / sigma**2, -1 / (2 * sigma**2)),
        T=(x, x**2),
        A=-(e1**2) / (4 * e2) - log(-2 * e2) / 2,
        log_h=-log(2 * pi) / 2,
    ),
    mean=mu,
    variance=sigma**2,
    example={"mu": 0, "sigma": 1},
)

# --------------------------------------------------------------------------- lognormal
_lmu = Param("mu", REAL, "mean of log X")
_lsigma = Param("sigma", POSITIVE, "standard deviation of log X")
lognormal = Family(
    name="lognormal",
    title="Log-normal",
    params=(_lmu, _lsigma),
    support=Support(0, sp.oo, discrete=False),
    logpdf=-((log(x) - mu) ** 2) / (2 * sigma**2) - log(sigma) - log(2 * pi) / 2 - log(x),
    parameterization="log X ~ N(mu, sigma^2): mu and sigma > 0 are the mean and standard deviation of log X.",
    ef=ExpFamily(
        eta_symbols=(e1, e2),
        eta=(mu / sigma**2, -1 / (2 * sigma**2)),
        T=(log(x), log(x) ** 2),
        A=-(e1**2) / (4 * e2) - log(-2 * e2) / 2,
        log_h=-log(2 * pi) / 2 - log(x),
    ),
    mean=sp.exp(mu + sigma**2 / 2),
    variance=(sp.exp(sigma**2) - 1) * sp.exp(2 * mu + sigma**2),
    example={"mu": 0, "sigma": 1},
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
    logpdf=log(lam) - lam * x,
    parameterization="density lam * exp(-lam x) on x >= 0: lam > 0 is the rate (mean 1/lam).",
    ef=ExpFamily(eta_symbols=(n1,), eta=(-lam,), T=(x,), A=-log(-n1), log_h=sp.Integer(0)),
    mean=1 / lam,
    variance=1 / lam**2,
    example={"lam": 1},
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
    logpdf=alpha * log(beta) - loggamma(alpha) + (alpha - 1) * log(x) - beta * x,
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
    mean=alpha / beta,
    variance=alpha / beta**2,
    example={"alpha": 2, "beta": 1},
)

# --------------------------------------------------------------------------- inverse gamma
_ig_alpha = Param("alpha", POSITIVE, "shape")
_ig_beta = Param("beta", POSITIVE, "scale")
i1, i2 = eta("eta1"), eta("eta2", negative=True)
inverse_gamma = Family(
    name="inverse_gamma",
    title="Inverse gamma",
    params=(_ig_alpha, _ig_beta),
    support=Support(0, sp.oo, discrete=False),
    logpdf=alpha * log(beta) - loggamma(alpha) - (alpha + 1) * log(x) - beta / x,
    parameterization=(
        "shape/SCALE: density beta^alpha x^(-alpha-1) exp(-beta/x) / Gamma(alpha) on x > 0; "
        "1/X ~ Gamma(alpha, rate beta). alpha > 0 shape, beta > 0 scale."
    ),
    ef=ExpFamily(
        eta_symbols=(i1, i2),
        eta=(-alpha - 1, -beta),
        T=(log(x), 1 / x),
        A=loggamma(-i1 - 1) - (-i1 - 1) * log(-i2),
        log_h=sp.Integer(0),
    ),
    # mean beta/(alpha-1) exists for alpha > 1 only: not recorded
    example={"alpha": 3, "beta": 1},
)

# --------------------------------------------------------------------------- beta
_b_alpha = Param("alpha", POSITIVE, "first shape")
_b_beta = Param("beta", POSITIVE, "second shape")
b1, b2 = eta("eta1"), eta("eta2")
beta_family = Family(
    name="beta",
    title="Beta",
    params=(_b_alpha, _b_beta),
    support=Support(0, 1, discrete=False),
    logpdf=(alpha - 1) * log(x) + (beta - 1) * log(1 - x)
    - (loggamma(alpha) + loggamma(beta) - loggamma(alpha + beta)),
    parameterization="density x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta) on 0 < x < 1; alpha, beta > 0.",
    ef=ExpFamily(
        eta_symbols=(b1, b2),
        eta=(alpha - 1, beta - 1),
        T=(log(x), log(1 - x)),
        A=loggamma(b1 + 1) + loggamma(b2 + 1) - loggamma(b1 + b2 + 2),
        log_h=sp.Integer(0),
    ),
    mean=alpha / (alpha + beta),
    variance=alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)),
    example={"alpha": 2, "beta": 3},
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
    logpdf=(k / 2 - 1) * log(x) - x / 2 - k / 2 * log(2) - loggamma(k / 2),
    parameterization="Gamma(shape k/2, rate 1/2): k > 0 degrees of freedom (real k allowed).",
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
)

# --------------------------------------------------------------------------- rayleigh
_r_sigma = Param("sigma", POSITIVE, "scale")
r1 = eta("eta1", negative=True)
rayleigh = Family(
    name="rayleigh",
    title="Rayleigh",
    params=(_r_sigma,),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(x) - 2 * log(sigma) - x**2 / (2 * sigma**2),
    parameterization="density (x/sigma^2) exp(-x^2/(2 sigma^2)) on x >= 0; sigma > 0 scale.",
    ef=ExpFamily(eta_symbols=(r1,), eta=(-1 / (2 * sigma**2),), T=(x**2,), A=-log(-2 * r1), log_h=log(x)),
    mean=sigma * sqrt(pi / 2),
    variance=(4 - pi) / 2 * sigma**2,
    example={"sigma": 1},
)

# --------------------------------------------------------------------------- half-normal
_h_sigma = Param("sigma", POSITIVE, "scale (standard deviation of the parent normal)")
h1 = eta("eta1", negative=True)
half_normal = Family(
    name="half_normal",
    title="Half-normal",
    params=(_h_sigma,),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(2) / 2 - log(pi) / 2 - log(sigma) - x**2 / (2 * sigma**2),
    parameterization="|Y| for Y ~ N(0, sigma^2): density sqrt(2/pi)/sigma exp(-x^2/(2 sigma^2)) on x >= 0.",
    ef=ExpFamily(
        eta_symbols=(h1,),
        eta=(-1 / (2 * sigma**2),),
        T=(x**2,),
        A=-log(-2 * h1) / 2,
        log_h=log(2) / 2 - log(pi) / 2,
    ),
    mean=sigma * sqrt(2 / pi),
    variance=sigma**2 * (1 - 2 / pi),
    example={"sigma": 1},
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
    logpdf=log(lam_s) / 2 - log(2 * pi) / 2 - 3 * log(x) / 2 - lam_s * (x - mu_pos) ** 2 / (2 * mu_pos**2 * x),
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
    ),
    expectations=(
        (
            log(x),
            log(mu_pos) - sp.exp(2 * lam_s / mu_pos) * sp.expint(1, 2 * lam_s / mu_pos),
            "d/ds at s = 0 of E[X^s] = mu^s exp(lam/mu) sqrt(2 lam/(pi mu)) K_(s-1/2)(lam/mu), "
            "with the order derivative of K at -1/2 from DLMF 10.38.7",
        ),
    ),
    mean=mu_pos,
    variance=mu_pos**3 / lam_s,
    example={"mu": 1, "lam": 2},
)

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
    logpdf=log(wk) - wk * log(wlam) + (wk - 1) * log(x) - x**wk / wlam**wk,
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
    logpdf=log(palpha) + palpha * log(xm) - (palpha + 1) * log(x),
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
    logpdf=-log(2) - log(lb) - sp.Abs(x - lmu) / lb,
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
    logpdf=(ck - 1) * log(x) - x**2 / 2 - (ck / 2 - 1) * log(2) - loggamma(ck / 2),
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
    logpdf=log(2) / 2 - log(pi) / 2 + 2 * log(x) - 3 * log(ma) - x**2 / (2 * ma**2),
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
    logpdf=(bpa - 1) * log(x) - (bpa + bpb) * log(1 + x)
    - (loggamma(bpa) + loggamma(bpb) - loggamma(bpa + bpb)),
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
    logpdf=log(2) + nm * log(nm) - loggamma(nm) - nm * log(nomega) + (2 * nm - 1) * log(x) - nm * x**2 / nomega,
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
    ),
    mean=sp.gamma(nm + half) / sp.gamma(nm) * sqrt(nomega / nm),
    variance=nomega * (1 - (sp.gamma(nm + half) / sp.gamma(nm)) ** 2 / nm),
    example={"m": 2, "omega": 1},
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
    # log C(lam) = log 2 + log(atanh(1 - 2 lam)/(1 - 2 lam)) = -(log lam + log(1 - lam))/2 - logsinhc(atanh(2 lam - 1))
    logpdf=(x - half) * log(cb_lam) + (half - x) * log(1 - cb_lam) - logsinhc(sp.atanh(2 * cb_lam - 1)),
    parameterization=(
        "density C(lam) lam^x (1-lam)^(1-x) on [0, 1] (Loaiza-Ganem & Cunningham 2019), 0 < lam < 1, "
        "C(lam) = 2 atanh(1-2 lam)/(1-2 lam) (C(1/2) = 2). Exponential family eta = logit(lam), T = x, "
        "A = log((e^eta - 1)/eta) = eta/2 + logsinhc(eta/2), logsinhc(z) = log(sinh(z)/z), 0 at z = 0."
    ),
    ef=ExpFamily(
        eta_symbols=(cb_eta,),
        eta=(log(cb_lam) - log(1 - cb_lam),),
        T=(x,),
        A=cb_eta / 2 + logsinhc(cb_eta / 2),
        log_h=sp.Integer(0),
    ),
    example={"lam": Rational(1, 3)},
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
    logpdf=vm_kappa * sp.cos(x - vm_mu) - log(2 * pi) - log_besseli0(vm_kappa),
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
    ),
    # the circular mean direction, a starting point for the oracle's search
    median=vm_mu,
    example={"mu": 0, "kappa": 2},
)

RECORDS = (
    normal,
    lognormal,
    exponential,
    gamma,
    inverse_gamma,
    beta_family,
    chi_squared,
    rayleigh,
    half_normal,
    inverse_gaussian,
    weibull,
    pareto,
    laplace,
    chi,
    maxwell,
    beta_prime,
    nakagami,
    continuous_bernoulli,
    von_mises,
)
