"""A plain process pool for the check's rows (easy to swap for a shared sweep API).

mpmath's precision is global to a process, so rows run in separate processes
(``spawn``: a fresh interpreter each, nothing inherited), one task at a time per
process, and every task sets its precision locally (``mp.workdps``).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Sequence, TypeVar

__all__ = ["default_jobs", "parallel_map"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The processors this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def parallel_map(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1,
                 cost: Callable[[T], float] | None = None,
                 done: Callable[[int, R], None] | None = None) -> list[R]:
    """``[fn(x) for x in items]``, in the order of ``items``.

    ``jobs`` > 1 runs them in that many worker processes (``fn`` and the items
    must pickle: a top-level function and plain data), the costliest first when
    ``cost`` estimates each item's time. ``done(i, result)`` is called as each
    item finishes (in the parent process).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else list(range(len(items)))
    results: list = [None] * len(items)
    if jobs == 1 or len(items) <= 1:
        for i in order:
            results[i] = fn(items[i])
            if done:
                done(i, results[i])
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context) as pool:
        futures = {pool.submit(fn, items[i]): i for i in order}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            if done:
                done(i, results[i])
    return results
