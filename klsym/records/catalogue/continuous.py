"""Continuous exponential families not of the gamma kind (data only): the normal, lognormal, beta,
inverse Gaussian, beta prime, continuous Bernoulli, von Mises and Lindley laws. Each record states
its parameterization; the laws of a power of a gamma variable are in
:mod:`klsym.records.catalogue.gamma_powers`.

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
    beta_family,
    inverse_gaussian,
    beta_prime,
    continuous_bernoulli,
    von_mises,
    lindley,
)
