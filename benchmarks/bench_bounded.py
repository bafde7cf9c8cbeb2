"""Figures for bounded exact work: the inputs that used to hang or take minutes, each
timed once in this process (derivations cached after the first call of a family), with
the route the resolver chose. Prints figures; asserts nothing.

    python benchmarks/bench_bounded.py
"""

from __future__ import annotations

import time

import sympy as sp


def _time(label: str, call) -> None:
    t0 = time.perf_counter()
    try:
        outcome = call()
    except ValueError as exc:  # a work limit: the refusal is the figure
        outcome = f"refused: {str(exc)[:90]}..."
    print(f"{time.perf_counter() - t0:8.2f} s  {label}: {outcome}")


def main() -> None:
    from klsym import dist, entropy, kl, kl_float
    from klsym.exact.divergence import kl_answer

    n = 10**6
    half = dist("binomial", n=n, p="1/2")
    _time("binomial n = 10^6, equal n", lambda: kl_answer(dist("binomial", n=n, p="1/3"), half).method)
    _time("binomial n = 10^6, p = 0 (boundary)", lambda: kl_answer(dist("binomial", n=n, p=0), half).method)
    different = (dist("binomial", n=n, p="1/3"), dist("binomial", n=2 * n, p="1/2"))
    _time("binomial n = 10^6 vs 2*10^6 (closed part + series)", lambda: kl_answer(*different).method)
    _time("  its digits (series evaluator)", lambda: sp.N(kl(*different), 20))
    k = 1000
    alpha_p = [sp.Rational(j % 7 + 1, 3) for j in range(k)]
    alpha_q = [sp.Rational(j % 5 + 2, 5) for j in range(k)]
    _time("Dirichlet K = 1000", lambda: sp.N(kl(dist("dirichlet", alpha=alpha_p), dist("dirichlet", alpha=alpha_q)), 20))
    weibull = (dist("weibull", k=2.244676983067704, lam=1.0066775703314834),
               dist("weibull", k=2.244676983067704, lam=0.7332451681162534))
    _time("Weibull with float parameters, kl", lambda: sp.N(kl(*weibull), 20))
    _time("Weibull with float parameters, kl_float", lambda: kl_float(*weibull))
    _time("binomial n = 2000 entropy (series)", lambda: sp.N(entropy(dist("binomial", n=2000, p="1/3")), 20))
    _time("binomial n = 200 entropy (exact sum)", lambda: sp.N(entropy(dist("binomial", n=200, p="1/3")), 20))


if __name__ == "__main__":
    main()
