"""The check rows of a family, and their two values: the closed form's and the oracle's.

For each case (P, Q) of :func:`klsym.crosscheck.cases_for` the rows are KL(P‖Q)
("forward"), KL(Q‖P) ("reverse"), and the entropies H(P) and H(Q), one row per
distinct distribution of the family (the first case it appears in names it).

The functions that compute a value take the row's key, not the row, so that a
process pool can run them (:mod:`klsym.references.pool`); each sets its mpmath
precision locally.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.ctx_iv import MPIntervalContext

from ..crosscheck import cases_for
from ..exact.divergence import kl_answer
from ..exact.entropy import entropy
from ..exact.series import InfiniteSum, series_value
from ..oracle import numeric_cross_entropy, numeric_kl
from ..records.distribution import Distribution
from ..verification.floats import kl_value
from ..verification.intervals import enclosure, settle
from .store import STORE_DPS, Reference, cost_class, number_text, param_text

__all__ = ["RowSpec", "closed_value_of", "entropy_value", "oracle_reference", "row_specs"]

#: digits beyond those asked to which a closed form is evaluated (as the live check always did)
GUARD = 20
#: the entropy's series are evaluated at no more digits than this
MAX_SERIES_DPS = 5000


@dataclass(frozen=True)
class RowSpec:
    """One check row: KL(p‖q) (``quantity`` "kl") or H(p) ("entropy") for a case of a family."""

    family: str
    case: str
    quantity: str
    role: str
    p: Distribution
    q: Distribution | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.case, self.quantity, self.role

    @property
    def label(self) -> str:
        """As the check prints it: ``"textbook (forward)"``, ``"textbook (entropy of P)"``."""
        return f"{self.case} ({self.role})" if self.quantity == "kl" else f"{self.case} (entropy of {self.role})"

    @property
    def what(self) -> str:
        return f"KL({self.p} ‖ {self.q})" if self.quantity == "kl" else f"H({self.p})"

    def params(self) -> tuple[dict, dict | None]:
        """The parameters of p and q as exact text, as the store holds them."""
        def text(d):
            return {k: param_text(v) for k, v in d.params.items()}

        return text(self.p), (text(self.q) if self.q is not None else None)


@lru_cache(maxsize=None)
def row_specs(family: str) -> tuple[RowSpec, ...]:
    """Every row of one family, in case order: forward, reverse, then new entropies."""
    out, seen = [], set()
    for p, q, label in cases_for(family):
        out.append(RowSpec(family, label, "kl", "forward", p, q))
        out.append(RowSpec(family, label, "kl", "reverse", q, p))
        for d, role in ((p, "P"), (q, "Q")):
            if repr(d) not in seen:
                seen.add(repr(d))
                out.append(RowSpec(family, label, "entropy", role, d, None))
    return tuple(out)


def spec(family: str, key: tuple[str, str, str]) -> RowSpec:
    for s in row_specs(family):
        if s.key == key:
            return s
    raise KeyError(f"{family} has no check row {key}")


def entropy_value(d: Distribution, dps: int) -> mpf:
    """H(P) from :func:`klsym.entropy` to ``dps`` digits, by interval arithmetic.

    A series in H (an :class:`klsym.exact.series.InfiniteSum`) has no interval rule:
    its value comes from its own evaluator (:func:`klsym.exact.series.series_value`)
    at ``wp`` digits, taken as exact to ``wp - 5`` digits, with ``wp`` doubled until
    the interval of H is narrow enough (H may be tiny next to the series: the entropy
    of the log-series law with p = 10^-300 is 3.5·10^-298, a sum of terms near 690).
    """
    h = entropy(d)
    if h in (sp.oo, -sp.oo):
        return mpf("inf") if h == sp.oo else mpf("-inf")
    if h.is_Rational:
        with mp.workdps(dps + 10):
            return mpf(int(h.p)) / int(h.q)
    sums = sorted(h.atoms(InfiniteSum), key=sp.default_sort_key)
    try:
        if not sums:
            return settle(lambda ctx: enclosure(h, {}, ctx), dps, lambda: f"H({d})", absolute=mpf(10) ** (-dps))
        return _with_series(h, sums, dps, d)
    except NotImplementedError:  # a function without an interval rule (expint): SymPy's evalf
        with mp.workdps(dps + 10):
            return mpf(sp.N(h, dps + 5, maxn=max(400, 4 * dps)))


def _with_series(h: sp.Expr, sums: list, dps: int, d: Distribution) -> mpf:
    """H with its series as intervals around their values at ``wp`` digits, ``wp`` doubled until H settles."""
    symbols = [sp.Dummy(f"s{i}") for i in range(len(sums))]
    form = h.xreplace(dict(zip(sums, symbols)))
    wp = dps + 10
    while wp <= MAX_SERIES_DPS:
        try:
            values = [series_value(s, wp) for s in sums]
        except ZeroDivisionError:  # a constant rounded to 0 at this precision (1 - 1/10^300)
            wp *= 2
            continue
        ctx = MPIntervalContext()
        ctx.prec = int(wp * 3.33) + 20
        with mp.workdps(wp + 10):
            env = {sym: ctx.mpf(sorted([v * (1 - mpf(10) ** (5 - wp)), v * (1 + mpf(10) ** (5 - wp))]))
                   for sym, v in zip(symbols, values)}
        lo_raw, hi_raw = enclosure(form, env, ctx)._mpi_
        with mp.workdps(wp + 10):
            lo, hi = mpf(lo_raw), mpf(hi_raw)
            mid = (lo + hi) / 2
            if hi - lo <= abs(mid) * mpf(10) ** (-dps - 3):
                return mid
        wp *= 2
    raise ArithmeticError(f"H({d}): the series and the rest of the entropy did not settle {dps} digits "
                          f"below {MAX_SERIES_DPS} digits")


def closed_value_of(family: str, key: tuple[str, str, str], dps: int) -> tuple[mpf, float, str | None]:
    """(closed-form value to dps + GUARD digits, seconds, error text or None) of one row."""
    s = spec(family, key)
    t0 = time.perf_counter()
    wp = dps + GUARD
    try:
        with mp.workdps(wp):
            if s.quantity == "kl":
                value = kl_value(s.p, s.q, wp, kl_answer(s.p, s.q).value)
            else:
                value = entropy_value(s.p, wp)
            value = +value
    except Exception as exc:  # noqa: BLE001 - a crash of the closed side is reported as a failed row
        return mpf("nan"), time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return value, time.perf_counter() - t0, None


def oracle_reference(family: str, key: tuple[str, str, str], dps: int = STORE_DPS) -> Reference:
    """The oracle's value of one row at ``dps`` digits, as a store row."""
    s = spec(family, key)
    p, q = s.params()
    t0 = time.perf_counter()
    try:
        with mp.workdps(dps):
            result = numeric_kl(s.p, s.q, dps=dps) if s.quantity == "kl" else numeric_cross_entropy(s.p, dps=dps)
    except Exception as exc:  # noqa: BLE001 - the oracle's failure is stored as such, and fails the row
        return Reference(family=family, case=s.case, quantity=s.quantity, role=s.role, p=p, q=q, value="nan",
                         error="inf", method="failed", seconds=cost_class(time.perf_counter() - t0),
                         reason=f"{type(exc).__name__}: {exc}")
    return Reference(
        family=family, case=s.case, quantity=s.quantity, role=s.role, p=p, q=q,
        value=number_text(result.value, dps), error=number_text(result.error, 3), method=result.method,
        seconds=cost_class(time.perf_counter() - t0), reason=result.reason,
    )

