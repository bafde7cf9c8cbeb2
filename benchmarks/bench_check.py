"""Figures for the stored-row check (what `make test` spends most of its time on):
the closed values of a few families' rows against their stored oracle values, and
one far-tail value with and without erf written through erfc. Prints figures;
asserts nothing.

    python benchmarks/bench_check.py [family ...]
"""

from __future__ import annotations

import sys
import time

#: families whose rows are the slowest to check (erf differences far in a tail, long forms)
DEFAULT = ["truncated_normal", "normal", "beta4"]


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def main(families: list[str]) -> None:
    import sympy as sp

    from klsym.references import check
    from klsym.references.rows import divergence_specs, row_specs
    from klsym.verification.intervals import enclosure, settle, tails

    expr = sp.log(sp.erf(14 * sp.sqrt(2)) - sp.erf(12 * sp.sqrt(2)))
    for label, form in (("erf difference as written", expr), ("through erfc (tails)", tails(expr))):
        rungs = []

        def enclose(ctx, form=form):
            rungs.append(ctx.prec)
            return enclosure(form, {}, ctx)

        _, seconds = timed(lambda: settle(enclose, 30, lambda: "log(erf(14√2) − erf(12√2))"))
        print(f"log(erf(14√2) − erf(12√2)) to 30 digits, {label:26s} {seconds * 1e3:9.1f} ms, "
              f"{len(rungs)} precision rungs up to {max(rungs)} bits")
    for name in families:
        _, derive_s = timed(lambda: (row_specs(name), divergence_specs(name)))
        report, kl_s = timed(lambda: check([name]))
        divergences, div_s = timed(lambda: check([name], divergence="all"))
        print(f"{name:18s} forms and row specs {derive_s:7.1f} s; {len(report):3d} KL/entropy rows {kl_s:6.1f} s; "
              f"{len(divergences):3d} divergence rows {div_s:6.1f} s; fewest digits "
              f"{min(report.fewest_digits, divergences.fewest_digits if len(divergences) else 99):.1f}")


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT)
