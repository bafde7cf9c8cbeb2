"""The continuous multivariate families written in independent univariate variables.

The multivariate oracle (:mod:`klsym.oracle.multivariate`) integrates over
these variables one at a time. Each representation is a textbook fact about
the family's law, not about its exponential-family form:

* multivariate normal N(mu, Sigma): x = mu + L z with L L^T = Sigma
  (Cholesky) and z_1 … z_d independent N(0, 1);
* multivariate lognormal(mu, Sigma): x = exp(mu + L z) componentwise, as above;
* matrix normal(M, U, V), d x k: X = M + A Z Bᵀ with A Aᵀ = U and B Bᵀ = V (Cholesky) and the
  d k entries of Z independent N(0, 1) (vec X = vec M + (B ⊗ A) vec Z, whose covariance is V ⊗ U);
* logistic normal(mu, Sigma) (Aitchison): x[i] = exp y[i] / (1 + Σ_j exp y[j]) for
  y = mu + L z, as above;
* Dirichlet(alpha_1 … alpha_K), stick-breaking (Connor & Mosimann, JASA 64,
  1969): v_i ~ Beta(alpha_i, alpha_(i+1) + … + alpha_K) independent for i < K,
  x_i = v_i (1 − v_1) … (1 − v_(i−1)) and x_K = (1 − v_1) … (1 − v_(K−1));
* generalized Dirichlet(alpha, beta), its definition (Connor & Mosimann 1969):
  the same sticks with v_i ~ Beta(alpha_i, beta_i), i = 1 … K, and no x_(K+1) listed;
* Wishart(nu, V), Bartlett decomposition (M. S. Bartlett, 1933): X = L A A^T L^T
  with L L^T = V and A lower triangular, A_ii ~ chi(nu − i + 1) on the
  diagonal (i = 1 … d), A_ij ~ N(0, 1) below it, all independent;
* inverse Wishart(nu, Psi): X = W^(−1) with W ~ Wishart(nu, Psi^(−1)), W by
  the Bartlett decomposition; the point is W, in which the record's log-density
  is written symbolically (X^-1 = W, det X = 1/det W), so that no matrix is
  inverted in numbers;
* normal-gamma(mu, lam, alpha, beta): tau ~ Gamma(alpha, rate beta) and
  x = mu + z / sqrt(lam tau) with z ~ N(0, 1) independent of tau;
* normal-inverse-gamma(mu, lam, alpha, beta): sigma2 ~ inverse gamma(alpha,
  scale beta) and x = mu + z sqrt(sigma2 / lam) with z ~ N(0, 1) independent of sigma2;
* normal-Wishart(mu, lam, W, nu): Lambda = L A A^T L^T by the Bartlett decomposition (L L^T = W) and
  x = mu + (L A)^-T z / sqrt(lam), z_1 … z_d independent N(0, 1): given Lambda, x is N(mu, (lam Lambda)^-1);
* normal-inverse-Wishart(mu, lam, Psi, nu): Sigma = (L A A^T L^T)^-1 (L L^T = Psi^-1) and the same x,
  N(mu, Sigma/lam) given Sigma;
* von Mises-Fisher(mu, kappa) on the sphere S^(d-1): t = mu_P^T x and the cosine s of the angle to
  mu_Q's part orthogonal to mu_P (coordinates that depend on Q: :mod:`klsym.oracle.sphere`);
* LKJ(eta) on d x d correlation matrices, the C-vine (Lewandowski, Kurowicka & Joe,
  J. Multivariate Anal. 100, 2009, section 2): the partial correlations r_(k,l; 1..k-1),
  k < l, are independent, r_(k,l; ...) = 2 B - 1 with B ~ Beta(b_k, b_k), b_k = eta + (d - 1 - k)/2,
  and R follows by the recursion of partial correlations. The representation also gives the
  log-Jacobian of the map, the sum over k < l of (d - k - 1)/2 log(1 - r_(k,l; ...)^2), with which
  the oracle checks the record's density, normalising constant included, against the law of the
  variables (:func:`klsym.oracle.multivariate.check_density`).

In these variables u, log p − log q (and log q alone) is a sum of functions
of one variable plus products of two variables of which one is a standard
normal entering linearly: z_k z_l for the normal; A_ik A_jk (i ≠ j, one of
them below the diagonal) in tr(M X) for Wishart and inverse Wishart;
z sqrt(tau) in tau (x − mu_Q)^2 for the normal-gamma (z / sqrt(sigma2) in
(x − mu_Q)^2 / sigma2 for the normal-inverse-gamma); for the normal-Wishart and the
normal-inverse-Wishart, (x − mu_Q)^T B B^T (x − mu_Q) = |B^T (mu_P − mu_Q) + z / sqrt(lam_P)|^2, B = L A,
whose products are A_ik A_jk (as for the Wishart) and A_ik z_k; none at all for the
Dirichlet and the generalized Dirichlet (log x_i is a sum of log v_i and log(1 − v_j)) or for LKJ
(log det R is the sum of log(1 − r^2) over the partial correlations). For such a function
E f(U) = f(a) + Σ_k (E f(U_k, a_(−k)) − f(a)) exactly, whatever the anchor a
of the other variables, as long as each normal (each variable symmetric about 0) is anchored at 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, dist
from .sphere import sphere_coordinates

__all__ = ["REPRESENTED", "OF_NORMAL", "Coordinates", "coordinates", "cholesky", "matrix_normal_coordinates"]

#: the families :func:`coordinates` writes in independent univariate variables
REPRESENTED = ("multivariate_normal", "matrix_normal", "multivariate_lognormal", "logistic_normal", "dirichlet", "generalized_dirichlet",
               "wishart", "inverse_wishart", "normal_gamma", "normal_inverse_gamma", "lkj", "normal_wishart",
               "normal_inverse_wishart", "von_mises_fisher")


@dataclass(frozen=True)
class Coordinates:
    """A multivariate distribution as a function of independent univariate variables.

    ``marginals[k]`` is the law of variable k (a klsym distribution);
    ``symmetric[k]`` is True for a variable whose law is symmetric about 0 (a standard normal; the
    von Mises-Fisher's s), anchored at 0;
    ``point(u)`` gives the record's coordinates (in the order of
    :func:`klsym.oracle.multivariate.log_density_point`) for the variables u;
    ``anchors`` holds one or two anchor vectors (two when some variable is not
    symmetric: the oracle computes with both and compares); ``cancels[k]`` is
    True when ``point`` loses digits for variable k far from its anchor (the
    oracle then evaluates there with more digits: see
    :func:`klsym.oracle.multivariate.lost_digits`), d − 1 for a Bartlett diagonal
    entry in dimension d (False in d = 1); for a variable on the real
    line it is a pair (a, b) instead, the point losing at most (a + b|t|)/ln 10
    digits at t. ``log_jacobian(u)``, where given, is log |det ∂x/∂u|: the record's
    log-density at ``point(u)`` plus it must equal the sum of the variables'
    log-densities, which the oracle checks at the anchors. With ``inverted``,
    ``point`` gives the upper triangle of the inverse of the record's square matrix
    variable instead of the variable itself (the inverse Wishart's X^-1 = L A A^T L^T),
    and the oracle writes the record's log-density in that inverse
    (:func:`klsym.oracle.multivariate.log_density_point`): no matrix is inverted in
    numbers, and det X^-1 loses the digits a Wishart's det X does, no more.
    """

    marginals: tuple[Distribution, ...]
    symmetric: tuple[bool, ...]
    point: Callable[[list], list]
    anchors: tuple[tuple, ...]
    source: str
    cancels: tuple[bool | int | tuple[float, float], ...]
    log_jacobian: Callable[[list], mpf] | None = None
    inverted: bool = False


def _mp(v, wp: int) -> mpf:
    return mpf(sp.N(v, wp))


def cholesky(matrix: sp.Matrix, wp: int, inverse: bool = False) -> mpmath.matrix:
    """The lower Cholesky factor of ``matrix`` (of its inverse with ``inverse=True``),
    computed with 30 digits above ``wp`` (a near-singular matrix loses digits there)."""
    with mp.workdps(wp + 30):
        m = mpmath.matrix([[_mp(v, wp + 40) for v in row] for row in matrix.tolist()])
        if inverse:
            m = m**-1
            m = (m + m.T) / 2
        return mpmath.cholesky(m)


def _normal_marginals(n: int) -> tuple:
    std = dist("normal", mu=0, sigma=1)
    return (std,) * n, (True,) * n


def _identity(y: list) -> list:
    """y itself: the normal's point."""
    return y


def _exp_each(y: list) -> list:
    """(exp y[1], ..., exp y[d]): the lognormal's point."""
    return [mpmath.exp(v) for v in y]


def _logistic_each(y: list) -> list:
    """(x[1], ..., x[d]) with x[i] = exp y[i] / (1 + exp y[1] + ... + exp y[d]): the logistic normal's point
    (the inverse of the additive log-ratio; the largest exponent is taken out first)."""
    top = max(list(y) + [mpf(0)])
    e = [mpmath.exp(v - top) for v in y]
    whole = mpmath.fsum(e) + mpmath.exp(-top)
    return [v / whole for v in e]


#: the families of a normal law: the map of their normal vector y to the point x, and its description
OF_NORMAL = {"multivariate_normal": (_identity, "x = y"),
             "multivariate_lognormal": (_exp_each, "x = exp y componentwise"),
             "logistic_normal": (_logistic_each, "x[i] = exp y[i] / (1 + sum exp y[j])")}


def _mvn(d: Distribution, wp: int) -> Coordinates:
    """y = mu + L z, L L^T = Sigma, and x the family's map of y (:data:`OF_NORMAL`)."""
    mu = [_mp(v, wp + 10) for v in d.params["mu"]]
    L = cholesky(d.params["Sigma"], wp)
    n = len(mu)
    out, how = OF_NORMAL[d.family]

    def point(z):
        return out([mu[i] + mpmath.fsum(L[i, j] * z[j] for j in range(i + 1)) for i in range(n)])

    marginals, symmetric = _normal_marginals(n)
    if d.family == "logistic_normal":
        # x[d+1] = 1 - sum x[i] is about exp(-max y[i]) and the log-density computes it by that difference:
        # max y[i] <= max(mu, 0) + max_i |L[i, k]| |z_k| with the other variables at their anchor 0
        top = float(max(max(mu), 0))
        cancels = tuple((top, float(max(abs(L[i, k]) for i in range(n)))) for k in range(n))
    else:
        cancels = (False,) * n
    return Coordinates(marginals, symmetric, point, ((mpf(0),) * n,), f"y = mu + L z, L L^T = Sigma, {how}", cancels)


def matrix_normal_coordinates(mean: sp.Matrix, A: mpmath.matrix, B: mpmath.matrix, wp: int,
                              source: str) -> Coordinates:
    """X = mean + A Z B^T for Z with d k independent standard normal entries, listed row by row
    (vec X = vec mean + (B ⊗ A) vec Z: the matrix normal (mean, A A^T, B B^T)); the point is X's
    entries, row by row."""
    rows, cols = mean.shape
    m = [[_mp(mean[i, j], wp + 10) for j in range(cols)] for i in range(rows)]

    def point(z):
        Z = mpmath.matrix(rows, cols)
        for i in range(rows):
            for j in range(cols):
                Z[i, j] = z[i * cols + j]
        Y = A * Z * B.T
        return [m[i][j] + Y[i, j] for i in range(rows) for j in range(cols)]

    marginals, symmetric = _normal_marginals(rows * cols)
    return Coordinates(marginals, symmetric, point, ((mpf(0),) * (rows * cols),), source, (False,) * (rows * cols))


def _stick_breaking(first: list, second: list, with_rest: bool, wp: int) -> Coordinates:
    """x_i = v_i (1 − v_1) … (1 − v_(i−1)), v_i ~ Beta(first_i, second_i) independent; with
    ``with_rest`` the point also lists the stick left, (1 − v_1) … (1 − v_n)."""
    k = len(first)
    marginals = tuple(dist("beta", alpha=a, beta=b) for a, b in zip(first, second))

    def point(v):
        x, rest = [], mpf(1)
        for vi in v:
            x.append(rest * vi)
            rest *= 1 - vi
        return x + [rest] if with_rest else x

    means = [_mp(sp.Rational(1) * a / (a + b), wp) for a, b in zip(first, second)]
    return Coordinates(marginals, (False,) * k, point,
                       (tuple(means), tuple(m**2 for m in means)),
                       "stick-breaking (Connor & Mosimann 1969)", (True,) * k)


def _dirichlet(d: Distribution, wp: int) -> Coordinates:
    alpha = list(d.params["alpha"])
    return _stick_breaking(alpha[:-1], [sum(alpha[i + 1:]) for i in range(len(alpha) - 1)], True, wp)


def _upper(X: mpmath.matrix) -> list:
    """The upper triangle of a symmetric matrix, row by row (a matrix variable's coordinates)."""
    return [X[i, j] for i in range(X.rows) for j in range(i, X.rows)]


def _bartlett_variables(nu, n: int, wp: int) -> tuple:
    """The Bartlett decomposition's variables in dimension n: the n diagonal entries of A (chi with
    nu, nu - 1, ... degrees of freedom), then the entries below it, row by row (standard normals).
    Returns (marginals, symmetric, the map of the variables to A, the two anchors, cancels)."""
    diag = tuple(dist("chi", k=nu - i) for i in range(n))
    below = [(i, j) for i in range(n) for j in range(i)]
    normals, sym = _normal_marginals(len(below))

    def factor(u):
        A = mpmath.zeros(n, n)
        for i in range(n):
            A[i, i] = u[i]
        for (i, j), a in zip(below, u[n:]):
            A[i, j] = a
        return A

    roots = [mpmath.sqrt(_mp(nu - i, wp)) for i in range(n)]
    zeros = (mpf(0),) * len(below)
    return (diag + normals, (False,) * n + sym, factor, (tuple(roots) + zeros, tuple(r + 1 for r in roots) + zeros),
            (n - 1,) * n + (False,) * len(below))


def _bartlett(nu, L: mpmath.matrix, invert: bool, wp: int) -> Coordinates:
    """X = L A A^T L^T (its inverse with ``invert``, given as X itself: ``Coordinates.inverted``),
    A by the Bartlett decomposition."""
    marginals, symmetric, factor, anchors, cancels = _bartlett_variables(nu, L.rows, wp)

    def point(u):
        B = L * factor(u)
        return _upper(B * B.T)

    return Coordinates(marginals, symmetric, point, anchors, "Bartlett decomposition", cancels, inverted=invert)


def _normal_bartlett(d: Distribution, wp: int, inverse: bool) -> Coordinates:
    """The normal-Wishart (Lambda = B B^T, B = L A by the Bartlett decomposition, L L^T = W) and, with
    ``inverse``, the normal-inverse-Wishart (Sigma = (B B^T)^-1, L L^T = Psi^-1); in both x = mu +
    B^-T z / sqrt(lam), z standard normal, whose covariance B^-T B^-1 / lam is (lam Lambda)^-1 = Sigma/lam.
    Variables: those of the Bartlett decomposition, then z; the point is x, then the upper triangle of
    B B^T (Lambda; Sigma^-1 for the normal-inverse-Wishart: ``Coordinates.inverted``)."""
    L = cholesky(d.params["Psi" if inverse else "W"], wp, inverse=inverse)
    n = L.rows
    mu = [_mp(v, wp + 10) for v in d.params["mu"]]
    root_lam = mpmath.sqrt(_mp(d.params["lam"], wp + 10))
    marginals, symmetric, factor, anchors, cancels = _bartlett_variables(d.params["nu"], n, wp)
    m = len(marginals)
    normals, sym = _normal_marginals(n)

    def point(u):
        B = L * factor(u[:m])
        y = mpmath.lu_solve(B.T, mpmath.matrix(list(u[m:])))
        return [mu[i] + y[i] / root_lam for i in range(n)] + _upper(B * B.T)

    zeros = (mpf(0),) * n
    what = "Sigma = (L A A^T L^T)^-1" if inverse else "Lambda = L A A^T L^T"
    return Coordinates(marginals + normals, symmetric + sym, point, tuple(a + zeros for a in anchors),
                       f"Bartlett decomposition, {what}, x = mu + (L A)^-T z / sqrt(lam)", cancels + (False,) * n,
                       inverted=inverse)


def _normal_scale(d: Distribution, wp: int, inverse: bool) -> Coordinates:
    """The normal-gamma (tau the precision of x, x = mu + z/sqrt(lam tau)) and, with ``inverse``,
    the normal-inverse-gamma (sigma2 the variance, x = mu + z sqrt(sigma2/lam)); the two anchors
    of the scale variable are a centre of its law (the gamma's mean, the inverse gamma's mode:
    its mean is infinite for alpha <= 1) and twice that."""
    mu, lam, alpha, beta = (d.params[k] for k in ("mu", "lam", "alpha", "beta"))
    mu_, lam_ = _mp(mu, wp + 10), _mp(lam, wp + 10)
    if inverse:
        law, centre = dist("inverse_gamma", alpha=alpha, beta=beta), _mp(sp.Rational(1) * beta / (alpha + 1), wp)
        source = "sigma2 ~ InvGamma(alpha, beta), x = mu + z sqrt(sigma2/lam)"
    else:
        law, centre = dist("gamma", alpha=alpha, beta=beta), _mp(sp.Rational(1) * alpha / beta, wp)
        source = "tau ~ Gamma(alpha, beta), x = mu + z/sqrt(lam tau)"

    def point(u):
        v, z = u
        return [mu_ + (z * mpmath.sqrt(v / lam_) if inverse else z / mpmath.sqrt(lam_ * v)), v]

    return Coordinates((law, dist("normal", mu=0, sigma=1)), (False, True), point,
                       ((centre, mpf(0)), (centre * 2, mpf(0))), source, (False, False))


def _vine(eta, n: int) -> Coordinates:
    """R from its C-vine partial correlations r_(k,l; 1..k-1), k < l, listed level by level
    (see the module docstring)."""
    pairs = [(k, l) for k in range(n - 1) for l in range(k + 1, n)]
    shapes = [eta + sp.Rational(n - 2 - k, 2) for k, _ in pairs]
    marginals = tuple(dist("beta4", alpha=b, beta=b, a=-1, b=1) for b in shapes)

    def point(u):
        part = dict(zip(pairs, u))
        R = mpmath.eye(n)
        for k, l in pairs:
            r = part[(k, l)]
            for i in range(k - 1, -1, -1):
                r = r * mpmath.sqrt((1 - part[(i, k)] ** 2) * (1 - part[(i, l)] ** 2)) + part[(i, k)] * part[(i, l)]
            R[k, l] = R[l, k] = r
        return [R[i, j] for i in range(n) for j in range(i, n)]

    def log_jacobian(u):
        return mpmath.fsum(mpf(n - k - 2) / 2 * mpmath.log(1 - v**2) for (k, _), v in zip(pairs, u))

    m = len(pairs)
    return Coordinates(marginals, (False,) * m, point, ((mpf(0),) * m, (mpf(1) / 2,) * m),
                       "C-vine partial correlations (Lewandowski, Kurowicka & Joe 2009)", (True,) * m, log_jacobian)


def coordinates(d: Distribution, wp: int, toward: Distribution | None = None) -> Coordinates:
    """The representation of ``d`` in independent univariate variables, its
    numbers computed at ``wp`` digits (or more). The von Mises-Fisher's variables depend
    on the Q of the divergence too (``toward``; the entropy's P by default).

    >>> c = coordinates(dist("dirichlet", alpha=[1, 2, 3]), 30)
    >>> [str(m) for m in c.marginals]
    ['beta(alpha=1, beta=5)', 'beta(alpha=2, beta=3)']
    """
    name = d.family
    if name in OF_NORMAL:
        return _mvn(d, wp)
    if name == "matrix_normal":
        A, B = cholesky(d.params["U"], wp), cholesky(d.params["V"], wp)
        return matrix_normal_coordinates(d.params["M"], A, B, wp, "X = M + A Z B^T, A A^T = U, B B^T = V")
    if name == "dirichlet":
        return _dirichlet(d, wp)
    if name == "generalized_dirichlet":
        return _stick_breaking(list(d.params["alpha"]), list(d.params["beta"]), False, wp)
    if name == "wishart":
        return _bartlett(d.params["nu"], cholesky(d.params["V"], wp), False, wp)
    if name == "inverse_wishart":
        return _bartlett(d.params["nu"], cholesky(d.params["Psi"], wp, inverse=True), True, wp)
    if name in ("normal_gamma", "normal_inverse_gamma"):
        return _normal_scale(d, wp, inverse=name == "normal_inverse_gamma")
    if name == "lkj":
        return _vine(d.params["eta"], int(d.params["d"]))
    if name in ("normal_wishart", "normal_inverse_wishart"):
        return _normal_bartlett(d, wp, inverse=name == "normal_inverse_wishart")
    if name == "von_mises_fisher":
        marginals, symmetric, point, anchors, source, cancels, jacobian = sphere_coordinates(d, toward or d, wp)
        return Coordinates(marginals, symmetric, point, anchors, source, cancels, jacobian)
    raise NotImplementedError(f"{name}: no representation in independent univariate variables")
