"""Figures for the float64 oracle and the verifier: kl_float time per call on the
hard-regime grid of each family, and the wall time of the full torch run
(`klsym verify torch`, grid plus 25 drawn points per family). Prints figures;
asserts nothing.

    python benchmarks/bench_verify.py
"""

from __future__ import annotations

import statistics
import time

import klsym
from klsym import dist, kl_float
from klsym.derive import kl_form
from klsym.verification.grid import hard_grid


def kl_float_timing() -> None:
    print("kl_float on the hard-regime grid (closed forms derived beforehand)")
    print(f"{'family':18} {'pairs':>6} {'median ms':>10} {'max ms':>9}")
    everything = []
    for family in klsym.families():
        try:
            kl_form(family)
        except NotImplementedError:
            continue
        times = []
        for p, q, _ in hard_grid(family):
            P, Q = dist(family, **p), dist(family, **q)
            t0 = time.perf_counter()
            kl_float(P, Q)
            times.append(time.perf_counter() - t0)
        if not times:
            continue
        everything += times
        print(f"{family:18} {len(times):6d} {1e3 * statistics.median(times):10.2f} {1e3 * max(times):9.1f}")
    print(f"{'all':18} {len(everything):6d} {1e3 * statistics.median(everything):10.2f} {1e3 * max(everything):9.1f}")
    P, Q = dist("gamma", alpha=2.5, beta=1.5), dist("gamma", alpha=3.0, beta=0.5)
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        kl_float(P, Q)
    print(f"typical pair (gamma, moderate parameters): {1e3 * (time.perf_counter() - t0) / n:.2f} ms per call")


def torch_run() -> None:
    try:
        import torch
    except ImportError:
        print("torch run: skipped, torch is not installed")
        return
    from klsym.verification.verifier import verify_torch

    t0 = time.perf_counter()
    reports = verify_torch(n_random=25)
    elapsed = time.perf_counter() - t0
    cases = sum(len(r.cases) for r in reports)
    failed = sum(len(r.failures) for r in reports)
    print(f"\nfull torch {torch.__version__} run: {len(reports)} families, {cases} cases, "
          f"{failed} beyond 256 ulps, {elapsed:.1f} s")
    for r in reports:
        print("  " + r.summary())


if __name__ == "__main__":
    kl_float_timing()
    torch_run()
