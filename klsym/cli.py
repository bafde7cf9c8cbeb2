"""The ``klsym`` command line.

    klsym list
    klsym show FAMILY [FAMILY] [--reverse] [--fixed-differ] [--format pretty|latex|python]
    klsym value 'gamma(alpha=3/2, beta=2)' 'gamma(alpha=5, beta=1/3)' [--dps 30] [--numeric]
    klsym check [FAMILY ...] [--dps 30] [--min-digits 25] [--live N|all] [--seed S] [--jobs N] [--write] [--verbose]
    klsym derive --out DIR

User errors (bad parameters, unknown families) print one line to stderr and
exit with status 2; a failed check exits with status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Callable, Sequence

import mpmath
import sympy as sp

from .records import registry
from .records.distribution import Distribution, dist

__all__ = ["main", "parse_distribution"]

#: extra sub-commands: functions taking the sub-parser collection and adding one command
#: whose ``func(args) -> int`` runs it
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


class UserError(Exception):
    """An error in what the user typed: reported in one line, no traceback."""


def _split_top_level(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


def parse_distribution(text: str) -> Distribution:
    """``'gamma(alpha=3/2, beta=2)'`` → ``dist("gamma", alpha=3/2, beta=2)``.

    Values are read exactly (``0.1`` is one tenth here, unlike a Python float);
    a list is written ``p=[1/2, 1/3, 1/6]``.

    >>> parse_distribution("categorical(p=[1/2, 1/2])")
    categorical(p=[1/2, 1/2])
    """
    m = re.fullmatch(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*", text)
    if not m:
        raise UserError(f"cannot read {text!r}: write FAMILY(name=value, ...), e.g. 'normal(mu=0, sigma=1)'")
    name, inner = m.group(1), m.group(2)
    params = {}
    for part in _split_top_level(inner):
        if "=" not in part:
            raise UserError(f"cannot read {part.strip()!r} in {text!r}: parameters are written name=value")
        key, value = (s.strip() for s in part.split("=", 1))
        if value.startswith("["):
            if not value.endswith("]"):
                raise UserError(f"unclosed list in {text!r}")
            params[key] = [_number(v, key) for v in _split_top_level(value[1:-1])]
        else:
            params[key] = _number(value, key)
    return dist(name, **params)


def _number(text: str, name: str) -> sp.Expr:
    try:
        return sp.Rational(text.strip())
    except (TypeError, ValueError):
        try:
            return sp.sympify(text.strip(), rational=True)
        except (sp.SympifyError, SyntaxError, TypeError) as exc:
            raise UserError(f"parameter {name}: cannot read {text.strip()!r} as a number") from exc


def _format(expr: sp.Expr, fmt: str) -> str:
    if fmt == "latex":
        return sp.latex(expr)
    if fmt == "python":
        return sp.pycode(expr) if not expr.has(sp.Sum) else sp.sstr(expr)
    return sp.pretty(expr, use_unicode=True)


def _cmd_list(args) -> int:
    for name in registry.names():
        rec = registry.get(name)
        params = ", ".join(p.name + (" (fixed)" if p.fixed else "") for p in rec.params)
        print(f"{name:18s} {params:22s} {rec.parameterization}")
    return 0


def _cmd_show(args) -> int:
    from .exact.divergence import kl, reverse_kl

    second = args.families[1] if len(args.families) > 1 else args.families[0]
    if len(args.families) > 2:
        raise UserError("show takes one or two family names")
    rec = registry.get(args.families[0])
    if getattr(args, "fixed_differ", False):
        expr = _fixed_differ_form(rec, second, args.reverse)
    else:
        expr = reverse_kl(args.families[0], second) if args.reverse else kl(args.families[0], second)
    title = "KL(Q‖P)" if args.reverse else "KL(P‖Q)"
    if getattr(args, "asymmetry", False):
        from .fit.project import asymmetry

        if second != args.families[0]:
            raise UserError("--asymmetry compares P and Q of one family")
        expr, title = asymmetry(args.families[0]), "KL(P‖Q) − KL(Q‖P)"
    if args.format == "pretty":
        print(f"{title} for P, Q in {rec.name}: {rec.parameterization}")
        print("P has parameters *_p, Q has *_q.\n")
    print(_format(expr, args.format))
    return 0


def _fixed_differ_form(rec, second: str, reverse: bool) -> sp.Expr:
    """KL with P and Q each given their own fixed parameters (``k_p``, ``k_q``)."""
    from .derive import kl_form

    if second != rec.name:
        raise UserError("--fixed-differ compares P and Q of one family")
    if not rec.fixed_params:
        raise UserError(f"{rec.name} has no fixed parameters; --fixed-differ applies to "
                        + ", ".join(n for n in registry.names() if registry.get(n).fixed_params))
    try:
        expr = kl_form(rec.name, shared_fixed=False)
    except NotImplementedError as exc:
        raise UserError(f"{exc}; for given values `klsym value` gives the exact sum or series") from exc
    if reverse:  # KL(Q‖P): every *_p symbol swapped with its *_q partner
        by_name = {s.name: s for s in expr.free_symbols}
        swap = {}
        for name, sym in by_name.items():
            for a, b in (("_p", "_q"), ("_q", "_p")):
                if name.endswith(a) and name[:-2] + b in by_name:
                    swap[sym] = by_name[name[:-2] + b]
        expr = expr.xreplace(swap)
    return expr


def _digits(p: Distribution, q: Distribution, value: sp.Expr, dps: int) -> str:
    from .verification.floats import kl_value

    v = kl_value(p, q, dps, value)
    with mpmath.workdps(dps + 10):
        return mpmath.nstr(v, dps, strip_zeros=False)


def _cmd_value(args) -> int:
    from .exact.divergence import kl_answer
    from .oracle import numeric_kl

    p, q = parse_distribution(args.p), parse_distribution(args.q)
    answer = kl_answer(p, q)
    if answer.value == sp.oo:
        print("inf")
        print(f"klsym: KL is +inf: {answer.reason}", file=sys.stderr)
    else:
        print(_digits(p, q, answer.value, args.dps))
    if args.numeric:
        r = numeric_kl(p, q, dps=args.dps)
        print(f"numeric: {mpmath.nstr(r.value, args.dps)}  (error estimate {mpmath.nstr(r.error, 3)}, {r.method})")
    return 0


#: the live sample of a plain `klsym check`: rows, among those the store says take at most this long
LIVE_ROWS, LIVE_SECONDS = 6, 1.0


def _cmd_check(args) -> int:
    from .references import check
    from .references.pool import default_jobs

    def progress(row):
        mark = "ok " if row.ok(args.min_digits) else "LOW"
        print(f"{mark} {row.as_text()}  [{row.label}]" + ("  (live)" if row.live else ""), flush=True)

    if args.live is not None and args.live != "all":
        if not args.live.isdigit():
            raise UserError(f"--live takes a number of rows or 'all', got {args.live!r}")
        args.live = int(args.live)
    if args.write and args.live != "all":
        raise UserError("--write rewrites the store from recomputed values: it needs --live all")
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs must be at least 1, got {args.jobs}")

    def on_live(row, done, total):
        if args.verbose:
            mark = {True: "agrees", False: "DISAGREES", None: "new"}[row.agrees]
            print(f"live {done}/{total} {row.what} [{row.label}]: {row.reference.value} ({mark})", flush=True)
        elif sys.stderr.isatty() and total > 10:
            print(f"\rlive rows: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    live = LIVE_ROWS if args.live is None else args.live
    jobs = args.jobs or (default_jobs() if len(args.families) != 1 else 1)
    report = check(args.families or None, dps=args.dps, live=live, seed=args.seed, jobs=jobs,
                   write_store=args.write, progress=progress if args.verbose else None,
                   max_live_seconds=LIVE_SECONDS if args.live is None else None, on_live=on_live)
    print(report.summary(args.min_digits))
    for r in report.low(args.min_digits):
        print(f"LOW {r.as_text()}  [{r.label}]")
    for r in report.disagreements():
        print(f"DISAGREES {r.what} [{r.label}]: live {r.reference.value} (error {r.reference.error}), "
              f"stored {r.stored.value} (error {r.stored.error})")
    return 0 if report.ok(args.min_digits) else 1


def _cmd_derive(args) -> int:
    from .docs.pages import write_all

    for path in write_all(args.out):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="klsym", description="Kullback-Leibler divergences, derived and checked.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="list the families and their parameterizations").set_defaults(func=_cmd_list)

    s = sub.add_parser("show", help="print the closed form of KL(P‖Q)")
    s.add_argument("families", nargs="+", metavar="FAMILY")
    s.add_argument("--reverse", action="store_true", help="show KL(Q‖P) instead")
    s.add_argument("--asymmetry", action="store_true", help="show KL(P‖Q) − KL(Q‖P) instead")
    s.add_argument("--fixed-differ", action="store_true",
                   help="give P and Q their own fixed parameters (Weibull k_p, k_q; Laplace mu_p, mu_q; Pareto xm_p, xm_q)")
    s.add_argument("--format", choices=["pretty", "latex", "python"], default="pretty")
    s.set_defaults(func=_cmd_show)

    s = sub.add_parser("value", help="KL(P‖Q) for two distributions, to DPS digits")
    s.add_argument("p", help="e.g. 'gamma(alpha=3/2, beta=2)'")
    s.add_argument("q")
    s.add_argument("--dps", type=int, default=30)
    s.add_argument("--numeric", action="store_true", help="also print the independent oracle's value")
    s.set_defaults(func=_cmd_value)

    s = sub.add_parser("check", help="every closed form vs the oracle's stored values, and a live sample")
    s.add_argument("families", nargs="*", metavar="FAMILY")
    s.add_argument("--dps", type=int, default=30, help="digits asked (at most the store's 40)")
    s.add_argument("--min-digits", type=float, default=25)
    s.add_argument("--live", default=None, metavar="N|all",
                   help=f"rows to recompute with the oracle (default {LIVE_ROWS}, among rows of at most "
                        f"{LIVE_SECONDS:g} s), or all")
    s.add_argument("--seed", type=int, default=None, help="choose the live rows by this seed (default: the date)")
    s.add_argument("--jobs", type=int, default=None,
                   help="processes (default: one for one family, else one per processor)")
    s.add_argument("--write", action="store_true", help="with --live all: rewrite the stored values")
    s.add_argument("--verbose", action="store_true", help="print every row")
    s.set_defaults(func=_cmd_check)

    s = sub.add_parser("derive", help="write the derivation pages")
    s.add_argument("--out", default="derivations")
    s.set_defaults(func=_cmd_derive)

    from .docs.figures import add_figure_command

    add_figure_command(sub)
    from .verification.verifier import add_commands as add_verify_commands  # verify, vectors

    add_verify_commands(sub)
    for add in EXTRA_COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UserError, ValueError, NotImplementedError, TypeError) as exc:
        print(f"klsym: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
