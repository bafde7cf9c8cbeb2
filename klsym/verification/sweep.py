"""Sweeps: one pure function mapped over independent cases, on every core or on a cluster.

:func:`sweep` calls ``fn(case)`` for every case and returns the results in the order of
the cases, whatever order they finish in. ``klsym verify`` and ``klsym vectors`` are
sweeps, and so is anything else that maps a picklable top-level function over a list.

Where the cases run
-------------------
* ``jobs=1``: in this process, one after the other (:class:`InProcess`).
* ``jobs=N`` (default ``os.cpu_count()``): N worker processes of a
  :class:`concurrent.futures.ProcessPoolExecutor`. Workers are forked from a forkserver
  that imported klsym once (started on the first parallel sweep; where the platform has
  no forkserver they are spawned), so a worker inherits no thread or lock of the caller
  and starts in a fraction of a second after the first sweep.
* ``executor=``: any :class:`concurrent.futures.Executor` the caller brings, for instance
  a Dask cluster's ``Client("tcp://HOST:PORT").get_executor()``
  (``pip install 'klsym[distributed]'``; klsym must be importable on the workers).

One task per process at a time
------------------------------
mpmath's working precision (``mp.prec``, ``mp.workdps``) is global to a process: two
tasks running at once in one process at different precisions would corrupt each
other's digits without any error. So tasks run in processes, one at a time each:

* an executor that runs tasks in threads of one process is refused with ValueError: a
  :class:`~concurrent.futures.ThreadPoolExecutor`, and a Dask client whose workers have
  more than one thread (start them with ``dask worker ADDR --nthreads 1`` or
  ``LocalCluster(threads_per_worker=1)``);
* every task runs under a lock of its process and at mpmath's default precision of 53
  bits, whatever precision the process was left at. Two in-process sweeps started from
  two threads at once take turns case by case and give exactly the serial digits; an
  executor that cannot be inspected cannot overlap two tasks in one process either.
  (The lock covers sweeps only: other mpmath work in another thread is not serialised.)

Caches (the closed form derived for a family, ...) are per process: each worker derives
what its cases need once. No result depends on which worker ran it.

>>> sweep(abs, [-3, 2, -1], jobs=1)
[3, 2, 1]
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, TypeVar

from mpmath import mp

__all__ = ["sweep", "open_executor", "add_sweep_arguments", "process_pool", "check_executor", "resolve_jobs",
           "picklable", "InProcess"]

T = TypeVar("T")
R = TypeVar("R")

#: mpmath's default working precision (bits): every task starts from it
DEFAULT_PREC = 53
#: progress bars appear only on runs longer than this (seconds), unless asked for
PROGRESS_DELAY = 1.0

_TASK_LOCK = threading.RLock()
_FORKSERVER_PRELOAD = ["klsym"]


class InProcess(Executor):
    """The serial executor: each task runs at once, in the calling thread (``jobs=1``).

    >>> InProcess().submit(pow, 2, 10).result()
    1024
    """

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as any executor does
            future.set_exception(exc)
        return future


def _run_case(fn: Callable[[T], R], case: T) -> R:
    """One task: alone among this process's tasks, from mpmath's default precision."""
    with _TASK_LOCK, mp.workprec(DEFAULT_PREC):
        return fn(case)


def resolve_jobs(jobs: int | None) -> int:
    """``jobs``, checked; ``None`` means every core (``os.cpu_count()``).

    >>> resolve_jobs(1), resolve_jobs(None) == (os.cpu_count() or 1)
    (1, True)
    """
    if jobs is None:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1 (or None for every core), got {jobs!r}")
    return jobs


def picklable(obj: Any) -> bool:
    """True when ``obj`` can be sent to a worker process by pickle (a top-level function,
    a ``functools.partial`` of one, ...); lambdas and local functions cannot, nor can
    anything defined in an interactive session (a notebook cell, the REPL), whose
    ``__main__`` a worker cannot import.

    >>> picklable(abs), picklable(lambda x: x)
    (True, False)
    """
    try:
        data = pickle.dumps(obj)
    except Exception:  # PicklingError, AttributeError, TypeError: all mean "no"
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)  # None or "<stdin>" when interactive
    return b"__main__" not in data or (main_file is not None and os.path.isfile(main_file))


def check_executor(executor: Executor) -> None:
    """Refuse an executor that would run two tasks at once in one process (see above)."""
    if not isinstance(executor, Executor):
        raise ValueError(f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
    if isinstance(executor, ThreadPoolExecutor):
        raise ValueError("executor: a ThreadPoolExecutor runs tasks in threads of one process, but mpmath's "
                         "precision is global to a process; use processes (jobs=N) or a cluster of "
                         "one-thread workers")
    client = getattr(executor, "_client", None)  # a Dask ClientExecutor keeps its client here
    if client is not None and callable(getattr(client, "nthreads", None)):
        threads = client.nthreads()
        if not threads:
            raise ValueError("executor: the Dask cluster has no workers")
        many = ", ".join(f"{worker}: {n}" for worker, n in threads.items() if n != 1)
        if many:
            raise ValueError(
                f"executor: Dask workers with more than one thread ({many}); "
                "mpmath's precision is global to a process, so each worker must run one task at a time: "
                "start them with `dask worker ADDR --nthreads 1` or LocalCluster(threads_per_worker=1)")


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_FORKSERVER_PRELOAD)  # read when the forkserver starts (once per process)
        return ctx
    return multiprocessing.get_context("spawn")


def process_pool(jobs: int | None = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes (default: every core), one task at a time each.

    The caller shuts it down (``with process_pool(2) as pool: ...``); reuse one pool for
    several sweeps to keep the workers and their caches warm.
    """
    return ProcessPoolExecutor(max_workers=resolve_jobs(jobs), mp_context=_context())


@contextmanager
def open_executor(jobs: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor for a command: :class:`InProcess` for ``jobs=1``, a process pool of
    ``jobs`` workers (default: every core), or a Dask client's executor for ``scheduler``
    (``"tcp://HOST:PORT"``). Closed on exit.

    >>> with open_executor(1) as ex:
    ...     sweep(abs, [-1, -2], executor=ex)
    [1, 2]
    """
    if scheduler is not None:
        if jobs is not None:
            raise ValueError("give jobs or scheduler, not both (the scheduler's workers do the work)")
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise ValueError(f"scheduler {scheduler!r}: Dask is not installed "
                             "(pip install 'klsym[distributed]')") from exc
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ValueError(f"scheduler {scheduler!r}: cannot connect: {exc}") from exc
        try:
            executor = client.get_executor()
            check_executor(executor)
            yield executor
        finally:
            client.close()
        return
    n = resolve_jobs(jobs)
    if n == 1:
        yield InProcess()
        return
    pool = process_pool(n)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def add_sweep_arguments(parser: Any) -> None:
    """Give a command ``--jobs N`` and ``--scheduler ADDR``, read by ``open_executor(args.jobs, args.scheduler)``."""
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="worker processes (default: every core; 1: in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDR",
                        help="run on a Dask cluster, e.g. tcp://HOST:PORT (pip install 'klsym[distributed]'; "
                             "workers with one thread each)")


def _bar(total: int, progress: bool | None, desc: str | None) -> Any:
    if progress is None:
        isatty = getattr(sys.stderr, "isatty", None)
        progress = bool(isatty and isatty())
        delay = PROGRESS_DELAY
    else:
        delay = 0.0
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="case", file=sys.stderr, delay=delay, leave=False)


def sweep(
    fn: Callable[[T], R],
    cases: Iterable[T],
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    desc: str | None = None,
) -> list[R]:
    """``[fn(case) for case in cases]``, the cases run in parallel; results in input order.

    ``jobs``: worker processes (default every core; 1: in this process, as does a sweep of
    one case); ``executor``: run on this executor instead (not with ``jobs``), which the
    caller shuts down. ``fn`` and the cases must pickle to reach other processes. The
    first exception a case raises is raised here (the cases not started are cancelled).
    ``progress``: a progress bar on stderr — ``None`` (default) shows one on a terminal
    when the sweep runs longer than a second, ``True`` always, ``False`` never.

    >>> sweep(abs, [], jobs=1)
    []
    """
    cases = list(cases)
    if executor is not None and jobs is not None:
        raise ValueError("give jobs or executor, not both")
    if executor is None:
        n = min(resolve_jobs(jobs), len(cases))
        if n > 1:
            if not picklable(fn):
                raise ValueError(f"sweep: {fn!r} cannot be pickled, so it cannot run in worker processes; "
                                 "use a module-level function (or functools.partial of one), or jobs=1")
            with process_pool(n) as pool:
                return _run(pool, fn, cases, progress, desc)
        executor = InProcess()
    check_executor(executor)
    if isinstance(executor, ProcessPoolExecutor) and not picklable(fn):
        raise ValueError(f"sweep: {fn!r} cannot be pickled for the process pool; use a module-level function")
    return _run(executor, fn, cases, progress, desc)


def _run(executor: Executor, fn: Callable[[T], R], cases: list[T], progress: bool | None, desc: str | None) -> list[R]:
    bar = _bar(len(cases), progress, desc)
    try:
        if isinstance(executor, InProcess):
            out = []
            for case in cases:
                out.append(_run_case(fn, case))
                if bar is not None:
                    bar.update()
            return out
        futures = [executor.submit(_run_case, fn, case) for case in cases]
        where = {id(f): i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(cases)
        try:
            for future in as_completed(futures):
                results[where[id(future)]] = future.result()
                if bar is not None:
                    bar.update()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return results
    finally:
        if bar is not None:
            bar.close()
