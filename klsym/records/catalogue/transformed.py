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
from sympy import log, loggamma, pi

from ..record import ORDER, X as x, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta, logistic_log_affinity, ordered

#: free arguments of stated expectations (a location c, a nonzero factor a and a positive scale s)
c = sp.Wild("c", exclude=[x])
a = sp.Wild("a", exclude=[x, 0])
s = sp.Wild("s", exclude=[x], properties=[lambda e: e.is_positive is True])

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

# --------------------------------------------------------------------------- log_laplace
_ll_mu = Param("mu", REAL, "location of log X (the log of the median)")
_ll_b = Param("b", POSITIVE, "scale of log X")
ll_mu, ll_b = _ll_mu.symbol(), _ll_b.symbol()
log_laplace = Family(
    name="log_laplace",
    title="Log-Laplace",
    params=(_ll_mu, _ll_b),
    support=Support(0, sp.oo, discrete=False),
    logpdf=-log(2 * ll_b) - sp.Abs(log(x) - ll_mu) / ll_b - log(x),
    parameterization=(
        "log X ~ Laplace(mu, b): density exp(-|log(x) - mu|/b) / (2 b x) on x > 0; mu real (exp(mu) is the "
        "median), b > 0 the scale of log X (the mean exp(mu)/(1 - b^2) exists only for b < 1)."
    ),
    median=sp.exp(ll_mu),
    kinks=(sp.exp(ll_mu),),
    expectations=(
        (
            log(x),
            ll_mu,
            "log X = Y ~ Laplace(mu, b), symmetric about mu, so E[log X] = E[Y] = mu",
        ),
        (
            sp.Abs(a * log(x) + c),
            sp.Abs(a * ll_mu + c) + sp.Abs(a) * ll_b * sp.exp(-sp.Abs(a * ll_mu + c) / (sp.Abs(a) * ll_b)),
            "log X = Y ~ Laplace(mu, b), so E|a log X + c| = |a| E|Y + c/a|: elementary, integrating the "
            "exponential pieces on either side of mu and -c/a (the laplace record's E|x - c|; SymPy leaves it "
            "unevaluated)",
        ),
    ),
    example={"mu": 0, "b": 1},
    cases=(
        ({"mu": 0, "b": 1}, {"mu": 0, "b": 2}, "textbook"),
        ({"mu": 0, "b": 1}, {"mu": 1, "b": 2}, "different locations"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3", "b": "1+1/10^9"}, "near-equal scales"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3+1/10^9", "b": 1}, "near-equal locations"),
        ({"mu": 0, "b": 5}, {"mu": 2, "b": "1/5"}, "heavy tail (no mean), narrow Q"),
        ({"mu": 40, "b": "1/10^4"}, {"mu": -40, "b": 3}, "medians e^80 apart, tiny scale"),
        ({"mu": -3, "b": 100}, {"mu": 3, "b": "1/100"}, "wide P, narrow Q elsewhere"),
    ),
    wide=(({"mu": 300.0, "b": 1e-100}, {"mu": 300.0, "b": 1e100}),),
)

# --------------------------------------------------------------------------- log_cauchy
_lc_mu = Param("mu", REAL, "location of log X (the log of the median)")
_lc_sigma = Param("sigma", POSITIVE, "scale of log X")
lc_mu, lc_sigma = _lc_mu.symbol(), _lc_sigma.symbol()
log_cauchy = Family(
    name="log_cauchy",
    title="Log-Cauchy",
    params=(_lc_mu, _lc_sigma),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(lc_sigma) - log(pi) - log(x) - log((log(x) - lc_mu) ** 2 + lc_sigma**2),
    parameterization=(
        "log X ~ Cauchy(mu, sigma): density 1/(pi sigma x (1 + ((log(x) - mu)/sigma)^2)) on x > 0; mu real "
        "(exp(mu) is the median), sigma > 0 the scale of log X (no moment E[X^k], k > 0, exists, and neither "
        "does E[log X])."
    ),
    median=sp.exp(lc_mu),
    affinity=(
        log(sp.hyper((1 - ORDER, ORDER), (1,), -(
            (_lc_mu.symbol("_p") - _lc_mu.symbol("_q")) ** 2 + (_lc_sigma.symbol("_p") - _lc_sigma.symbol("_q")) ** 2)
            / (4 * _lc_sigma.symbol("_p") * _lc_sigma.symbol("_q")))),
        "y = log x maps P and Q to Cauchy(mu_p, sigma_p) and Cauchy(mu_q, sigma_q), and the factor 1/x of both "
        "densities enters p^alpha q^(1 - alpha) once, as dy = dx/x: the integral is the Cauchy one, the cauchy "
        "record's affinity at x0 = mu, gamma = sigma (Nielsen & Okamura, On f-divergences between Cauchy "
        "distributions, IEEE Trans. Inf. Theory 69, 2023: a function of chi = ((mu_p - mu_q)^2 + (sigma_p - "
        "sigma_q)^2)/(2 sigma_p sigma_q); Laplace's integral of the Legendre function P_(alpha-1)(1 + chi), "
        "DLMF 14.12.1, and P_nu(z) = 2F1(-nu, nu + 1; 1; (1 - z)/2), DLMF 14.3.1)",
    ),
    expectations=(
        (
            log(x),
            sp.nan,
            "does not exist: log X = Y ~ Cauchy(mu, sigma) has no mean (E|Y| = oo), so E[log X] is undefined, and "
            "so are E[log p(X)], the entropy and the cross-entropy, whose log-densities hold -log(x); log x cancels "
            "in log p - log q, and KL is the mean of that difference",
        ),
        (
            log((log(x) - c) ** 2 + s**2),
            log((lc_sigma + s) ** 2 + (lc_mu - c) ** 2),
            "log X = Y ~ Cauchy(mu, sigma), so E[log((log X - c)^2 + s^2)] = E[log((Y - c)^2 + s^2)]: the cauchy "
            "record's value at x0 = mu, gamma = sigma (Chyzak & Nielsen, A closed-form formula for the "
            "Kullback-Leibler divergence between Cauchy distributions, 2019)",
        ),
    ),
    example={"mu": 0, "sigma": 1},
    cases=(
        ({"mu": 0, "sigma": 1}, {"mu": 3, "sigma": 2}, "moderate"),
        ({"mu": "1/3", "sigma": 1}, {"mu": "1/3+1/10^8", "sigma": 1}, "near-equal locations"),
        ({"mu": 0, "sigma": 1}, {"mu": 0, "sigma": "1+1/10^9"}, "near-equal scales"),
        ({"mu": 0, "sigma": "1/10^6"}, {"mu": "1/10^5", "sigma": "3/10^6"}, "tiny scales: X within 10^-5 of 1"),
        ({"mu": 0, "sigma": "1/100"}, {"mu": 0, "sigma": 100}, "scale ratio 10^4: Q over hundreds of decades"),
        ({"mu": 40, "sigma": 1}, {"mu": 0, "sigma": 1}, "medians e^40 apart"),
        # (with sigma 100 for Q the oracle refuses Renyi-2 of Q from P as divergent, though it is log(10^4): its
        # test that the integrand still falls probes x = e^-200 and e^-400, where the log-Cauchy's tails, algebraic
        # in log x, have not begun to fall for a law of scale 100 at 50)
        ({"mu": -50, "sigma": "1/100"}, {"mu": 50, "sigma": 10}, "medians e^100 apart, scales 10^3 apart"),
    ),
    wide=(({"mu": 1e100, "sigma": 1e-100}, {"mu": -1e100, "sigma": 1e100}),),
)

# --------------------------------------------------------------------------- half_cauchy
_hc_gamma = Param("gamma", POSITIVE, "scale (the median)")
hc_gamma = _hc_gamma.symbol()
half_cauchy = Family(
    name="half_cauchy",
    title="Half-Cauchy",
    params=(_hc_gamma,),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(2) + log(hc_gamma) - log(pi) - log(x**2 + hc_gamma**2),
    parameterization=(
        "|Y| for Y ~ Cauchy(0, gamma): density 2 gamma / (pi (x^2 + gamma^2)) on x >= 0; gamma > 0 scale "
        "(the median; there is no mean)."
    ),
    median=hc_gamma,
    affinity=(
        log(sp.hyper((1 - ORDER, ORDER), (1,), -(_hc_gamma.symbol("_p") - _hc_gamma.symbol("_q")) ** 2
                     / (4 * _hc_gamma.symbol("_p") * _hc_gamma.symbol("_q")))),
        "both densities are twice Cauchy(0, gamma) densities on x >= 0, so p^alpha q^(1 - alpha) is twice the "
        "Cauchy one there, and that is even in x: the integral over x >= 0 is the integral of the Cauchy one over "
        "the line, the cauchy record's affinity at x0_p = x0_q = 0 (Nielsen & Okamura, On f-divergences between "
        "Cauchy distributions, IEEE Trans. Inf. Theory 69, 2023; P_nu(z) = 2F1(-nu, nu + 1; 1; (1 - z)/2), "
        "DLMF 14.3.1)",
    ),
    expectations=(
        (
            log(x**2 + s**2),
            2 * log(hc_gamma + s),
            "X = |Y| with Y ~ Cauchy(0, gamma) and log(x^2 + s^2) even in x, so E[log(X^2 + s^2)] = "
            "E[log(Y^2 + s^2)] = log((gamma + s)^2): the cauchy record's value at x0 = c = 0 (Chyzak & Nielsen, "
            "A closed-form formula for the Kullback-Leibler divergence between Cauchy distributions, 2019)",
        ),
    ),
    example={"gamma": 1},
    cases=(
        ({"gamma": 1}, {"gamma": 2}, "moderate"),
        ({"gamma": 1}, {"gamma": "1+1/10^9"}, "near-equal"),
        ({"gamma": "1/10^6"}, {"gamma": 10**6}, "scales 10^12 apart"),
        ({"gamma": "1/3"}, {"gamma": 100}, "Q much wider"),
        ({"gamma": 10**8}, {"gamma": 3 * 10**8}, "huge scales"),
        ({"gamma": "1/10^9"}, {"gamma": "7/10^9"}, "tiny scales"),
    ),
    wide=(({"gamma": 1e-150}, {"gamma": 1e150}),),
)

# --------------------------------------------------------------------------- log_uniform
_lu_a = Param("a", POSITIVE, "lower end of the support")
_lu_b = Param("b", POSITIVE, "upper end of the support (b > a)")
lu_a, lu_b = _lu_a.symbol(), _lu_b.symbol()


log_uniform = Family(
    name="log_uniform",
    title="Log-uniform (reciprocal)",
    params=(_lu_a, _lu_b),
    support=Support(lu_a, lu_b, discrete=False),
    logpdf=-log(x) - log(log(lu_b) - log(lu_a)),
    parameterization=(
        "log X ~ Uniform(log a, log b): density 1/(x log(b/a)) on the closed interval [a, b]; 0 < a < b "
        "(the support depends on both parameters, so KL(P‖Q) is finite only when [a_p, b_p] lies inside "
        "[a_q, b_q]; mean (b - a)/log(b/a))."
    ),
    mean=(lu_b - lu_a) / (log(lu_b) - log(lu_a)),
    median=sp.sqrt(lu_a * lu_b),
    extra_check=ordered("a", "b"),
    example={"a": 1, "b": 10},
    cases=(
        ({"a": 1, "b": 10}, {"a": "1/2", "b": 100}, "nested"),
        ({"a": 1, "b": 2}, {"a": "1-1/10^12", "b": "2+1/10^12"}, "nested with tiny gaps"),
        ({"a": 1, "b": 10}, {"a": 1, "b": 10}, "equal: closed ends touch"),
        ({"a": "1/3", "b": "1/3+1/10^9"}, {"a": "1/10", "b": 1}, "tiny width"),
        ({"a": "1/10^9", "b": 10**9}, {"a": "1/10^10", "b": 10**10}, "huge ratios"),
        ({"a": 1, "b": 3}, {"a": 2, "b": 5}, "overlapping, not nested"),
        ({"a": 1, "b": 10}, {"a": 1, "b": 1000}, "nested, one end shared"),
        ({"a": 10**6, "b": 2 * 10**6}, {"a": 1, "b": 10**9}, "far from 1, inside nine decades"),
    ),
    wide=(({"a": 1e-100, "b": 1e-99}, {"a": 1e-150, "b": 1e150}),),
)

# --------------------------------------------------------------------------- log_logistic
_llg_alpha = Param("alpha", POSITIVE, "scale (the median)")
_llg_beta = Param("beta", POSITIVE, "shape (fixed)", fixed=True)
llg_alpha, llg_beta = _llg_alpha.symbol(), _llg_beta.symbol()
#: m = beta log(alpha/s): (X/s)^beta = e^(Z + m) with Z = beta log(X/alpha) standard logistic
_llg_m = llg_beta * (log(llg_alpha) - log(s))
#: d = beta log(alpha_q/alpha_p): Q's location from P's for the logistic laws of log X, in units of 1/beta
_llg_d = llg_beta * (log(_llg_alpha.symbol("_q")) - log(_llg_alpha.symbol("_p")))
log_logistic = Family(
    name="log_logistic",
    title="Log-logistic (Fisk)",
    params=(_llg_alpha, _llg_beta),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(llg_beta) - log(llg_alpha) + (llg_beta - 1) * (log(x) - log(llg_alpha))
    - 2 * log(1 + (x / llg_alpha) ** llg_beta),
    parameterization=(
        "log X ~ Logistic(log alpha, 1/beta) (scipy's fisk(c=beta, scale=alpha)): density "
        "(beta/alpha) (x/alpha)^(beta - 1) / (1 + (x/alpha)^beta)^2 on x > 0; alpha > 0 scale (the median), "
        "beta > 0 shape, FIXED (a closed form is derived for P and Q sharing beta; with different beta "
        "E[log(1 + (X/alpha_q)^beta_q)] has none, and the value is numeric; the mean alpha pi/beta / "
        "sin(pi/beta) exists only for beta > 1)."
    ),
    median=llg_alpha,
    affinity=(
        logistic_log_affinity(_llg_d),
        "y = log x maps P and Q to Logistic(log alpha_p, 1/beta) and Logistic(log alpha_q, 1/beta), and the factor "
        "1/x of both densities enters p^alpha q^(1 - alpha) once, as dy = dx/x: the integral is the logistic one, "
        "the logistic record's affinity at d = beta (log alpha_q - log alpha_p), e^((1 - alpha) d) "
        "2F1(2 - 2 alpha, 1; 2; 1 - e^d) (Euler's integral, DLMF 15.6.1; for d < 0 its Pfaff transform)",
    ),
    expectations=(
        (
            log(x),
            log(llg_alpha),
            "log X = Y ~ Logistic(log alpha, 1/beta), symmetric about log alpha, so E[log X] = log alpha",
        ),
        (
            log(1 + (x / s) ** llg_beta),
            sp.Piecewise((1, sp.Eq(s, llg_alpha)), (_llg_m / (1 - sp.exp(-_llg_m)), True)),
            "with Z = beta log(X/alpha) standard logistic and m = beta log(alpha/s), (X/s)^beta = e^(Z + m); "
            "u = 1/(1 + e^(-Z)) is uniform on (0, 1) and e^Z = u/(1 - u), so E[log(1 + e^(m + Z))] is the "
            "integral over 0 < u < 1 of log(1 - u + e^m u) - log(1 - u); the first part integrates to "
            "m e^m/(e^m - 1) - 1, the second to -1, so the mean is m/(1 - e^(-m)) (1 at m = 0): elementary "
            "(SymPy does not finish the integral over x)",
        ),
    ),
    example={"alpha": 1, "beta": 3},
    cases=(
        ({"alpha": 1, "beta": 3}, {"alpha": 2, "beta": 3}, "moderate"),
        ({"alpha": 1, "beta": 2}, {"alpha": "1+1/10^9", "beta": 2}, "near-equal scales"),
        ({"alpha": "1/10^8", "beta": "5/2"}, {"alpha": "3/10^8", "beta": "5/2"}, "tiny scales"),
        ({"alpha": 10**8, "beta": "1/2"}, {"alpha": "1/10^8", "beta": "1/2"}, "medians 10^16 apart, heavy tails"),
        ({"alpha": 1, "beta": "1/10"}, {"alpha": 5, "beta": "1/10"}, "beta = 1/10: extremely heavy"),
        ({"alpha": 1, "beta": 50}, {"alpha": "11/10", "beta": 50}, "beta = 50: sharp"),
        ({"alpha": 1, "beta": 3}, {"alpha": 1000, "beta": 3}, "far apart: e^(-20.7) in the closed form"),
    ),
    wide=(({"alpha": 1e-100, "beta": 2.0}, {"alpha": 1e-99, "beta": 2.0}),
          ({"alpha": 1e100, "beta": 0.5}, {"alpha": 1e90, "beta": 0.5})),
)

# --------------------------------------------------------------------------- logit_normal
_lgn_mu = Param("mu", REAL, "mean of logit X = log(X/(1 - X))")
_lgn_sigma = Param("sigma", POSITIVE, "standard deviation of logit X")
lgn_mu, lgn_sigma = _lgn_mu.symbol(), _lgn_sigma.symbol()
lgn1, lgn2 = eta("eta1"), eta("eta2", negative=True)
#: logit x, written as a difference of logs (each exact near its end of (0, 1))
_logit = log(x) - log(1 - x)
#: the index of the series in E[log X] and E[log(1 - X)]
_lgn_j = sp.Symbol("j", integer=True, positive=True)


def _lgn_abs_mgf(k: sp.Expr, far: bool) -> sp.Expr:
    """E[e^(-k|Y|)] for Y = logit X ~ N(mu, sigma^2), the normal's moment generating function on each half-line:
    (e^(z_-^2 - c) erfc(z_-) + e^(z_+^2 - c) erfc(z_+))/2, z_-+ = (k sigma -+ mu/sigma)/sqrt(2), c = mu^2/(2 sigma^2).
    ``far`` (both z >= 1) writes e^(z^2) erfc(z) = U(1/2, 1/2, z^2)/sqrt(pi) (Tricomi's U) as
    2F0(1/2, 1; ; -1/z^2)/(z sqrt(pi)), the asymptotic series of erfc summed as mpmath and SymPy sum it (through
    U): no factor e^(z^2) that loses digits at large k."""
    zs = [(k * lgn_sigma + sign * lgn_mu / lgn_sigma) / sp.sqrt(2) for sign in (-1, 1)]
    c = lgn_mu**2 / (2 * lgn_sigma**2)
    if far:
        return sp.exp(-c) * sum(sp.hyper((sp.S.Half, 1), (), -1 / z**2) / (z * sp.sqrt(pi)) for z in zs) / 2
    return sum(sp.exp(z**2 - c) * sp.erfc(z) for z in zs) / 2


#: E[log(1 + e^(-|Y|))] = sum over k >= 1 of (-1)^(k + 1) E[e^(-k|Y|)]/k, the terms taken in pairs (k = 2j - 1, 2j):
#: positive, smooth in j and decreasing (about p_Y(0)/(2 j^3) far out), for the series evaluator; the far form
#: once the smallest z, (k sigma - |mu|/sigma)/sqrt(2) at k = 2j - 1, is 1 or more
_lgn_near = (2 * _lgn_j - 1) * lgn_sigma**2 - sp.Abs(lgn_mu) < sp.sqrt(2) * lgn_sigma
_lgn_series = sp.Sum(sp.Piecewise(*[
    (_lgn_abs_mgf(2 * _lgn_j - 1, far) / (2 * _lgn_j - 1) - _lgn_abs_mgf(2 * _lgn_j, far) / (2 * _lgn_j), cond)
    for far, cond in ((False, _lgn_near), (True, True))]), (_lgn_j, 1, sp.oo))
#: sigma phi(mu/sigma), phi the standard normal density: the part E[Y+] and E[(-Y)+] share
_lgn_phi = lgn_sigma * sp.exp(-lgn_mu**2 / (2 * lgn_sigma**2)) / sp.sqrt(2 * pi)
logit_normal = Family(
    name="logit_normal",
    title="Logit-normal (logistic image of a normal variable)",
    params=(_lgn_mu, _lgn_sigma),
    support=Support(0, 1, discrete=False),
    parameterization=(
        "logit X = log(X/(1 - X)) ~ N(mu, sigma^2), i.e. X = 1/(1 + exp(-Y)) for Y ~ N(mu, sigma^2): density "
        "exp(-(log(x/(1 - x)) - mu)^2/(2 sigma^2)) / (x (1 - x) sigma sqrt(2 pi)) on (0, 1); mu real and "
        "sigma > 0 are the mean and standard deviation of logit X (the median is 1/(1 + exp(-mu)); the mean "
        "has no closed form)."
    ),
    ef=ExpFamily(
        eta_symbols=(lgn1, lgn2),
        eta=(lgn_mu / lgn_sigma**2, -1 / (2 * lgn_sigma**2)),
        T=(_logit, _logit**2),
        A=-(lgn1**2) / (4 * lgn2) - log(-2 * lgn2) / 2,
        log_h=-log(2 * pi) / 2 - log(x) - log(1 - x),
    ),
    median=1 / (1 + sp.exp(-lgn_mu)),
    expectations=(
        (
            log(x),
            -_lgn_phi + lgn_mu * sp.erfc(lgn_mu / (lgn_sigma * sp.sqrt(2))) / 2 - _lgn_series,
            "with Y = logit X ~ N(mu, sigma^2), log X = -log(1 + e^(-Y)) = -(-Y)+ - log(1 + e^(-|Y|)); "
            "E[(-Y)+] = sigma phi(mu/sigma) - mu Phi(-mu/sigma), and log(1 + e^(-|Y|)) = sum over k >= 1 of "
            "(-1)^(k + 1) e^(-k|Y|)/k with E[e^(-k|Y|)] = e^(k^2 sigma^2/2) (e^(-k mu) Phi(mu/sigma - k sigma) "
            "+ e^(k mu) Phi(-mu/sigma - k sigma)) (the normal's moment generating function on each half-line): "
            "a series, no closed form being known (the logistic-normal integral)",
        ),
        (
            log(1 - x),
            -_lgn_phi - lgn_mu * sp.erfc(-lgn_mu / (lgn_sigma * sp.sqrt(2))) / 2 - _lgn_series,
            "with Y = logit X ~ N(mu, sigma^2), log(1 - X) = -log(1 + e^Y) = -Y+ - log(1 + e^(-|Y|)); "
            "E[Y+] = sigma phi(mu/sigma) + mu Phi(mu/sigma), and E[log(1 + e^(-|Y|))] is the series of E[log X]",
        ),
    ),
    example={"mu": 0, "sigma": 1},
    cases=(
        ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}, "textbook"),
        ({"mu": "1/3", "sigma": 1}, {"mu": "1/3+1/10^8", "sigma": 1}, "near-equal locations"),
        ({"mu": -1, "sigma": "1/2"}, {"mu": -1, "sigma": "1/2+1/10^9"}, "near-equal scales"),
        ({"mu": "1/5", "sigma": "1/10^4"}, {"mu": "1/5", "sigma": "3/10^4"}, "tiny scales: mass at one point"),
        ({"mu": 30, "sigma": "1/2"}, {"mu": 29, "sigma": 1}, "mass 10^-13 from 1"),
        ({"mu": -30, "sigma": "1/10"}, {"mu": 30, "sigma": 5}, "P 10^-13 from 0, Q piled against 1"),
        ({"mu": "1/2", "sigma": "1/10"}, {"mu": 0, "sigma": 20}, "scales 200 apart: Q piled at both ends"),
    ),
    wide=(({"mu": 300.0, "sigma": 1e-100}, {"mu": -300.0, "sigma": 1e-99}),
          ({"mu": 1e100, "sigma": 1e100}, {"mu": -1e100, "sigma": 3e100})),
)

RECORDS = (log_gamma, log_laplace, log_cauchy, half_cauchy, log_uniform, log_logistic, logit_normal)
