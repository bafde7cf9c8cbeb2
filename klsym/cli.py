"""The ``klsym`` command line.

    klsym list
    klsym show FAMILY [FAMILY] [--reverse] [--fixed-differ] [--format pretty|latex|python]
               [--divergence KIND [--alpha A]]
    klsym value 'gamma(alpha=3/2, beta=2)' 'gamma(alpha=5, beta=1/3)' [--dps 30] [--numeric]
               [--divergence KIND [--alpha A]]

KIND: kl (default), renyi (--alpha), bhattacharyya, hellinger, chi_square, jeffreys.
    klsym check [FAMILY ...] [--dps 30] [--min-digits 25] [--live N|all] [--seed S] [--jobs N] [--write] [--verbose]
                [--divergence all|KIND]
    klsym derive --out DIR [--readme PATH]

User errors (bad parameters, unknown families, values beyond a work limit) and
computations that cannot finish (an oracle sum that cannot be bounded) print one
line to stderr and exit with status 2; a failed check exits with status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Callable, NoReturn, Sequence

import mpmath
import sympy as sp

from .records import registry
from .records.distribution import Distribution, dist
from .records.limits import MAX_SEQUENCE_LENGTH

__all__ = ["main", "parse_distribution"]

#: extra sub-commands: functions taking the sub-parser collection and adding one command
#: whose ``func(args) -> int`` runs it
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


class UserError(Exception):
    """An error in what the user typed: reported in one line, no traceback."""


class _Parser(argparse.ArgumentParser):
    """argparse reporting a bad command line as a :class:`UserError` (one line, status 2)."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{self.prog}: {message}")


#: the largest --dps the command line accepts (digits of a printed value)
MAX_DPS = 1000


def _dps(text: str) -> int:
    """``--dps``: a whole number of digits from 1 to :data:`MAX_DPS`."""
    if not re.fullmatch(r"\s*\+?[0-9]{1,7}\s*", text) or not 1 <= int(text) <= MAX_DPS:
        raise argparse.ArgumentTypeError(f"expected a whole number of digits from 1 to {MAX_DPS}, got {text!r}")
    return int(text)


def _split_top_level(text: str, whole: str) -> list[str]:
    """``text`` split at the commas outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth < 0:
                raise UserError(f"cannot read {whole!r}: unbalanced {ch!r}")
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if depth:
        raise UserError(f"cannot read {whole!r}: unclosed bracket or parenthesis")
    parts.append(text[start:])
    return [] if len(parts) == 1 and not parts[0].strip() else parts


_CALL = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_distribution(text: str) -> Distribution:
    """``'gamma(alpha=3/2, beta=2)'`` → ``dist("gamma", alpha="3/2", beta="2")``.

    Values are text for :func:`klsym.dist`, which reads them by the number grammar
    of :mod:`klsym.records.parse` (exactly: ``0.1`` is one tenth here, unlike a
    Python float; never run as code); a list is written ``p=[1/2, 1/3, 1/6]``,
    a matrix ``Sigma=[[2, 1], [1, 2]]``. A parameter given twice is refused.

    >>> parse_distribution("categorical(p=[1/2, 1/2])")
    categorical(p=[1/2, 1/2])
    >>> parse_distribution("normal(mu=0, mu=1, sigma=1)")
    Traceback (most recent call last):
    ...
    klsym.cli.UserError: parameter mu is given twice in 'normal(mu=0, mu=1, sigma=1)'
    """
    if len(text) > MAX_SEQUENCE_LENGTH:
        raise UserError(f"a distribution longer than {MAX_SEQUENCE_LENGTH} characters (limit MAX_SEQUENCE_LENGTH)")
    shown = text if len(text) <= 80 else text[:77] + "..."
    m = _CALL.fullmatch(text)
    if not m:
        raise UserError(f"cannot read {shown!r}: write FAMILY(name=value, ...), e.g. 'normal(mu=0, sigma=1)'")
    name, inner = m.group(1), m.group(2)
    params: dict[str, str] = {}
    for part in _split_top_level(inner, shown):
        key, sep, value = (s.strip() for s in part.partition("="))
        if not sep:
            raise UserError(f"cannot read {part.strip()!r} in {shown!r}: parameters are written name=value")
        if not _NAME.fullmatch(key):
            raise UserError(f"cannot read {part.strip()!r} in {shown!r}: {key!r} is not a parameter name")
        if key in params:
            raise UserError(f"parameter {key} is given twice in {shown!r}")
        params[key] = value
    return dist(name, **params)


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


def _other_divergence(args, p, q) -> sp.Expr | None:
    """``--divergence`` other than KL: its form (family names) or value (distributions); None for KL."""
    kind = getattr(args, "divergence", "kl")
    if kind == "kl" and getattr(args, "alpha", None) is not None:
        raise UserError("--alpha: only with --divergence renyi")
    if kind == "kl":
        return None
    if getattr(args, "reverse", False) or getattr(args, "asymmetry", False) or getattr(args, "fixed_differ", False):
        raise UserError(f"--divergence {kind}: --reverse, --asymmetry and --fixed-differ are for KL")
    from .exact import renyi as div

    if kind == "jeffreys":
        return div.jeffreys(p, q)
    if kind != "renyi" and args.alpha is not None:
        raise UserError(f"--alpha: {kind} has a fixed order")
    if isinstance(p, str):
        return div.divergence_form(kind, p, q, args.alpha)
    answer = div.divergence_answer(p, q, kind, args.alpha)
    if answer.value == sp.oo:
        print(f"klsym: {kind} is +inf: {answer.reason}", file=sys.stderr)
    return answer.value


def _cmd_show(args) -> int:
    from .exact.divergence import kl, reverse_kl

    second = args.families[1] if len(args.families) > 1 else args.families[0]
    other = _other_divergence(args, args.families[0], second)
    if other is not None:
        if args.format == "pretty":
            print(f"{args.divergence}(P‖Q) for P in {args.families[0]}, Q in {second}; P has parameters *_p, Q has "
                  "*_q" + (", alpha is the order" if args.divergence == "renyi" and args.alpha is None else "") + ".\n")
        print(_format(other, args.format))
        return 0
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
        other = registry.get(second)
        if other.name == rec.name:
            print(f"{title} for P, Q in {rec.name}: {rec.parameterization}")
        else:
            print(f"{title} for P in {rec.name}: {rec.parameterization}")
            print(f"and Q in {other.name}: {other.parameterization}")
        print("P has parameters *_p, Q has *_q.\n")
    print(_format(expr, args.format))
    return 0


def _cmd_pairs(args) -> int:
    from .docs.pairs import matrix_text

    print(matrix_text(numeric=args.numeric))
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
    if reverse:  # KL(Q‖P): P's and Q's symbols exchanged
        from .derive.sides import swap_sides

        expr = swap_sides(rec, expr, shared_fixed=False)
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
    try:
        other = _other_divergence(args, p, q)
    except NotImplementedError as e:  # no exact value: say why; --numeric still gives the oracle's
        if not args.numeric:
            raise
        print(f"klsym: no exact value: {e}", file=sys.stderr)
        other = None
    if args.divergence != "kl":
        if other is not None:
            from .verification.intervals import expr_value

            v = expr_value(other, args.dps)
            with mpmath.workdps(args.dps + 10):
                print("inf" if v == mpmath.inf else mpmath.nstr(v, args.dps))
        if args.numeric:
            from .oracle.divergences import numeric_divergence

            r = numeric_divergence(p, q, args.divergence, args.alpha, dps=args.dps)
            print(f"numeric: {mpmath.nstr(r.value, args.dps)}  (error estimate {mpmath.nstr(r.error, 3)}, {r.description})")
        return 0
    answer = kl_answer(p, q)
    if answer.value == sp.oo:
        print("inf")
        print(f"klsym: KL is +inf: {answer.reason}", file=sys.stderr)
    else:
        print(_digits(p, q, answer.value, args.dps))
    if args.numeric:
        r = numeric_kl(p, q, dps=args.dps)
        print(f"numeric: {mpmath.nstr(r.value, args.dps)}  (error estimate {mpmath.nstr(r.error, 3)}, {r.description})")
    return 0


#: the live sample of a plain `klsym check`: rows, among those the store says take at most this long
LIVE_ROWS, LIVE_SECONDS = 6, 1.0


def _cmd_check(args) -> int:
    from .references import check
    from .references.pool import default_jobs

    if not 0 <= args.min_digits <= 1000:  # (false for nan too)
        raise UserError(f"--min-digits: expected a number of digits from 0 to 1000, got {args.min_digits}")

    def progress(row):
        mark = "ok " if row.ok(args.min_digits) else "LOW"
        print(f"{mark} {row.as_text()}  [{row.label}]" + ("  (live)" if row.live else ""), flush=True)

    if args.live is not None and args.live != "all":
        if not args.live.isdigit():
            raise UserError(f"--live takes a number of rows or 'all', got {args.live!r}")
        args.live = int(args.live)
    if args.write and args.live != "all":
        raise UserError("--write rewrites the store from recomputed values: it needs --live all")
    if args.write and args.divergence not in (None, "kl", "all"):
        raise UserError("--write rewrites a whole store: with --divergence it needs --divergence all")
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
                   max_live_seconds=LIVE_SECONDS if args.live is None else None, on_live=on_live,
                   divergence=args.divergence)
    print(report.summary(args.min_digits))
    for r in report.low(args.min_digits):
        print(f"LOW {r.as_text()}  [{r.label}]")
    for r in report.disagreements():
        print(f"DISAGREES {r.what} [{r.label}]: live {r.reference.value} (error {r.reference.error}), "
              f"stored {r.stored.value} (error {r.stored.error})")
    return 0 if report.ok(args.min_digits) else 1


def _cmd_derive(args) -> int:
    from pathlib import Path

    from .docs.pages import write_all
    from .docs.readme import write_readme

    if args.pairs or args.pair_pages:  # first: pairs.md, written below, shows the verdicts stored here
        from .docs.pairs import rederive_pairs, write_pair_pages

        jobs = args.jobs or 1
        paths = (rederive_pairs(args.out, jobs=jobs, keep_slow=args.keep_slow) if args.pairs
                 else write_pair_pages(args.out, jobs=jobs))
        for path in paths:
            print(path)
    for path in write_all(args.out):
        print(path)
    # an explicit --readme must exist and hold the family table; the default, the README.md
    # next to the output folder (in its parent), is left alone when it is missing or has no table
    readme = Path(args.readme) if args.readme else Path(args.out).resolve().parent / "README.md"
    try:
        changed = write_readme(readme)
    except (OSError, ValueError) as exc:
        if args.readme:
            raise UserError(f"--readme {args.readme}: {exc}") from None
        print(f"{readme}: not written ({exc})")
        return 0
    print(f"{readme} (family table {'rewritten' if changed else 'already current'})")
    return 0


def _divergence_options(s: argparse.ArgumentParser) -> None:
    from .exact.renyi import DIVERGENCE_KINDS

    s.add_argument("--divergence", choices=DIVERGENCE_KINDS, default="kl", help="the divergence (default kl)")
    s.add_argument("--alpha", default=None, help="the order of the Rényi divergence, e.g. 1/2 (exact text)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="klsym", description="Kullback-Leibler divergences, derived and checked.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="list the families and their parameterizations").set_defaults(func=_cmd_list)

    s = sub.add_parser("show", help="print the closed form of KL(P‖Q)")
    s.add_argument("families", nargs="+", metavar="FAMILY")
    s.add_argument("--reverse", action="store_true", help="show KL(Q‖P) instead")
    s.add_argument("--asymmetry", action="store_true", help="show KL(P‖Q) − KL(Q‖P) instead")
    s.add_argument("--fixed-differ", action="store_true",
                   help="give P and Q their own fixed parameters (Weibull k_p, k_q; Laplace mu_p, mu_q; Pareto xm_p, xm_q)")
    s.add_argument("--format", choices=["pretty", "latex", "python"], default="pretty")
    _divergence_options(s)
    s.set_defaults(func=_cmd_show)

    s = sub.add_parser("value", help="KL(P‖Q) for two distributions, to DPS digits")
    s.add_argument("p", help="e.g. 'gamma(alpha=3/2, beta=2)'")
    s.add_argument("q")
    s.add_argument("--dps", type=_dps, default=30, help=f"significant digits, 1 to {MAX_DPS} (default 30)")
    s.add_argument("--numeric", action="store_true", help="also print the independent oracle's value")
    _divergence_options(s)
    s.set_defaults(func=_cmd_value)

    s = sub.add_parser("check", help="every closed form vs the oracle's stored values, and a live sample")
    s.add_argument("families", nargs="*", metavar="FAMILY")
    s.add_argument("--dps", type=_dps, default=30, help="digits asked (at most the store's 40)")
    s.add_argument("--min-digits", type=float, default=25)
    s.add_argument("--live", default=None, metavar="N|all",
                   help=f"rows to recompute with the oracle (default {LIVE_ROWS}, among rows of at most "
                        f"{LIVE_SECONDS:g} s), or all")
    s.add_argument("--seed", type=int, default=None, help="choose the live rows by this seed (default: the date)")
    s.add_argument("--jobs", type=int, default=None,
                   help="processes (default: one for one family, else one per processor)")
    s.add_argument("--write", action="store_true", help="with --live all: rewrite the stored values")
    s.add_argument("--verbose", action="store_true", help="print every row")
    from .exact.renyi import DIVERGENCE_KINDS

    s.add_argument("--divergence", default=None, choices=["all", *DIVERGENCE_KINDS], metavar="all|KIND",
                   help="check the divergence store instead: every divergence row (all) or one kind's "
                        "(renyi: orders 1/2 and 2; jeffreys: the KL rows, its two terms)")
    s.set_defaults(func=_cmd_check)

    s = sub.add_parser("pairs", help="the verdict for every ordered pair of univariate families")
    s.add_argument("--numeric", action="store_true", help="also list the numeric-only pairs and why")
    s.set_defaults(func=_cmd_pairs)

    s = sub.add_parser("derive", help="write the derivation pages and the README's family table")
    s.add_argument("--out", default="derivations")
    s.add_argument("--readme", default=None,
                   help="README whose family table (between its families:begin/end markers) is rewritten "
                        "(default: the README.md next to the output folder, skipped when there is none)")
    s.add_argument("--pairs", action="store_true",
                   help="also re-derive every pair of families within the work budget: the stored verdicts "
                        "and the pages pairs/<P>.md (tens of minutes)")
    s.add_argument("--keep-slow", action="store_true",
                   help="with --pairs: atoms the stored table lists as past the budget are not tried again, so "
                        "after adding a family only its new atoms spend the budget (minutes)")
    s.add_argument("--pair-pages", action="store_true",
                   help="also rewrite the pages pairs/<P>.md from the stored verdicts (no re-derivation of the table)")
    s.add_argument("--jobs", type=int, default=None, help="processes for --pairs and --pair-pages (default 1)")
    s.set_defaults(func=_cmd_derive)

    from .docs.figures import add_figure_command

    add_figure_command(sub)
    from .verification.command import add_commands as add_verify_commands  # verify, vectors

    add_verify_commands(sub)
    for add in EXTRA_COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; 0 on success, 1 when a check falls short, 2 for a user
    error (one line on stderr, no traceback)."""
    try:
        args = build_parser().parse_args(argv)
        dps = getattr(args, "dps", None)
        if dps is not None and not 1 <= dps <= MAX_DPS:  # sub-commands that declare --dps themselves
            raise UserError(f"--dps: expected a whole number of digits from 1 to {MAX_DPS}, got {dps}")
        return args.func(args)
    except (UserError, ValueError, NotImplementedError, TypeError, OSError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"klsym: error: {message}", file=sys.stderr)
        return 2
    except (ArithmeticError, MemoryError, RecursionError) as exc:  # a computation that could not finish
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"klsym: not computed: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
