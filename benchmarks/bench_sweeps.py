"""Wall time of the sweeps behind `klsym verify` and `klsym vectors`: serial (jobs=1),
two worker processes (jobs=2), and a Dask LocalCluster of two one-thread workers when
dask is installed. Prints figures and whether each parallel result equals the serial
one; asserts nothing.

    python benchmarks/bench_sweeps.py [--families exponential gamma beta poisson] [--n 25]

The verify rows run scipy's plain KL (what `klsym verify scipy FAMILY` runs) over the
hard-regime grid plus N drawn points. "jobs=2" runs every family on one pool, as the CLI
does; the pool's start (a forkserver importing klsym, then the workers) is timed apart,
as is the cluster's. A machine shared with other work gives noisy figures: compare
columns of one run, not runs.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable

from klsym.verification.judge import Adapter
from klsym.verification.sweep import process_pool, sweep
from klsym.verification.vectors import vectors
from klsym.verification.verifier import verify


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def _start_pool() -> Any:
    pool = process_pool(2)
    sweep(abs, [-1, -2], executor=pool)  # forkserver up, both workers alive, klsym imported
    return pool


def _start_dask() -> tuple[Any, Any] | None:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        return None
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0")
    client = Client(cluster)
    sweep(abs, [-1, -2], executor=client.get_executor())
    return cluster, client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", nargs="+", default=["exponential", "gamma", "beta", "poisson"])
    parser.add_argument("--n", type=int, default=25, help="drawn points per family (default 25, as the CLI)")
    parser.add_argument("--vectors", nargs="+", default=["poisson", "gamma"], help="families for `vectors`")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")

    t_pool, pool = _timed(_start_pool)
    t_dask, dask = _timed(_start_dask)
    print(f"start: process pool of 2 {t_pool:.1f} s" + (f"; Dask LocalCluster 2x1 {t_dask:.1f} s" if dask else
                                                          "; dask not installed (pip install 'klsym[distributed]')"))
    columns = ["jobs=1", "jobs=2"] + (["dask"] if dask else [])
    executors: dict[str, dict] = {"jobs=1": {"jobs": 1}, "jobs=2": {"executor": pool}}
    if dask:
        executors["dask"] = {"executor": dask[1].get_executor()}

    print(f"\nklsym verify scipy FAMILY (grid + {args.n} drawn), wall seconds")
    print(f"{'family':14} {'cases':>6} " + " ".join(f"{c:>8}" for c in columns) + "  same report")
    totals = dict.fromkeys(columns, 0.0)
    for family in args.families:
        times, reports = {}, {}
        for col in columns:
            times[col], reports[col] = _timed(lambda: verify(Adapter("scipy", family), family, n_random=args.n,
                                                             name=f"scipy {family}", **executors[col]))
            totals[col] += times[col]
        same = all(reports[c].as_dict() == reports["jobs=1"].as_dict() for c in columns)
        print(f"{family:14} {len(reports['jobs=1'].cases):6d} " + " ".join(f"{times[c]:8.1f}" for c in columns)
              + f"  {'yes' if same else 'NO'}")
        for col in columns:
            for serial, other in zip(reports["jobs=1"].cases, reports[col].cases):
                if serial.as_dict() != other.as_dict():
                    print(f"    {col} differs on {serial.inputs()} [{serial.label}]: {serial.value!r} {serial.flags} "
                          f"({serial.error}) vs {other.inputs()}: {other.value!r} {other.flags} ({other.error})")
    print(f"{'total':14} {'':6} " + " ".join(f"{totals[c]:8.1f}" for c in columns))

    print("\nklsym vectors FAMILY --n 20 --dps 30, wall seconds")
    print(f"{'family':14} {'rows':>6} " + " ".join(f"{c:>8}" for c in columns) + "  same rows")
    for family in args.vectors:
        times, rows = {}, {}
        for col in columns:
            times[col], rows[col] = _timed(lambda: vectors(family, n=20, dps=30, **executors[col]))
        same = all(rows[c] == rows["jobs=1"] for c in columns)
        print(f"{family:14} {len(rows['jobs=1']):6d} " + " ".join(f"{times[c]:8.1f}" for c in columns)
              + f"  {'yes' if same else 'NO'}")

    pool.shutdown()
    if dask:
        dask[1].close()
        dask[0].close()


if __name__ == "__main__":
    main()
