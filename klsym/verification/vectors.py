"""Test vectors: float64 inputs as exact decimals, KL to a chosen number of digits.

Each vector is one pair (P, Q) from the hard-regime grid of
:mod:`klsym.verification.grid` and ``n`` pairs drawn by hypothesis. Inputs are written as
the exact decimal expansion of the float64 value (``0.1`` is written
``0.1000000000000000055511151231257827021181583404541015625``), so another
library reading them gets exactly the float the value was computed for. KL is
written to ``dps`` significant digits, correctly rounded: it is enclosed in an
interval (:func:`klsym.verification.floats.kl_enclosure`) at rising precision until both
ends print the same; pairs without a closed form use the numeric oracle's
value and error estimate instead. ``inf`` marks P's support outside Q's. The pairs
are computed in parallel, on every core by default (:mod:`klsym.verification.sweep`);
the rows do not depend on how.

>>> rows = vectors("poisson", n=0, dps=20, jobs=1)
>>> next(r for r in rows if r["label"] == "rate 0 (reported NaN)")["kl"]
'1.0'
>>> print(format_vectors(rows[:1], "csv", dps=20).splitlines()[-1])
0,poisson,lam=0,poisson,lam=1,1.0,rate 0 (reported NaN),grid
"""

from __future__ import annotations

import csv
import io
import json
import os
from concurrent.futures import Executor
from decimal import Decimal
from functools import partial
from typing import Any

import mpmath
import sympy as sp
from mpmath import mp
from mpmath.ctx_iv import MPIntervalContext

from ..records import registry
from ..records.distribution import dist
from .floats import kl_enclosure
from .grid import drawn_pairs, hard_grid
from .sweep import add_sweep_arguments, open_executor, sweep

__all__ = ["vectors", "format_vectors", "kl_digits", "exact_decimal", "check_writable"]


def exact_decimal(x: Any) -> str:
    """The exact decimal value of a float (or an int), without exponent notation.

    >>> exact_decimal(0.1)
    '0.1000000000000000055511151231257827021181583404541015625'
    >>> exact_decimal(1e20), exact_decimal(3)
    ('100000000000000000000', '3')
    """
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(exact_decimal(v) for v in x) + "]"
    if isinstance(x, int):
        return str(x)
    text = format(Decimal(x), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def kl_digits(p, q, dps: int) -> str:
    """KL(P‖Q) to ``dps`` significant digits, correctly rounded (``inf`` for +oo).

    >>> kl_digits(dist("exponential", lam=1), dist("exponential", lam=2), 25)   # 1 - log 2
    '0.3068528194400546905827679'
    """
    kind, obj = kl_enclosure(p, q)
    if kind == "exact":
        if obj == sp.oo:
            return "inf"
        obj = sp.Rational(obj)
        with mp.workdps(dps + 20):
            return mpmath.nstr(mpmath.mpf(int(obj.p)) / int(obj.q), dps) if obj != 0 else "0"
    if kind == "numeric":
        from ..oracle import numeric_kl

        r = numeric_kl(p, q, dps=dps + 10)
        if mpmath.isinf(r.value):
            return "inf"
        if r.digits < dps + 2:
            raise ArithmeticError(f"numeric oracle reached only {r.digits:.1f} digits for KL({p} ‖ {q})")
        with mp.workdps(dps + 10):
            return mpmath.nstr(r.value, dps)
    prec = int(dps * 3.33) + 40
    while prec <= 1 << 16:
        ctx = MPIntervalContext()
        ctx.prec = prec
        lo_raw, hi_raw = obj(ctx)._mpi_
        with mp.workprec(prec):
            lo, hi = mpmath.mpf(lo_raw), mpmath.mpf(hi_raw)
            lo = max(lo, mpmath.mpf(0))
            a, b = mpmath.nstr(lo, dps), mpmath.nstr(hi, dps)
        if a == b and hi > 0 and lo > 0:
            return a
        prec *= 2
    raise ArithmeticError(f"could not decide {dps} digits of KL({p} ‖ {q})")


def _value(family_p: str, family_q: str, dps: int, pair: tuple[dict, dict]) -> str | None:
    """One sweep task: the KL digits of a pair, or None when they cannot be decided."""
    p, q = pair
    try:
        return kl_digits(dist(family_p, **p), dist(family_q, **q), dps)
    except (ArithmeticError, NotImplementedError):
        return None


def vectors(family_p: str, family_q: str | None = None, *, n: int = 20, dps: int = 30, seed: int = 0,
            grid: bool = True, jobs: int | None = None, executor: Executor | None = None,
            progress: bool | None = None) -> list[dict]:
    """Rows ``{family_p, params_p, family_q, params_q, kl, label, source}``; values as strings.

    ``jobs`` worker processes (default every core; 1: in this process) or ``executor``
    compute the pairs (:func:`klsym.verification.sweep.sweep`); pairs whose digits cannot
    be decided are left out. No pairs at all (``grid=False, n=0``) is a ValueError.
    """
    family_q = family_q or family_p
    if family_q != family_p:
        raise NotImplementedError(f"vectors for KL({family_p} ‖ {family_q}): only pairs within one family")
    registry.get(family_p)
    for name, value, low in (("dps", dps, 1), ("n", n, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    pairs = [(p, q, label, "grid") for p, q, label in hard_grid(family_p)] if grid else []
    pairs += [(p, q, label, "hypothesis") for p, q, label in drawn_pairs(family_p, n, seed)] if n else []
    if not pairs:
        raise ValueError("vectors: no pairs to compute (grid=False and n=0)")
    values = sweep(partial(_value, family_p, family_q, dps), [(p, q) for p, q, _, _ in pairs], jobs=jobs,
                   executor=executor, progress=progress, desc=f"vectors {family_p}")
    return [{
        "family_p": family_p,
        "params_p": {k: exact_decimal(v) for k, v in p.items()},
        "family_q": family_q,
        "params_q": {k: exact_decimal(v) for k, v in q.items()},
        "kl": value,
        "label": label,
        "source": source,
    } for (p, q, label, source), value in zip(pairs, values) if value is not None]


def _origin(dps: int, rows: list[dict]) -> list[str]:
    from .. import __name__ as pkg

    try:
        from importlib.metadata import version

        ver = version("klsym")
    except Exception:  # not installed: running from a checkout
        ver = "unknown version"
    return [
        f"generated by {pkg} ({ver}) `klsym vectors`; do not edit",
        "inputs: float64 values written as their exact decimal expansions",
        f"kl: KL(P||Q) to {dps} significant digits, correctly rounded, from the closed forms derived by SymPy "
        "evaluated in interval arithmetic (mpmath iv) at rising precision; pairs without a closed form "
        "from the independent mpmath oracle (quadrature/summation) with its error estimate",
        "cases: the hard-regime grid of klsym.verification.grid and points drawn by hypothesis; 'inf': P's support is not inside Q's",
        f"{len(rows)} vectors",
    ]


def format_vectors(rows: list[dict], fmt: str = "csv", *, dps: int = 30) -> str:
    """The rows as CSV (``#`` header lines stating the origin) or JSON (an ``origin`` field)."""
    if fmt == "json":
        return json.dumps({"origin": _origin(dps, rows), "dps": dps, "vectors": rows}, indent=1)
    if fmt != "csv":
        raise ValueError(f"format must be csv or json, got {fmt!r}")
    buf = io.StringIO()
    for line in _origin(dps, rows):
        buf.write(f"# {line}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["index", "family_p", "params_p", "family_q", "params_q", "kl", "label", "source"])

    def params(d: dict) -> str:
        return "; ".join(f"{k}={v}" for k, v in d.items())

    for i, r in enumerate(rows):
        writer.writerow([i, r["family_p"], params(r["params_p"]), r["family_q"], params(r["params_q"]), r["kl"],
                         r["label"], r["source"]])
    return buf.getvalue()


def check_writable(path: str) -> None:
    """Refuse an output file that cannot be written, before any work is done (ValueError naming it)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ValueError(f"cannot write {path}: it is a directory")
    if not os.path.isdir(folder):
        raise ValueError(f"cannot write {path}: {folder} is not a directory")
    if not os.access(path if os.path.exists(path) else folder, os.W_OK):
        raise ValueError(f"cannot write {path}: permission denied")


def _cmd_vectors(args) -> int:
    if len(args.families) > 2:
        raise ValueError("vectors takes one family, or two for KL(P ‖ Q)")
    if args.out:
        check_writable(args.out)
    fam_q = args.families[1] if len(args.families) == 2 else None
    with open_executor(args.jobs, args.scheduler) as executor:
        rows = vectors(args.families[0], fam_q, n=args.n, dps=args.dps, seed=args.seed, grid=not args.no_grid,
                       executor=executor)
    text = format_vectors(rows, args.format, dps=args.dps)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def add_command(sub) -> None:
    """Register ``klsym vectors`` on the CLI's sub-parser collection."""
    s = sub.add_parser("vectors", help="write KL test vectors: exact decimal inputs, KL to DPS digits")
    s.add_argument("families", nargs="+", metavar="FAMILY")
    s.add_argument("--n", type=int, default=20, help="hypothesis-drawn pairs besides the grid (default 20)")
    s.add_argument("--dps", type=int, default=30, help="significant digits of KL (default 30)")
    s.add_argument("--format", choices=["csv", "json"], default="csv")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--no-grid", action="store_true", help="only the drawn pairs")
    s.add_argument("--out", help="write to this file instead of stdout")
    add_sweep_arguments(s)
    s.set_defaults(func=_cmd_vectors)
