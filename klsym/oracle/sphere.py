"""The von Mises-Fisher law written in independent univariate variables, in coordinates
that depend on Q as well as P (for :mod:`klsym.oracle.coordinates`).

Write mu_Q = a mu_P + b e_1 with e_1 a unit vector orthogonal to mu_P (a = mu_P^T mu_Q,
b >= 0), and let e_2 be a unit vector orthogonal to both. A point of the sphere S^(d-1) is

    x = t mu_P + sqrt(1 - t^2) (s e_1 + sqrt(1 - s^2) z),

t = mu_P^T x in [-1, 1], s in [-1, 1] the cosine of the angle of x's part orthogonal to mu_P
with e_1, and z a unit vector orthogonal to mu_P and e_1 (K. V. Mardia & P. E. Jupp,
*Directional Statistics*, Wiley 2000, sections 9.3.2 and 9.5 (tangent-normal decomposition)).
Under vMF(mu_P, kappa_P) the three are independent: z is uniform on S^(d-3), s has the
density of the uniform law's coordinate, proportional to (1 - s^2)^((d-4)/2) (the beta4 law
(d-2)/2, (d-2)/2 on [-1, 1]), and t the density proportional to exp(kappa_P t)(1 - t^2)^((d-3)/2)
(:class:`TiltedArc`), which is not a catalogue law: its normaliser is computed here by
mpmath's quadrature of that product, and the univariate oracle's own mass check confirms it
in different panels. log p(x) = kappa_P t + c_P and log q(x) = kappa_Q (a t + b sqrt(1 - t^2) s)
+ c_Q do not depend on z, which is held at e_2, and their only interaction, b sqrt(1 - t^2) s,
is odd in s, symmetric about 0 and anchored there: the anchored sum of the multivariate
oracle is exact. The map's Jacobian, (1 - t^2)^((d-3)/2) (1 - s^2)^((d-4)/2) times the area
of S^(d-3), lets the oracle check the record's density, normalising Bessel function included,
against the law of t and s at the anchors.

In d = 2, x = cos(theta) mu_P + sin(theta) e_1 with theta ~ von_mises(0, kappa_P): one variable.
"""

from __future__ import annotations

from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, dist

__all__ = ["TiltedArc", "sphere_coordinates"]


class TiltedArc:
    """The law of t = mu^T x for x ~ vMF_d(mu, kappa), d >= 3: density exp(kappa t) (1 - t^2)^m / Z
    on (-1, 1), m = (d - 3)/2, in the oracle's density protocol. Z is integrated by mpmath
    (:meth:`log_normaliser`); no Bessel function is used.

    >>> a = TiltedArc(sp.Integer(2), 3)
    >>> mpmath.nstr(a.log_normaliser(30) + 2, 15)   # d = 3: Z = (e^2 - e^-2)/2, log Z = log sinh 2
    '1.28836737261417'
    """

    discrete = False

    def __init__(self, kappa: sp.Expr, d: int):
        self.kappa, self.d = kappa, d
        self.m = sp.Rational(d - 3, 2)
        self._log_z: dict[int, mpf] = {}

    def __repr__(self) -> str:
        return f"TiltedArc(kappa={self.kappa}, d={self.d})"

    def support_bounds(self) -> tuple[sp.Expr, sp.Expr]:
        return sp.Integer(-1), sp.Integer(1)

    def center(self) -> sp.Expr:
        """A point near the mean A_d(kappa): kappa/(kappa + (d - 1)/2), which is 2 kappa/(d - 1) to first
        order for small kappa and 1 - (d - 1)/(2 kappa) for large kappa (a start for the mode search)."""
        k = sp.nsimplify(sp.Float(sp.N(self.kappa, 20), 20), rational=True) if not self.kappa.is_Rational else self.kappa
        return k / (k + sp.Rational(self.d - 1, 2))

    def log_normaliser(self, wp: int) -> mpf:
        """log(Z e^(-kappa)) = log of the integral over u = 1 - t in (0, 2) of e^(-kappa u) (u (2 - u))^m,
        by mpmath's tanh-sinh quadrature split at multiples of 1/kappa, to ``wp`` digits (``ArithmeticError``
        when its error estimate is not below 10^-wp of the value)."""
        if wp not in self._log_z:
            with mp.workdps(wp + 15):
                k, m = mpf(sp.N(self.kappa, wp + 20)), mpf(self.m.p) / self.m.q
                cuts = [mpf(0)] + [c / k for c in (mpf(1) / 4, 1, 4, 16, 64, 256) if c / k < 2] + [mpf(2)]

                def f(u):
                    return mpmath.exp(-k * u) * (u * (2 - u)) ** m

                value, err = mpmath.quad(f, cuts, error=True, maxdegree=10)
                if not err <= value * mpf(10) ** (-wp):
                    raise ArithmeticError(f"{self}: the normaliser's quadrature error {mpmath.nstr(err, 3)} is above "
                                          f"10^-{wp} of its value {mpmath.nstr(value, 10)}")
                self._log_z[wp] = mpmath.log(value)
        return self._log_z[wp]

    def log_density_mp(self) -> Callable[[mpf], mpf]:
        k = mpf(sp.N(self.kappa, mp.dps + 20))
        m = mpf(self.m.p) / self.m.q
        log_z = self.log_normaliser(mp.dps + 5)

        def f(t: mpf) -> mpf:
            if not -1 < t < 1:
                return mpf("-inf")
            return k * (t - 1) + m * (mpmath.log1p(-t) + mpmath.log1p(t)) - log_z

        return f


def _mp_vector(v: sp.Matrix, wp: int) -> list[mpf]:
    return [mpf(sp.N(e, wp)) for e in v]


def _orthonormal(base: list[list[mpf]], n: int) -> list[mpf]:
    """A unit vector orthogonal to the unit vectors ``base`` (Gram-Schmidt on the standard basis vector
    that keeps the most of its length)."""
    best, size = None, mpf(0)
    for i in range(n):
        v = [mpf(1) if j == i else mpf(0) for j in range(n)]
        for b in base:
            dot = mpmath.fsum(x * y for x, y in zip(v, b))
            v = [x - dot * y for x, y in zip(v, b)]
        norm = mpmath.sqrt(mpmath.fsum(x * x for x in v))
        if norm > size:
            best, size = v, norm
    return [x / size for x in best]


def sphere_coordinates(p: Distribution, q: Distribution, wp: int):
    """The von Mises-Fisher law P in the variables of the module docstring, its directions e_1 (from Q)
    and e_2 computed at ``wp`` digits (or more). Returns (marginals, symmetric, point, anchors, source,
    cancels, log_jacobian) for :class:`klsym.oracle.coordinates.Coordinates`."""
    mu_p, mu_q = sp.Matrix(p.params["mu"]), sp.Matrix(q.params["mu"])
    n = mu_p.shape[0]
    kappa = p.params["kappa"]
    with mp.workdps(wp + 10):
        m_p = _mp_vector(mu_p, wp + 20)
        a = (mu_p.T * mu_q)[0, 0]
        rest = mu_q - a * mu_p
        e1 = None
        if rest.shape == mu_q.shape and any(v != 0 for v in rest):
            r = _mp_vector(rest, wp + 20)
            norm = mpmath.sqrt(mpmath.fsum(v * v for v in r))
            if norm > mpf(10) ** (-wp):
                e1 = [v / norm for v in r]
        if e1 is None:  # mu_Q = ±mu_P: log q depends on t alone, any e_1 serves
            e1 = _orthonormal([m_p], n)
        if n == 2:
            def point2(u):
                c, s = mpmath.cos(u[0]), mpmath.sin(u[0])
                return [c * x + s * y for x, y in zip(m_p, e1)]

            return ((dist("von_mises", mu=0, kappa=kappa),), (False,), point2, ((mpf(0),),),
                    "x = cos(theta) mu_P + sin(theta) e_1, theta ~ von_mises(0, kappa_P)", (False,), None)
        e2 = _orthonormal([m_p, e1], n)
        # log of the area of S^(d-3): 2 pi^((d-2)/2) / Gamma((d-2)/2)
        log_area = mpmath.log(2) + (mpf(n - 2) / 2) * mpmath.log(mpmath.pi) - mpmath.loggamma(mpf(n - 2) / 2)
    arc = TiltedArc(kappa, n)
    half = sp.Rational(n - 2, 2)
    spread = dist("beta4", alpha=half, beta=half, a=-1, b=1)

    def point(u):
        t, s = u
        rt = mpmath.sqrt((1 - t) * (1 + t))
        rs = mpmath.sqrt((1 - s) * (1 + s))
        return [t * x + rt * (s * y + rs * z) for x, y, z in zip(m_p, e1, e2)]

    def log_jacobian(u):
        t, s = u
        return (mpf(n - 3) / 2 * (mpmath.log1p(-t) + mpmath.log1p(t))
                + mpf(n - 4) / 2 * (mpmath.log1p(-s) + mpmath.log1p(s)) + log_area)

    centre = mpf(sp.N(arc.center(), wp + 10))
    return ((arc, spread), (False, True), point, ((centre, mpf(0)), (centre / 2, mpf(0))),
            "t = mu_P^T x, s the cosine to mu_Q's part orthogonal to mu_P (tangent-normal decomposition)",
            (True, True), log_jacobian)
