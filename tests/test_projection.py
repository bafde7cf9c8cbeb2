"""Forward (moment matching) and reverse (mode seeking) projections onto a family."""

import math
import re

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from klsym import dist, mixture, project
from klsym.derive import derive_kl
from klsym.oracle import numeric_kl
from klsym.strategies import distributions

N = lambda mu, sigma: dist("normal", mu=mu, sigma=sigma)  # noqa: E731
BIMODAL = mixture(["1/2", "1/2"], [N(-2, "3/5"), N(2, "3/5")])


def _mean_T(q):
    """E_Q[T] from the engine (∇A at η(θ)), evaluated at 40 digits."""
    d = derive_kl(q.family)
    return [sp.N(m.subs(q.substitution("p")), 40) for m in d.mean_T_p]


def _close(a, b, digits=25):
    with mpmath.workdps(45):
        a, b = mpmath.mpf(str(sp.N(a, 45))), mpmath.mpf(str(sp.N(b, 45)))
        return abs(a - b) <= mpmath.mpf(10) ** -digits * max(1, abs(b))


# ------------------------------------------------------------------ forward
def test_forward_normal_onto_gaussian_mixture_has_its_exact_mean_and_variance():
    target = mixture(["1/6", "1/3", "1/2"], [N(-3, "1/2"), N(0, 2), N("5/2", "3/4")])
    r = project(target, "normal")
    assert r.q.params["mu"] == target.mean()
    assert r.q.params["sigma"] ** 2 == target.variance()
    assert r.method == "moment matching (closed form)"


def test_forward_normal_onto_a_mixture_with_a_gamma_component():
    target = mixture(["1/4", "3/4"], [dist("gamma", alpha=3, beta=2), N(-1, 1)])
    r = project(target, "normal")
    # E X = 1/4·3/2 − 3/4; E X² = 1/4·(3/4 + 9/4) + 3/4·2
    mean = sp.Rational(3, 8) - sp.Rational(3, 4)
    second = sp.Rational(3, 4) + sp.Rational(3, 2)
    assert r.q.params["mu"] == mean and r.q.params["sigma"] ** 2 == second - mean**2


def test_forward_gamma_onto_gamma_mixture_matches_moments_to_25_digits():
    target = mixture(["2/5", "3/5"], [dist("gamma", alpha="1/2", beta=3), dist("gamma", alpha=7, beta="5/2")])
    r = project(target, "gamma", dps=30)
    with mpmath.workdps(45):
        e_log = mpmath.mpf(2) / 5 * (mpmath.digamma(mpmath.mpf(1) / 2) - mpmath.log(3)) + mpmath.mpf(3) / 5 * (
            mpmath.digamma(7) - mpmath.log(mpmath.mpf(5) / 2)
        )
        e_x = mpmath.mpf(2) / 5 * mpmath.mpf(1) / 6 + mpmath.mpf(3) / 5 * 7 / (mpmath.mpf(5) / 2)
        got = _mean_T(r.q)
        assert _close(got[0], e_log) and _close(got[1], e_x), (got, e_log, e_x)
    assert r.method == "moment matching (Newton in eta)"


def test_forward_gamma_onto_a_cross_family_mixture_uses_quadrature_where_needed():
    # E[log X]: lognormal's own T gives mu exactly; the exponential needs quadrature (= −γ − log λ)
    target = mixture(["1/2", "1/2"], [dist("lognormal", mu="1/3", sigma="1/2"), dist("exponential", lam=2)])
    r = project(target, "gamma", dps=30)
    with mpmath.workdps(45):
        e_log = (mpmath.mpf(1) / 3 + (-mpmath.euler - mpmath.log(2))) / 2
        e_x = (mpmath.exp(mpmath.mpf(1) / 3 + mpmath.mpf(1) / 8) + mpmath.mpf(1) / 2) / 2
        got = _mean_T(r.q)
        assert _close(got[0], e_log) and _close(got[1], e_x), (got, e_log, e_x)


def test_forward_poisson_and_binomial_are_exact():
    target = mixture(["1/3", "2/3"], [dist("poisson", lam="1/2"), dist("binomial", n=10, p="1/4")])
    assert project(target, "poisson").q.params["lam"] == sp.Rational(1, 6) + sp.Rational(5, 3)
    # binomial n is taken from the target's finite support and is not optimised
    b = project(dist("binomial", n=10, p="1/4"), "binomial")
    assert b.q.params["n"] == 10 and b.q.params["p"] == sp.Rational(1, 4)
    assert b.divergence == 0


def test_forward_poisson_onto_geometric_matches_the_mean_to_25_digits():
    r = project(dist("negative_binomial", r="5/2", p="2/7"), "poisson", dps=30)
    assert _close(r.q.params["lam"], sp.Rational(5, 2) * sp.Rational(5, 7) / sp.Rational(2, 7))


def test_forward_categorical_is_the_weighted_probability_vector():
    c1 = dist("categorical", p=["1/2", "1/4", "1/4"])
    c2 = dist("categorical", p=["1/10", "3/10", "3/5"])
    r = project(mixture(["1/4", "3/4"], [c1, c2]), "categorical")
    assert list(r.q.params["p"]) == [sp.Rational(1, 8) + sp.Rational(3, 40), sp.Rational(1, 16) + sp.Rational(9, 40),
                                     sp.Rational(1, 16) + sp.Rational(9, 20)]


def test_forward_negative_binomial_needs_r():
    target = dist("poisson", lam=3)
    with pytest.raises(ValueError, match="give the fixed parameter r"):
        project(target, "negative_binomial")
    r = project(target, "negative_binomial", fixed={"r": 2}, dps=30)
    assert r.q.params["r"] == 2 and _close(_mean_T(r.q)[0], 3)


def test_forward_is_refused_when_every_kl_is_infinite():
    with pytest.raises(ValueError, match="not inside the support of gamma"):
        project(BIMODAL, "gamma")
    with pytest.raises(ValueError, match="direction must be"):
        project(BIMODAL, "normal", "sideways")


@settings(deadline=None)
@given(q=distributions("normal", max_magnitude=6))
def test_forward_optimum_beats_any_normal(q):
    best = project(BIMODAL, "normal", dps=20)
    other = numeric_kl(BIMODAL, q, dps=20).value
    assert best.divergence <= other + mpmath.mpf(10) ** -15, (q, best.divergence, other)


@settings(deadline=None)
@given(q=distributions("gamma", max_magnitude=6))
def test_forward_gamma_optimum_beats_any_gamma(q):
    target = mixture(["1/2", "1/2"], [dist("gamma", alpha=1, beta=1), dist("gamma", alpha=9, beta=1)])
    best = project(target, "gamma", dps=20)
    other = numeric_kl(target, q, dps=20).value
    assert best.divergence <= other + mpmath.mpf(10) ** -15, (q, best.divergence, other)


# ------------------------------------------------------------------ reverse
@pytest.fixture(scope="module")
def reverse_bimodal():
    return project(BIMODAL, "normal", "reverse", dps=20, polish=False)


def test_reverse_well_separated_locks_onto_one_mode(reverse_bimodal):
    r = reverse_bimodal
    mu, sigma = float(r.q.params["mu"]), float(r.q.params["sigma"])
    assert abs(abs(mu) - 2) < 0.01 * 2 and abs(sigma - 0.6) < 0.05 * 0.6, r
    locked = [m for m in r.local_minima if abs(float(m.q.params["mu"])) > 1]
    assert sorted(round(float(m.q.params["mu"]), 6) for m in locked) == [-1.997078, 1.997078]
    # ordered best first; the mode-locked fits pay just under log 2
    values = [m.divergence for m in r.local_minima]
    assert values == sorted(values)
    assert 0 < math.log(2) - float(r.divergence) < 2e-3


def test_reverse_unequal_weights_prefers_the_heavier_mode():
    target = mixture(["3/10", "7/10"], [N(-3, "1/2"), N(3, 1)])
    r = project(target, "normal", "reverse", dps=15, polish=False)
    assert abs(float(r.q.params["mu"]) - 3) < 0.03 and abs(float(r.q.params["sigma"]) - 1) < 0.05
    assert any(abs(float(m.q.params["mu"]) + 3) < 0.03 for m in r.local_minima)
    # ≈ −log 0.7 for the heavy mode
    assert abs(float(r.divergence) + math.log(0.7)) < 1e-2


def test_reverse_overlapping_modes_give_a_single_central_optimum():
    target = mixture(["1/2", "1/2"], [N("-1/2", "3/5"), N("1/2", "3/5")])
    r = project(target, "normal", "reverse", dps=15, polish=False)
    assert len(r.local_minima) == 1, r.local_minima
    assert abs(float(r.q.params["mu"])) < 1e-6


@settings(deadline=None)
@given(
    which=st.sampled_from(["mu", "sigma"]),
    size=st.floats(1e-3, 0.3),
    sign=st.sampled_from([-1, 1]),
)
def test_reverse_optimum_beats_perturbed_neighbours(reverse_bimodal, which, size, sign):
    q = reverse_bimodal.q
    params = {k: float(v) for k, v in q.params.items()}
    params[which] += sign * size * (1 if which == "mu" else params["sigma"])
    other = numeric_kl(N(params["mu"], params["sigma"]), BIMODAL, dps=20).value
    assert reverse_bimodal.divergence < other, (params, reverse_bimodal.divergence, other)


def test_reverse_polish_reaches_the_exact_optimum():
    # KL(Exp(λ)‖Gamma(α, β)) is smallest at λ = β/α
    r = project(dist("gamma", alpha=3, beta=2), "exponential", "reverse", dps=30)
    assert _close(r.q.params["lam"], sp.Rational(2, 3), 25), r.q
    assert "polished" in r.method


def test_reverse_poisson_onto_a_poisson_mixture_is_stationary():
    target = mixture(["1/2", "1/2"], [dist("poisson", lam=1), dist("poisson", lam=30)])
    r = project(target, "poisson", "reverse", dps=15, polish=False)
    lam = float(r.q.params["lam"])
    for other in (lam * 0.97, lam * 1.03):
        assert r.divergence < numeric_kl(dist("poisson", lam=other), target, dps=15).value


def test_reverse_is_refused_when_every_kl_is_infinite():
    target = mixture(["1/2", "1/2"], [dist("gamma", alpha=2, beta=1), dist("gamma", alpha=5, beta=1)])
    with pytest.raises(ValueError, match=re.escape("KL(Q‖P) = +oo for every Q")):
        project(target, "normal", "reverse")


# ------------------------------------------------------------------ asymmetry, page, CLI
def test_asymmetry_is_forward_minus_reverse():
    from klsym.fit.project import asymmetry

    p, q = N(1, 2), N(-1, "1/3")
    from klsym import kl

    expr = asymmetry("normal")
    s = {**p.substitution("p"), **q.substitution("q")}
    assert sp.simplify(expr.subs(s) - (kl(p, q) - kl(q, p))) == 0


def test_show_asymmetry(capsys):
    from klsym.cli import main

    assert main(["show", "poisson", "poisson", "--asymmetry", "--format", "python"]) == 0
    out = capsys.readouterr().out
    assert "lam_p" in out and "log" in out


def test_page_is_deterministic_and_states_the_numbers():
    from klsym.docs.figures import forward_reverse_page, split_separations

    page = forward_reverse_page()
    assert page == forward_reverse_page()
    assert "figures/forward-reverse.png" in page and "figures/forward-reverse-sweep.png" in page
    assert "sqrt(109)/5" in page
    d_appear, d_switch = split_separations()
    assert 1.3 < d_appear < d_switch < 2.0


def test_figure_command_writes_pngs(tmp_path):
    pytest.importorskip("matplotlib")
    from klsym.cli import main

    assert main(["figure", "forward-reverse", "--out", str(tmp_path), "--dps", "15", "--no-polish",
                 "--sweep-points", "5"]) == 0
    for name in ("forward-reverse.png", "forward-reverse-sweep.png", "forward-reverse.md"):
        assert (tmp_path / name).stat().st_size > 300


def test_reverse_categorical_recovers_a_categorical_target():
    c1 = dist("categorical", p=["1/2", "1/4", "1/4"])
    c2 = dist("categorical", p=["1/10", "1/10", "4/5"])
    r = project(mixture(["1/2", "1/2"], [c1, c2]), "categorical", "reverse", dps=15)
    want = [0.3, 0.175, 0.525]
    assert all(abs(float(a) - b) < 1e-6 for a, b in zip(r.q.params["p"], want)), r.q
    assert r.divergence < 1e-12


def test_reverse_binomial_keeps_n_and_locks_onto_a_mode():
    target = mixture(["1/2", "1/2"], [dist("binomial", n=20, p="1/10"), dist("binomial", n=20, p="4/5")])
    r = project(target, "binomial", "reverse", dps=15, polish=False)
    assert r.q.params["n"] == 20 and len(r.local_minima) == 2
    assert abs(float(r.q.params["p"]) - 0.8) < 0.01
