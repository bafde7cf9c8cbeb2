"""The reference store: the oracle's values for the check rows, as plain JSON.

One file per family, ``klsym/references/data/<family>.json`` (package data, so an
installed ``klsym check`` finds it), with sorted keys and one row per line::

    {
      "about": "...",
      "dps": 40,
      "family": "gamma",
      "format": 1,
      "oracle_sha256": "...",
      "record_sha256": "...",
      "rows": [
        {"case": "moderate", "error": "1.02e-58", "method": "quadrature", "p": {...}, "q": {...},
         "quantity": "kl", "role": "forward", "seconds": 0.1, "value": "10.87991850519844802409826..."},
        ...
      ],
      "written_with": {"mpmath": "1.3.0", "python": "3.11", "sympy": "1.14"}
    }

A row is KL(p‖q) (``quantity`` "kl", ``role`` "forward" for the case's (P, Q),
"reverse" for (Q, P)) or the entropy H(p) (``quantity`` "entropy", ``role`` "P"
or "Q", ``q`` null; one row per distinct distribution of the family's cases).

The divergence store, ``klsym/references/data/divergences/<family>.json``, has the
same format; its rows are Rényi divergences of p from q (``quantity`` "renyi:1/2"
and "renyi:2"; ``role`` "forward" or "reverse"; the Bhattacharyya, Hellinger and
chi-square values are functions of them, see :mod:`klsym.references.rows`). A row
whose affinity integral the oracle finds does not die out (order above 1) holds
``value`` "inf", ``method`` "divergent" and the oracle's evidence as ``reason``.
``p`` and ``q`` hold the parameters as exact numbers written out (``1/100000000``,
``pi``; lists for vectors and matrices). ``value`` is the oracle's value to
``dps`` significant digits ("inf" for +oo), ``error`` its own absolute error
estimate, ``method`` its route, ``seconds`` the cost of the row on the machine
that wrote the store, rounded up to 1, 2 or 5 times a power of ten (a guide for
choosing live rows).

Two fingerprints say what the values were computed from
(:mod:`klsym.references.fingerprints`):

* ``oracle_sha256``: sha256 over the source of the oracle's code the store's values
  go through, see :func:`oracle_files` (the modules of ``klsym/oracle/`` — for the KL
  store all but the divergence oracle's, for a univariate family all but the
  multivariate routes — and every module of ``klsym/records/`` that they import,
  directly or not, except the catalogue);
* ``record_sha256``: sha256 over what the oracle reads of the family's record
  (:func:`record_fingerprint`: parameters and their domains, support,
  log-density, kinks, mean, median, variable), so that editing one record
  makes only that family's rows stale.

This module reads and writes the files; :mod:`klsym.references.rows` computes
the rows and :mod:`klsym.references.stale` decides whether a file is stale.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records import registry
from ..records.convert import to_exact
from ..records.distribution import Distribution
from .fingerprints import oracle_sha256, record_fingerprint

__all__ = [
    "DATA", "DIVERGENCE_DATA", "KNOWN_PROBLEMS", "STORE_DPS", "Reference", "load", "lookup", "param_text",
    "regenerate_command", "write",
]

#: digits of every stored oracle value (the oracle runs at this precision)
STORE_DPS = 40
#: the folder of the JSON files (the KL store; the divergence store is its subfolder DIVERGENCE_DATA)
DATA = Path(__file__).resolve().parent / "data"
DIVERGENCE_DATA = DATA / "divergences"
FORMAT = 1
REGENERATE = "klsym check FAMILY --live all --write"
REGENERATE_DIVERGENCES = "klsym check FAMILY --divergence all --live all --write"
ABOUT = (
    "klsym reference values: the independent oracle's KL(p||q) and entropy H(p) for every "
    "check case of this family (klsym.crosscheck.cases_for), to `dps` significant digits, "
    "with its error estimate and route. `klsym check` compares every closed form with these "
    f"values; `{REGENERATE}` recomputes and rewrites them (see klsym/references/data/README.md)."
)
ABOUT_DIVERGENCES = (
    "klsym reference values: the independent oracle's Renyi divergences of order 1/2 and 2 of p from q, both "
    "ways, for every check case of this family whose divergences are derived "
    "(klsym.references.rows.divergence_specs), to `dps` significant digits, with its error estimate and route "
    "(Bhattacharyya = D_1/2 / 2, Hellinger = sqrt(1 - exp(-D_1/2 / 2)), chi-square = exp(D_2) - 1 follow). "
    "`klsym check --divergence all` compares every closed form with these values; "
    f"`{REGENERATE_DIVERGENCES}` recomputes and rewrites them (see klsym/references/data/README.md)."
)


def regenerate_command(family: str, store: str = "kl") -> str:
    """The command that rewrites one family's file of a store."""
    return (REGENERATE if store == "kl" else REGENERATE_DIVERGENCES).replace("FAMILY", family)


#: stored rows whose oracle value is known to be wrong, or that the oracle refuses to compute
#: (value "nan"), (family, case, quantity, role) → why. ``klsym check`` reports them apart
#: (they do not fail it), each file marks them (``known_problem``), and a test fails as soon
#: as one of them agrees with its closed form again (then remove it here).
_REFUSES = "the oracle refuses this row, so its closed form is not checked here: "
KNOWN_PROBLEMS: dict[tuple[str, str, str, str], str] = {
    **{("inverse_chi_squared", "large k: narrow laws far apart", "renyi:1/2", role): (
        _REFUSES + "the affinity (about 10^-492 and 10^-327) is far below the quadrature's absolute error, "
        "which counts P's mass") for role in ("forward", "reverse")},
    ("inverse_chi_squared", "large k: narrow laws far apart", "renyi:2", "reverse"): (
        _REFUSES + "the weight (p/q)^(alpha - 1) needs more than the quadrature's 1500 panels"),
    ("von_mises", "huge concentrations", "renyi:2", "reverse"): (
        _REFUSES + "the weight (p/q)^(alpha - 1) needs more than the quadrature's 1500 panels"),
    ("inverse_gaussian", "small scale", "renyi:2", "reverse"): (
        _REFUSES + "eta_alpha lies on the edge of the natural space (the integrand has an algebraic tail), "
        "and far out log p ~ -10^90 cancels against log q beyond the working precision; an mpmath "
        "quadrature of p^2/q by hand gives log M = 10.1438410362258904639545604445, as the closed form"),
    **{("laplace", "far apart", "renyi:1/2", role): (
        _REFUSES + "the affinity, about 10^-145, is far below the quadrature's absolute error")
       for role in ("forward", "reverse")},
    **{("asymmetric_laplace", "far apart", "renyi:1/2", role): (
        _REFUSES + "the affinity, about 10^-289, is far below the quadrature's absolute error; by hand, the "
        "integral of sqrt(p q) over the three exponential pieces (cut at -1000 and 1000) is "
        "2 sqrt(6) (21 e^1000 - 11 e^(2000/3)) e^(-5000/3)/77, so D_1/2 = 1332.75384547124590941901978841, "
        "as the closed form") for role in ("forward", "reverse")},
    **{("logistic", "1000 scales apart: KL ~ d - 2", "renyi:1/2", role): (
        _REFUSES + "the affinity, about 10^-215, is far below the quadrature's absolute error; by hand, at "
        "d = 1000 it is d/(2 sinh(d/2)), so D_1/2 = 1000 - 2 log(1000) + 2 log(1 - e^-1000) = "
        "986.184489442035725895892051271893814754 (mpmath, 40 digits), as the closed form")
       for role in ("forward", "reverse")},
    ("generalized_normal", "beta = 0.1: extremely heavy", "renyi:2", "reverse"): (
        _REFUSES + "the oracle calls it divergent, but p^2/q = (c_P^2/c_Q) exp(-(2 100^(-1/10) - 1) |x|^(1/10)) "
        "decays (slowly); its integral 2 Gamma(10) (c_P^2/c_Q) / ((1/10) (2 100^(-1/10) - 1)^10) by hand gives "
        "D_2 = 4.18702405702397632896430016964, as the closed form"),
    ("kumaraswamy", "a = 1/4: singular at 0", "renyi:2", "forward"): (
        _REFUSES + "its log of x(t) with a = 1/4 is evaluated as a complex number (mpc); by hand p^2/q = "
        "(4/3) a x^(a-1), whose integral is 4/3: D_2 = log(4/3), as the closed form"),
    **{("kumaraswamy", "a = 0.1, large b: mass piled at 0", "renyi:2", role): (
        _REFUSES + "its log of x(t) with a = 1/10 is evaluated as a complex number (mpc); by hand p^2/q is "
        + what + ", as the closed form") for role, what in (
        ("forward", "(1000/190) a x^(a-1) (1 - x^a)^189 (100^2/10 over 190), D_2 = log(100/19)"),
        ("reverse", "a constant times x^(a-1) (1 - x^a)^(-81), not integrable at 1: D_2 = +oo"))},
    **{("uniform", "overlapping, not nested", "renyi:1/2", role): (
        _REFUSES + "the oracle integrates over one law's support and needs it inside the other's; here "
        "M = 1/2 on [1, 2] (2 log 2, as the closed form; tests/test_renyi.py)") for role in ("forward", "reverse")},
    **{("log_uniform", "overlapping, not nested", "renyi:1/2", role): (
        _REFUSES + "the oracle integrates over one law's support and needs it inside the other's; here "
        "M = log(3/2)/sqrt(log(3) log(5/2)) on [2, 3] (D_1/2 = 1.81206716726170388566486405518781670819 by "
        "mpmath at 40 digits, as the closed form)") for role in ("forward", "reverse")},
    **{("discrete_uniform", case, "renyi:1/2", role): (
        _REFUSES + "the oracle's sums need P's support inside Q's; here " + why)
       for case, why in (("overlapping, not nested", "{0, 1, 2} and {1, 2, 3} share two points: M = 2/3, "
                          "D_1/2 = 2 log(3/2), as the closed form"),
                         ("disjoint", "{0, 1, 2} and {3, 4, 5} share none: M = 0, D_1/2 = +oo, as the closed form"))
       for role in ("forward", "reverse")},
    **{("hypergeometric", "overlapping supports, not nested: +oo", "renyi:1/2", role): (
        _REFUSES + "the oracle's sums need P's support inside Q's; here {1, 2, 3} (N = 10, K = 3, n = 8) and "
        "{3, 4, 5} (K = 5) share the point 3, of probabilities 7/15 and 2/9: M = sqrt(14/135), "
        "D_1/2 = log(135/14) = 2.26621744882317083426391017909 (by a direct sum at 40 digits), as the closed form")
       for role in ("forward", "reverse")},
    **{("categorical", "a zero in p", quantity, "reverse"): (
        _REFUSES + "P gives probability to an outcome Q gives 0, and the oracle's sums need one support")
       for quantity in ("renyi:1/2", "renyi:2")},
    ("logarithmic", "p = 10^-300: log(-log(1 - p)), which SymPy's evalf gets wrong", "entropy", "P"): (
        "the oracle's H = 3.4573e-298 misses p/2 = 5e-301 (H = 3.4623e-298 by a direct sum at 800 digits): "
        "log p(1) = log p - log(-log(1 - p)) cancels to -p/2, far below the oracle's working precision, "
        "and its error estimate does not count that cancellation"
    ),
}


@dataclass(frozen=True)
class Reference:
    """One stored row: the oracle's value of KL(p‖q) or H(p)."""

    family: str
    case: str
    quantity: str  # "kl", "entropy", or a divergence ("renyi:1/2", "bhattacharyya", ...)
    role: str  # "forward", "reverse" (kl, divergences); "P", "Q" (entropy)
    p: dict
    q: dict | None
    value: str
    error: str
    method: str
    seconds: float
    reason: str | None = None
    #: the ``known_problem`` text the file holds (compared with :data:`KNOWN_PROBLEMS` by the freshness check)
    note: str | None = None
    #: for a value derived from another stored row (a Bhattacharyya distance from a Rényi-1/2 row), that row's quantity
    source_quantity: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.case, self.quantity, self.role

    @property
    def known_problem(self) -> str | None:
        """Why the stored value is known to be wrong (:data:`KNOWN_PROBLEMS`), or None."""
        return KNOWN_PROBLEMS.get((self.family, self.case, self.source_quantity or self.quantity, self.role))

    def mp_value(self) -> mpf:
        """The stored value as an mpmath number (at the store's precision)."""
        with mp.workdps(STORE_DPS + 10):
            return mpf(self.value)

    def mp_error(self) -> mpf:
        with mp.workdps(STORE_DPS + 10):
            return mpf(self.error)

    def as_json(self) -> dict:
        out = {
            "case": self.case, "quantity": self.quantity, "role": self.role, "p": self.p, "q": self.q,
            "value": self.value, "error": self.error, "method": self.method, "seconds": self.seconds,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.known_problem:
            out["known_problem"] = self.known_problem
        return out


def param_text(value: Any) -> Any:
    """A parameter value as exact text: ``"1/100000000"``, ``"pi"``; lists for vectors and matrices."""
    if isinstance(value, sp.MatrixBase):
        rows = value.tolist()
        if value.shape[1] == 1:
            return [param_text(r[0]) for r in rows]
        return [[param_text(v) for v in r] for r in rows]
    if isinstance(value, (list, tuple)):
        return [param_text(v) for v in value]
    return str(to_exact(value, "value"))  # text is read by the number grammar


def number_text(value: mpf, dps: int) -> str:
    """An oracle value or error as decimal text (``"inf"`` for +oo)."""
    if mpmath.isinf(value):
        return "inf" if value > 0 else "-inf"
    with mp.workdps(dps + 10):
        return mpmath.nstr(value, dps, min_fixed=-3, max_fixed=16)


def cost_class(seconds: float) -> float:
    """Seconds rounded up to 1, 2 or 5 times a power of ten (0.01 at least), so that
    rewriting the store on another machine seldom changes them."""
    for e in range(-2, 6):
        for m in (1, 2, 5):
            if seconds <= m * 10.0**e:
                return float(f"{m}e{e}")
    return float("inf")


def path_for(family: str, folder: Path | None = None, store: str = "kl") -> Path:
    """The file of one family: in ``folder`` if given, else in the store's folder
    (:data:`DATA` for "kl", :data:`DIVERGENCE_DATA` for "divergence")."""
    return (folder or (DATA if store == "kl" else DIVERGENCE_DATA)) / f"{family}.json"


def load(family: str, folder: Path | None = None, store: str = "kl") -> dict | None:
    """The stored file of one family as a dict (rows as :class:`Reference`), or None when absent."""
    path = path_for(family, folder, store)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rows"] = [
        Reference(family=family, case=r["case"], quantity=r["quantity"], role=r["role"], p=r["p"], q=r["q"],
                  value=r["value"], error=r["error"], method=r["method"], seconds=r["seconds"],
                  reason=r.get("reason"), note=r.get("known_problem"))
        for r in data["rows"]
    ]
    return data


def lookup(p: Distribution, q: Distribution | None = None, folder: Path | None = None) -> Reference | None:
    """The stored oracle value of KL(p‖q), or of H(p) when ``q`` is None; None when the
    store has no such row.

    >>> from klsym import dist
    >>> lookup(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2)).value[:20]
    '0.443147180559945309'
    """
    data = load(p.family, folder)
    if data is None:
        return None
    want = ({k: param_text(v) for k, v in p.params.items()},
            None if q is None else {k: param_text(v) for k, v in q.params.items()})
    quantity = "entropy" if q is None else "kl"
    for r in data["rows"]:
        if r.quantity == quantity and (r.p, r.q) == want:
            return r
    return None


def dumps(family: str, rows: Iterable[Reference], store: str = "kl") -> str:
    """The text of one family's file: sorted keys, one row per line."""
    header = {
        "about": ABOUT if store == "kl" else ABOUT_DIVERGENCES,
        "dps": STORE_DPS,
        "family": family,
        "format": FORMAT,
        "oracle_sha256": oracle_sha256(store, registry.get(family).multivariate),
        "record_sha256": record_fingerprint(registry.get(family)),
        "written_with": {
            "mpmath": mpmath.__version__, "python": ".".join(platform.python_version_tuple()[:2]),
            "sympy": sp.__version__,
        },
    }
    lines = ["{"]
    for k in sorted([*header, "rows"]):
        if k == "rows":
            body = [json.dumps(r.as_json(), sort_keys=True, ensure_ascii=False) for r in rows]
            lines.append('  "rows": [\n' + ",\n".join("    " + b for b in body) + "\n  ],")
        else:
            lines.append(f"  {json.dumps(k)}: {json.dumps(header[k], sort_keys=True, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def write(family: str, rows: Iterable[Reference], folder: Path | None = None, store: str = "kl") -> Path:
    """Write one family's file (replacing it); returns its path."""
    path = path_for(family, folder, store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(family, rows, store), encoding="utf-8")
    return path
