"""Figures for the core: cold derivation of every family, cached lookup,
oracle time per point at dps 30. Prints figures; asserts nothing.

    python benchmarks/bench_core.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COLD = r"""
import time
t0 = time.perf_counter()
import klsym
from klsym.derive import kl_form
t1 = time.perf_counter()
for name in klsym.families():
    kl_form(name)
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def cold_derivation(repeats: int = 3) -> tuple[float, float]:
    """(import seconds, derive-all seconds), best of ``repeats`` fresh interpreters."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout
        runs.append(tuple(map(float, out.split())))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def warm_lookup(n: int = 2000) -> float:
    import klsym

    names = klsym.families()
    for name in names:
        klsym.kl(name, name)
    t0 = time.perf_counter()
    for i in range(n):
        klsym.kl(names[i % len(names)], names[i % len(names)])
    return (time.perf_counter() - t0) / n


def oracle_times() -> dict[str, tuple[float, float]]:
    """family → (first call, median of later calls) seconds for its first check case at dps 30."""
    from klsym import registry
    from klsym.crosscheck import cases_for
    from klsym.oracle import numeric_kl

    out = {}
    for name in registry.names():
        p, q, _ = cases_for(name)[0]
        t0 = time.perf_counter()
        numeric_kl(p, q, dps=30)
        first = time.perf_counter() - t0
        later = []
        for _ in range(5):
            t0 = time.perf_counter()
            numeric_kl(p, q, dps=30)
            later.append(time.perf_counter() - t0)
        out[name] = (first, statistics.median(later))
    return out


def multivariate_oracle_times() -> list[tuple[str, float]]:
    """(label, seconds) of one oracle call at dps 30 for each multivariate check case
    of dimension >= 2 (the oracle's cost grows with the number of variables)."""
    from klsym import registry
    from klsym.crosscheck import cases_for
    from klsym.oracle import numeric_kl

    out = []
    for name in registry.names():
        if not registry.get(name).multivariate or name == "multinomial":
            continue
        for p, q, label in cases_for(name):
            if label.startswith(("d = 1", "K = 2")):
                continue
            t0 = time.perf_counter()
            numeric_kl(p, q, dps=30)
            out.append((f"{name}: {label}", time.perf_counter() - t0))
    return out


def main() -> None:
    import mpmath.libmp

    print(f"mpmath backend: {mpmath.libmp.BACKEND}")
    imp, derive = cold_derivation()
    print(f"cold: import klsym {imp * 1e3:.0f} ms; derive all {len(__import__('klsym').families())} "
          f"families {derive:.2f} s (target <= 3 s)")
    print(f"warm: cached closed-form lookup {warm_lookup() * 1e6:.1f} us per call (target <= 1 ms)")
    print("oracle at dps 30 (first case of each family): first call / median of 5 later calls")
    times = oracle_times()
    for name, (first, later) in times.items():
        print(f"  {name:18s} {first * 1e3:8.1f} ms / {later * 1e3:7.1f} ms")
    medians = [t[1] for t in times.values()]
    print(f"oracle per point: median {statistics.median(medians) * 1e3:.1f} ms, "
          f"worst {max(medians) * 1e3:.1f} ms (target <= 100 ms)")
    print("multivariate oracle at dps 30, one call per check case of dimension >= 2")
    for label, seconds in multivariate_oracle_times():
        print(f"  {label:60s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
