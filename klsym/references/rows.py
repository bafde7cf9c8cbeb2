"""The check rows of a family, and their two values: the closed form's and the oracle's.

For each case (P, Q) of :func:`klsym.crosscheck.cases_for` the rows of the KL store
are KL(P‖Q) ("forward"), KL(Q‖P) ("reverse"), and the entropies H(P) and H(Q), one
row per distinct distribution of the family (the first case it appears in names it).

The divergence rows (:func:`divergence_specs`) are, for each case that
:func:`klsym.exact.renyi.divergence_answer` derives (one univariate family, fixed
parameters shared) and each of :data:`DIVERGENCE_ROWS`, the divergence of P from Q
("forward") and of Q from P ("reverse"). The divergence store holds the oracle's
Rényi divergences of order 1/2 and 2 only: Bhattacharyya, Hellinger and chi-square
are functions of them (B = D_½/2, H = √(1 − e^(−D_½/2)), χ² = e^(D_2) − 1, as the
oracle itself computes them from one affinity integral), so their oracle values are
those functions of the stored rows (:data:`STORED_AS`, :func:`derived_reference`).
Jeffreys' divergence is the sum of the two KL rows and has no rows of its own.

The functions that compute a value take the row's key, not the row, so that a
process pool can run them (:mod:`klsym.references.pool`); each sets its mpmath
precision locally.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.ctx_iv import MPIntervalContext

from ..crosscheck import cases_for, describe
from ..derive.route import entropy_form
from ..exact.divergence import kl_answer
from ..exact.entropy import entropy
from ..exact.renyi import divergence_answer
from ..exact.series import InfiniteSum, series_value
from ..oracle import numeric_cross_entropy, numeric_kl
from ..oracle.divergences import numeric_divergence
from ..oracle.factorised import FACTORISED
from ..oracle.limits import DivergentIntegralError
from ..records import registry
from ..records.distribution import Distribution
from ..verification.floats import kl_value
from ..verification.intervals import enclosure, expr_value, settle, tails
from .store import STORE_DPS, Reference, cost_class, number_text, param_text

__all__ = ["DIVERGENCE_ROWS", "STORED_AS", "STORES", "RowSpec", "closed_value_of", "derived_reference", "divergence_specs",
           "entropy_defined", "entropy_value", "no_divergence_rows", "oracle_reference", "read_quantity", "row_specs",
           "source_key", "specs_of", "stored_specs"]

#: digits beyond those asked to which a closed form is evaluated (as the live check always did)
GUARD = 20
#: the entropy's series are evaluated at no more digits than this
MAX_SERIES_DPS = 5000
#: the stores: "kl" (KL both ways and entropies), "divergence" (the rows of DIVERGENCE_ROWS)
STORES = ("kl", "divergence")
#: the quantities of the divergence store, (kind, order): the quantity is named "kind" or "kind:order"
DIVERGENCE_ROWS = (("renyi", "1/2"), ("renyi", "2"), ("bhattacharyya", None), ("hellinger", None),
                   ("chi_square", None))
#: divergence rows whose oracle value is a function of a stored Rényi row: quantity → stored quantity
STORED_AS = {"bhattacharyya": "renyi:1/2", "hellinger": "renyi:1/2", "chi_square": "renyi:2"}


def quantity_name(kind: str, alpha: str | None) -> str:
    return kind if alpha is None else f"{kind}:{alpha}"


def read_quantity(quantity: str) -> tuple[str, str | None]:
    """("renyi", "1/2") from "renyi:1/2"; ("chi_square", None) from "chi_square"."""
    kind, _, alpha = quantity.partition(":")
    return kind, (alpha or None)


@dataclass(frozen=True)
class RowSpec:
    """One check row: KL(p‖q) (``quantity`` "kl"), H(p) ("entropy") or a divergence of p
    from q ("renyi:1/2", "bhattacharyya", ..., see :data:`DIVERGENCE_ROWS`) for a case of a family."""

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
        if self.quantity == "entropy":
            return f"{self.case} (entropy of {self.role})"
        return f"{self.case} ({self.role})" if self.quantity == "kl" else f"{self.case} ({self.quantity}, {self.role})"

    @property
    def what(self) -> str:
        return describe(self.quantity, self.p, self.q)

    def params(self) -> tuple[dict, dict | None]:
        """The parameters of p and q as exact text, as the store holds them."""
        def text(d):
            return {k: param_text(v) for k, v in d.params.items()}

        return text(self.p), (text(self.q) if self.q is not None else None)


def entropy_defined(family: str) -> bool:
    """False for a family whose entropy does not exist (its form is nan: E[log X] of the
    log-Cauchy law is undefined) or has no derived form (the logistic normal's needs
    E[log(1 + Σ exp y_j)] under a normal), which has no entropy rows.

    >>> entropy_defined("cauchy"), entropy_defined("log_cauchy"), entropy_defined("logistic_normal")
    (True, False, False)
    """
    try:
        form = entropy_form(family)
    except NotImplementedError:
        return False
    return registry.get(family).ef is not None or not form.has(sp.nan)


@lru_cache(maxsize=None)
def row_specs(family: str) -> tuple[RowSpec, ...]:
    """Every row of one family, in case order: forward, reverse, then new entropies
    (none where the entropy does not exist: :func:`entropy_defined`)."""
    out, seen = [], set()
    with_entropy = entropy_defined(family)
    for p, q, label in cases_for(family):
        out.append(RowSpec(family, label, "kl", "forward", p, q))
        out.append(RowSpec(family, label, "kl", "reverse", q, p))
        for d, role in ((p, "P"), (q, "Q")) if with_entropy else ():
            if repr(d) not in seen:
                seen.add(repr(d))
                out.append(RowSpec(family, label, "entropy", role, d, None))
    return tuple(out)


@lru_cache(maxsize=None)
def divergence_specs(family: str) -> tuple[RowSpec, ...]:
    """The divergence rows of one family: for each case whose divergences are derived
    (:func:`klsym.exact.renyi.divergence_answer` gives a value, +∞ included) and the
    oracle handles (univariate laws, and the multivariate families whose affinity it
    factorises: :data:`klsym.oracle.factorised.FACTORISED`), each quantity of
    :data:`DIVERGENCE_ROWS` forward and reverse (a case with P = Q has none: both routes
    give 0 by definition). Empty for a family whose cases have no derived divergence, or
    without that oracle (the multinomial): :func:`no_divergence_rows` says which."""
    if registry.get(family).multivariate and registry.get(family).name not in FACTORISED:
        return ()
    out = []
    for p, q, label in cases_for(family):
        for kind, alpha in DIVERGENCE_ROWS:
            for role, a, b in (("forward", p, q), ("reverse", q, p)):
                try:
                    answer = divergence_answer(a, b, kind, alpha)
                except NotImplementedError:
                    continue
                if answer.method == "identical distributions":
                    continue  # 0 by definition, on both routes: not a check
                out.append(RowSpec(family, label, quantity_name(kind, alpha), role, a, b))
    return tuple(out)


_NO_AFFINITY = ("; nor does klsym derive one: the law is outside the exponential class, and its affinity is a sum "
                "over count vectors with no closed form")

_BY_RELATIONS = ("; tests/test_normal_wishart.py checks its forms against the normal-gamma's and the "
                 "normal-inverse-gamma's in d = 1 (which have oracle rows), and in d = 2 and 3 against KL (oracle-checked) "
                 "as alpha -> 1 and through the inversion Sigma -> Sigma^-1")

#: how the divergences of a multivariate family without oracle rows are checked instead
_INSTEAD = {
    "multinomial": "; tests/test_renyi_multivariate.py sums their affinity over every count vector instead",
    "dirichlet_multinomial": _NO_AFFINITY,
    "multivariate_hypergeometric": _NO_AFFINITY,
    "normal_wishart": _BY_RELATIONS,
    "normal_inverse_wishart": _BY_RELATIONS,
    "von_mises_fisher": ("; tests/test_von_mises_fisher.py checks its forms against a two-dimensional quadrature of "
                         "p^alpha q^(1-alpha) over the sphere in d = 3, 4 and 6, and tests/test_transformed.py against "
                         "the von Mises law's (which has oracle rows) in d = 2"),
    "logistic_normal": ("; its affinity's check of the integrand's ends needs log p - log q where the last part "
                        "1 - x[1] - ... - x[d] underflows any working precision. tests/test_transformed.py checks "
                        "its forms against the multivariate normal's instead (equal by the bijection x -> log-ratios)"),
}


def no_divergence_rows(family: str) -> str | None:
    """Why ``family`` has no row in the divergence store (None when it has some).

    >>> print(no_divergence_rows("multinomial"))
    the oracle has no route for the divergences of multinomial laws (it factorises those of multivariate_normal, matrix_normal, multivariate_lognormal, dirichlet, generalized_dirichlet, wishart, inverse_wishart, normal_gamma, normal_inverse_gamma, negative_multinomial, lkj); tests/test_renyi_multivariate.py sums their affinity over every count vector instead
    >>> no_divergence_rows("normal") is None
    True
    """
    rec = registry.get(family)
    if rec.multivariate and rec.name not in FACTORISED:
        return (f"the oracle has no route for the divergences of {rec.name} laws (it factorises those of "
                f"{', '.join(FACTORISED)})" + _INSTEAD.get(rec.name, ""))
    if divergence_specs(family):
        return None
    p, q, _ = cases_for(family)[0]
    try:
        divergence_answer(p, q, "renyi", "1/2")
    except NotImplementedError as e:
        return f"no divergence of its check cases is derived ({e})"
    return "its check cases have no divergence row"


def specs_of(family: str, store: str = "kl") -> tuple[RowSpec, ...]:
    """The rows of one family checked against one of :data:`STORES`."""
    if store not in STORES:
        raise ValueError(f"store: one of {', '.join(STORES)}, got {store!r}")
    return row_specs(family) if store == "kl" else divergence_specs(family)


def stored_specs(family: str, store: str = "kl") -> tuple[RowSpec, ...]:
    """The rows of one family that one of :data:`STORES` holds (the oracle computes these)."""
    return tuple(s for s in specs_of(family, store) if s.quantity not in STORED_AS)


def source_key(s: RowSpec) -> tuple[str, str, str]:
    """The key of the stored row that gives the oracle's value of row ``s``."""
    return s.case, STORED_AS.get(s.quantity, s.quantity), s.role


def derived_reference(ref: Reference, quantity: str) -> Reference:
    """The oracle's value of ``quantity`` (a key of :data:`STORED_AS`) from its stored Rényi
    row ``ref``, with the error carried to first order: B = D/2, H = √(−expm1(−D/2)),
    χ² = expm1(D); D = +∞ gives B = χ² = +∞ and H = 1."""
    if quantity not in STORED_AS:
        return ref
    with mp.workdps(STORE_DPS + 10):
        d, err = ref.mp_value(), ref.mp_error()
        if mpmath.isnan(d):
            value, error = d, err
        elif quantity == "bhattacharyya":
            value, error = d / 2, err / 2
        elif quantity == "hellinger":
            value = mpf(1) if mpmath.isinf(d) else mpmath.sqrt(-mpmath.expm1(-d / 2))
            error = mpf(0) if mpmath.isinf(d) else (mpmath.sqrt(err) if value == 0 else
                                                     mpmath.exp(-d / 2) * err / (4 * value))
        else:
            value = d if mpmath.isinf(d) else mpmath.expm1(d)
            error = mpf(0) if mpmath.isinf(d) else mpmath.exp(d) * err
        return dataclasses.replace(ref, quantity=quantity, value=number_text(value, STORE_DPS),
                                   error=number_text(error, 3), method=f"{ref.method}, from {ref.quantity}",
                                   source_quantity=ref.quantity)


def spec(family: str, key: tuple[str, str, str]) -> RowSpec:
    for s in specs_of(family, "kl" if key[1] in ("kl", "entropy") else "divergence"):
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
            h = tails(h)  # erf values far in a tail through erfc: no cancellation
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
            elif s.quantity == "entropy":
                value = entropy_value(s.p, wp)
            else:
                value = expr_value(divergence_answer(s.p, s.q, *read_quantity(s.quantity)).value, wp)
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
            if s.quantity == "kl":
                result = numeric_kl(s.p, s.q, dps=dps)
            elif s.quantity == "entropy":
                result = numeric_cross_entropy(s.p, dps=dps)
            else:
                result = numeric_divergence(s.p, s.q, *read_quantity(s.quantity), dps=dps)
    except DivergentIntegralError as exc:
        # the oracle's evidence that the affinity integral does not die out: +oo, with that evidence
        return Reference(family=family, case=s.case, quantity=s.quantity, role=s.role, p=p, q=q, value="inf",
                         error="0", method="divergent", seconds=cost_class(time.perf_counter() - t0),
                         reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - the oracle's failure is stored as such, and fails the row
        return Reference(family=family, case=s.case, quantity=s.quantity, role=s.role, p=p, q=q, value="nan",
                         error="inf", method="failed", seconds=cost_class(time.perf_counter() - t0),
                         reason=f"{type(exc).__name__}: {exc}")
    return Reference(
        family=family, case=s.case, quantity=s.quantity, role=s.role, p=p, q=q,
        value=number_text(result.value, dps), error=number_text(result.error, 3), method=result.method,
        seconds=cost_class(time.perf_counter() - t0), reason=result.reason,
    )
