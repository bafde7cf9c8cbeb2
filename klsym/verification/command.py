"""``klsym verify`` and ``klsym vectors`` on the command line.

``klsym verify torch [FAMILY ...]`` judges torch's same-family KL for each family (every one
torch registers when none is named), then its KL across families
(:mod:`klsym.verification.torchcross`) for every registered pair whose two families are both
named (every pair when none is named); ``--no-cross`` leaves that section out and
``--cross-only`` runs it alone. ``klsym verify scipy FAMILY`` and
``klsym verify module:function FAMILY [FAMILY]`` judge one implementation.
The exit status is 0 when everything passed, 1 when something fell short, 2 for a user error.
"""

from __future__ import annotations

import json
from concurrent.futures import Executor
from typing import Any, Callable

from ..exact.renyi import DIVERGENCE_KINDS
from . import adapters
from .judge import DEFAULT_TIMEOUT, Adapter
from .scipy_adapters import scipy_kl
from .sweep import add_sweep_arguments, open_executor
from .torchcross import CrossSection, verify_torch_cross
from .vectors import add_command as add_vectors_command, check_writable
from .verifier import DEFAULT_RTOL, Report, verify

__all__ = ["add_commands"]


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


def _torch_runs(args, executor: Executor, options: dict) -> tuple[list[Report], CrossSection | None]:
    known = adapters.torch_families()
    cross_pairs = [p for p in adapters.torch_cross_pairs() if p.covered] if args.cross else []
    across = {f for p in cross_pairs for f in (p.family_p, p.family_q)}
    unknown = [f for f in args.families if f not in known and f not in across]
    if unknown:
        raise ValueError(f"torch registers no KL for {', '.join(unknown)}; it does for {', '.join(known)}"
                         + (f" (and across families for {', '.join(sorted(across - set(known)))})"
                            if across - set(known) else ""))
    same = [] if args.cross_only else [f for f in (args.families or known) if f in known]
    reports = [verify(Adapter("torch", f), f, name=f"torch {f}", **options) for f in same]
    wanted = set(args.families) if args.families else None
    if not args.cross or not any(wanted is None or {p.family_p, p.family_q} <= wanted for p in cross_pairs):
        return reports, None
    section = verify_torch_cross(families=wanted, rtol=args.rtol, atol=args.atol, timeout=args.timeout or None,
                                 executor=executor)
    return reports, section


def _reports_for(args, executor: Executor) -> tuple[list[Report], CrossSection | None]:
    options = dict(rtol=args.rtol, atol=args.atol, grid=not args.no_grid, n_random=args.n, seed=args.seed,
                   timeout=args.timeout or None, executor=executor)
    divergence = dict(divergence=args.divergence, alpha=args.alpha)
    if args.target in ("torch", "scipy") and args.divergence != "kl":
        raise ValueError(f"verify {args.target}: --divergence {args.divergence} is for module:function "
                         f"({args.target}'s adapters compute KL)")
    if args.target == "torch":
        return _torch_runs(args, executor, options)
    if args.cross_only or not args.cross:
        raise ValueError(f"verify {args.target}: --cross-only and --no-cross are for torch")
    if not args.families:
        raise ValueError(f"verify {args.target}: name the family (or two) to verify")
    if args.target == "scipy":
        for f in args.families:  # a law with no plain scipy KL is refused before any case runs
            scipy_kl(f)
        return [verify(Adapter("scipy", f), f, name=f"scipy {f}", **options) for f in args.families], None
    if len(args.families) > 2:
        raise ValueError("verify module:function takes one family, or two for KL(P ‖ Q) across families")
    impl = _load_impl(args.target)
    fam_q = args.families[1] if len(args.families) == 2 else None
    return [verify(impl, args.families[0], fam_q, call=args.call, name=args.target, **options, **divergence)], None


def _cmd_verify(args) -> int:
    import sys
    import time

    if args.limit < 0:
        raise ValueError(f"--limit: expected a number of cases >= 0, got {args.limit}")
    if args.ulps is not None:
        args.rtol = args.ulps * 2.0**-52
    if args.timeout < 0:
        raise ValueError(f"--timeout must be >= 0 seconds (0: no limit), got {args.timeout!r}")
    if args.cross_only and not args.cross:
        raise ValueError("--cross-only and --no-cross contradict each other")
    if args.json and args.json != "-":
        check_writable(args.json)  # before the run, not after it
    if args.target == "torch":
        try:
            import torch  # noqa: F401
        except ImportError:
            print("klsym verify torch: skipped, torch is not installed (pip install torch)", file=sys.stderr)
            return 0
    start = time.perf_counter()
    with open_executor(args.jobs, args.scheduler) as executor:  # one pool for every report
        reports, section = _reports_for(args, executor)
    if not reports and section is None:
        raise ValueError(f"verify {args.target}: no family to verify; a verification of nothing cannot pass")
    elapsed = time.perf_counter() - start
    data = [r.as_dict() for r in reports] + (section.as_dicts() if section else [])
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
        if section is not None:
            print(section.summary(limit=None if args.all else args.limit))
            print()
        n_cases = sum(len(r.cases) for r in reports)
        failed = [r for r in reports if not r.passed]
        parts = [f"{len(reports)} report(s), {n_cases} cases"] if reports else []
        if section is not None:
            parts.append(f"{len(section.reports)} cross-family pairs, {sum(len(r.cases) for r in section.reports)} cases")
        outcome = [f"{len(failed)} beyond tolerance" + (f": {', '.join(r.name for r in failed)}" if failed else "")
                   ] if reports else []
        if section is not None:
            outcome.append(f"{len(section.reports) - section.counts()['ok']} cross-family pairs not ok")
        print(f"{'; '.join(parts)} in {elapsed:.1f} s; {'; '.join(outcome)}")
    passed = all(r.passed for r in reports) and (section is None or section.passed)
    return 0 if passed else 1


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
    s.add_argument("--divergence", choices=DIVERGENCE_KINDS, default="kl",
                   help="what module:function computes (default kl; renyi needs --alpha)")
    s.add_argument("--alpha", default=None, help="the order of the Rényi divergence, e.g. 1/2 (exact text)")
    s.add_argument("--no-cross", dest="cross", action="store_false",
                   help="torch: leave out the pairs across families")
    s.add_argument("--cross-only", action="store_true",
                   help="torch: only the pairs across families (those with both families named, or all)")
    s.add_argument("--json", metavar="FILE", help="also write the reports as JSON ('-': JSON only, to stdout)")
    s.add_argument("--limit", type=int, default=10, help="worst cases shown per report (default 10)")
    s.add_argument("--all", action="store_true", help="show every case")
    s.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds an implementation may take per case (default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    add_sweep_arguments(s)
    s.set_defaults(func=_cmd_verify)
    add_vectors_command(sub)
