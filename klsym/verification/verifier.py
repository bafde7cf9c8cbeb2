"""The verifier: a float64 KL implementation against the correctly rounded oracle.

:func:`verify` calls an implementation on the hard-regime grid of
:mod:`klsym.verification.grid` plus points drawn by hypothesis, compares every value with
:func:`klsym.verification.floats.kl_float`, and returns a :class:`Report`: per case the
inputs, both values, the error in ULPs and relative terms, and flags; the
worst cases first; ``.passed`` against ``rtol``.

The implementation is called with P's parameters then Q's, in the order of
the family record, positionally (``call="positional"``) or by name with
suffixes ``_p``/``_q`` (``call="keyword"``); see :mod:`klsym.verification.adapters` for
torch and scipy.

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
import struct
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..records import registry
from ..records.distribution import dist
from .floats import kl_float
from .grid import hard_grid

__all__ = ["Case", "Report", "verify", "verify_torch", "FLAGS", "FAILING_FLAGS", "DEFAULT_RTOL", "float_ulps"]

#: default tolerance: 256 units in the last place of the true value
DEFAULT_RTOL = 256 * 2.0**-52

#: every flag a case may carry, with its meaning
FLAGS = {
    "raised": "the implementation raised an exception",
    "nan": "the implementation returned NaN",
    "inf_where_finite": "the implementation returned ±inf where KL is finite",
    "finite_where_inf": "the implementation returned a finite value where KL is +inf",
    "negative": "the implementation returned a negative value (KL >= 0 always)",
    "negative_zero": "the implementation returned -0.0 (wrong sign of zero)",
    "zero_where_positive": "the implementation returned 0 where KL > 0",
}
#: flags that fail a case whatever the tolerance (-0.0 and 0-for-tiny are judged by the error)
FAILING_FLAGS = frozenset({"raised", "nan", "inf_where_finite", "finite_where_inf", "negative"})


def _ordinal(x: float) -> int:
    i = struct.unpack("<q", struct.pack("<d", x))[0]
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def float_ulps(a: float, b: float) -> float:
    """Number of float64 steps between ``a`` and ``b`` (inf if either is NaN or only one is infinite).

    >>> float_ulps(1.0, 1.0 + 2**-52), float_ulps(0.0, -0.0), float_ulps(5e-324, -5e-324)
    (1, 0, 2)
    """
    if math.isnan(a) or math.isnan(b):
        return math.inf
    if math.isinf(a) or math.isinf(b):
        return 0 if a == b else math.inf
    return abs(_ordinal(a) - _ordinal(b))


def _relative(a: float, b: float) -> float:
    if math.isnan(a):
        return math.inf
    if a == b:
        return 0.0
    if b == 0 or math.isinf(a) or math.isinf(b):
        return math.inf
    return abs(a - b) / abs(b)


def _flags(value: float | None, oracle: float) -> list[str]:
    if value is None:
        return ["raised"]
    out = []
    if math.isnan(value):
        return ["nan"]
    if math.isinf(value) and not math.isinf(oracle):
        out.append("inf_where_finite")
    if math.isinf(oracle) and not math.isinf(value):
        out.append("finite_where_inf")
    if value < 0:
        out.append("negative")
    if value == 0 and math.copysign(1, value) < 0:
        out.append("negative_zero")
    if value == 0 and oracle > 0:
        out.append("zero_where_positive")
    return out


@dataclass
class Case:
    """One comparison: inputs, the implementation's value, the oracle's, errors and flags."""

    family_p: str
    family_q: str
    params_p: dict
    params_q: dict
    label: str
    source: str  # "grid" or "hypothesis"
    value: float | None
    oracle: float
    ulps: float
    rel: float
    flags: list[str]
    passed: bool
    error: str | None = None

    def inputs(self) -> str:
        def show(ps: dict) -> str:
            return ", ".join(f"{k}={v!r}" for k, v in ps.items())

        return f"{self.family_p}({show(self.params_p)}) ‖ {self.family_q}({show(self.params_q)})"

    def as_dict(self) -> dict:
        """JSON-safe: floats as their shortest round-trip repr strings."""
        d = asdict(self)
        for key in ("value", "oracle", "ulps", "rel"):
            d[key] = None if d[key] is None else repr(d[key])
        for side in ("params_p", "params_q"):
            d[side] = {k: (repr(v) if isinstance(v, float) else [repr(x) for x in v] if isinstance(v, list) else v)
                       for k, v in d[side].items()}
        return d


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

    @property
    def passed(self) -> bool:
        """True when every case is within the tolerance and carries no failing flag."""
        return all(c.passed for c in self.cases)

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
        worst_rel = max((c.rel for c in self.cases), default=0.0)
        flags = ", ".join(f"{k} {v}" for k, v in sorted(self.flag_counts().items())) or "none"
        status = "PASS" if self.passed else "FAIL"
        return (
            f"{status} {self.name} on KL({self.family_p} ‖ {self.family_q}): {len(self.cases)} cases "
            f"({grid} grid, {len(self.cases) - grid} hypothesis), {n_fail} beyond rtol={self.rtol:.3g}"
            f"{f' atol={self.atol:.3g}' if self.atol else ''}; worst relative error {worst_rel:.3g}; "
            f"flags: {flags}" + (f"; {len(self.skipped)} skipped (no oracle)" if self.skipped else "")
        )

    def table(self, limit: int | None = 10, failures_only: bool = False) -> str:
        rows = self.failures if failures_only else self.worst
        rows = rows[:limit] if limit is not None else rows
        lines = [f"{'ok':4} {'impl':>24} {'oracle':>24} {'ulps':>9} {'rel':>9}  flags / inputs / label"]
        for c in rows:
            value = "raised" if c.value is None else repr(c.value)
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


def _as_float(result: Any) -> float:
    if hasattr(result, "item") and getattr(result, "size", 1) == 1:
        result = result.item()
    elif hasattr(result, "__len__") and len(result) == 1:
        result = result[0]
    return float(result)


def _call(impl: Callable[..., Any], family_p: str, family_q: str, pp: dict, pq: dict, call: str) -> Any:
    if call == "keyword":
        return impl(**{f"{k}_p": v for k, v in pp.items()}, **{f"{k}_q": v for k, v in pq.items()})
    return impl(*[pp[n] for n in registry.get(family_p).names()], *[pq[n] for n in registry.get(family_q).names()])


def _judge(impl, family_p, family_q, pp, pq, label, source, call, rtol, atol) -> Case | str:
    try:
        oracle = kl_float(dist(family_p, **pp), dist(family_q, **pq))
    except (NotImplementedError, ArithmeticError) as exc:
        return f"oracle: {exc}"
    value: float | None
    error = None
    try:
        value = _as_float(_call(impl, family_p, family_q, pp, pq, call))
    except Exception as exc:  # the implementation's failure is a finding, not ours
        value, error = None, f"{type(exc).__name__}: {exc}"
    flags = _flags(value, oracle)
    if value is None:
        ulps, rel = math.inf, math.inf
    else:
        ulps, rel = float_ulps(value, oracle), _relative(value, oracle)
    within = rel <= rtol or ulps <= rtol / 2.0**-52 or (value is not None and abs(value - oracle) <= atol)
    passed = within and not (set(flags) & FAILING_FLAGS)
    return Case(family_p, family_q, dict(pp), dict(pq), label, source, value, oracle, ulps, rel, flags, passed, error)


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
) -> Report:
    """Compare ``impl`` with the correctly rounded oracle :func:`klsym.verification.floats.kl_float`.

    ``grid`` runs the hard-regime grid (:func:`klsym.verification.grid.hard_grid`);
    ``n_random`` points are drawn by hypothesis (deterministic for a given
    ``seed``); ``extra`` adds (P parameters, Q parameters, label) cases. A
    case passes when its relative error is at most ``rtol`` (default 256
    ULPs of the true value), or it is at most ``rtol / 2**-52`` float64 steps
    from the true value (the same test, except among subnormals, where a
    correctly rounded value may be far off in relative terms), or its
    absolute error is at most ``atol``; and it carries none of
    :data:`FAILING_FLAGS`. Pairs the oracle cannot answer
    are listed in ``report.skipped``.
    """
    family_q = family_q or family_p
    registry.get(family_p), registry.get(family_q)
    if call not in ("positional", "keyword"):
        raise ValueError(f"call must be 'positional' or 'keyword', got {call!r}")
    if not (rtol >= 0 and atol >= 0):
        raise ValueError(f"rtol and atol must be >= 0, got rtol={rtol!r}, atol={atol!r}")
    points: list[tuple[dict, dict, str, str]] = [(p, q, label, "grid") for p, q, label in extra]
    if grid and family_p == family_q:
        points += [(p, q, label, "grid") for p, q, label in hard_grid(family_p)]
    if n_random and family_p == family_q:
        from .grid import drawn_pairs

        points += [(p, q, label, "hypothesis") for p, q, label in drawn_pairs(family_p, n_random, seed)]
    cases, skipped = [], []
    for pp, pq, label, source in points:
        result = _judge(impl, family_p, family_q, pp, pq, label, source, call, rtol, atol)
        if isinstance(result, str):
            skipped.append((f"{family_p}({pp}) ‖ {family_q}({pq})", result))
        else:
            cases.append(result)
    return Report(name or getattr(impl, "__name__", "impl"), family_p, family_q, rtol, atol, cases, skipped)


def verify_torch(
    families: Sequence[str] | None = None, *, rtol: float = DEFAULT_RTOL, n_random: int = 25, seed: int = 0
) -> list[Report]:
    """:func:`verify` ``torch.distributions.kl_divergence`` on every same-family pair torch
    registers and klsym knows (or on ``families``). Raises ImportError without torch."""
    from .adapters import torch_families, torch_kl

    import torch  # noqa: F401  (a clear ImportError when absent)

    known = torch_families()
    chosen = list(families) if families else known
    unknown = [f for f in chosen if f not in known]
    if unknown:
        raise ValueError(f"torch registers no KL for klsym families {', '.join(unknown)}; it does for {', '.join(known)}")
    return [verify(torch_kl(f), f, rtol=rtol, n_random=n_random, seed=seed, name=f"torch {f}") for f in chosen]


# ----------------------------------------------------------------- command line
def _load_impl(target: str) -> Callable[..., Any]:
    import importlib

    module, _, attr = target.partition(":")
    if not attr:
        raise ValueError(f"implementation {target!r}: write torch, scipy, or module:function")
    try:
        obj: Any = importlib.import_module(module)
    except ImportError as exc:
        raise ValueError(f"implementation {target!r}: cannot import {module}: {exc}") from exc
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ValueError(f"implementation {target!r}: {module} has no attribute {attr}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise ValueError(f"implementation {target!r} is not callable")
    return obj


def _reports_for(args) -> list[Report] | None:
    options = dict(rtol=args.rtol, atol=args.atol, grid=not args.no_grid, n_random=args.n, seed=args.seed)
    if args.target == "torch":
        from .adapters import torch_families, torch_kl

        try:
            import torch  # noqa: F401
        except ImportError:
            return None
        known = torch_families()
        chosen = args.families or known
        unknown = [f for f in chosen if f not in known]
        if unknown:
            raise ValueError(f"torch registers no KL for {', '.join(unknown)}; it does for {', '.join(known)}")
        return [verify(torch_kl(f), f, name=f"torch {f}", **options) for f in chosen]
    if not args.families:
        raise ValueError(f"verify {args.target}: name the family (or two) to verify")
    if args.target == "scipy":
        from .adapters import scipy_kl

        return [verify(scipy_kl(f), f, name=f"scipy {f}", **options) for f in args.families]
    if len(args.families) > 2:
        raise ValueError("verify module:function takes one family, or two for KL(P ‖ Q) across families")
    impl = _load_impl(args.target)
    fam_q = args.families[1] if len(args.families) == 2 else None
    return [verify(impl, args.families[0], fam_q, call=args.call, name=args.target, **options)]


def _cmd_verify(args) -> int:
    import sys
    import time

    if args.ulps is not None:
        args.rtol = args.ulps * 2.0**-52
    start = time.perf_counter()
    reports = _reports_for(args)
    if reports is None:
        print("klsym verify torch: skipped, torch is not installed (pip install torch)", file=sys.stderr)
        return 0
    elapsed = time.perf_counter() - start
    data = [r.as_dict() for r in reports]
    if args.json:
        text = json.dumps(data, indent=1, ensure_ascii=False)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
    if args.json != "-":
        for r in reports:
            print(r.summary())
            if not r.passed or args.all:
                print(r.table(None if args.all else args.limit, failures_only=not args.all))
            print()
        n_cases = sum(len(r.cases) for r in reports)
        failed = [r for r in reports if not r.passed]
        print(f"{len(reports)} report(s), {n_cases} cases in {elapsed:.1f} s; "
              f"{len(failed)} beyond tolerance" + (f": {', '.join(r.name for r in failed)}" if failed else ""))
    return 0 if all(r.passed for r in reports) else 1


def add_commands(sub) -> None:
    """Register ``klsym verify`` and ``klsym vectors`` on the CLI's sub-parser collection."""
    s = sub.add_parser("verify", help="check a float64 KL implementation against the correctly rounded oracle")
    s.add_argument("target", help="torch, scipy, or module:function (called with P's then Q's parameters)")
    s.add_argument("families", nargs="*", metavar="FAMILY")
    s.add_argument("--rtol", type=float, default=DEFAULT_RTOL, help="relative tolerance (default 256 ulps)")
    s.add_argument("--ulps", type=float, default=None, help="tolerance in units of 2^-52 relative (overrides --rtol)")
    s.add_argument("--atol", type=float, default=0.0)
    s.add_argument("--n", type=int, default=25, help="hypothesis-drawn points per family (default 25)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--no-grid", action="store_true", help="skip the hard-regime grid")
    s.add_argument("--call", choices=["positional", "keyword"], default="positional")
    s.add_argument("--json", metavar="FILE", help="also write the reports as JSON ('-': JSON only, to stdout)")
    s.add_argument("--limit", type=int, default=10, help="worst cases shown per report (default 10)")
    s.add_argument("--all", action="store_true", help="show every case")
    s.set_defaults(func=_cmd_verify)

    from .vectors import add_command

    add_command(sub)
