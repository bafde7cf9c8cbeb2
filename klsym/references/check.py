"""The check: every closed form against the stored oracle values, and a live sample.

:func:`check` evaluates the closed form of every row (KL both directions and
the entropies, see :mod:`klsym.references.rows`) by interval arithmetic and
compares it with the oracle's value stored in ``klsym/references/data/``. It also
recomputes some rows with the oracle (``live``): a sample rotating with the date
(or fixed by ``seed``), or every row (``live="all"``); each live value is
compared with the closed form and with the stored value (they must agree within
the two error estimates). ``write_store=True`` with ``live="all"`` rewrites the store.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

import mpmath
from mpmath import mp, mpf

from ..crosscheck import CheckRow, agreed_digits
from ..exact.renyi import DIVERGENCE_KINDS
from ..records import registry
from .stale import Freshness, freshness
from .pool import parallel_map
from .rows import (RowSpec, closed_value_of, derived_reference, no_divergence_rows, oracle_reference, read_quantity,
                   source_key, spec, specs_of)
from .store import STORE_DPS, Reference, regenerate_command, write

__all__ = ["CheckReport", "LiveRow", "check", "live_sample", "today_seed"]


@dataclass(frozen=True)
class LiveRow:
    """A row recomputed by the oracle, next to its stored value (None when the store has none)."""

    family: str
    label: str
    what: str
    reference: Reference
    stored: Reference | None

    @property
    def agrees(self) -> bool | None:
        """Live and stored values within the sum of their error estimates (plus one unit
        in the last stored digit); None without a stored value."""
        if self.stored is None:
            return None
        with mp.workdps(STORE_DPS + 10):
            a, b = self.reference.mp_value(), self.stored.mp_value()
            if mpmath.isinf(a) or mpmath.isinf(b):
                return a == b
            tol = self.reference.mp_error() + self.stored.mp_error() + abs(b) * mpf(10) ** (1 - STORE_DPS)
            return abs(a - b) <= tol

    @property
    def digits(self) -> float:
        """Significant digits on which the live and stored values agree."""
        if self.stored is None:
            return math.nan
        with mp.workdps(STORE_DPS + 10):
            return agreed_digits(self.reference.mp_value(), self.stored.mp_value())


@dataclass
class CheckReport(Sequence[CheckRow]):
    """The rows of a check (a sequence of :class:`klsym.crosscheck.CheckRow`), the live
    rows and what was stale in the store."""

    rows: list[CheckRow]
    live: list[LiveRow] = field(default_factory=list)
    stale: dict[str, Freshness] = field(default_factory=dict)
    dps: int = 30
    seed: int | None = None
    written: list = field(default_factory=list)
    #: the store checked: "kl" (KL and entropy rows) or "divergence"
    store: str = "kl"
    #: families asked for by name that have no row in the divergence store, and why
    without: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i):  # type: ignore[override]
        return self.rows[i]

    def __iter__(self) -> Iterator[CheckRow]:
        return iter(self.rows)

    @property
    def fewest_digits(self) -> float:
        """Fewest digits agreed, rows with a known oracle problem apart."""
        return min((r.digits for r in self.rows if not r.known_problem), default=math.nan)

    def low(self, min_digits: float = 25) -> list[CheckRow]:
        """Rows whose closed form and oracle agree on fewer than ``min_digits`` digits
        (rows with a known problem of the oracle apart: :meth:`known`)."""
        return [r for r in self.rows if not r.ok(min_digits) and not r.known_problem]

    def known(self) -> list[CheckRow]:
        """Rows whose oracle value is known to be wrong (reported, not counted)."""
        return [r for r in self.rows if r.known_problem]

    def disagreements(self) -> list[LiveRow]:
        """Live rows whose value is not the stored one within the error estimates (rows with a
        known problem of the oracle apart: a refused row has no value to agree on)."""
        return [r for r in self.live if r.agrees is False and not r.reference.known_problem]

    def ok(self, min_digits: float = 25) -> bool:
        """No row low, no live row disagreeing, and some row checked if a family asked for has none."""
        return not self.low(min_digits) and not self.disagreements() and (bool(self.rows) or not self.without)

    def summary(self, min_digits: float = 25) -> str:
        """A few lines: rows per family, fewest digits, live rows and their agreement."""
        out = []
        by_family: dict[str, list[CheckRow]] = {}
        for r in self.rows:
            by_family.setdefault(r.family, []).append(r)
        cells = []
        for name, rows in by_family.items():
            live = sum(r.live for r in rows)
            fewest = min((r.digits for r in rows if not r.known_problem), default=math.nan)
            cells.append(f"{name} {len(rows)}" + (f" ({live} live)" if live else "") + f" {_digits(fewest)}")
        out.append("rows (family, rows, fewest digits): " + ", ".join(cells))
        counts: dict[str, int] = {}
        for r in self.rows:
            name = {"kl": "KL", "entropy": "entropy"}.get(r.quantity, r.quantity)
            counts[name] = counts.get(name, 0) + 1
        kinds = ", ".join(f"{n} {name}" for name, n in counts.items())
        out.append(f"{len(self.rows)} rows ({kinds}) in {len(by_family)} families "
                   f"checked at dps {self.dps}: fewest digits agreed {_digits(self.fewest_digits)}; "
                   f"{len(self.low(min_digits))} below {min_digits:g}")
        out += [f"{name}: no divergence rows: {why}" for name, why in self.without.items()]
        if self.live:
            agree = [r for r in self.live if r.agrees]
            fewest = min((r.digits for r in self.live if r.stored is not None), default=math.nan)
            seed = f" (seed {self.seed})" if self.seed is not None else ""
            out.append(f"live{seed}: {len(self.live)} rows recomputed by the oracle; {len(agree)} agree with the "
                       f"store within the error estimates (fewest digits {_digits(fewest)}), "
                       f"{len(self.disagreements())} disagree, {sum(r.stored is None for r in self.live)} not stored")
            if len(self.live) <= 12:
                out += [f"  live: {r.what} [{r.label}]: {_digits(r.digits)} digits as stored"
                        + ("" if r.agrees is not False else "  DISAGREES") for r in self.live]
        for r in self.known():
            out.append(f"known oracle problem, not counted ({_digits(r.digits)} digits): {r.what} [{r.label}]: "
                       f"{r.known_problem}")
        for name, fresh in self.stale.items():
            out.append(f"store for {name} is stale: {fresh.reason}; "
                       f"regenerate with `{regenerate_command(name, self.store)}`")
        for path in self.written:
            out.append(f"wrote {path}")
        return "\n".join(out)


def _digits(d: float) -> str:
    return "all" if math.isinf(d) else ("-" if math.isnan(d) else f"{d:.1f}")


def today_seed() -> int:
    """The day's seed, e.g. 20261201 (UTC): the live sample rotates daily."""
    return int(datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d"))


def live_sample(specs: Sequence[RowSpec], n: int, seed: int, costs: dict | None = None,
                max_seconds: float | None = None, budget: float | None = None) -> list[RowSpec]:
    """At most ``n`` rows chosen by ``seed``: one per family in a shuffled family order,
    then a second round, and so on. ``costs`` maps a row's ``(family, key)`` to the
    seconds the store says its oracle value took (unknown: +inf). With ``max_seconds``,
    only rows that cost at most that; with ``budget``, a row is taken only while the
    costs taken add up to at most ``budget`` (a row that would overrun it is passed
    over), except that the first row of each family is taken whatever it costs.

    >>> from klsym.references.rows import row_specs
    >>> specs = row_specs("exponential")[:4]
    >>> costs = {(s.family, s.key): 2.0 for s in specs}
    >>> len(live_sample(specs, 4, seed=1)), len(live_sample(specs, 4, 1, costs, budget=5))
    (4, 2)
    >>> len(live_sample(specs, 4, 1, costs, max_seconds=1)), len(live_sample(specs, 4, 1, costs, budget=0))
    (0, 1)
    """
    rng = random.Random(seed)
    costs = costs or {}

    def cost(s: RowSpec) -> float:
        return costs.get((s.family, s.key), math.inf)

    pools: dict[str, list[RowSpec]] = {}
    for s in specs:
        if max_seconds is None or cost(s) <= max_seconds:
            pools.setdefault(s.family, []).append(s)
    families = sorted(pools)
    rng.shuffle(families)
    for f in families:
        rng.shuffle(pools[f])
    out: list[RowSpec] = []
    spent = 0.0
    taken: set[str] = set()
    while len(out) < n and any(pools.values()):
        for f in families:
            if not pools[f] or len(out) >= n:
                continue
            s = pools[f].pop()
            if budget is None or f not in taken or spent + cost(s) <= budget:
                out.append(s)
                spent += cost(s)
                taken.add(f)
    return out


#: closed-form rows per task: a family's rows are split so that the slow ones spread over the processes
CHUNK = 8


def _task(task: tuple):
    """One unit of work for the pool: an oracle row, or closed forms of some rows of a family."""
    if task[0] == "oracle":
        return oracle_reference(task[1], task[2])
    _, family, keys, dps = task
    return [closed_value_of(family, k, dps) for k in keys]


def check(
    families: Iterable[str] | None = None,
    dps: int = 30,
    live: int | str = 0,
    seed: int | None = None,
    jobs: int = 1,
    write_store: bool = False,
    progress: Callable[[CheckRow], None] | None = None,
    max_live_seconds: float | None = None,
    entropy: bool = True,
    on_live: Callable[[LiveRow, int, int], None] | None = None,
    divergence: str | None = None,
) -> CheckReport:
    """Check every row of the given families (default: all) against the stored oracle values.

    ``live``: how many rows to recompute with the oracle (a sample chosen by
    ``seed``, default the day's :func:`today_seed`, among rows whose stored cost
    is at most ``max_live_seconds``), or ``"all"``; rows the store lacks are
    always recomputed. ``write_store`` (with ``live="all"``) rewrites the store
    from the recomputed values, each family's file as soon as its rows are in.
    ``jobs`` > 1 spreads the work over that many processes. ``entropy=False``
    leaves out the entropy rows. ``progress(row)`` is called for each checked
    row, ``on_live(live_row, done, total)`` as each live row finishes. Returns a
    :class:`CheckReport`, a sequence of :class:`klsym.crosscheck.CheckRow`.

    >>> report = check(["exponential"])
    >>> len(report), report.fewest_digits >= 25, report.ok()
    (23, True, True)
    >>> [r.label for r in report][:3]
    ['textbook (forward)', 'textbook (reverse)', 'textbook (entropy of P)']
    """
    names = list(families) if families is not None else registry.names()
    for n in names:
        registry.get(n)
    if not isinstance(dps, int) or not 1 <= dps <= STORE_DPS:
        raise ValueError(f"dps must be an integer from 1 to {STORE_DPS} (at most the store's {STORE_DPS} digits), "
                         f"got {dps!r}")
    if live != "all" and not (isinstance(live, int) and live >= 0):
        raise ValueError(f"live must be a number of rows >= 0 or 'all', got {live!r}")
    if divergence is not None and divergence != "all" and divergence not in DIVERGENCE_KINDS:
        raise ValueError(f"divergence must be 'all' or one of {', '.join(DIVERGENCE_KINDS)}, got {divergence!r}")
    store = "kl" if divergence in (None, "kl", "jeffreys") else "divergence"
    entropy = entropy and divergence != "jeffreys"
    if write_store and (live != "all" or not entropy or divergence not in (None, "kl", "all")):
        raise ValueError("write_store needs live='all' and every row of the store (the entropy rows; "
                         "divergence 'all' for the divergence store): the store is written from every row "
                         "recomputed by the oracle")

    def wanted(s: RowSpec) -> bool:
        if store == "kl":
            return entropy or s.quantity == "kl"
        return divergence == "all" or read_quantity(s.quantity)[0] == divergence

    per_family = {n: [s for s in specs_of(n, store) if wanted(s)] for n in names}
    specs = [s for n in names for s in per_family[n]]
    # the stored rows that give the oracle's values (a Bhattacharyya row's is its Rényi-1/2 row's)
    sources = {n: [spec(n, k) for k in dict.fromkeys(source_key(s) for s in per_family[n])] for n in names}
    fresh = {n: freshness(n, store=store) for n in names}
    stored = {(n, r.key): r for n in names for r in fresh[n].rows}
    missing = {(n, s.key) for n in names for s in sources[n]
               if (n, s.key) not in stored or not _same_params(s, stored[(n, s.key)])}
    candidates = [s for n in names for s in sources[n]]
    if live == "all":
        chosen = list(candidates)
    else:
        seed = today_seed() if seed is None else seed
        costs = {k: r.seconds for k, r in stored.items()}
        chosen = live_sample([s for s in candidates if (s.family, s.key) not in missing], live, seed, costs,
                             max_live_seconds)
        chosen += [s for s in candidates if (s.family, s.key) in missing]
    report = CheckReport([], [], {n: f for n, f in fresh.items() if not f.fresh}, dps,
                         None if live == "all" else seed, store=store)
    if store == "divergence" and families is not None:
        report.without = {n: why for n in names if not per_family[n] and (why := no_divergence_rows(n))}

    tasks: list[tuple] = [("oracle", s.family, s.key) for s in chosen]
    tasks += [("closed", n, [s.key for s in per_family[n][i:i + CHUNK]], dps)
              for n in names for i in range(0, len(per_family[n]), CHUNK)]
    live_rows: dict = {}
    closed: dict = {}

    def finished(i: int, result) -> None:
        if tasks[i][0] == "closed":
            closed.update(zip(((tasks[i][1], k) for k in tasks[i][2]), result))
            return
        s = chosen[i]
        k = (s.family, s.key)
        live_rows[k] = LiveRow(s.family, s.label, s.what, result, None if k in missing else stored[k])
        if on_live:
            on_live(live_rows[k], len(live_rows), len(chosen))
        if write_store and all((s.family, t.key) in live_rows for t in sources[s.family]):
            rows = [live_rows[(s.family, t.key)].reference for t in sources[s.family]]
            report.written.append(write(s.family, rows, store=store))
            report.stale.pop(s.family, None)

    def cost(task: tuple) -> float:
        if task[0] == "oracle":
            return stored[task[1:]].seconds if task[1:] in stored else 1.0
        return 0.2 * len(task[2])

    parallel_map(_task, tasks, jobs, cost=cost, done=finished)

    for s in specs:
        k = (s.family, s.key)
        source = (s.family, source_key(s))
        value, seconds, problem = closed[k]
        ref = derived_reference(live_rows[source].reference if source in live_rows else stored[source], s.quantity)
        with mp.workdps(STORE_DPS + 10):
            numeric, error = ref.mp_value(), ref.mp_error()
            agreed = 0.0 if problem else agreed_digits(value, numeric)
        digits = agreed if math.isinf(agreed) else min(agreed, float(dps))
        row = CheckRow(s.family, s.p, s.q, s.label, value, numeric, error, digits, seconds,
                       quantity=s.quantity, live=source in live_rows, problem=problem,
                       known_problem=ref.known_problem)
        report.rows.append(row)
        if progress:
            progress(row)
    report.live = [live_rows[(s.family, s.key)] for s in chosen]
    return report


def _same_params(s: RowSpec, ref: Reference) -> bool:
    p, q = s.params()
    return p == ref.p and q == ref.q
