"""The cross-check: every family, at least six cases, both directions and the
entropies, 25+ digits.

Every closed form is compared with the oracle's values stored in
``klsym/references/data/`` (fast, every run); a few rows, chosen anew each day
(``KLSYM_LIVE_SEED`` fixes the choice), are recomputed by the oracle in every run;
the live lane (``pytest -m live``) recomputes a share of each family's rows chosen
anew each day, and ``make recompute`` every row.
"""

import dataclasses
import json
import os
from pathlib import Path

import mpmath
import pytest
import sympy as sp

import klsym.docs.pages as pages
from klsym import dist
from klsym.crosscheck import agreed_digits, cases_for, check_pair
from klsym.derive.piecewise import is_piecewise
from klsym.derive.renyi import KNOWN_UNSOLVED_AFFINITIES, placing_params
from klsym.oracle.factorised import FACTORISED
from klsym.records import registry
from klsym.records.catalogue import FINITE
from klsym.references import check, freshness
from klsym.references import stale as stale_module
from klsym.references import fingerprints, store
from klsym.references.check import LiveRow, live_sample, today_seed
from klsym.references.rows import (DIVERGENCE_ROWS, STORED_AS, closed_value_of, divergence_specs, oracle_reference,
                                  row_specs, source_key, stored_specs)

NAMES = registry.names()
PAGES = Path(__file__).resolve().parent.parent / "derivations"
#: the families whose divergences are derived (a univariate exponential family, one whose record states its
#: affinity: the Cauchy law, or one whose parameters all set its support or kinks: the uniform law): rows in
#: the divergence store
def _divergences_derived(name: str) -> bool:
    rec = registry.get(name)
    if rec.multivariate:
        return name in FACTORISED  # the multivariate families whose affinity the oracle factorises
    # the finite-support families (klsym.records.catalogue.finite): every divergence is an exact sum; a
    # continuous law with neither a log-partition nor a stated affinity: SymPy's integral (the log-Laplace),
    # except where SymPy is known not to find it (the half-logistic law across scales) and for a piecewise density
    # (the triangular law: klsym.derive.renyi.integral_route_applies says why)
    if is_piecewise(rec.logpdf):
        return False
    return rec.ef is not None or rec.affinity is not None or len(placing_params(rec)) == len(rec.params) \
        or rec in FINITE or (not rec.discrete and name not in KNOWN_UNSOLVED_AFFINITIES)


DIVERGENCE_NAMES = [n for n in NAMES if _divergences_derived(n)]
LIVE_SEED = int(os.environ.get("KLSYM_LIVE_SEED") or today_seed())
#: rows recomputed by the oracle in every default run, among those the store says take at most LIVE_SECONDS
LIVE_ROWS, LIVE_SECONDS = 3, 1.0
#: the live lane recomputes, for each family and store, rows chosen by the day's seed whose stored oracle
#: times add up to at most LANE_SECONDS (and at least one row), so that the rows rotate through the whole
#: store over the days; the whole store (some 12 000 s of oracle time) is recomputed by `make recompute`
LANE_SECONDS = 10.0


def test_every_family_has_at_least_six_cases():
    for name in registry.names():
        assert len(cases_for(name)) >= 6, name


def _assert_store_current(name):
    fresh = freshness(name)
    assert fresh.fresh, (f"the stored oracle values of {name} are stale: {fresh.reason}; "
                         f"regenerate them with `klsym check {name} --live all --write`")


def test_the_store_has_no_file_without_a_family():
    files = {p.stem for p in store.DATA.glob("*.json")}
    assert files == set(NAMES), f"stored files without a family: {sorted(files - set(NAMES))}"


@pytest.mark.parametrize("name", NAMES)
def test_each_familys_stores_are_current_agree_to_25_digits_and_are_on_its_page(name):
    """Both stores of the family are current (their fingerprints match the records and the
    oracle); every KL and entropy row, and (where its divergences are derived) every divergence
    row, agrees with the stored oracle values; each known problem of the family still fails;
    and its derivation page, with the cross-check tables of these same rows, and its line of
    the pages' index are current. One test, so that each form is derived and each closed value
    computed once (they were three times: for the store's freshness, the rows and the page)."""
    _assert_store_current(name)
    _assert_divergence_store_current(name)
    report = check([name])
    _assert_kl_rows(name, report)
    divergences = []
    if name in DIVERGENCE_NAMES:
        divergences = check([name], divergence="all")
        _assert_divergence_rows(name, divergences)
    _assert_known_problems_still_fail(name, report, divergences)
    kl_rows = [r for r in report if r.quantity == "kl"]
    page = PAGES / f"{name}.md"
    assert page.exists() and page.read_text(encoding="utf-8") == pages.family_page(name, kl_rows, divergences) + "\n", (
        f"derivations/{name}.md is stale or missing: run `klsym derive --out derivations`")
    index = (PAGES / "README.md").read_text(encoding="utf-8").splitlines()
    assert pages.index_line(name, kl_rows) in index, (
        f"{name}'s line of derivations/README.md is stale: run `klsym derive --out derivations`")


def _assert_kl_rows(name, report):
    specs = row_specs(name)
    assert len(report) == len(specs) and sum(r.quantity == "kl" for r in report) == 2 * len(cases_for(name))
    assert {(s.p, s.q) for s in specs if s.quantity == "kl"} == {(r.p, r.q) for r in report if r.quantity == "kl"}
    assert not any(r.live for r in report), "every row was in the store"
    low = report.low(25)
    assert not low, "\n".join(
        f"{r.what} [{r.label}]: closed {r.problem or r.closed}, oracle {r.numeric}, {r.digits:.1f} digits" for r in low
    )
    assert report.fewest_digits >= 25 and report.ok()


def test_a_live_sample_reproduces_the_store():
    """A few rows recomputed by the oracle: the stored value within the error estimates, the closed form to 25 digits."""
    specs = [s for n in NAMES for s in row_specs(n)]
    stored = {(n, r.key): r for n in NAMES for r in freshness(n).rows}
    costs = {k: r.seconds for k, r in stored.items()}
    sample = live_sample(specs, LIVE_ROWS, LIVE_SEED, costs, max_seconds=LIVE_SECONDS)
    assert len(sample) == LIVE_ROWS and len({s.family for s in sample}) == LIVE_ROWS
    for s in sample:
        row = LiveRow(s.family, s.label, s.what, oracle_reference(s.family, s.key), stored[(s.family, s.key)])
        assert row.agrees, (f"{s.what}: live {row.reference.value} ± {row.reference.error}, stored "
                            f"{row.stored.value} ± {row.stored.error} (KLSYM_LIVE_SEED={LIVE_SEED})")
        closed, _, problem = closed_value_of(s.family, s.key, 30)
        assert problem is None and agreed_digits(closed, row.reference.mp_value()) >= 25, (s.what, closed)


def _perturbed_load(family, relative):
    """The store's loader, with the first row of ``family`` moved by ``relative``."""
    real = store.load

    def load(name, folder=None, which="kl"):
        data = real(name, folder, which)
        if name == family and which == "kl":
            first = data["rows"][0]
            with mpmath.workdps(60):
                value = mpmath.nstr(first.mp_value() * (1 + mpmath.mpf(relative)), 40)
            data["rows"][0] = dataclasses.replace(first, value=value)
        return data

    return load


def test_a_wrong_stored_value_fails_the_check(monkeypatch):
    monkeypatch.setattr(stale_module, "load", _perturbed_load("gamma", "1e-20"))
    report = check(["gamma"], entropy=False)
    assert [r.label for r in report.low(25)] == ["moderate (forward)"]
    assert 19 < report.low(25)[0].digits < 21 and not report.ok()


def test_a_live_value_that_differs_from_the_store_is_reported(monkeypatch):
    """A stored value 10^-35 off: beyond the error estimates, within the 30 digits asked."""
    monkeypatch.setattr(stale_module, "load", _perturbed_load("exponential", "1e-35"))
    report = check(["exponential"], live="all", entropy=False)
    assert [r.label for r in report.disagreements()] == ["textbook (forward)"] and not report.ok()
    assert report.fewest_digits >= 25  # the closed form agrees with the live oracle
    assert "1 disagree" in report.summary()


def test_the_check_can_fail():
    """A wrong closed form is caught: compare the oracle with a perturbed value."""
    p, q = dist("gamma", alpha="1/100", beta=2), dist("gamma", alpha="1/3", beta="1/3")
    row = check_pair(p, q)
    assert row.digits >= 25
    assert agreed_digits(row.closed * (1 + mpmath.mpf(10) ** -20), row.numeric) < 21


def test_the_store_goes_stale_when_the_oracle_the_record_or_the_cases_change(monkeypatch, tmp_path):
    name = "poisson"
    data = json.loads(store.path_for(name).read_text(encoding="utf-8"))
    data["rows"][0]["p"] = {"lam": "4"}
    del data["rows"][1]
    (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    problems = freshness(name, tmp_path).reason
    assert "1 rows missing (moderate (reverse))" in problems and "1 rows with other parameters" in problems
    assert freshness("normal", tmp_path).reason == "no stored rows"

    monkeypatch.setattr(stale_module, "oracle_sha256", lambda store="kl", multivariate=True: "0" * 64)
    assert "the oracle's source changed" in freshness(name).reason

    fam = registry.get(name)
    assert fingerprints.record_fingerprint(dataclasses.replace(fam, logpdf=fam.logpdf + 1)) != fingerprints.record_fingerprint(fam)


def test_the_record_fingerprint_does_not_depend_on_how_a_symbol_was_spelled():
    # Symbol("alpha", positive=True) equals Symbol("alpha", real=True, positive=True) and
    # hashes alike, so SymPy's cache may return either inside a record's expressions
    # (the Renyi order is the first; Pareto's shape the second). The stored fingerprint
    # must be the same either way, or a store goes stale with nothing changed.
    fam = registry.get("pareto")
    plain, full = sp.Symbol("alpha", positive=True), sp.Symbol("alpha", real=True, positive=True)
    assert sp.srepr(plain) != sp.srepr(full)
    # a Tuple is built afresh (not through the cache), so each keeps its own spelling
    spelled = [dataclasses.replace(fam, logpdf=sp.Tuple(fam.logpdf, s)) for s in (plain, full)]
    assert sp.srepr(spelled[0].logpdf) != sp.srepr(spelled[1].logpdf)
    assert fingerprints.record_fingerprint(spelled[0]) == fingerprints.record_fingerprint(spelled[1])
    other = dataclasses.replace(fam, logpdf=sp.Tuple(fam.logpdf, sp.Symbol("alpha", integer=True, positive=True)))
    assert fingerprints.record_fingerprint(other) != fingerprints.record_fingerprint(spelled[1])


def test_the_oracle_hash_covers_the_oracle_and_the_records_it_reads():
    kl = {p.relative_to(fingerprints.PACKAGE).as_posix() for p in fingerprints.oracle_files("kl")}
    files = {p.relative_to(fingerprints.PACKAGE).as_posix() for p in fingerprints.oracle_files("divergence")}
    oracle = {f"oracle/{p.name}" for p in (fingerprints.PACKAGE / "oracle").glob("*.py")}
    assert oracle <= files
    # the KL store leaves out only the divergence oracle, which no KL row goes through
    assert files - kl == {f"oracle/{name}" for name in fingerprints.DIVERGENCE_ONLY}
    assert "oracle/divergences.py" not in {m for p in fingerprints.oracle_files("kl") for m in
                                           (q.relative_to(fingerprints.PACKAGE).as_posix() for q in fingerprints._imported_modules(p))}
    for chosen in (kl, files):
        assert {"records/distribution.py", "records/record.py", "records/special.py", "records/values.py"} <= chosen
        assert not any(f.startswith(("records/catalogue/", "derive/", "exact/", "verification/")) for f in chosen)
    assert fingerprints.oracle_sha256("kl") != fingerprints.oracle_sha256("divergence")
    # a univariate family's hash leaves out the multivariate routes, and nothing else
    for store_name, chosen in (("kl", kl), ("divergence", files)):
        univariate = {p.relative_to(fingerprints.PACKAGE).as_posix() for p in fingerprints.oracle_files(store_name, False)}
        assert chosen - univariate == {f"oracle/{name}" for name in fingerprints.MULTIVARIATE_ONLY} & chosen
        assert fingerprints.oracle_sha256(store_name, False) != fingerprints.oracle_sha256(store_name, True)


@pytest.mark.parametrize("family", ["gamma", "poisson", "logistic"])
def test_a_univariate_familys_values_never_run_the_multivariate_routes(family):
    # The premise of the univariate oracle hash: the KL, the entropy and the divergences
    # of a univariate law execute no function of the modules that hash leaves out.
    import sys
    from klsym.oracle import numeric_cross_entropy, numeric_kl
    from klsym.oracle.divergences import numeric_divergence
    left_out = {str(fingerprints.PACKAGE / "oracle" / name) for name in fingerprints.MULTIVARIATE_ONLY}
    ran: set[str] = set()

    def profile(frame, event, arg):
        if event == "call":
            ran.add(frame.f_code.co_filename)

    p, q = cases_for(family)[0][:2]
    sys.setprofile(profile)
    try:
        numeric_kl(p, q, 20)
        numeric_cross_entropy(p, None, 20)
        numeric_divergence(p, q, "renyi", sp.Rational(1, 2), 20)
    finally:
        sys.setprofile(None)
    assert any(f.endswith("univariate.py") for f in ran)
    assert not ran & left_out


def test_stored_rows_are_one_per_line_with_sorted_keys():
    text = store.path_for("gamma").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data) and data["dps"] == store.STORE_DPS
    rows = [line for line in text.splitlines() if line.startswith('    {"case"')]
    assert len(rows) == len(data["rows"]) == len(row_specs("gamma"))
    assert all(list(json.loads(r.rstrip(","))) == sorted(json.loads(r.rstrip(","))) for r in rows)


def test_oracle_precision_ladder():
    """The same KL at 15, 30 and 60 digits agrees to the lower precision."""
    from klsym.oracle import numeric_kl

    p, q = dist("beta", alpha="1/10", beta="1/5"), dist("beta", alpha="1/2", beta=3)
    values = [numeric_kl(p, q, dps=d).value for d in (15, 30, 60)]
    with mpmath.workdps(70):
        assert agreed_digits(values[0], values[2]) >= 14
        assert agreed_digits(values[1], values[2]) >= 29


def _days_shares(name, which, seeds):
    """The stored rows of one family and store (key → row) and, for each seed, the live lane's
    share of them: rows whose stored oracle times add up to at most LANE_SECONDS."""
    stored = {r.key: r for r in freshness(name, store=which).rows}
    costs = {(name, k): r.seconds for k, r in stored.items()}
    sources = stored_specs(name, which)
    return stored, [live_sample(sources, len(sources), seed, costs, budget=LANE_SECONDS) for seed in seeds]


def _assert_days_share_recomputed(name, which):
    """The live lane's rows of one family and store (see LANE_SECONDS): each recomputed by the
    oracle agrees with its stored value within the two error estimates. The closed forms are
    compared with these stored values by the family's test above."""
    stored, (sample,) = _days_shares(name, which, [LIVE_SEED])
    assert sample and all(s.key in stored for s in sample)
    rows = [LiveRow(name, s.label, s.what, oracle_reference(name, s.key), stored[s.key]) for s in sample]
    bad = [r for r in rows if not r.agrees and not r.reference.known_problem]
    assert not bad, "\n".join(f"{r.what} [{r.label}]: live {r.reference.value} ± {r.reference.error}, stored "
                              f"{r.stored.value} ± {r.stored.error} (KLSYM_LIVE_SEED={LIVE_SEED})" for r in bad)


@pytest.mark.parametrize("name, which", [("dirichlet", "kl"), ("laplace", "divergence"), ("cauchy", "kl")])
def test_the_live_lanes_share_rotates_through_every_stored_row_within_a_year(name, which):
    """The families with the costliest stored rows: within 365 days' seeds, every row is in a day's share
    of at most LANE_SECONDS (beyond the first row of each day), so the rotation covers the whole store."""
    stored, shares = _days_shares(name, which, range(20270101, 20270101 + 365))
    for day, share in enumerate(shares):
        spent = [stored[s.key].seconds for s in share]
        assert sum(spent) <= max(LANE_SECONDS, spent[0]), (day, spent)
    assert {s.key for share in shares for s in share} == set(stored)


@pytest.mark.live
@pytest.mark.parametrize("name", NAMES)
def test_the_days_share_of_the_kl_store_recomputed_live_agrees_with_it(name):
    _assert_days_share_recomputed(name, "kl")


# ----------------------------------------------------------------------------- the divergence store

def _assert_divergence_store_current(name):
    fresh = freshness(name, store="divergence")
    assert fresh.fresh, (f"the stored divergences of {name} are stale: {fresh.reason}; regenerate them with "
                         f"`klsym check {name} --divergence all --live all --write`")
    assert bool(fresh.rows) == (name in DIVERGENCE_NAMES)


def test_the_divergence_store_has_no_file_without_rows():
    files = {p.stem for p in store.DIVERGENCE_DATA.glob("*.json")}
    assert files == set(DIVERGENCE_NAMES), sorted(files ^ set(DIVERGENCE_NAMES))


def _assert_divergence_rows(name, report):
    """Rényi (1/2, 2), Bhattacharyya, Hellinger and chi-square both ways, against the store, for
    at least six cases each whose oracle value is compared (a row the oracle refuses,
    store.KNOWN_PROBLEMS, does not count; a row where both routes give +oo does)."""
    specs = divergence_specs(name)
    assert len(report) == len(specs) and not any(r.live for r in report)
    for kind, alpha in DIVERGENCE_ROWS:
        quantity = kind if alpha is None else f"{kind}:{alpha}"
        cases = {s.case for s in specs if s.quantity == quantity and (name, *source_key(s)) not in store.KNOWN_PROBLEMS}
        assert len(cases) >= 6, (quantity, cases)
    low = report.low(25)
    assert not low, "\n".join(
        f"{r.what} [{r.label}]: closed {r.problem or r.closed}, oracle {r.numeric}, {r.digits:.1f} digits" for r in low
    )
    finite = [r for r in report if not mpmath.isinf(r.numeric)]
    assert len(finite) >= len(report) // 2, "most rows are finite: the check compares digits, not only +oo"


def test_an_infinite_divergence_row_holds_the_oracles_evidence():
    # the stored rows as freshness() reads them (store.load), without the specs it also derives to compare
    # them with: that is every family's divergences in this process; each family's test checks freshness
    rows = [r for n in DIVERGENCE_NAMES for r in (store.load(n, None, "divergence") or {"rows": []})["rows"]
            if r.value == "inf"]
    assert rows and all(r.method == "divergent" and ("die out" in r.reason or "outside Q's support" in r.reason)
                        for r in rows)
    assert all(r.quantity == "renyi:2" for r in rows)  # only an order above 1 can diverge


def test_a_wrong_stored_divergence_fails_the_check(monkeypatch):
    real = store.load

    def load(name, folder=None, which="kl"):
        data = real(name, folder, which)
        if name == "gamma" and which == "divergence":
            first = data["rows"][0]
            with mpmath.workdps(60):
                value = mpmath.nstr(first.mp_value() * (1 + mpmath.mpf("1e-20")), 40)
            data["rows"][0] = dataclasses.replace(first, value=value)
        return data

    monkeypatch.setattr(stale_module, "load", load)
    report = check(["gamma"], divergence="renyi")
    assert len(report.low(25)) == 1 and 19 < report.low(25)[0].digits < 21 and not report.ok()
    assert {r.quantity for r in report} == {"renyi:1/2", "renyi:2"}
    for kind in ("bhattacharyya", "hellinger"):  # their oracle values come from the same stored row
        report = check(["gamma"], divergence=kind)
        assert len(report.low(25)) == 1 and not report.ok(), kind
    assert check(["gamma"], divergence="chi_square").ok()


@pytest.mark.live
@pytest.mark.parametrize("name", DIVERGENCE_NAMES)
def test_the_days_share_of_the_divergence_store_recomputed_live_agrees_with_it(name):
    _assert_days_share_recomputed(name, "divergence")


def _assert_known_problems_still_fail(name, report, divergences):
    """Every entry of KNOWN_PROBLEMS for this family names a stored row whose oracle value still
    does not agree with the closed form to 25 digits (remove the entry once it does)."""
    for family, case, quantity, role in store.KNOWN_PROBLEMS:
        if family != name:
            continue
        rows = [r for r in (report if quantity in ("kl", "entropy") else divergences)
                if r.known_problem and r.label.startswith(case)
                and r.quantity in (quantity, *[k for k, v in STORED_AS.items() if v == quantity])]
        assert rows, (family, case, quantity, role)
        assert all(r.digits < 25 for r in rows), [(r.what, r.digits) for r in rows]


def test_each_known_problem_names_a_family_whose_rows_are_checked():
    """Its rows are checked (still failing) by the family's stored-row test above."""
    for family, case, quantity, role in store.KNOWN_PROBLEMS:
        assert family in NAMES and (quantity in ("kl", "entropy") or family in DIVERGENCE_NAMES), (family, case)
