"""The scipy adapters: scipy.stats distributions in klsym's parameterization (the mapping
table is in :mod:`klsym.verification.adapters`), and a plain scipy KL for the verifier.

:func:`scipy_kl` is KL as many projects write it with scipy, the defining sum or integral;
a thing to verify, not a reference.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Mapping

from ..exact.counts import count_vectors
from ..records import registry
from .adapters import bind_parameters

__all__ = ["scipy_distribution", "scipy_kl", "COUNT_VECTOR_LAWS", "MAX_COUNT_VECTORS"]


def scipy_distribution(family: str, params: Mapping[str, Any]) -> Any:
    """The frozen ``scipy.stats`` distribution for klsym parameters (not categorical).

    >>> float(scipy_distribution("gamma", {"alpha": 2.0, "beta": 4.0}).mean())   # alpha / beta
    0.5
    """
    from scipy import stats

    t = dict(params)
    table: dict[str, Callable[[], Any]] = {
        "normal": lambda: stats.norm(loc=t.get("mu"), scale=t.get("sigma")),
        "lognormal": lambda: stats.lognorm(s=t["sigma"], scale=math.exp(t["mu"])),
        "exponential": lambda: stats.expon(scale=1 / t["lam"]),
        "gamma": lambda: stats.gamma(a=t["alpha"], scale=1 / t["beta"]),
        "inverse_gamma": lambda: stats.invgamma(a=t["alpha"], scale=t["beta"]),
        "beta": lambda: stats.beta(a=t["alpha"], b=t["beta"]),
        "chi_squared": lambda: stats.chi2(df=t["k"]),
        "inverse_chi_squared": lambda: stats.invgamma(a=t["k"] / 2, scale=0.5),
        "rayleigh": lambda: stats.rayleigh(scale=t["sigma"]),
        "half_normal": lambda: stats.halfnorm(scale=t["sigma"]),
        "inverse_gaussian": lambda: stats.invgauss(mu=t["mu"] / t["lam"], scale=t["lam"]),
        "weibull": lambda: stats.weibull_min(c=t["k"], scale=t["lam"]),
        "pareto": lambda: stats.pareto(b=t["alpha"], scale=t["xm"]),
        "laplace": lambda: stats.laplace(loc=t["mu"], scale=t["b"]),
        "chi": lambda: stats.chi(df=t["k"]),
        "maxwell": lambda: stats.maxwell(scale=t["a"]),
        "beta_prime": lambda: stats.betaprime(a=t["alpha"], b=t["beta"]),
        "nakagami": lambda: stats.nakagami(nu=t["m"], scale=math.sqrt(t["omega"])),
        "von_mises": lambda: stats.vonmises(kappa=t["kappa"], loc=t["mu"]),
        "erlang": lambda: stats.erlang(a=t["k"], scale=1 / t["lam"]),
        "scaled_inverse_chi_squared": lambda: stats.invgamma(a=t["nu"] / 2, scale=t["nu"] * t["tau2"] / 2),
        "logarithmic": lambda: stats.logser(p=t["p"]),
        "zeta": lambda: stats.zipf(a=t["s"]),
        "uniform": lambda: stats.uniform(loc=t["a"], scale=t["b"] - t["a"]),
        "cauchy": lambda: stats.cauchy(loc=t["x0"], scale=t["gamma"]),
        "gumbel": lambda: stats.gumbel_r(loc=t["mu"], scale=t["beta"]),
        "moyal": lambda: stats.moyal(loc=t["mu"], scale=t["sigma"]),
        "logistic": lambda: stats.logistic(loc=t["mu"], scale=t["s"]),
        "log_gamma": lambda: stats.loggamma(c=t["alpha"], loc=-math.log(t["beta"])),
        "log_laplace": lambda: stats.loglaplace(c=1 / t["b"], scale=math.exp(t["mu"])),
        "generalized_gamma": lambda: stats.gengamma(a=t["d"] / t["p"], c=t["p"], scale=t["a"]),
        "frechet": lambda: stats.invweibull(c=t["alpha"], scale=t["s"]),
        "levy": lambda: stats.levy(loc=t["mu"], scale=t["c"]),
        "burr": lambda: stats.burr12(c=t["c"], d=t["k"]),
        "lomax": lambda: stats.lomax(c=t["alpha"], scale=t["lam"]),
        "asymmetric_laplace": lambda: stats.laplace_asymmetric(kappa=t["kappa"], loc=t["mu"], scale=t["b"]),
        "generalized_normal": lambda: stats.gennorm(beta=t["beta"], loc=t["mu"], scale=t["alpha"]),
        "exponentiated_exponential": lambda: stats.exponweib(a=t["alpha"], c=1, scale=1 / t["lam"]),
        "gompertz": lambda: stats.gompertz(c=t["eta"], scale=1 / t["b"]),
        "discrete_uniform": lambda: stats.randint(low=t["a"], high=t["b"] + 1),
        # scipy's letters differ: M the population, n its successes, N the draws
        "hypergeometric": lambda: stats.hypergeom(M=t["N"], n=t["K"], N=t["n"]),
        "beta_binomial": lambda: stats.betabinom(n=t["n"], a=t["alpha"], b=t["beta"]),
        "shifted_exponential": lambda: stats.expon(loc=t["loc"], scale=1 / t["lam"]),
        "half_cauchy": lambda: stats.halfcauchy(scale=t["gamma"]),
        "half_logistic": lambda: stats.halflogistic(scale=t["s"]),
        "log_uniform": lambda: stats.loguniform(a=t["a"], b=t["b"]),
        "log_logistic": lambda: stats.fisk(c=t["beta"], scale=t["alpha"]),
        "truncated_normal": lambda: stats.truncnorm(a=(t["a"] - t["mu"]) / t["sigma"], b=(t["b"] - t["mu"]) / t["sigma"],
                                                    loc=t["mu"], scale=t["sigma"]),
        "beta4": lambda: stats.beta(a=t["alpha"], b=t["beta"], loc=t["a"], scale=t["b"] - t["a"]),
        "triangular": lambda: stats.triang(c=(t["c"] - t["a"]) / (t["b"] - t["a"]), loc=t["a"], scale=t["b"] - t["a"]),
        "bernoulli": lambda: stats.bernoulli(p=t["p"]),
        "binomial": lambda: stats.binom(n=t["n"], p=t["p"]),
        "poisson": lambda: stats.poisson(mu=t["lam"]),
        "geometric": lambda: stats.geom(p=t["p"]),
        "negative_binomial": lambda: stats.nbinom(n=t["r"], p=t["p"]),
        "multivariate_normal": lambda: stats.multivariate_normal(mean=t["mu"], cov=t["Sigma"]),
        "matrix_normal": lambda: stats.matrix_normal(mean=t["M"], rowcov=t["U"], colcov=t["V"]),
        "dirichlet": lambda: stats.dirichlet(alpha=t["alpha"]),
        "wishart": lambda: stats.wishart(df=t["nu"], scale=t["V"]),
        "inverse_wishart": lambda: stats.invwishart(df=t["nu"], scale=t["Psi"]),
        "multinomial": lambda: stats.multinomial(n=t["n"], p=t["p"]),
        "dirichlet_multinomial": lambda: stats.dirichlet_multinomial(alpha=t["alpha"], n=t["n"]),
        "multivariate_hypergeometric": lambda: stats.multivariate_hypergeom(m=t["K"], n=t["n"]),
        "von_mises_fisher": lambda: stats.vonmises_fisher(mu=t["mu"], kappa=t["kappa"]),
    }
    if family not in table:
        raise ValueError(f"no scipy.stats mapping for klsym family {family!r}")
    return table[family]()


def scipy_kl(family: str) -> Callable[..., float]:
    """A plain scipy KL, as many projects write it: the defining sum or integral.

    Discrete families sum ``rel_entr(pmf_p, pmf_q)`` over P's support (cut
    where P's tail is below 1e-17); the laws of count vectors (multinomial,
    Dirichlet-multinomial, multivariate hypergeometric) over every count vector
    of P's support, at most :data:`MAX_COUNT_VECTORS` of them; continuous ones
    integrate ``pdf_p·(logpdf_p − logpdf_q)`` with ``scipy.integrate.quad``.
    Simple, not careful — a thing to verify, not a reference. A continuous law
    of vectors or matrices has no such plain KL here (an integral over many
    dimensions): :func:`scipy_distribution` still maps it.
    """
    import numpy as np
    from scipy import integrate, special

    rec = registry.get(family)
    if rec.multivariate and family not in COUNT_VECTOR_LAWS:
        raise ValueError(f"scipy_kl: no plain scipy KL for {family} (an integral over vectors or matrices); "
                         f"the laws of count vectors have one: {', '.join(COUNT_VECTOR_LAWS)}")

    def impl(*args: Any, **kwargs: Any) -> float:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return plain(*args, **kwargs)

    def plain(*args: Any, **kwargs: Any) -> float:
        tp, tq = bind_parameters(family, None, args, kwargs)
        if family == "categorical":
            return float(np.sum(special.rel_entr(np.asarray(tp["p"], float), np.asarray(tq["p"], float))))
        p, q = scipy_distribution(family, tp), scipy_distribution(family, tq)
        if family in COUNT_VECTOR_LAWS:
            k = np.array(_count_vectors(tp), dtype=np.int64)
            return float(np.sum(special.rel_entr(p.pmf(k), q.pmf(k))))
        if rec.discrete:
            lo, hi = p.support()
            tail = p.isf(1e-17)
            hi = min(hi, tail if np.isfinite(tail) else p.mean() + 40 * p.std() + 40)
            if not hi - lo < 1e6:
                raise ValueError(f"scipy_kl: {hi - lo:.3g} support points are too many to sum")
            k = np.arange(lo, max(hi, lo) + 1)
            return float(np.sum(special.rel_entr(p.pmf(k), q.pmf(k))))
        lo, hi = p.support()

        def integrand(x: float) -> float:
            lp = p.logpdf(x)
            return 0.0 if lp == -np.inf else math.exp(lp) * (lp - q.logpdf(x))

        return float(integrate.quad(integrand, lo, hi, limit=200)[0])

    impl.__name__ = f"scipy_kl_{family}"
    return impl


#: the laws of count vectors :func:`scipy_kl` sums over (a vector of counts summing to n)
COUNT_VECTOR_LAWS = ("multinomial", "dirichlet_multinomial", "multivariate_hypergeometric")
#: the most count vectors :func:`scipy_kl` sums over
MAX_COUNT_VECTORS = 10**6


def _count_vectors(params: Mapping[str, Any]) -> list[list[int]]:
    """Every count vector of P's support: c counts summing to n (:func:`klsym.exact.counts.count_vectors`),
    count i at most K[i] for the multivariate hypergeometric's urn."""
    n = int(params["n"])
    c = len(params["K"]) if "K" in params else len(params.get("p", params.get("alpha", ())))
    if math.comb(n + c - 1, c - 1) > MAX_COUNT_VECTORS:
        raise ValueError(f"scipy_kl: more than MAX_COUNT_VECTORS = {MAX_COUNT_VECTORS} count vectors to sum")
    sizes = [int(k) for k in params["K"]] if "K" in params else [n] * c
    return [x for x in count_vectors(n, c) if all(a <= b for a, b in zip(x, sizes))]
