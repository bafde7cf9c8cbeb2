"""The verifier: a float64 KL implementation against the correctly rounded oracle.

:func:`verify` calls an implementation on the hard-regime grid of
:mod:`klsym.verification.grid` plus points drawn by hypothesis, compares every value with
:func:`klsym.verification.floats.kl_float`, and returns a :class:`Report`: per case the
inputs, both values, the error in ULPs and relative terms, and flags; the
worst cases first; ``.passed`` against ``rtol``.

The implementation is called with P's parameters then Q's, in the order of
the family record, positionally (``call="positional"``) or by name with
suffixes ``_p``/``_q`` (``call="keyword"``); see :mod:`klsym.verification.adapters` for
torch and scipy. Each call gets its own copies of the inputs and a deadline, and an
answer that is not a real number is flagged as such (:mod:`klsym.verification.judge`).
The cases run in parallel, on every core by default (:mod:`klsym.verification.sweep`).

A verification of nothing is an error, never a pass: no cases to run, or none the oracle
could answer, raise ValueError (``klsym verify`` exits with status 2).

>>> import math
>>> def exponential_kl(lam_p, lam_q):               # the textbook formula
...     return math.log(lam_p / lam_q) + lam_q / lam_p - 1
>>> report = verify(exponential_kl, "exponential", n_random=0)
>>> report.passed                                   # it cancels for near-equal rates
False
>>> report.worst[0].rel > 1e-3
True
"""

from __future__ import annotations

import json
import math
import numbers
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..exact.renyi import DIVERGENCE_KINDS, read_order
from ..records import registry
from .grid import drawn_pairs, hard_grid
from ..records.distribution import Distribution
from ..records.mixture import Mixture
from .judge import DEFAULT_TIMEOUT, FAILING_FLAGS, FLAGS, Adapter, Case, Judge, ObjectJudge, describe, float_ulps
from .sweep import open_executor, picklable, sweep

__all__ = ["Case", "Report", "verify", "verify_pairs", "verify_torch", "FLAGS", "FAILING_FLAGS", "DEFAULT_RTOL", "DEFAULT_TIMEOUT",
           "MAX_RANDOM", "float_ulps"]

#: default tolerance: 256 units in the last place of the true value
DEFAULT_RTOL = 256 * 2.0**-52
#: most hypothesis-drawn points in one call of :func:`verify` (each is a correctly rounded KL)
MAX_RANDOM = 100_000


def _sort_key(c: Case) -> tuple:
    failing = bool(set(c.flags) & FAILING_FLAGS)
    return (c.passed, not failing, -c.rel, -c.ulps)


@dataclass
class Report:
    """The verifier's findings for one implementation and one family pair."""

    name: str
    family_p: str
    family_q: str
    rtol: float
    atol: float
    cases: list[Case]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (inputs, reason)
    divergence: str = "KL"  # what was compared: "KL", or e.g. "renyi(alpha=1/2)"

    @property
    def passed(self) -> bool:
        """True when there are cases, every one within the tolerance and without a failing flag."""
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def failures(self) -> list[Case]:
        return [c for c in self.worst if not c.passed]

    @property
    def worst(self) -> list[Case]:
        """Every case, worst first: failing flags, then largest relative error."""
        return sorted(self.cases, key=_sort_key)

    def flag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for c in self.cases:
            for f in c.flags:
                counts[f] = counts.get(f, 0) + 1
        return counts

    def summary(self) -> str:
        n_fail = len(self.failures)
        grid = sum(c.source == "grid" for c in self.cases)
        given = sum(c.source == "given" for c in self.cases)
        sources = (f"{given} given" if given == len(self.cases) else
                   f"{grid} grid, {len(self.cases) - grid - given} hypothesis" + (f", {given} given" if given else ""))
        worst_rel = max((c.rel for c in self.cases), default=0.0)
        flags = ", ".join(f"{k} {v}" for k, v in sorted(self.flag_counts().items())) or "none"
        status = "PASS" if self.passed else "FAIL"
        return (
            f"{status} {self.name} on {self.divergence}({self.family_p} ‖ {self.family_q}): {len(self.cases)} cases "
            f"({sources}), {n_fail} beyond rtol={self.rtol:.3g}"
            f"{f' atol={self.atol:.3g}' if self.atol else ''}; worst relative error {worst_rel:.3g}; "
            f"flags: {flags}" + (f"; {len(self.skipped)} skipped (no oracle)" if self.skipped else "")
        )

    def table(self, limit: int | None = 10, failures_only: bool = False) -> str:
        rows = self.failures if failures_only else self.worst
        rows = rows[:limit] if limit is not None else rows
        lines = [f"{'ok':4} {'impl':>24} {'oracle':>24} {'ulps':>9} {'rel':>9}  flags / inputs / label"]
        for c in rows:
            value = (c.flags[0] if c.flags else "none") if c.value is None else repr(c.value)
            ulps = f"{c.ulps:.3g}" if c.ulps < 1e9 else ("inf" if math.isinf(c.ulps) else f"{c.ulps:.2e}")
            lines.append(
                f"{'ok' if c.passed else 'FAIL':4} {value:>24} {c.oracle!r:>24} {ulps:>9} {c.rel:>9.3g}  "
                f"{','.join(c.flags) or '-'}  {c.inputs()}  [{c.label}]"
            )
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "family_p": self.family_p,
            "family_q": self.family_q,
            "divergence": self.divergence,
            "rtol": self.rtol,
            "atol": self.atol,
            "passed": self.passed,
            "summary": self.summary(),
            "flag_counts": self.flag_counts(),
            "cases": [c.as_dict() for c in self.worst],
            "skipped": [{"inputs": i, "reason": r} for i, r in self.skipped],
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)


def _check_real(name: str, value: Any, *, positive: bool = False) -> None:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (positive and value == 0):
        rule = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be a finite real number {rule}, got {value!r}")


def _check_int(name: str, value: Any, low: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or (low is not None and value < low):
        raise ValueError(f"{name} must be an integer{f' >= {low}' if low is not None else ''}, got {value!r}")


def _points(family_p: str, family_q: str, extra: Iterable, grid: bool, n_random: int, seed: int) -> list[tuple]:
    points: list[tuple[dict, dict, str, str]] = []
    for item in extra:
        if not (isinstance(item, tuple) and len(item) == 3 and isinstance(item[0], Mapping)
                and isinstance(item[1], Mapping) and isinstance(item[2], str)):
            raise ValueError(f"extra: each case is (P parameters, Q parameters, label), got {item!r}")
        points.append((dict(item[0]), dict(item[1]), item[2], "grid"))
    if grid and family_p == family_q:
        points += [(p, q, label, "grid") for p, q, label in hard_grid(family_p)]
    if n_random and family_p == family_q:
        points += [(p, q, label, "hypothesis") for p, q, label in drawn_pairs(family_p, n_random, seed)]
    return points


def verify(
    impl: Callable[..., Any],
    family_p: str,
    family_q: str | None = None,
    *,
    rtol: float = DEFAULT_RTOL,
    atol: float = 0.0,
    grid: bool = True,
    n_random: int = 25,
    seed: int = 0,
    call: str = "positional",
    extra: Iterable[tuple[dict, dict, str]] = (),
    name: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    divergence: str = "kl",
    alpha: object = None,
) -> Report:
    """Compare ``impl`` with the correctly rounded oracle :func:`klsym.verification.floats.kl_float`
    (``divergence="kl"``), or with :func:`klsym.verification.floats.divergence_float` for
    ``divergence`` ``"renyi"`` (with ``alpha``), ``"bhattacharyya"``, ``"hellinger"``,
    ``"chi_square"`` or ``"jeffreys"`` (their conventions: :mod:`klsym.exact.renyi`).

    ``grid`` runs the hard-regime grid (:func:`klsym.verification.grid.hard_grid`);
    ``n_random`` points are drawn by hypothesis (deterministic for a given
    ``seed``); ``extra`` adds (P parameters, Q parameters, label) cases (the only
    cases of a pair across two families). A case passes when its relative error is
    at most ``rtol`` (default 256 ULPs of the true value), or it is at most
    ``rtol / 2**-52`` float64 steps from the true value (the same test, except among
    subnormals, where a correctly rounded value may be far off in relative terms), or
    its absolute error is at most ``atol``; and it carries none of
    :data:`FAILING_FLAGS`. Pairs the oracle cannot answer are listed in ``report.skipped``.

    Each call gets its own copies of the inputs and ``timeout`` seconds (default 10;
    ``None``: no limit) before it is flagged ``timeout``
    (:func:`klsym.verification.judge.call_impl`). The cases are a sweep
    (:func:`klsym.verification.sweep.sweep`): ``jobs`` worker processes (default every
    core; 1: in this process) or ``executor``. With neither given, an ``impl`` that cannot
    be pickled (a lambda, a function defined in a doctest or a notebook cell) runs in this
    process; with ``jobs > 1`` it is a ValueError. The report is the same either way.

    Raises ValueError for bad arguments, naming them, and when there is nothing to
    judge — no cases (``grid=False, n_random=0``; two families without ``extra``) or
    every case skipped — so a report never passes with zero cases.
    """
    if not callable(impl):
        raise ValueError(f"impl must be callable (a function taking P's then Q's parameters), got {impl!r}")
    for argument, value in (("family_p", family_p), ("family_q", family_q)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"verify: {argument} must be a family name (the implementation is called with that family's "
                             f"parameters), got {type(value).__name__}; for a distribution or a mixture compare "
                             "your value with klsym.kl_float(p, q) or klsym.numeric_kl(p, q)")
    family_q = family_q or family_p
    registry.get(family_p), registry.get(family_q)
    if call not in ("positional", "keyword"):
        raise ValueError(f"call must be 'positional' or 'keyword', got {call!r}")
    _check_tolerances(rtol, atol, timeout)
    _check_int("n_random", n_random, 0)
    if n_random > MAX_RANDOM:
        raise ValueError(f"n_random = {n_random} is beyond the limit {MAX_RANDOM} "
                         "(klsym.verification.verifier.MAX_RANDOM); for a larger sweep, run several seeds")
    _check_int("seed", seed)
    if not isinstance(grid, bool):
        raise ValueError(f"grid must be True or False, got {grid!r}")
    what = _divergence_label(divergence, alpha)
    points = _points(family_p, family_q, extra, grid, n_random, seed)
    pair = f"{what}({family_p} ‖ {family_q})"
    if not points:
        why = ("the grid and the drawn points are for one family; give cases across two families "
               "with verify(..., extra=[(P params, Q params, label), ...])"
               if family_p != family_q else "grid=False and n_random=0")
        raise ValueError(f"verify: no cases for {pair} ({why}); a verification of nothing cannot pass")
    jobs = _jobs_for(impl, jobs, executor)
    judge = Judge(impl, family_p, family_q, call, float(rtol), float(atol), timeout, divergence,
                  None if alpha is None else read_order(alpha))
    label = name or getattr(impl, "__name__", "impl")
    cases, skipped = _judged(judge, points, lambda p, q: f"{family_p}({p}) ‖ {family_q}({q})", label,
                             f"verify: the oracle answered none of the {len(points)} cases of {pair}",
                             jobs, executor, progress)
    return Report(label, family_p, family_q, float(rtol), float(atol), cases, skipped, what)


def _judged(judge: Callable[[tuple], Case | str], points: list[tuple], shown: Callable[[Any, Any], str], label: str,
            none_answered: str, jobs: int | None, executor: Executor | None,
            progress: bool | None) -> tuple[list[Case], list[tuple[str, str]]]:
    """Every point judged (a sweep): the cases, and (inputs as ``shown(P, Q)``, why) for those the
    oracle could not answer; ValueError starting ``none_answered`` when it answered none."""
    results = sweep(judge, points, jobs=jobs, executor=executor, progress=progress, desc=f"verify {label}")
    cases = [r for r in results if isinstance(r, Case)]
    skipped = [(shown(p, q), r) for (p, q, _, _), r in zip(points, results) if isinstance(r, str)]
    if not cases:
        raise ValueError(f"{none_answered} (first: {skipped[0][1]}); a verification of nothing cannot pass")
    return cases, skipped


def _check_tolerances(rtol: float, atol: float, timeout: float | None) -> None:
    _check_real("rtol", rtol)
    _check_real("atol", atol)
    if timeout is not None:
        _check_real("timeout", timeout, positive=True)


def _jobs_for(impl: Callable[..., Any], jobs: int | None, executor: Executor | None) -> int | None:
    """``jobs``, or 1 for an ``impl`` that cannot be pickled (ValueError if more were asked for)."""
    if executor is None and not picklable(impl):
        if jobs is not None and jobs != 1:
            raise ValueError(f"impl {impl!r} cannot be pickled, so it cannot run in worker processes (jobs={jobs}); "
                             "use a module-level function, or jobs=1")
        return 1
    return jobs


def verify_pairs(
    impl: Callable[..., Any],
    pairs: Iterable[tuple[Distribution | Mixture, Distribution | Mixture, str]],
    *,
    rtol: float = DEFAULT_RTOL,
    atol: float = 0.0,
    name: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    divergence: str = "kl",
    alpha: object = None,
) -> Report:
    """:func:`verify` for given pairs of klsym objects: ``impl(P, Q)`` is called with (copies of)
    P and Q as :func:`klsym.dist` or :func:`klsym.mixture` made them, for each (P, Q, label) in
    ``pairs`` — the way to judge a KL of mixtures (a Monte Carlo estimator, a bound) or of
    any two laws your code represents. The reference is :func:`klsym.kl_float` (mixtures
    included: exact where klsym has an answer, else the oracle with its error bound deciding
    the rounding), or :func:`klsym.divergence_float` for another ``divergence`` (single
    distributions only). Tolerances, flags, ``timeout``, ``jobs`` and ``executor`` as in
    :func:`verify`.

    >>> import klsym
    >>> p = klsym.mixture([0.5, 0.5], [klsym.dist("normal", mu=-1.0, sigma=1.0), klsym.dist("normal", mu=1.0, sigma=1.0)])
    >>> q = klsym.dist("normal", mu=0.0, sigma=2.0)
    >>> report = verify_pairs(lambda p, q: 0.10631636021311369, [(p, q, "two modes against one wide normal")])
    >>> report.passed, report.summary()[:56]
    (True, 'PASS <lambda> on KL(mixture ‖ normal): 1 cases (1 given)')
    """
    if not callable(impl):
        raise ValueError(f"impl must be callable (a function taking P and Q), got {impl!r}")
    _check_tolerances(rtol, atol, timeout)
    what = _divergence_label(divergence, alpha)
    points = []
    for item in pairs:
        if not (isinstance(item, tuple) and len(item) == 3 and isinstance(item[2], str)
                and all(isinstance(d, (Distribution, Mixture)) for d in item[:2])):
            raise ValueError("pairs: each is (P, Q, label), P and Q klsym distributions or mixtures "
                             f"(klsym.dist, klsym.mixture), got {item!r}")
        if divergence != "kl" and any(isinstance(d, Mixture) for d in item[:2]):
            raise ValueError(f"pairs: {divergence} of a mixture has no reference here (divergence_float takes "
                             "distributions); mixtures are verified for KL")
        points.append((*item, "given"))
    if not points:
        raise ValueError("verify_pairs: no pairs; a verification of nothing cannot pass")
    jobs = _jobs_for(impl, jobs, executor)
    judge = ObjectJudge(impl, float(rtol), float(atol), timeout, divergence,
                        None if alpha is None else read_order(alpha))
    label = name or getattr(impl, "__name__", "impl")
    cases, skipped = _judged(judge, points, lambda p, q: f"{p} ‖ {q}", label,
                             f"verify_pairs: the oracle answered none of the {len(points)} pairs", jobs, executor,
                             progress)
    side_p = "/".join(sorted({describe(p)[0] for p, _, _, _ in points}))
    side_q = "/".join(sorted({describe(q)[0] for _, q, _, _ in points}))
    return Report(label, side_p, side_q, float(rtol), float(atol), cases, skipped, what)


def _divergence_label(divergence: str, alpha: object) -> str:
    """"KL", or the divergence with its order; ValueError for an unknown kind or a misplaced alpha."""
    if divergence not in DIVERGENCE_KINDS:
        raise ValueError(f"divergence must be one of {', '.join(DIVERGENCE_KINDS)}, got {divergence!r}")
    if (alpha is None) != (divergence != "renyi"):
        raise ValueError("alpha: the order is given with divergence='renyi' and only then "
                         f"(divergence={divergence!r}, alpha={alpha!r})")
    if divergence == "kl":
        return "KL"
    return f"renyi(alpha={read_order(alpha)})" if divergence == "renyi" else divergence


def verify_torch(
    families: Sequence[str] | None = None, *, rtol: float = DEFAULT_RTOL, n_random: int = 25, seed: int = 0,
    jobs: int | None = None, executor: Executor | None = None, progress: bool | None = None,
) -> list[Report]:
    """:func:`verify` ``torch.distributions.kl_divergence`` on every same-family pair torch
    registers and klsym knows (or on ``families``), all on one executor (``jobs`` worker
    processes, default every core, or ``executor``). Raises ImportError without torch."""
    from .adapters import torch_families

    import torch  # noqa: F401  (a clear ImportError when absent)

    known = torch_families()
    chosen = list(families) if families else known
    unknown = [f for f in chosen if f not in known]
    if unknown:
        raise ValueError(f"torch registers no KL for klsym families {', '.join(unknown)}; it does for {', '.join(known)}")
    if not chosen:
        raise ValueError("verify_torch: torch registers no KL for any klsym family; nothing to verify")
    if executor is None:
        with open_executor(jobs) as own:
            return verify_torch(chosen, rtol=rtol, n_random=n_random, seed=seed, executor=own, progress=progress)
    return [verify(Adapter("torch", f), f, rtol=rtol, n_random=n_random, seed=seed, name=f"torch {f}",
                   executor=executor, progress=progress) for f in chosen]
