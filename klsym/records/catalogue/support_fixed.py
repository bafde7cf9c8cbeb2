"""Families that are exponential families once the ends of their support are fixed, shared by P and
Q (data only): the truncated normal (a and b) and the four-parameter beta (a and b). The records are
written as those of :mod:`klsym.records.catalogue.shape_fixed` (its docstring says how), and each
block defines its own parameter symbols.
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..record import X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta, ordered

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
    truncated_normal,
    beta4,
)
