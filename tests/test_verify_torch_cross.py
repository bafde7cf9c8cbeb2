"""torch's KL across families (skipped where torch is not installed).

The pairs come from torch's registry; each is judged against klsym's reference
(kl_float, or the oracle for pairs the exact layer has not derived). The fast tests
judge a few cases whose true KL is also computed here another way (a series, a
closed form by hand); the whole sweep runs in the live lane.
"""

from __future__ import annotations

import json
import math

import mpmath
import pytest

torch = pytest.importorskip("torch")

from klsym import dist, kl_float  # noqa: E402
from klsym.cli import main  # noqa: E402
from klsym.records.record import bounds_inside  # noqa: E402
from klsym.verification import reference as reference_module  # noqa: E402
from klsym.verification.adapters import torch_cross_pairs  # noqa: E402
from klsym.verification.crosspoints import EXACT_ONLY, PAIR_POINTS, cross_points  # noqa: E402
from klsym.verification.judge import Adapter, Judge  # noqa: E402
from klsym.verification.reference import reference_kl  # noqa: E402
from klsym.verification.torchcross import verdicts, verify_torch_cross  # noqa: E402
from klsym.verification.verifier import DEFAULT_RTOL  # noqa: E402

#: pairs of different families torch registers a finite-somewhere KL for, as the issue lists them
ISSUE_PAIRS = {
    ("beta", q) for q in ("continuous_bernoulli", "exponential", "gamma", "normal", "uniform")
} | {("continuous_bernoulli", q) for q in ("exponential", "normal", "uniform")} | {
    ("exponential", q) for q in ("gamma", "gumbel", "normal")
} | {("gamma", q) for q in ("exponential", "gumbel", "normal")} | {
    ("gumbel", "normal"), ("laplace", "normal"), ("normal", "gumbel"), ("normal", "laplace"),
} | {("pareto", q) for q in ("exponential", "gamma", "normal")} | {
    ("uniform", q) for q in ("beta", "continuous_bernoulli", "exponential", "gamma", "gumbel", "normal", "pareto")
} | {("bernoulli", "poisson")}


def test_pairs_come_from_torchs_registry():
    pairs = torch_cross_pairs()
    covered = [p for p in pairs if p.covered]
    print(f"torch {torch.__version__}: {len(pairs)} pairs of different classes, {len(covered)} with klsym families")
    assert len(pairs) >= 60 and len(covered) >= 55
    assert ISSUE_PAIRS <= {(p.family_p, p.family_q) for p in covered}
    for p in pairs:
        assert p.covered or "klsym has no family" in p.uncovered_reason() or "no torch adapter" in p.uncovered_reason()


def test_every_covered_pair_has_valid_points_on_both_sides_of_a_support_condition():
    for pair in (p for p in torch_cross_pairs() if p.covered):
        cases, held = cross_points(pair.family_p, pair.family_q)
        assert len(cases) >= 3, pair
        inside = set()
        for pp, pq, label in cases + held:
            p, q = dist(pair.family_p, **pp), dist(pair.family_q, **pq)  # raises for a point off the domain
            inside.add(bool(bounds_inside(p.support_bounds(), q.support_bounds())))
        if (pair.family_p, pair.family_q) in {("uniform", "pareto"), ("uniform", "beta"), ("uniform", "gamma"),
                                              ("uniform", "continuous_bernoulli"), ("continuous_bernoulli", "uniform"),
                                              ("beta", "uniform"), ("uniform", "exponential")}:
            assert inside == {True, False}, pair
    assert set(PAIR_POINTS) | set(EXACT_ONLY) <= {(p.family_p, p.family_q) for p in torch_cross_pairs()}


def _judge(fp: str, pp: dict, fq: str, pq: dict):
    return Judge(Adapter("torch", fp, fq), fp, fq, "positional", DEFAULT_RTOL, 0.0, None)((pp, pq, "test", "grid"))


def test_reference_falls_back_to_the_oracle_with_the_same_value(monkeypatch):
    p, q = dist("normal", mu=0.0, sigma=1.0), dist("laplace", mu=0.0, b=1.0)
    first = reference_kl(p, q)

    def underived(p, q):
        raise NotImplementedError("pairs of different families are not derived yet")

    monkeypatch.setattr(reference_module, "kl_float", underived)
    fallback = reference_kl(p, q)
    assert (first.route, fallback.route) == ("kl_float", "oracle")
    assert fallback.value == first.value
    # by hand: KL(N(0, 1) ‖ Laplace(0, 1)) = -(1 + log 2 pi)/2 + log 2 + E|X|, E|X| = sqrt(2/pi)
    with mpmath.workdps(40):
        exact = mpmath.log(2) + mpmath.sqrt(2 / mpmath.pi) - (1 + mpmath.log(2 * mpmath.pi)) / 2
    assert fallback.value == float(exact)


def test_oracle_route_gives_plus_zero():
    value = kl_float(dist("bernoulli", p=0.0), dist("poisson", lam=0.0))  # one law: KL = 0
    assert value == 0.0 and math.copysign(1.0, value) == 1.0


def test_torch_verdicts_on_cases_known_by_hand():
    # Exponential(1) ‖ Gamma(1, beta): KL = x - log(1 + x), x = beta - 1; torch cancels to 5e-5 relative error
    x = 1.000001 - 1.0
    case = _judge("exponential", {"lam": 1.0}, "gamma", {"alpha": 1.0, "beta": 1.000001})
    assert case.oracle == pytest.approx(x**2 / 2 - x**3 / 3 + x**4 / 4, rel=1e-12)
    assert not case.passed and case.rel > 1e-6
    # Bernoulli(p) ‖ Poisson(p): KL = (1 - p) log(1 - p) + p = p^2/2 + p^3/6 + ...
    p = 1e-10
    case = _judge("bernoulli", {"p": p}, "poisson", {"lam": p})
    assert case.oracle == pytest.approx(p**2 / 2 + p**3 / 6, rel=1e-12)
    assert not case.passed and case.value > 1e3 * case.oracle
    # two point masses at 0: KL 0; torch computes 0 * log(0) = NaN
    case = _judge("bernoulli", {"p": 0.0}, "poisson", {"lam": 0.0})
    assert case.oracle == 0.0 and case.flags == ["nan"] and not case.passed
    # normal ‖ exponential: +inf with the reason; torch says inf
    case = _judge("normal", {"mu": 0.0, "sigma": 1.0}, "exponential", {"lam": 1.0})
    assert case.oracle == math.inf and case.passed and "support" in case.reason
    # continuous Bernoulli(0.3) ‖ Uniform(0, 1): KL = -H(P), finite; torch says inf
    lam = mpmath.mpf(0.3)
    with mpmath.workdps(40):
        log_c = mpmath.log(2 * mpmath.atanh(1 - 2 * lam) / (1 - 2 * lam))
        mean = lam / (2 * lam - 1) + 1 / (2 * mpmath.atanh(1 - 2 * lam))
        neg_entropy = log_c + mean * mpmath.log(lam / (1 - lam)) + mpmath.log(1 - lam)
    case = _judge("continuous_bernoulli", {"lam": 0.3}, "uniform", {"a": 0.0, "b": 1.0})
    assert case.oracle == float(neg_entropy) and case.flags == ["inf_where_finite"] and not case.passed
    # Uniform(1, 3) ‖ Pareto(1, 2) is finite (P's support starts at xm); just below xm it is +inf
    finite = _judge("uniform", {"a": 1.0, "b": 3.0}, "pareto", {"xm": 1.0, "alpha": 2.0})
    below = _judge("uniform", {"a": 0.999, "b": 3.0}, "pareto", {"xm": 1.0, "alpha": 2.0})
    assert finite.passed and math.isfinite(finite.oracle) and below.passed and below.oracle == math.inf


def test_cli_cross_section(capsys):
    assert main(["verify", "torch", "laplace", "uniform", "--cross-only", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "cross-family" in out and "ok 1, wrong 0" in out and "KL(laplace ‖ uniform)" in out
    assert main(["verify", "torch", "bernoulli", "poisson", "--cross-only", "--jobs", "1", "--json", "-"]) == 1
    data = {d["name"]: d for d in json.loads(capsys.readouterr().out)}
    assert "NaN" in data["torch bernoulli ‖ poisson"]["verdicts"]
    # torch answers +inf for Poisson(lam = 0) ‖ Bernoulli(p), the point mass at 0: KL = -log(1 - p)
    assert data["torch poisson ‖ bernoulli"]["verdicts"] == ["wrong"]
    assert data["torch poisson ‖ bernoulli"]["torch_classes"] == ["Poisson", "Bernoulli"]


def test_cli_refuses_contradicting_flags(capsys):
    assert main(["verify", "torch", "--cross-only", "--no-cross"]) == 2
    assert main(["verify", "scipy", "normal", "--cross-only"]) == 2


@pytest.mark.live
def test_whole_cross_family_sweep():
    section = verify_torch_cross()
    print(section.summary())
    assert len(section.reports) >= 55
    finite = [r for r in section.reports if any(math.isfinite(c.oracle) for c in r.cases)]
    assert len(finite) + len(section.infinite_everywhere()) == len(section.reports)
    assert {(r.family_p, r.family_q) for r in finite} >= ISSUE_PAIRS
    by_pair = {(r.family_p, r.family_q): r for r in section.reports}
    assert all(verdicts(r) != ["no reference"] for r in section.reports)
    for pair in (("continuous_bernoulli", "uniform"), ("uniform", "continuous_bernoulli")):
        assert any("inf_where_finite" in c.flags for c in by_pair[pair].failures)
    assert "NaN" in verdicts(by_pair[("bernoulli", "poisson")])
