"""Figures for the numeric oracle: per-family median milliseconds of
``numeric_kl`` (dps 30) over the check cases (``klsym.crosscheck.cases_for``,
both directions), and the slowest rows. Prints figures; asserts nothing.

    python benchmarks/bench_oracle.py [family ...]

A row the oracle refuses (ValueError: a work limit) is listed with its message.
"""

from __future__ import annotations

import statistics
import sys
import time


def main(only: list[str]) -> None:
    from klsym import families, numeric_kl
    from klsym.crosscheck import cases_for

    rows, per_family = [], {}
    for name in families():
        if only and name not in only:
            continue
        times = []
        for p, q, label in cases_for(name):
            for a, b in ((p, q), (q, p)):
                t0 = time.perf_counter()
                try:
                    r = numeric_kl(a, b, dps=30)
                    note = f"{r.digits:.1f} digits"
                except ValueError as exc:
                    note = f"refused: {str(exc)[:80]}"
                ms = (time.perf_counter() - t0) * 1e3
                times.append(ms)
                rows.append((ms, name, label, note))
        per_family[name] = statistics.median(times)
        print(f"{name:24s} median {per_family[name]:9.1f} ms over {len(times)} rows", flush=True)
    if not rows:
        return
    print(f"\nmedian of the family medians: {statistics.median(per_family.values()):.1f} ms; "
          f"median row: {statistics.median(r[0] for r in rows):.1f} ms; total {sum(r[0] for r in rows) / 1e3:.1f} s")
    print("slowest rows:")
    for ms, name, label, note in sorted(rows, reverse=True)[:10]:
        print(f"  {ms:9.1f} ms  {name:22s} {label:28s} {note}")


if __name__ == "__main__":
    main(sys.argv[1:])
