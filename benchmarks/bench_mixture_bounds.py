"""Bounds and approximations of KL for Gaussian mixtures against the oracle.

For a few named cases, prints every bound and approximation of klsym.kl_bounds,
the oracle's value (klsym.numeric_kl, with its error estimate) and each one's
error against it, and the time taken.

    python benchmarks/bench_mixture_bounds.py [--dps 30]
"""

from __future__ import annotations

import argparse
import time

import mpmath

import klsym
from klsym import dist, mixture


def N(mu, sigma):
    return dist("normal", mu=mu, sigma=sigma)


def M2(mu, sigma):
    return dist("multivariate_normal", mu=mu, Sigma=sigma)


CASES = {
    "bimodal vs wide normal": (mixture(["1/2", "1/2"], [N(-2, "3/5"), N(2, "3/5")]), N(0, "21/10"), 30),
    "wide normal vs bimodal": (N(0, "21/10"), mixture(["1/2", "1/2"], [N(-2, "3/5"), N(2, "3/5")]), 30),
    "overlapping 2 vs 2": (mixture(["1/3", "2/3"], [N(-1, 1), N(2, "1/2")]),
                           mixture(["1/2", "1/2"], [N(0, 2), N(1, 1)]), 30),
    "3 components vs 2": (mixture(["1/5", "2/5", "2/5"], [N(-3, 1), N(0, "1/2"), N(3, 2)]),
                          mixture(["1/2", "1/2"], [N(-2, "3/2"), N(2, "3/2")]), 30),
    "far apart 2 vs 2": (mixture(["1/2", "1/2"], [N(-5, 1), N(5, 1)]),
                         mixture(["9/10", "1/10"], [N(-5, 1), N(5, 1)]), 30),
    "plane: 2 vs 1": (mixture(["1/3", "2/3"], [M2([0, 0], [[1, 0], [0, 1]]), M2([1, 1], [[2, 1], [1, 2]])]),
                      M2([1, 0], [[2, 0], [0, 2]]), 15),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dps", type=int, default=30, help="digits of the bounds (the oracle: 30 in 1-D, 15 in the plane)")
    args = parser.parse_args()
    for name, (p, q, oracle_dps) in CASES.items():
        t0 = time.perf_counter()
        b = klsym.kl_bounds(p, q, dps=args.dps)
        t1 = time.perf_counter()
        r = klsym.numeric_kl(p, q, dps=oracle_dps)
        t2 = time.perf_counter()
        print(f"== {name}: oracle {mpmath.nstr(r.value, 20)} (error {mpmath.nstr(r.error, 2)}, {t2 - t1:.1f} s); "
              f"bounds in {t1 - t0:.2f} s")
        for label, item in {**b.bounds, **b.approximations}.items():
            with mpmath.workdps(40):
                err = item.value - r.value
            ok = "" if item.kind == "approximation" else (
                "ok" if (item.value <= r.value + r.error if item.kind == "lower" else item.value >= r.value - r.error)
                else "VIOLATED")
            print(f"   {label:18s} {item.kind:13s} {mpmath.nstr(item.value, 15):>20s}  error {mpmath.nstr(err, 3):>10s} {ok}")


if __name__ == "__main__":
    main()
