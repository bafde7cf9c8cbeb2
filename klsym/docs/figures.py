"""Forward vs reverse KL on a bimodal target: the numbers, the page and the figures.

The target is P_d = ½·N(−d, s²) + ½·N(d, s²) with s = 3/5 (d = 2 in the main
figure). Its forward projection onto the normal family is one wide normal
with the mixture's mean and variance; its reverse projection locks onto one
mode. As d grows from 0 the reverse problem first has one (central) local
minimum; at d_appear two mode-locked minima appear beside it, and at d_switch
they become the global optimum (see :func:`split_separations`).

``klsym figure forward-reverse --out DIR`` writes ``forward-reverse.png``,
``forward-reverse-sweep.png`` and ``forward-reverse.md`` (matplotlib, Agg
backend; an optional extra). :func:`forward_reverse_page` returns the
Markdown page; it is deterministic (rounded numbers) and needs no matplotlib.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp

from ..records import registry
from ..records.distribution import Distribution, dist
from ..records.mixture import Mixture, mixture
from ..oracle import numeric_kl
from ..fit.project import Projection, asymmetry, project
from ..fit.float64 import FloatFamily, local_search, mixture_log_density

__all__ = [
    "bimodal",
    "forward_reverse_fits",
    "kl_rows",
    "split_separations",
    "sweep",
    "forward_reverse_page",
    "write_forward_reverse",
    "FIGURE_FILES",
]

SIGMA = sp.Rational(3, 5)
SEPARATION = sp.Integer(2)
#: the files ``klsym figure forward-reverse`` writes, relative to its output folder
FIGURE_FILES = ("forward-reverse.png", "forward-reverse-sweep.png", "forward-reverse.md")


def bimodal(d=SEPARATION, sigma=SIGMA) -> Mixture:
    """½·N(−d, σ²) + ½·N(d, σ²), exact.

    >>> bimodal(2)
    mixture([1/2, 1/2], [normal(mu=-2, sigma=3/5), normal(mu=2, sigma=3/5)])
    """
    d, sigma = sp.nsimplify(d), sp.nsimplify(sigma)
    half = sp.Rational(1, 2)
    return mixture([half, half], [dist("normal", mu=-d, sigma=sigma), dist("normal", mu=d, sigma=sigma)])


@lru_cache(maxsize=8)
def forward_reverse_fits(dps: int = 20, polish: bool = False) -> tuple[Projection, Projection]:
    """(forward, reverse) projections of :func:`bimodal` onto the normal family."""
    target = bimodal()
    return project(target, "normal", "forward", dps=dps), project(target, "normal", "reverse", dps=dps, polish=polish)


@dataclass(frozen=True)
class Row:
    label: str
    q: Distribution
    forward: mpmath.mpf  # KL(P‖Q)
    reverse: mpmath.mpf  # KL(Q‖P)


def kl_rows(dps: int = 20, polish: bool = False) -> list[Row]:
    """KL(P‖Q) and KL(Q‖P) for the forward fit and every reverse local minimum."""
    fwd, rev = forward_reverse_fits(dps, polish)
    target = bimodal()
    rows = [Row("forward fit (moment matching)", fwd.q, fwd.divergence, numeric_kl(fwd.q, target, dps).value)]
    minima = _ordered(rev.local_minima)
    best = float(minima[0].divergence)
    for m in minima:
        mu = float(m.q.params["mu"])
        kind = "central" if abs(mu) < 1e-6 else ("left mode" if mu < 0 else "right mode")
        label = f"reverse {'global' if float(m.divergence) - best < 1e-8 else 'local'} minimum ({kind})"
        rows.append(Row(label, m.q, numeric_kl(target, m.q, dps).value, m.divergence))
    return rows


def _ordered(minima) -> list[Projection]:
    """Minima by rounded KL, then by mean (so that ties between mirror images are stable)."""
    return sorted(minima, key=lambda m: (round(float(m.divergence), 9), float(m.q.params["mu"])))


# ------------------------------------------------------------------ the sweep over d
def _branches(d: float, sigma: float = float(SIGMA), which=("locked", "central")) -> dict[str, tuple[float, float, float]]:
    """Reverse local minima of P_d found from the right mode and from the forward fit:
    {"locked": (mu, sigma, KL), "central": (...)} (float64 search, no polish).
    "locked" is absent when the search from the mode slides to the centre."""
    target = bimodal(sp.Rational(d).limit_denominator(10**9) if isinstance(d, float) else d, SIGMA)
    ff = FloatFamily(registry.get("normal"), {}, target)
    out = {}
    starts = {"locked": (d, sigma), "central": (0.0, math.sqrt(d * d + sigma * sigma))}
    for name in which:
        u, f = local_search(ff, ff.u(list(starts[name])))
        mu, sg = ff.theta(u)
        if name == "central" or abs(mu) > 1e-3:
            out[name] = (mu, sg, f)
    return out


def sweep(ds) -> list[tuple[float, dict]]:
    """[(d, branches)] for each separation d (see :func:`split_separations`)."""
    return [(d, _branches(d)) for d in ds]


@lru_cache(maxsize=2)
def split_separations(tol: float = 1e-5) -> tuple[float, float]:
    """(d_appear, d_switch): the half-separation where mode-locked reverse minima first
    exist, and where they become the global optimum (bisection to ``tol``)."""

    def has_locked(d):
        return "locked" in _branches(d, which=("locked",))

    lo, hi = 1.0, 2.0
    while hi - lo > tol:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if has_locked(mid) else (mid, hi)
    d_appear = hi

    def gap(d):
        b = _branches(d)
        return b["locked"][2] - b["central"][2]

    # regula falsi (Illinois) on the smooth gap KL(locked) − KL(central), which changes sign
    a, b = d_appear + 0.01, 3.0
    fa, fb = gap(a), gap(b)
    if not fa > 0 > fb:
        raise ArithmeticError(f"the reverse optimum does not switch between d = {a} and {b}")
    side, c = 0, (a + b) / 2
    for _ in range(60):
        if b - a <= tol:
            return d_appear, (a + b) / 2
        c = b - fb * (b - a) / (fb - fa)
        fc = gap(c)
        if abs(fc) < 1e-12:  # about the accuracy of the float64 search
            return d_appear, c
        if fc > 0:
            a, fa = c, fc
            if side == 1:
                fb /= 2
            side = 1
        else:
            b, fb = c, fc
            if side == -1:
                fa /= 2
            side = -1
    return d_appear, c


# ------------------------------------------------------------------ text
def _g(v, digits: int = 6) -> str:
    if isinstance(v, sp.Basic):
        v = sp.N(v, 30)
    return mpmath.nstr(mpmath.mpf(str(v) if isinstance(v, sp.Basic) else v), digits, min_fixed=-4, max_fixed=6)


def _table(rows: list[Row], digits: int = 6) -> str:
    lines = ["| fit | mu | sigma | KL(P‖Q) | KL(Q‖P) |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        mu = float(r.q.params["mu"])
        # the central fit's mean is 0 by symmetry; an unpolished search leaves ~1e-8 of noise
        shown = "0" if abs(mu) < 1e-6 else _g(mu, digits)
        lines.append(
            f"| {r.label} | {shown} | {_g(r.q.params['sigma'], digits)} | "
            f"{_g(r.forward, digits)} | {_g(r.reverse, digits)} |"
        )
    return "\n".join(lines)


def forward_reverse_page() -> str:
    """The Markdown page on forward vs reverse KL (deterministic; numbers to 6 digits).

    It links ``figures/forward-reverse.png`` and ``figures/forward-reverse-sweep.png``,
    written by ``klsym figure forward-reverse --out <docs>/figures``.
    """
    rows = kl_rows()
    fwd = rows[0]
    d_appear, d_switch = split_separations()
    asym = sp.sstr(asymmetry("normal"))
    s = SIGMA
    return f"""<!-- generated by klsym.docs.figures.forward_reverse_page — do not edit -->
# Forward vs reverse KL

KL is not symmetric. Fitting a member Q of a family to a target P can minimise either

* the **forward** KL, KL(P‖Q) = E_P[log p(X) − log q(X)]: Q pays wherever P has mass and Q has little,
  so Q *covers* all of P's mass; or
* the **reverse** KL, KL(Q‖P) = E_Q[log q(X) − log p(X)]: Q pays only where Q itself has mass,
  so Q may *ignore* parts of P and sit on one mode.

For P and Q in the normal family the two differ by

    KL(P‖Q) − KL(Q‖P) = {asym}

(`klsym show normal normal --asymmetry`).

## The forward projection is moment matching

For Q in an exponential family, log q = η·T(x) − A(η) + log h(x), so
KL(P‖Q) = const − η·E_P[T] + A(η) is convex in η and is smallest where
∇A(η) = E_Q[T] equals E_P[T]. For the normal family T = (x, x²): the forward
fit has exactly the target's mean and variance (`klsym.project(target, "normal")`).

## A bimodal target

P = ½·N(−2, ({s})²) + ½·N(2, ({s})²). Its mean is 0 and its variance 4 + {s**2} = {4 + s**2},
so the forward fit is N(0, {4 + s**2}), σ = {fwd.q.params['sigma']} = {_g(fwd.q.params['sigma'])}. The reverse KL has
several local minima (`klsym.project(target, "normal", "reverse").local_minima`): one
narrow normal on each mode, and a wide one in the middle that is a worse local minimum.

![target, forward and reverse fits](figures/forward-reverse.png)

{_table(rows)}

The forward fit's KL(P‖Q) = {_g(fwd.forward)} is not small: no single normal describes two
separated bumps, and the forward fit puts much of its mass in the gap where P has almost none.
A mode-locked reverse fit has KL(Q‖P) just below log 2 = 0.693147 (it matches one half of P,
which has only half of P's mass there, and ignores the other half), while its KL(P‖Q) is large:
P's other mode lies where Q is tiny.

## As the modes separate

For P_d = ½·N(−d, ({s})²) + ½·N(d, ({s})²):

* for d < {d_appear:.4f} the reverse KL has a single local minimum, the central N(0, σ²);
* at d = {d_appear:.4f} two mode-locked minima (one per mode) appear beside it; the central
  one is still the global optimum;
* for d > {d_switch:.4f} the mode-locked minima are the global optimum: the reverse fit
  switches from one central normal to one of two normals, each locked on a mode. The central
  minimum persists as a worse local minimum.

(d_appear by bisection on "a search started on a mode stays there", d_switch by regula falsi
on KL(locked) − KL(central), both to 10⁻⁵ on the float64 search of the reverse KL. The optimum
switches discontinuously: its mean jumps from 0 to about ±d.)

![reverse optima as the modes separate](figures/forward-reverse-sweep.png)

Reproduce the figures with `klsym figure forward-reverse --out derivations/figures` (`make derive` writes
this page, the family pages and the figures).
"""


# ------------------------------------------------------------------ figures
def _pyplot():
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "the figures need matplotlib, an optional extra: pip install 'klsym[plot]' (or pip install matplotlib)"
        ) from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_forward_reverse(
    out: str, dps: int = 30, polish: bool = True, verbose: bool = True, sweep_points: int = 30
) -> list[str]:
    """Write the two PNGs and the Markdown table into ``out``; return the paths written.

    The sweep draws the reverse minima at ``sweep_points`` separations d in (0, 3].
    """
    plt = _pyplot()
    os.makedirs(out, exist_ok=True)
    target = bimodal()
    rows = kl_rows(dps, polish)
    lp = mixture_log_density(target)
    xs = [-6 + 12 * j / 1200 for j in range(1201)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.fill_between(xs, [math.exp(lp(x)) for x in xs], color="0.85", label="target P")
    styles = ["C0", "C3", "C3", "C2", "C2"]
    for j, r in enumerate(rows):
        mu, sg = float(r.q.params["mu"]), float(r.q.params["sigma"])
        ys = [math.exp(-((x - mu) ** 2) / (2 * sg * sg)) / (sg * math.sqrt(2 * math.pi)) for x in xs]
        ls = "-" if j == 0 else ("--" if "global" in r.label else ":")
        ax.plot(xs, ys, ls, color=styles[min(j, len(styles) - 1)], lw=2,
                label=f"{r.label}: KL(P‖Q)={_g(r.forward, 4)}, KL(Q‖P)={_g(r.reverse, 4)}")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title("P = ½N(−2, 0.6²) + ½N(2, 0.6²): forward vs reverse projection onto the normals")
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    p1 = os.path.join(out, FIGURE_FILES[0])
    fig.savefig(p1, dpi=120)
    plt.close(fig)

    d_appear, d_switch = split_separations()
    ds = [round(3 * j / sweep_points, 4) for j in range(1, sweep_points + 1)]
    data = sweep(ds)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for name, color in (("central", "C2"), ("locked", "C3")):
        pts = [(d, b[name]) for d, b in data if name in b]
        a1.plot([d for d, _ in pts], [v[0] for _, v in pts], "o", color=color, ms=4, label=f"{name} minimum, mean")
        a1.plot([d for d, _ in pts], [-v[0] for _, v in pts], "o", color=color, ms=4, mfc="none") if name == "locked" else None
        a2.plot([d for d, _ in pts], [v[2] for _, v in pts], "o-", color=color, ms=4, label=f"{name} minimum")
    for a in (a1, a2):
        a.axvline(d_appear, color="0.5", ls=":", lw=1)
        a.axvline(d_switch, color="k", ls="--", lw=1)
        a.set_xlabel("half-separation d")
    a1.set_ylabel("mean of the reverse fit")
    a2.set_ylabel("KL(Q‖P)")
    a2.axhline(math.log(2), color="0.6", lw=0.8)
    a1.set_title(f"locked minima appear at d={d_appear:.4f}")
    a2.set_title(f"they become global at d={d_switch:.4f}")
    a1.legend(fontsize=8)
    a2.legend(fontsize=8)
    fig.tight_layout()
    p2 = os.path.join(out, FIGURE_FILES[1])
    fig.savefig(p2, dpi=120)
    plt.close(fig)

    table = _table(rows, 12)
    text = (
        f"KL(P‖Q) and KL(Q‖P) for P = ½N(−2, (3/5)²) + ½N(2, (3/5)²), computed at {dps} digits"
        f"{' (reverse fits polished)' if polish else ''}.\n\n{table}\n\n"
        f"Mode-locked reverse minima appear at d = {d_appear:.5f}; they are the global optimum "
        f"for d > {d_switch:.5f}.\n"
    )
    p3 = os.path.join(out, FIGURE_FILES[2])
    with open(p3, "w", encoding="utf-8") as fh:
        fh.write(text)
    if verbose:
        print(text)
    return [p1, p2, p3]


def add_figure_command(sub) -> None:
    """Register ``klsym figure NAME --out DIR`` on an argparse sub-parser collection."""
    s = sub.add_parser("figure", help="draw a figure (needs matplotlib)")
    s.add_argument("name", choices=["forward-reverse"])
    s.add_argument("--out", default="figures")
    s.add_argument("--dps", type=int, default=30)
    s.add_argument("--no-polish", action="store_true", help="skip the high-precision polish of the reverse fits")
    s.add_argument("--sweep-points", type=int, default=30, help="separations drawn in the sweep figure")

    def run(args) -> int:
        if not 2 <= args.sweep_points <= 1000:
            raise ValueError(f"--sweep-points: expected a number from 2 to 1000, got {args.sweep_points}")
        if not 1 <= args.dps <= 100:
            raise ValueError(f"--dps: expected a whole number of digits from 1 to 100, got {args.dps}")
        try:
            paths = write_forward_reverse(
                args.out, dps=args.dps, polish=not args.no_polish, sweep_points=args.sweep_points
            )
        except RuntimeError as exc:
            raise ValueError(str(exc)) from exc
        for p in paths:
            print(p)
        return 0

    s.set_defaults(func=run)
