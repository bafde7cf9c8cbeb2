"""torch's KL across families, judged against the correctly rounded reference.

``torch.distributions.kl`` registers KL formulas for pairs of *different* families
(beta ‖ normal, uniform ‖ pareto, normal ‖ exponential, …). :func:`verify_torch_cross` reads
the pairs from torch's registry (:func:`klsym.verification.adapters.torch_cross_pairs`), runs
each pair klsym has both families of on its parameter points
(:func:`klsym.verification.crosspoints.cross_points`) through
``torch.distributions.kl_divergence`` in float64, and judges every value as
:func:`klsym.verify` does (:class:`klsym.verification.judge.Judge`), against
:func:`klsym.verification.reference.reference_kl`: klsym's kl_float, or the oracle for pairs
the exact layer has not derived. Where the true KL is +inf, torch's ``inf`` is right and any
finite number (or NaN) is wrong.

The result, a :class:`CrossSection`, has one :class:`klsym.verification.verifier.Report` per
pair and a verdict for each — ``ok``, ``wrong`` (with the worst case), ``NaN``, ``raises``,
or ``no reference`` (the oracle could answer none of the pair's points) — and lists the
pairs it cannot cover (a class klsym has no family for).
"""

from __future__ import annotations

import math
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from . import adapters
from .adapters import TorchPair
from .crosspoints import cross_points
from .judge import DEFAULT_TIMEOUT, Adapter, Case, Judge
from .sweep import open_executor, sweep
from .verifier import DEFAULT_RTOL, Report

__all__ = ["CrossSection", "verify_torch_cross", "verdicts", "VERDICTS"]

#: what a pair's verdict can say
VERDICTS = ("ok", "wrong", "NaN", "raises", "no reference")


def verdicts(report: Report) -> list[str]:
    """The verdicts of one pair: ``["ok"]``, or those of ``wrong`` / ``NaN`` / ``raises`` that
    its failing cases show, or ``["no reference"]`` when none of its cases was judged.

    >>> verdicts(Report("torch beta ‖ pareto", "beta", "pareto", DEFAULT_RTOL, 0.0, cases=[]))
    ['no reference']
    """
    if not report.cases:
        return ["no reference"]
    out = []
    failing = report.failures
    if any(c.value is not None and not math.isnan(c.value) for c in failing):
        out.append("wrong")
    if any("nan" in c.flags for c in failing):
        out.append("NaN")
    if any(c.value is None for c in failing):  # raised, timed out, or not a number
        out.append("raises")
    return out or ["ok"]


def _show(x: float) -> str:
    return repr(x) if not math.isinf(x) else ("+inf" if x > 0 else "-inf")


def _describe(c: Case) -> str:
    value = "raises " + (c.error or "") if c.value is None else _show(c.value)
    truth = _show(c.oracle) + (f" ({c.reason})" if c.reason else "")
    rel = "" if c.value is None or math.isinf(c.rel) else f", rel. error {c.rel:.3g}"
    return f"torch {value} where KL = {truth}{rel} at {c.inputs()} [{c.label}]"


@dataclass
class CrossSection:
    """torch's cross-family pairs: one report per covered pair (``covered[i]`` is ``reports[i]``'s
    pair), the pairs not covered with the reason, and timing."""

    covered: list[TorchPair]
    reports: list[Report]
    uncovered: list[tuple[TorchPair, str]]
    held_back: int = 0
    elapsed: float = 0.0
    registered: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every covered pair is ``ok``."""
        return all(verdicts(r) == ["ok"] for r in self.reports)

    def counts(self) -> dict[str, int]:
        """How many covered pairs carry each verdict (a pair may carry several)."""
        out = {v: 0 for v in VERDICTS}
        for r in self.reports:
            for v in verdicts(r):
                out[v] += 1
        return out

    def infinite_everywhere(self) -> list[Report]:
        """Pairs whose reference is +inf at every point judged."""
        return [r for r in self.reports if r.cases and all(math.isinf(c.oracle) for c in r.cases)]

    def summary(self, limit: int | None = 3) -> str:
        """The section as text: counts, then one line per pair, with the ``limit`` worst cases of one
        not ok (``None``: all)."""
        n_cases = sum(len(r.cases) for r in self.reports)
        n_inf = len(self.infinite_everywhere())
        counts = ", ".join(f"{k} {v}" for k, v in self.counts().items() if v or k in ("ok", "wrong"))
        lines = [
            f"cross-family: torch registers {self.registered} pairs of different classes; {len(self.reports)} "
            f"covered ({len(self.reports) - n_inf} finite somewhere, {n_inf} +inf at every point), "
            f"{len(self.uncovered)} not covered; {n_cases} cases in {self.elapsed:.1f} s",
            f"cross-family verdicts (pairs; a pair may carry several): {counts}"
            + (f"; {self.held_back} points held back until klsym's exact route answers them" if self.held_back else ""),
        ]
        for r in sorted(self.reports, key=lambda r: (verdicts(r) == ["ok"], r.family_p, r.family_q)):
            v = verdicts(r)
            bad = r.failures
            head = (f"{'/'.join(v):14} KL({r.family_p} ‖ {r.family_q}): "
                    + (f"{len(bad)} of {len(r.cases)} cases off" if bad else f"{len(r.cases)} cases")
                    + (f", {len(r.skipped)} without reference" if r.skipped else ""))
            lines.append(head)
            lines += [f"    {_describe(c)}" for c in (bad if limit is None else bad[:limit])]
        for pair, why in self.uncovered:
            lines.append(f"{'not covered':14} KL({pair.torch_p} ‖ {pair.torch_q}): {why}")
        lines += self.notes
        return "\n".join(lines)

    def as_dicts(self) -> list[dict]:
        """JSON-safe: each covered pair's report (with its torch classes and verdicts), then each
        pair not covered."""
        out = []
        for pair, r in zip(self.covered, self.reports):
            out.append({**r.as_dict(), "torch_classes": [pair.torch_p, pair.torch_q], "verdicts": verdicts(r)})
        for pair, why in self.uncovered:
            out.append({"name": f"torch {pair.torch_p} ‖ {pair.torch_q}", "family_p": pair.family_p,
                        "family_q": pair.family_q, "torch_classes": [pair.torch_p, pair.torch_q],
                        "not_covered": why, "cases": []})
        return out


def _run(task: tuple[Judge, tuple]) -> Case | str:
    judge, point = task
    return judge(point)


def _select(pairs: list[TorchPair], families: Iterable[str] | None,
            only: Sequence[tuple[str, str]] | None) -> list[TorchPair]:
    chosen = pairs
    if families:
        wanted = set(families)
        chosen = [p for p in chosen if p.family_p in wanted and p.family_q in wanted]
    if only is not None:
        known = {(p.family_p, p.family_q) for p in pairs if p.covered}
        missing = [f"{a} ‖ {b}" for a, b in only if (a, b) not in known]
        if missing:
            raise ValueError(f"torch registers no KL across families for {', '.join(missing)} "
                             "(or klsym has no family for one of its classes)")
        chosen = [p for p in chosen if (p.family_p, p.family_q) in set(map(tuple, only))]
    return chosen


def verify_torch_cross(
    pairs: Sequence[tuple[str, str]] | None = None,
    *,
    families: Iterable[str] | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = 0.0,
    timeout: float | None = DEFAULT_TIMEOUT,
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
) -> CrossSection:
    """``torch.distributions.kl_divergence`` on every pair of different families torch registers
    (or on ``pairs``, klsym family names (P, Q); or those with both families in ``families``),
    judged like :func:`klsym.verify` with ``rtol`` and ``atol``, all cases in one sweep
    (``jobs`` worker processes, default every core, or ``executor``).

    Raises ImportError without torch, ValueError for a pair torch does not register.

    >>> import importlib.util
    >>> if importlib.util.find_spec("torch"):   # KL(laplace ‖ uniform) is +inf: torch says inf
    ...     section = verify_torch_cross([("laplace", "uniform")], jobs=1)
    ...     print(section.counts()["ok"], verdicts(section.reports[0]), section.reports[0].cases[0].reason)
    ... else:   # without torch: the reason klsym's pair table gives, which the sweep reports
    ...     from klsym.derive.pairs import stored_verdicts
    ...     print(1, ['ok'], stored_verdicts()[("laplace", "uniform")][1])
    1 ['ok'] the support of P (-oo, oo) is never inside the support of Q [a_q, b_q]
    """
    import torch  # noqa: F401  (a clear ImportError when absent)

    if executor is None:
        with open_executor(jobs) as own:
            return verify_torch_cross(pairs, families=families, rtol=rtol, atol=atol, timeout=timeout,
                                      executor=own, progress=progress)
    start = time.perf_counter()
    registered = adapters.torch_cross_pairs()
    chosen = _select(registered, families, pairs)
    uncovered = [(p, p.uncovered_reason()) for p in chosen if not p.covered]
    covered: list[TorchPair] = []
    tasks: list[tuple[Judge, tuple]] = []
    spans: list[tuple[int, int, list[tuple]]] = []
    held_back = 0
    for pair in (p for p in chosen if p.covered):
        fp, fq = str(pair.family_p), str(pair.family_q)
        try:
            cases, held = cross_points(fp, fq)
        except ValueError as exc:
            uncovered.append((pair, str(exc)))
            continue
        held_back += len(held)
        judge = Judge(Adapter("torch", fp, fq), fp, fq, "positional", float(rtol), float(atol), timeout)
        points = [(pp, pq, label, "grid") for pp, pq, label in cases]
        spans.append((len(tasks), len(tasks) + len(points), points))
        tasks += [(judge, point) for point in points]
        covered.append(pair)
    results: list[Any] = sweep(_run, tasks, executor=executor, progress=progress, desc="verify torch across families")
    reports = []
    for pair, (lo, hi, points) in zip(covered, spans):
        part = results[lo:hi]
        cases = [r for r in part if isinstance(r, Case)]
        skipped = [(f"{pair.family_p}({p}) ‖ {pair.family_q}({q})", r)
                   for (p, q, _, _), r in zip(points, part) if isinstance(r, str)]
        reports.append(Report(f"torch {pair.family_p} ‖ {pair.family_q}", str(pair.family_p), str(pair.family_q),
                              float(rtol), float(atol), cases, skipped))
    return CrossSection(covered, reports, uncovered, held_back,
                        time.perf_counter() - start, len(registered))
