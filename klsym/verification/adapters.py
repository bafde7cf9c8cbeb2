"""Adapters: other libraries' KL code as callables in klsym's parameterization.

The verifier (:func:`klsym.verify`) calls an implementation with P's
parameters, then Q's, each in the order of the family record (``klsym list``),
positionally — or by name with suffixes ``_p`` and ``_q`` (``mu_p=…``). Every
adapter accepts both: torch's here, scipy's in :mod:`klsym.verification.scipy_adapters`.

Parameter mappings (klsym → torch.distributions / scipy.stats):

=================  ==================================================  ==========================================
klsym              torch                                               scipy.stats
=================  ==================================================  ==========================================
normal(mu, sigma)  Normal(loc=mu, scale=sigma)                         norm(loc=mu, scale=sigma)
lognormal          LogNormal(loc=mu, scale=sigma)                      lognorm(s=sigma, scale=exp(mu))
exponential(lam)   Exponential(rate=lam)                               expon(scale=1/lam)
gamma(alpha, beta) Gamma(concentration=alpha, rate=beta)               gamma(a=alpha, scale=1/beta)
inverse_gamma      InverseGamma(concentration=alpha, rate=beta)        invgamma(a=alpha, scale=beta)
beta(alpha, beta)  Beta(concentration1=alpha, concentration0=beta)     beta(a=alpha, b=beta)
chi_squared(k)     Chi2(df=k)                                          chi2(df=k)
inverse_chi_sq(k)  —                                                   invgamma(a=k/2, scale=1/2)
rayleigh(sigma)    —                                                   rayleigh(scale=sigma)
half_normal(sigma) HalfNormal(scale=sigma)                             halfnorm(scale=sigma)
inverse_gaussian   —                                                   invgauss(mu=mu/lam, scale=lam)
weibull(k, lam)    Weibull(scale=lam, concentration=k)                 weibull_min(c=k, scale=lam)
pareto(xm, alpha)  Pareto(scale=xm, alpha=alpha)                       pareto(b=alpha, scale=xm)
laplace(mu, b)     Laplace(loc=mu, scale=b)                            laplace(loc=mu, scale=b)
chi(k)             —                                                   chi(df=k)
maxwell(a)         —                                                   maxwell(scale=a)
beta_prime         —                                                   betaprime(a=alpha, b=beta)
nakagami(m, omega) —                                                   nakagami(nu=m, scale=sqrt(omega))
continuous_bern.   ContinuousBernoulli(probs=lam)                      —
uniform(a, b)      Uniform(low=a, high=b)                              uniform(loc=a, scale=b−a)
cauchy(x0, gamma)  Cauchy(loc=x0, scale=gamma)                         cauchy(loc=x0, scale=gamma)
gumbel(mu, beta)   Gumbel(loc=mu, scale=beta)                          gumbel_r(loc=mu, scale=beta)
gen._gamma(a,d,p)  —                                                   gengamma(a=d/p, c=p, scale=a)
frechet(alpha, s)  —                                                   invweibull(c=alpha, scale=s)
levy(mu, c)        —                                                   levy(loc=mu, scale=c)
burr(c, k)         —                                                   burr12(c=c, d=k)
lomax(alpha, lam)  —                                                   lomax(c=alpha, scale=lam)
asym._laplace     —                                                   laplace_asymmetric(kappa=kappa, loc=mu, scale=b)
gen._normal       —                                                   gennorm(beta=beta, loc=mu, scale=alpha)
exp._exponential  —                                                   exponweib(a=alpha, c=1, scale=1/lam)
gompertz(eta, b)   —                                                   gompertz(c=eta, scale=1/b)
shifted_exp.       —                                                   expon(loc=loc, scale=1/lam)
moyal(mu, sigma)   —                                                   moyal(loc=mu, scale=sigma)
logistic(mu, s)    —                                                   logistic(loc=mu, scale=s)
von_mises          VonMises(loc=mu, concentration=kappa)               vonmises(kappa=kappa, loc=mu)
erlang(k, lam)     —                                                   erlang(a=k, scale=1/lam)
scaled_inv_chi_sq  —                                                   invgamma(a=nu/2, scale=nu·tau2/2)
log_gamma          —                                                   loggamma(c=alpha, loc=−log(beta))
log_laplace(mu, b) —                                                   loglaplace(c=1/b, scale=exp(mu))
half_cauchy(gamma) —                                                   halfcauchy(scale=gamma)
half_logistic(s)   —                                                   halflogistic(scale=s)
log_uniform(a, b)  —                                                   loguniform(a=a, b=b)
log_logistic       —                                                   fisk(c=beta, scale=alpha)
truncated_normal   —                                                   truncnorm(a=(a−mu)/sigma, b=(b−mu)/sigma, loc=mu, scale=sigma)
beta4(alpha, ...)  —                                                   beta(a=alpha, b=beta, loc=a, scale=b−a)
triangular(a,c,b)  —                                                   triang(c=(c−a)/(b−a), loc=a, scale=b−a)
logarithmic(p)     —                                                   logser(p=p)
zeta(s)            —                                                   zipf(a=s)
discrete_uniform   —                                                   randint(low=a, high=b+1)
hypergeometric     —                                                   hypergeom(M=N, n=K, N=n): other letters
beta_binomial      —                                                   betabinom(n=n, a=alpha, b=beta)
bernoulli(p)       Bernoulli(probs=p)                                  bernoulli(p=p)
binomial(n, p)     Binomial(total_count=n, probs=p)                    binom(n=n, p=p)
poisson(lam)       Poisson(rate=lam)                                   poisson(mu=lam)
geometric(p)       Geometric(probs=p), counts failures: X_torch = X−1  geom(p=p) (trials, as klsym)
negative_binomial  NegativeBinomial(total_count=r, probs=1−p)          nbinom(n=r, p=p)
categorical(p)     Categorical(probs=p), outcomes 0..K−1 for 1..K      —
multivar._normal   MultivariateNormal(loc=mu, covariance_matrix=Sigma)  multivariate_normal(mean=mu, cov=Sigma)
matrix_normal      —                                                   matrix_normal(mean=M, rowcov=U, colcov=V)
dirichlet(alpha)   Dirichlet(concentration=alpha)                      dirichlet(alpha=alpha)
wishart(nu, V)     —                                                   wishart(df=nu, scale=V)
inv._wishart       —                                                   invwishart(df=nu, scale=Psi)
multinomial(n, p)  —                                                   multinomial(n=n, p=p)
dir._multinomial   —                                                   dirichlet_multinomial(alpha=alpha, n=n)
mv._hypergeom.     —                                                   multivariate_hypergeom(m=K, n=n)
von_mises_fisher   —                                                   vonmises_fisher(mu=mu, kappa=kappa)
=================  ==================================================  ==========================================

Two mappings need care. torch's ``Geometric`` counts failures before the
first success (support 0, 1, …) where klsym counts trials (1, 2, …); the
shift by one changes no probability, so KL is the same. torch's
``NegativeBinomial(total_count, probs)`` counts *successes* before
``total_count`` failures, ``probs`` being the success probability; klsym
counts failures before the r-th success with success probability p — the
roles of success and failure swap, so ``probs = 1 − p``. (torch registers no
KL for NegativeBinomial; the mapping is still used and tested for log_prob.)
The torch distributions are built in float64 with ``validate_args=False``, so
that the KL formula itself is what gets verified.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from ..records import registry

__all__ = [
    "bind_parameters",
    "torch_distribution",
    "torch_kl",
    "torch_families",
    "torch_cross_pairs",
    "TorchPair",
    "adapt",
    "TORCH_NAMES",
]

#: klsym family → (torch.distributions class name, klsym params → torch keyword arguments)
TORCH_NAMES: dict[str, tuple[str, Callable[[dict], dict]]] = {
    "normal": ("Normal", lambda t: {"loc": t["mu"], "scale": t["sigma"]}),
    "lognormal": ("LogNormal", lambda t: {"loc": t["mu"], "scale": t["sigma"]}),
    "exponential": ("Exponential", lambda t: {"rate": t["lam"]}),
    "gamma": ("Gamma", lambda t: {"concentration": t["alpha"], "rate": t["beta"]}),
    "inverse_gamma": ("InverseGamma", lambda t: {"concentration": t["alpha"], "rate": t["beta"]}),
    "beta": ("Beta", lambda t: {"concentration1": t["alpha"], "concentration0": t["beta"]}),
    "chi_squared": ("Chi2", lambda t: {"df": t["k"]}),
    "half_normal": ("HalfNormal", lambda t: {"scale": t["sigma"]}),
    "weibull": ("Weibull", lambda t: {"scale": t["lam"], "concentration": t["k"]}),
    "pareto": ("Pareto", lambda t: {"scale": t["xm"], "alpha": t["alpha"]}),
    "laplace": ("Laplace", lambda t: {"loc": t["mu"], "scale": t["b"]}),
    "continuous_bernoulli": ("ContinuousBernoulli", lambda t: {"probs": t["lam"]}),
    "von_mises": ("VonMises", lambda t: {"loc": t["mu"], "concentration": t["kappa"]}),
    "uniform": ("Uniform", lambda t: {"low": t["a"], "high": t["b"]}),
    "cauchy": ("Cauchy", lambda t: {"loc": t["x0"], "scale": t["gamma"]}),
    "gumbel": ("Gumbel", lambda t: {"loc": t["mu"], "scale": t["beta"]}),
    "bernoulli": ("Bernoulli", lambda t: {"probs": t["p"]}),
    "binomial": ("Binomial", lambda t: {"total_count": t["n"], "probs": t["p"]}),
    "poisson": ("Poisson", lambda t: {"rate": t["lam"]}),
    "geometric": ("Geometric", lambda t: {"probs": t["p"]}),
    "negative_binomial": ("NegativeBinomial", lambda t: {"total_count": t["r"], "probs": 1 - t["p"]}),
    "categorical": ("Categorical", lambda t: {"probs": t["p"]}),
    "multivariate_normal": ("MultivariateNormal", lambda t: {"loc": t["mu"], "covariance_matrix": t["Sigma"]}),
    "dirichlet": ("Dirichlet", lambda t: {"concentration": t["alpha"]}),
}


def bind_parameters(family_p: str, family_q: str | None, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[dict, dict]:
    """(P's parameters, Q's parameters) by name, from the calling conventions of the verifier.

    >>> bind_parameters("normal", None, (0.0, 1.0), {"mu_q": 2.0, "sigma_q": 3.0})
    ({'mu': 0.0, 'sigma': 1.0}, {'mu': 2.0, 'sigma': 3.0})
    """
    family_q = family_q or family_p
    names = [(n, "p") for n in registry.get(family_p).names()] + [(n, "q") for n in registry.get(family_q).names()]
    if len(args) > len(names):
        raise TypeError(f"expected at most {len(names)} parameters, got {len(args)}")
    out: tuple[dict, dict] = ({}, {})
    for (name, side), value in zip(names, args):
        out[side == "q"][name] = value
    for (name, side) in names[len(args):]:
        key = f"{name}_{side}"
        if key not in kwargs:
            raise TypeError(f"missing parameter {key}")
        out[side == "q"][name] = kwargs[key]
    return out


# ----------------------------------------------------------------- torch
def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("torch is not installed (pip install 'klsym[torch]')") from exc
    return torch


def torch_families() -> list[str]:
    """klsym families for which torch registers a same-family KL (empty without torch)."""
    try:
        torch = _torch()
    except ImportError:
        return []
    from torch.distributions.kl import _dispatch_kl

    out = []
    for family, (cls_name, _) in TORCH_NAMES.items():
        cls = getattr(torch.distributions, cls_name, None)
        if cls is not None and _dispatch_kl(cls, cls) is not NotImplemented:
            out.append(family)
    return out


class TorchPair(NamedTuple):
    """A pair of different distribution classes with a KL registered in ``torch.distributions.kl``:
    torch's class names, and the klsym families they map to (None where klsym has none)."""

    torch_p: str
    torch_q: str
    family_p: str | None
    family_q: str | None

    @property
    def covered(self) -> bool:
        """True when klsym has a family (and an adapter) for both classes."""
        return self.family_p is not None and self.family_q is not None

    def uncovered_reason(self) -> str:
        """Why the pair cannot be verified, class by class ("" when covered).

        >>> TorchPair("MultivariateNormal", "LowRankMultivariateNormal", None, None).uncovered_reason()
        'no torch adapter for klsym family multivariate_normal; klsym has no family LowRankMultivariateNormal'
        """
        out = []
        for cls, family in ((self.torch_p, self.family_p), (self.torch_q, self.family_q)):
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls).lower()  # MultivariateNormal -> multivariate_normal
            if family is None:
                out.append(f"no torch adapter for klsym family {snake}" if snake in registry.names()
                           else f"klsym has no family {cls}")
        return "; ".join(out)


def torch_cross_pairs() -> list[TorchPair]:
    """Every pair of two different classes that ``torch.distributions.kl`` registers a KL for, read
    from its registry (nothing listed by hand), mapped to klsym families through
    :data:`TORCH_NAMES`; sorted by torch's class names. Wrapper classes (``Independent``,
    ``TransformedDistribution``, ``MixtureSameFamily`` themselves) are left out. Empty without torch.

    >>> pairs = torch_cross_pairs()
    >>> not pairs or TorchPair("Normal", "Laplace", "normal", "laplace") in pairs
    True
    """
    try:
        torch = _torch()
    except ImportError:
        return []
    from torch.distributions import Independent, MixtureSameFamily, TransformedDistribution
    from torch.distributions.kl import _KL_REGISTRY

    wrappers = (Independent, MixtureSameFamily, TransformedDistribution)
    family_of = {cls_name: family for family, (cls_name, _) in TORCH_NAMES.items()
                 if getattr(torch.distributions, cls_name, None) is not None}
    pairs = {TorchPair(p.__name__, q.__name__, family_of.get(p.__name__), family_of.get(q.__name__))
             for p, q in _KL_REGISTRY if p is not q and p not in wrappers and q not in wrappers}
    return sorted(pairs)


def torch_distribution(family: str, params: Mapping[str, Any]) -> Any:
    """The torch distribution (float64, no argument validation) for klsym parameters.

    ``torch_distribution("negative_binomial", {"r": 3.0, "p": 0.25})`` is
    ``NegativeBinomial(total_count=3.0, probs=0.75)``: see the table above.
    """
    torch = _torch()
    if family not in TORCH_NAMES:
        raise ValueError(f"torch has no distribution for klsym family {family!r}; mapped: {', '.join(TORCH_NAMES)}")
    cls_name, mapping = TORCH_NAMES[family]
    tensors = {k: torch.as_tensor(v, dtype=torch.float64) for k, v in params.items()}
    kwargs = mapping(tensors)
    return getattr(torch.distributions, cls_name)(**kwargs, validate_args=False)


def torch_kl(family_p: str, family_q: str | None = None) -> Callable[..., Any]:
    """``torch.distributions.kl_divergence`` as an implementation the verifier can call.

    The callable takes klsym parameters (P's then Q's, positionally or as
    ``name_p``/``name_q``) and returns a float, or a numpy array for array inputs.
    """
    torch = _torch()

    def impl(*args: Any, **kwargs: Any) -> Any:
        tp, tq = bind_parameters(family_p, family_q, args, kwargs)
        p = torch_distribution(family_p, tp)
        q = torch_distribution(family_q or family_p, tq)
        with torch.no_grad():
            value = torch.distributions.kl_divergence(p, q)
        return float(value) if value.dim() == 0 else value.numpy()

    impl.__name__ = f"torch_kl_{family_p}" + (f"_{family_q}" if family_q and family_q != family_p else "")
    impl.__qualname__ = impl.__name__
    return impl


def adapt(
    func: Callable[..., Any],
    family_p: str,
    family_q: str | None = None,
    *,
    mapping: Mapping[str, tuple[str, Callable[[Any], Any]] | str] | None = None,
    suffixes: tuple[str, str] = ("_p", "_q"),
) -> Callable[..., Any]:
    """Wrap ``func(**their_parameters)`` written in another parameterization.

    ``mapping`` sends a klsym parameter name to the function's name for it,
    optionally with a conversion: ``{"beta": ("scale", lambda b: 1 / b)}``;
    names not listed are passed as they are. ``suffixes`` are appended for
    P's and Q's arguments.

    >>> def kl_exp_by_scale(scale1, scale2):   # KL of exponentials given by their scales
    ...     return math.log(scale2 / scale1) + scale1 / scale2 - 1
    >>> impl = adapt(kl_exp_by_scale, "exponential", mapping={"lam": ("scale", lambda lam: 1 / lam)},
    ...              suffixes=("1", "2"))
    >>> impl(1.0, 2.0) == kl_exp_by_scale(1.0, 0.5)
    True
    """
    mapping = dict(mapping or {})

    def convert(params: dict, suffix: str) -> dict:
        out = {}
        for name, value in params.items():
            rule = mapping.get(name, name)
            their, fn = (rule, None) if isinstance(rule, str) else rule
            out[their + suffix] = fn(value) if fn else value
        return out

    def impl(*args: Any, **kwargs: Any) -> Any:
        tp, tq = bind_parameters(family_p, family_q, args, kwargs)
        return func(**convert(tp, suffixes[0]), **convert(tq, suffixes[1]))

    impl.__name__ = getattr(func, "__name__", "impl")
    return impl
