"""Sweeps: cases on every core, on an executor the caller brings, or on a Dask cluster,
with results identical to a serial run, whatever the order of completion or the worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor

import mpmath
import pytest
from mpmath import mp, mpf

from klsym import verify
from klsym.cli import main
from klsym.verification.sweep import InProcess, open_executor, process_pool, sweep
from klsym.verification.vectors import vectors


# ----------------------------------------------------------------- task functions (module level: they pickle)
def late_square(case: tuple[float, int]) -> int:
    """Sleeps first, so that the cases finish in another order than they were given."""
    delay, x = case
    time.sleep(delay)
    return x * x


def zeta2_digits(case: tuple[int, int]) -> str:
    """sum 1/k^2 at dps digits: every addition reads mpmath's process-global precision."""
    dps, n = case
    with mp.workdps(dps):
        total = mpf(0)
        for k in range(1, n):
            total += mpf(1) / k**2
        return mpmath.nstr(total, dps)


def precision_seen(_case: object) -> int:
    return mp.prec


def fails_on_three(x: int) -> int:
    if x == 3:
        raise ArithmeticError("three")
    return x


def textbook_exponential(lam_p: float, lam_q: float) -> float:
    import math

    return math.log(lam_p / lam_q) + lam_q / lam_p - 1


# ----------------------------------------------------------------- order, jobs, executors
def test_results_come_in_input_order_whatever_finishes_first():
    cases = [(0.4 - 0.05 * i, i) for i in range(8)]  # the first case finishes last
    assert sweep(late_square, cases, jobs=2) == [i * i for i in range(8)] == sweep(late_square, cases, jobs=1)


def test_an_executor_brought_by_the_caller_is_used_and_left_open():
    with process_pool(2) as pool:
        assert sweep(late_square, [(0.0, 3), (0.0, 4)], executor=pool) == [9, 16]
        assert sweep(late_square, [(0.0, 5)], executor=pool) == [25]  # still usable: the caller shuts it down
    with open_executor(1) as serial:
        assert isinstance(serial, InProcess) and sweep(late_square, [(0.0, 2)], executor=serial) == [4]


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True, "2"])
def test_bad_jobs_are_refused(jobs):
    with pytest.raises(ValueError, match="jobs must be an integer >= 1"):
        sweep(late_square, [(0.0, 1)], jobs=jobs)


def test_jobs_and_executor_together_are_refused():
    with pytest.raises(ValueError, match="jobs or executor"):
        sweep(late_square, [(0.0, 1)], jobs=2, executor=InProcess())
    with pytest.raises(ValueError, match="jobs or scheduler"):
        with open_executor(2, "tcp://127.0.0.1:1"):
            pass


def test_a_thread_pool_is_refused():
    with ThreadPoolExecutor(2) as pool, pytest.raises(ValueError, match="ThreadPoolExecutor.*mpmath's precision"):
        sweep(late_square, [(0.0, 1), (0.0, 2)], executor=pool)


def test_a_function_that_cannot_be_pickled_is_refused_for_processes():
    with pytest.raises(ValueError, match="cannot be pickled"):
        sweep(lambda x: x, [1, 2, 3], jobs=2)
    assert sweep(lambda x: -x, [1, 2, 3], jobs=1) == [-1, -2, -3]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_case_raises_in_the_caller(jobs):
    with pytest.raises(ArithmeticError, match="three"):
        sweep(fails_on_three, [1, 2, 3, 4], jobs=jobs)


# ----------------------------------------------------------------- mpmath's process-global precision
def test_tasks_start_at_the_default_precision_whatever_the_caller_left():
    old = mp.prec
    try:
        mp.prec = 300  # a caller's global setting must not reach the cases: workers never see it
        assert sweep(precision_seen, [0, 1, 2], jobs=1) == [53, 53, 53] == sweep(precision_seen, [0, 1, 2], jobs=2)
        assert mp.prec == 300
    finally:
        mp.prec = old


def test_two_in_process_sweeps_in_threads_give_the_serial_digits():
    # Without the per-process task lock these two sweeps overwrite each other's mp.prec
    # in the middle of their sums and return wrong digits (checked by removing the lock).
    cases = {dps: [(dps, 3000)] * 4 for dps in (20, 60)}
    serial = {dps: sweep(zeta2_digits, cases[dps], jobs=1) for dps in cases}
    assert serial[60][0].startswith("1.64460067795316470")  # zeta(2) - 1/3000 + ...
    out: dict[int, list[str]] = {}

    def run(dps: int) -> None:
        out[dps] = sweep(zeta2_digits, cases[dps], jobs=1)

    for _ in range(2):
        threads = [threading.Thread(target=run, args=(dps,)) for dps in cases]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert out == serial


# ----------------------------------------------------------------- progress bar
def test_progress_bar_on_stderr_only_when_asked_or_on_a_terminal(capsys):
    sweep(late_square, [(0.0, 1), (0.0, 2)], jobs=1, progress=True, desc="squares")
    assert "squares" in capsys.readouterr().err
    sweep(late_square, [(0.0, 1), (0.0, 2)], jobs=1)  # captured stderr is not a terminal
    assert capsys.readouterr().err == ""


# ----------------------------------------------------------------- verify and vectors: parallel == serial
def test_verify_in_parallel_is_the_serial_report():
    serial = verify(textbook_exponential, "exponential", n_random=5, jobs=1)
    parallel = verify(textbook_exponential, "exponential", n_random=5, jobs=2)
    assert parallel.as_dict() == serial.as_dict()
    assert not serial.passed and len(serial.cases) > 50


def test_vectors_in_parallel_are_the_serial_rows():
    assert vectors("poisson", n=3, dps=25, jobs=2) == vectors("poisson", n=3, dps=25, jobs=1)


def test_cli_jobs_give_the_serial_output(capsys):
    target = f"{__name__}:textbook_exponential"
    outputs = []
    for jobs in ("1", "2"):
        assert main(["verify", target, "exponential", "--n", "3", "--jobs", jobs, "--json", "-"]) == 1
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    rows = []
    for jobs in ("1", "2"):
        assert main(["vectors", "bernoulli", "--n", "2", "--dps", "20", "--jobs", jobs]) == 0
        rows.append(capsys.readouterr().out)
    assert rows[0] == rows[1] and "vectors" in rows[0]
    assert main(["vectors", "bernoulli", "--jobs", "0"]) == 2
    assert "jobs must be an integer >= 1" in capsys.readouterr().err


def _env() -> dict[str, str]:
    """This environment, with this checkout first on the path of a child interpreter."""
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


ORDER_SCRIPT = """
from klsym.verification.judge import Adapter
from klsym.verification.verifier import verify

if __name__ == "__main__":
    runs = [verify(Adapter("scipy", "exponential"), "exponential", jobs=jobs).as_dict() for jobs in (2, 1, 2)]
    print(runs[0] == runs[1] == runs[2])
"""


def test_a_serial_run_does_not_change_the_points_drawn_after_it(tmp_path):
    # hypothesis mixes constants of the local modules loaded at drawing time into its draws:
    # a serial run that first loads a klsym module in this process (the adapters, once)
    # changed the points of every later run here, but not after a parallel run. A fresh
    # interpreter, since this test process has loaded everything long ago.
    pytest.importorskip("scipy")
    script = tmp_path / "order.py"
    script.write_text(ORDER_SCRIPT)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=_env(), timeout=600)
    assert done.stdout.strip() == "True", done.stdout + done.stderr[-2000:]


INTERACTIVE = """
from klsym import verify

def typed_at_the_prompt(lam_p, lam_q):  # lives in a __main__ that worker processes cannot import
    return 0.0

print(verify(typed_at_the_prompt, "exponential", n_random=0).summary())
"""


def test_a_function_typed_interactively_runs_in_process_by_default():
    done = subprocess.run([sys.executable, "-"], input=INTERACTIVE, capture_output=True, text=True, env=_env(),
                          timeout=600)
    assert done.stdout.startswith("FAIL typed_at_the_prompt on KL(exponential"), done.stderr[-2000:]


def test_cli_scheduler_without_dask_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import now raises ImportError
    assert main(["verify", f"{__name__}:textbook_exponential", "exponential", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "klsym[distributed]" in capsys.readouterr().err


# ----------------------------------------------------------------- Dask
@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


def test_a_sweep_on_a_dask_cluster_gives_the_serial_results(dask_client):
    executor = dask_client.get_executor()
    cases = [(0.2 - 0.05 * i, i) for i in range(4)]
    assert sweep(late_square, cases, executor=executor) == sweep(late_square, cases, jobs=1)
    digits = [(dps, 500) for dps in (15, 40, 15, 40)]  # different precisions on the same workers
    assert sweep(zeta2_digits, digits, executor=executor) == sweep(zeta2_digits, digits, jobs=1)
    on_dask = verify(textbook_exponential, "exponential", n_random=3, executor=executor)
    assert on_dask.as_dict() == verify(textbook_exponential, "exponential", n_random=3, jobs=1).as_dict()


def test_dask_workers_with_several_threads_are_refused():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        with pytest.raises(ValueError, match="more than one thread"):
            sweep(late_square, [(0.0, 1), (0.0, 2)], executor=client.get_executor())
