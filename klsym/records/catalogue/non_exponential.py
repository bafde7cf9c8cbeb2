"""Continuous families that are not exponential families (data only).

These records have no ``ef`` part: KL, entropy and cross-entropy come from the
expectation engine (:mod:`klsym.derive.expectation`), which splits each log-density
into x-free coefficients times atoms g(x) and takes E_P[g(X)] from a value
stated here (with its source, checked against the oracle by the tests) or from
SymPy integration over the support.
"""

from __future__ import annotations

import sympy as sp
from sympy import log, pi

from ..record import ORDER, X as x, Family, Param, Support
from .domains import POSITIVE, REAL, first_broken, logistic_log_affinity, ordered
from .functions import log1pexp

#: free arguments of stated expectations (a location c and a positive scale s)
c = sp.Wild("c", exclude=[x])
s = sp.Wild("s", exclude=[x], properties=[lambda e: e.is_positive is True])

# --------------------------------------------------------------------------- uniform
_ua = Param("a", REAL, "lower end of the support")
_ub = Param("b", REAL, "upper end of the support (b > a)")
ua, ub = _ua.symbol(), _ub.symbol()


uniform = Family(
    name="uniform",
    title="Uniform (continuous)",
    params=(_ua, _ub),
    support=Support(ua, ub, discrete=False),
    logpdf=-log(ub - ua),
    parameterization=(
        "density 1/(b - a) on the closed interval [a, b]; a < b real ends (the support depends on "
        "both parameters, so KL(P‖Q) is finite only when [a_p, b_p] lies inside [a_q, b_q])."
    ),
    mean=(ua + ub) / 2,
    variance=(ub - ua) ** 2 / 12,
    median=(ua + ub) / 2,
    extra_check=ordered("a", "b"),
    example={"a": 0, "b": 1},
    cases=(
        ({"a": 0, "b": 1}, {"a": -1, "b": 3}, "nested"),
        ({"a": 0, "b": 1}, {"a": "-1/10^12", "b": "1+1/10^12"}, "nested with tiny gaps"),
        ({"a": 0, "b": 1}, {"a": 0, "b": 1}, "equal: closed ends touch"),
        ({"a": "1/3", "b": "1/3+1/10^15"}, {"a": 0, "b": 1}, "tiny width"),
        ({"a": -10**9, "b": 10**9}, {"a": -10**10, "b": 10**10}, "huge widths"),
        ({"a": 0, "b": 2}, {"a": 1, "b": 3}, "overlapping, not nested"),
        ({"a": 0, "b": 1}, {"a": 0, "b": 3}, "nested, one end shared"),
        ({"a": "1/10^6", "b": "2/10^6"}, {"a": 0, "b": "1/10^5"}, "a tiny interval inside a small one"),
    ),
    wide=(({"a": -1e-100, "b": 1e-100}, {"a": -1e100, "b": 1e100}),),
)

# --------------------------------------------------------------------------- cauchy
_cx0 = Param("x0", REAL, "location (median)")
_cgamma = Param("gamma", POSITIVE, "scale (half width at half maximum)")
cx0, cgamma = _cx0.symbol(), _cgamma.symbol()
cauchy = Family(
    name="cauchy",
    title="Cauchy",
    params=(_cx0, _cgamma),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=log(cgamma) - log(pi) - log((x - cx0) ** 2 + cgamma**2),
    parameterization=(
        "density gamma / (pi ((x - x0)^2 + gamma^2)) on the real line; x0 real location (the median; "
        "there is no mean), gamma > 0 scale."
    ),
    median=cx0,
    affinity=(
        log(sp.hyper((1 - ORDER, ORDER), (1,), -(
            (_cx0.symbol("_p") - _cx0.symbol("_q")) ** 2 + (_cgamma.symbol("_p") - _cgamma.symbol("_q")) ** 2)
            / (4 * _cgamma.symbol("_p") * _cgamma.symbol("_q")))),
        "every f-divergence of two Cauchy laws is a function of chi = ((x0_p - x0_q)^2 + (gamma_p - "
        "gamma_q)^2)/(2 gamma_p gamma_q) (Nielsen & Okamura, On f-divergences between Cauchy distributions, "
        "IEEE Trans. Inf. Theory 69, 2023); at x0_p = x0_q = 0, gamma_p = 1 the integral of p^alpha q^(1-alpha) "
        "is Laplace's integral of the Legendre function P_(alpha-1)(1 + chi) (DLMF 14.12.1), and "
        "P_nu(z) = 2F1(-nu, nu + 1; 1; (1 - z)/2) (DLMF 14.3.1); at alpha = 2 it is 1 + chi, Pearson's "
        "chi-square plus 1 (SymPy does not finish the integral for alpha = 1/2, an elliptic one)",
    ),
    expectations=(
        (
            log((x - c) ** 2 + s**2),
            log((cgamma + s) ** 2 + (cx0 - c) ** 2),
            "Chyzak & Nielsen, A closed-form formula for the Kullback-Leibler divergence between "
            "Cauchy distributions (2019); equivalently the Poisson-kernel mean of the harmonic "
            "function log|z - (c - i s)|^2 at z = x0 + i gamma",
        ),
    ),
    example={"x0": 0, "gamma": 1},
    cases=(
        ({"x0": 0, "gamma": 1}, {"x0": 3, "gamma": 2}, "moderate"),
        ({"x0": 0, "gamma": 1}, {"x0": 10**4, "gamma": 1}, "far apart: heavy tails"),
        ({"x0": 0, "gamma": "1/10^6"}, {"x0": 0, "gamma": 10**6}, "scales 10^12 apart"),
        ({"x0": "1/3", "gamma": 1}, {"x0": "1/3+1/10^8", "gamma": 1}, "near-equal locations"),
        ({"x0": 0, "gamma": 1}, {"x0": 0, "gamma": "1+1/10^9"}, "near-equal scales"),
        ({"x0": -50, "gamma": "1/100"}, {"x0": 50, "gamma": 100}, "far apart, different scales"),
    ),
    wide=(({"x0": 1e100, "gamma": 1e-100}, {"x0": -1e100, "gamma": 1e100}),),
)

# --------------------------------------------------------------------------- moyal
_my_mu = Param("mu", REAL, "location (the mode)")
_my_sigma = Param("sigma", POSITIVE, "scale")
my_mu, my_sigma = _my_mu.symbol(), _my_sigma.symbol()
#: -2 eta_alpha for P and Q sharing sigma: the natural parameter of order alpha, in the locations
_my_mix = ORDER * sp.exp(_my_mu.symbol("_p") / my_sigma) + (1 - ORDER) * sp.exp(_my_mu.symbol("_q") / my_sigma)
moyal = Family(
    name="moyal",
    title="Moyal",
    params=(_my_mu, _my_sigma),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=-((x - my_mu) / my_sigma + sp.exp(-(x - my_mu) / my_sigma)) / 2 - log(my_sigma) - log(2 * pi) / 2,
    parameterization=(
        "density exp(-((x - mu)/sigma + exp(-(x - mu)/sigma))/2) / (sigma sqrt(2 pi)) on the real line; mu real "
        "location (the mode), sigma > 0 scale: exp(-(X - mu)/sigma) ~ chi-squared(1) (mean mu + sigma (EulerGamma "
        "+ log(2)))."
    ),
    mean=my_mu + my_sigma * (sp.EulerGamma + log(2)),
    variance=pi**2 * my_sigma**2 / 2,
    expectations=(
        (
            sp.exp(-x / s),
            sp.exp(-my_mu / s) * 2 ** (my_sigma / s) * sp.gamma(sp.Rational(1, 2) + my_sigma / s) / sp.sqrt(pi),
            "W = exp(-(X - mu)/sigma) ~ chi-squared(1) (Moyal, Theory of ionization fluctuations, Phil. Mag. 46, "
            "1955), so E[exp(-X/s)] = exp(-mu/s) E[W^(sigma/s)], the chi-squared moment 2^k Gamma(k + 1/2)/Gamma(1/2)",
        ),
    ),
    # sigma without a suffix: the affinity is stated for P and Q sharing sigma (the parameter is free otherwise)
    affinity=(
        sp.Piecewise((
            (ORDER * _my_mu.symbol("_p") + (1 - ORDER) * _my_mu.symbol("_q")) / (2 * my_sigma) - log(_my_mix) / 2,
            _my_mix > 0), (sp.oo, True)),
        "with sigma shared the family is exponential in mu: log f = eta e^(-x/sigma) - A + log h with "
        "eta = -e^(mu/sigma)/2 < 0, log h = -x/(2 sigma) - log(sigma) - log(2 pi)/2 and A = -log(-2 eta)/2, since "
        "t = e^(-x/sigma) turns the integral of h e^(eta e^(-x/sigma)) into Gamma(1/2) (-eta)^(-1/2)/sqrt(2 pi); "
        "so the affinity is exp(A(eta_alpha) - alpha A(eta_p) - (1 - alpha) A(eta_q)) with -2 eta_alpha = alpha "
        "e^(mu_p/sigma) + (1 - alpha) e^(mu_q/sigma), which must be > 0 (else +oo; alpha > 1 only)",
    ),
    example={"mu": 0, "sigma": 1},
    cases=(
        ({"mu": 0, "sigma": 1}, {"mu": 2, "sigma": 3}, "moderate"),
        ({"mu": 0, "sigma": "1/10^6"}, {"mu": "1/10^6", "sigma": "2/10^6"}, "tiny scales"),
        ({"mu": 0, "sigma": 10**6}, {"mu": 0, "sigma": 10**6 + 1}, "huge scales, near-equal"),
        ({"mu": 1, "sigma": 1}, {"mu": "1+1/10^9", "sigma": 1}, "near-equal locations"),
        ({"mu": 0, "sigma": 1}, {"mu": -20, "sigma": 1}, "Q far left: exp(10) in the closed form"),
        ({"mu": 5, "sigma": 10}, {"mu": 0, "sigma": 1}, "Q ten times narrower: long right tail of P"),
        ({"mu": 0, "sigma": 2}, {"mu": 3, "sigma": 2}, "shared scale"),
        ({"mu": 0, "sigma": "1/10^6"}, {"mu": "5/10^6", "sigma": "1/10^6"}, "shared tiny scale"),
        ({"mu": 10**6, "sigma": 10**6}, {"mu": -(10**6), "sigma": 10**6}, "shared huge scale"),
        ({"mu": 0, "sigma": 1}, {"mu": 30, "sigma": 1}, "shared scale, Q far right: exp(-30)"),
    ),
    wide=(({"mu": 1e100, "sigma": 1e-100}, {"mu": 1e100, "sigma": 1e-99}),),
)

# --------------------------------------------------------------------------- logistic
_lo_mu = Param("mu", REAL, "location (mean, median and mode)")
_lo_s = Param("s", POSITIVE, "scale (fixed)", fixed=True)
lo_mu, lo_s = _lo_mu.symbol(), _lo_s.symbol()
#: m = (c - mu)/s: Z = (X - mu)/s is standard logistic, and log(1 + e^((c - X)/s)) = log(1 + e^(m - Z))
_lo_m = (c - lo_mu) / lo_s
#: d = (mu_q - mu_p)/s: Q's location from P's, in units of the shared scale
_lo_d = (_lo_mu.symbol("_q") - _lo_mu.symbol("_p")) / lo_s
logistic = Family(
    name="logistic",
    title="Logistic",
    params=(_lo_mu, _lo_s),
    support=Support(-sp.oo, sp.oo, discrete=False),
    # log(1 + e^z) kept whole (log1pexp): finite in float64 for any x, one compiled function for the oracle
    logpdf=-(x - lo_mu) / lo_s - 2 * log1pexp((lo_mu - x) / lo_s) - log(lo_s),
    parameterization=(
        "density exp(-(x - mu)/s) / (s (1 + exp(-(x - mu)/s))^2) on the real line; mu real location (mean, "
        "median and mode), s > 0 scale, FIXED (variance pi^2 s^2/3; scipy: logistic(loc=mu, scale=s)). A "
        "closed form is derived for P and Q sharing s; with different s, E[log(1 + e^((c - X)/s_q))] has none "
        "and the value is numeric. exp(X) is log-logistic with scale exp(mu) and shape 1/s. The forms write "
        "log1pexp(z) for log(1 + e^z)."
    ),
    mean=lo_mu,
    variance=pi**2 * lo_s**2 / 3,
    median=lo_mu,
    expectations=(
        (
            log1pexp((c - x) / lo_s),
            sp.Piecewise((1, sp.Eq(c, lo_mu)), (_lo_m / (1 - sp.exp(-_lo_m)), True)),
            "with Z = (X - mu)/s standard logistic and m = (c - mu)/s, e^((c - X)/s) = e^(m - Z), and -Z is "
            "standard logistic too; u = 1/(1 + e^(-Z)) is uniform on (0, 1) and e^Z = u/(1 - u), so "
            "E[log(1 + e^(m + Z))] is the integral over 0 < u < 1 of log(1 - u + e^m u) - log(1 - u), which is "
            "(m e^m/(e^m - 1) - 1) + 1 = m/(1 - e^(-m)) (1 at m = 0): elementary (SymPy does not finish the "
            "integral over x)",
        ),
    ),
    affinity=(
        logistic_log_affinity(_lo_d),
        "for P and Q sharing s, z = (x - mu_p)/s and d = (mu_q - mu_p)/s give p^alpha q^(1 - alpha) dx = "
        "f(z)^alpha f(z - d)^(1 - alpha) dz with f(z) = e^(-z)/(1 + e^(-z))^2; with u = e^(-z) the integral is "
        "e^((1 - alpha) d) times the integral over u > 0 of (1 + u)^(-2 alpha) (1 + e^d u)^(-2 (1 - alpha)), "
        "which u = t/(1 - t) turns into Euler's integral of 2F1(2 - 2 alpha, 1; 2; 1 - e^d) (DLMF 15.6.1), "
        "finite for every alpha > 0; for d < 0 Pfaff's transformation (DLMF 15.8.1) gives the same value as "
        "e^(-alpha d) 2F1(2 alpha, 1; 2; 1 - e^(-d)), whose argument is not near 1 (where evaluating 2F1 "
        "loses the digits of a d of -1000); at alpha = 1/2 it is d/(2 sinh(d/2)) (SymPy does not finish the "
        "integral)",
    ),
    example={"mu": 0, "s": 1},
    cases=(
        ({"mu": 0, "s": 1}, {"mu": 1, "s": 1}, "moderate"),
        ({"mu": "1/3", "s": 2}, {"mu": "1/3+1/10^9", "s": 2}, "near-equal locations: KL ~ d^2/6"),
        ({"mu": 0, "s": "1/10^6"}, {"mu": "3/10^6", "s": "1/10^6"}, "tiny scale"),
        ({"mu": -10**8, "s": 10**8}, {"mu": 10**8, "s": 10**8}, "huge scale"),
        ({"mu": 0, "s": 1}, {"mu": 40, "s": 1}, "40 scales apart: e^(-40) in the closed form"),
        ({"mu": 1000, "s": 1}, {"mu": 0, "s": 1}, "1000 scales apart: KL ~ d - 2"),
        ({"mu": 0, "s": 3}, {"mu": -5, "s": 3}, "Q left, five thirds of a scale"),
    ),
    wide=(({"mu": 1e100, "s": 1e98}, {"mu": -1e100, "s": 1e98}),),
)

# --------------------------------------------------------------------------- half-logistic
_hl_s = Param("s", POSITIVE, "scale")
hl_s = _hl_s.symbol()
_hl_m = sp.Symbol("m", integer=True, nonnegative=True)
#: r = s/c: the scale of P over the scale in the atom
_hl_r = hl_s / c


def _hl_beta(z: sp.Expr) -> sp.Expr:
    """beta(z) = sum over k >= 0 of (-1)^k/(z + k) = (psi((z + 1)/2) - psi(z/2))/2."""
    return (sp.polygamma(0, (z + 1) / 2) - sp.polygamma(0, z / 2)) / 2


half_logistic = Family(
    name="half_logistic",
    title="Half-logistic",
    params=(_hl_s,),
    support=Support(0, sp.oo, discrete=False),
    logpdf=log(2) - log(hl_s) - x / hl_s - 2 * log1pexp(-x / hl_s),
    parameterization=(
        "density 2 exp(-x/s) / (s (1 + exp(-x/s))^2) on x >= 0, the law of |Y| for Y ~ logistic(0, s); s > 0 "
        "scale (mean 2 s log 2, median s log 3; scipy: halflogistic(scale=s)). KL across scales has no elementary "
        "form: it is exact, with an alternating series of digamma values (E[log(1 + e^(-X/c))] below). The forms "
        "write log1pexp(z) for log(1 + e^z)."
    ),
    mean=2 * log(2) * hl_s,
    variance=(pi**2 / 3 - 4 * log(2) ** 2) * hl_s**2,
    median=log(3) * hl_s,
    expectations=(
        (
            log1pexp(-x / c),
            sp.Piecewise(
                (1 - log(2), sp.Eq(c, hl_s)),
                (log(2) - 2 * _hl_r * sp.Sum((-1) ** _hl_m * _hl_beta(1 + _hl_r * (_hl_m + 1)), (_hl_m, 0, sp.oo)), True)),
            "with U = X/s, r = s/c and w = e^(-U), 1 - F(u) = 2w/(1 + w), so integrating by parts "
            "E[log(1 + w^r)] = log 2 - 2r times the integral over u > 0 of e^(-(r + 1)u)/((1 + e^(-ru))(1 + e^(-u))); "
            "expanding 1/(1 + e^(-ru)) (partial sums bounded by 1) gives log 2 - 2r sum over j >= 0 of "
            "(-1)^j beta(1 + r(j + 1)), beta(z) = integral of e^(-zu)/(1 + e^(-u)) = sum over k of (-1)^k/(z + k) = "
            "(psi((z + 1)/2) - psi(z/2))/2 (the even and odd terms of DLMF 5.7.6); with x = e^(-ru), "
            "beta(1 + r(j + 1)) are the moments of a positive measure on (0, 1), so the alternating series is "
            "summed by the Cohen-Rodriguez Villegas-Zagier acceleration. At r = 1 the integral over 0 < w < 1 of "
            "2 log(1 + w)/(1 + w)^2 is 1 - log 2",
        ),
    ),
    example={"s": 1},
    cases=(
        ({"s": 1}, {"s": 2}, "textbook"),
        ({"s": 1}, {"s": "1+1/10^9"}, "near-equal"),
        ({"s": "1/10^6"}, {"s": "3/10^6"}, "tiny scales"),
        ({"s": 10**6}, {"s": 10**5}, "huge scales"),
        ({"s": 5}, {"s": "1/5"}, "Q 25 times narrower"),
        ({"s": 1}, {"s": 1000}, "Q 1000 times wider"),
        ({"s": "1/3"}, {"s": "1/2"}, "moderate"),
    ),
    wide=(({"s": 1e-100}, {"s": 1e100}),),
)

# --------------------------------------------------------------------------- triangular
_ta = Param("a", REAL, "lower end of the support")
_tc = Param("c", REAL, "mode (a < c < b)")
_tb = Param("b", REAL, "upper end of the support")
ta, tc, tb = _ta.symbol(), _tc.symbol(), _tb.symbol()

triangular = Family(
    name="triangular",
    title="Triangular",
    params=(_ta, _tc, _tb),
    support=Support(ta, tb, discrete=False),
    logpdf=log(2) - log(tb - ta) + sp.Piecewise((log(x - ta) - log(tc - ta), x <= tc), (log(tb - x) - log(tb - tc), True)),
    parameterization=(
        "density 2 min((x - a)/(c - a), (b - x)/(b - c))/(b - a) on the closed interval [a, b], that is "
        "2(x - a)/((b - a)(c - a)) for a <= x <= c and 2(b - x)/((b - a)(b - c)) for c <= x <= b; a < c < b real, "
        "c the mode (scipy: triang(c=(c - a)/(b - a), loc=a, scale=b - a)). The support depends on a and b, so "
        "KL(P‖Q) is finite only when [a_p, b_p] lies inside [a_q, b_q]; the closed form is a Piecewise in where "
        "c_q sits among a_p, c_p and b_p."
    ),
    mean=(ta + tc + tb) / 3,
    variance=(ta**2 + tb**2 + tc**2 - ta * tb - ta * tc - tb * tc) / 18,
    median=tc,
    kinks=(tc,),
    extra_check=first_broken(ordered("a", "c"), ordered("c", "b")),  # a < c < b
    example={"a": 0, "c": 1, "b": 3},
    cases=(
        ({"a": 0, "c": 1, "b": 3}, {"a": 0, "c": 2, "b": 3}, "shared support, c_p < c_q"),
        ({"a": 0, "c": 2, "b": 3}, {"a": 0, "c": 1, "b": 3}, "shared support, c_p > c_q"),
        ({"a": 0, "c": "1/2", "b": 1}, {"a": 0, "c": "1/2-1/10^9", "b": 1}, "near-equal modes"),
        ({"a": 0, "c": "1/10^9", "b": 1}, {"a": 0, "c": "1-1/10^9", "b": 1}, "modes near opposite ends"),
        ({"a": 1, "c": 2, "b": 4}, {"a": 0, "c": "1/2", "b": 5}, "nested, Q's mode below P's support"),
        ({"a": 1, "c": 2, "b": 4}, {"a": 0, "c": "9/2", "b": 5}, "nested, Q's mode above P's support"),
        ({"a": 1, "c": 3, "b": 4}, {"a": 0, "c": 2, "b": 5}, "nested, c_q between a_p and c_p"),
        ({"a": 1, "c": 2, "b": 4}, {"a": "1-1/10^12", "c": 3, "b": "4+1/10^12"}, "nested with tiny gaps"),
        ({"a": "1/3", "c": "1/3+1/10^15", "b": "1/3+3/10^15"}, {"a": 0, "c": "1/2", "b": 1}, "tiny width"),
        ({"a": -10**9, "c": 0, "b": 10**9}, {"a": -10**10, "c": 10**9, "b": 10**10}, "huge widths"),
        ({"a": 1, "c": 2, "b": 4}, {"a": 0, "c": 1, "b": 5}, "nested, Q's mode on P's lower end"),
        ({"a": 0, "c": 1, "b": 3}, {"a": 0, "c": 1, "b": 4}, "equal modes, one end shared"),
        ({"a": 0, "c": 1, "b": 3}, {"a": -1, "c": 3, "b": 4}, "nested, Q's mode on P's upper end"),
        ({"a": 0, "c": 1, "b": 2}, {"a": 1, "c": 2, "b": 3}, "overlapping, not nested: +oo"),
        ({"a": 0, "c": 1, "b": 3}, {"a": 0, "c": 1, "b": 3}, "equal"),
    ),
)

RECORDS = (uniform, cauchy, moyal, logistic, half_logistic, triangular)
