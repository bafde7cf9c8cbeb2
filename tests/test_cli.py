"""The command line: output, exit status, and one-line errors without tracebacks."""

import pytest

from klsym.cli import main


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "gamma" in out and "RATE" in out and "categorical" in out


@pytest.mark.parametrize("fmt", ["pretty", "latex", "python"])
def test_show_formats(capsys, fmt):
    assert main(["show", "exponential", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert {"pretty": "KL(P‖Q)", "latex": r"\frac{lam_{q}}{lam_{p}}", "python": "lam_q/lam_p"}[fmt] in out


def test_show_reverse(capsys):
    assert main(["show", "poisson", "poisson", "--reverse", "--format", "python"]) == 0
    assert capsys.readouterr().out.strip() == "lam_p + lam_q*(-math.log(lam_p) + math.log(lam_q)) - lam_q"


def test_show_fixed_differ_gives_each_side_its_own_fixed_parameter(capsys):
    assert main(["show", "pareto", "--fixed-differ", "--format", "python"]) == 0
    forward = capsys.readouterr().out.strip()
    assert "xm_p >= xm_q" in forward and "math.inf" in forward
    assert main(["show", "pareto", "--fixed-differ", "--reverse", "--format", "python"]) == 0
    reverse = capsys.readouterr().out.strip()
    assert "xm_p <= xm_q" in reverse and "alpha_p*(-math.log(xm_p) + math.log(xm_q))" in reverse
    assert main(["show", "weibull", "--fixed-differ", "--format", "python"]) == 0
    assert "k_p" in capsys.readouterr().out


def test_value_to_the_asked_digits(capsys):
    assert main(["value", "normal(mu=0, sigma=1)", "normal(mu=1, sigma=2)", "--dps", "30"]) == 0
    assert capsys.readouterr().out.strip() == "0.443147180559945309417232121458"


def test_value_is_right_where_sympy_evalf_is_not(capsys):
    """SymPy's evalf of this sum returns 300.97: the value is decided by interval arithmetic."""
    assert main(["value", "logarithmic(p=1/10^300)", "logarithmic(p=9/10)", "--dps", "20", "--numeric"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "0.93939296090578210103"
    assert lines[1].startswith("numeric: 0.93939296090578210103")


def test_value_numeric(capsys):
    assert main(["value", "gamma(alpha=3/2, beta=2)", "gamma(alpha=5, beta=1/3)", "--dps", "25", "--numeric"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "10.87991850519844802409826"
    assert lines[1].startswith("numeric: 10.87991850519844802409826")


def test_value_reads_vectors_and_matrices(capsys):
    args = ["value", "multivariate_normal(mu=[0, 0], Sigma=[[1, 0], [0, 1]])",
            "multivariate_normal(mu=[1, 0], Sigma=[[2, 1], [1, 2]])", "--dps", "20", "--numeric"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    # 1/2 (tr(S2^-1 S1) + m' S2^-1 m - d + log det S2/det S1) = 1/2 (4/3 + 2/3 - 2 + log 3)
    assert lines[0] == "0.54930614433405484570"
    assert lines[1].startswith("numeric: 0.5493061443340548457") and "coordinates: " in lines[1]


def test_bad_command_lines_return_2_in_process(capsys):
    """argparse's own errors are user errors too: status 2, one line, no SystemExit."""
    assert main(["value", "normal(mu=0, sigma=1)"]) == 2
    assert main(["value", "normal(mu=0, sigma=1)", "normal(mu=0, sigma=2)", "--dps", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("klsym: error: ") for line in err)


def test_value_infinite_prints_inf_and_the_reason(capsys):
    assert main(["value", "binomial(n=5, p=1/2)", "binomial(n=3, p=1/2)"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "inf" and "not inside" in captured.err


def test_check_one_family(capsys):
    assert main(["check", "exponential", "--live", "2", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "23 rows (12 KL, 11 entropy) in 1 families checked at dps 30" in out
    assert "live (seed 1): 2 rows recomputed by the oracle; 2 agree with the store" in out
    assert out.count("\n") < 10  # a summary, not a row per line


def test_check_verbose_prints_every_row(capsys):
    assert main(["check", "exponential", "--live", "0", "--verbose"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("ok ") for line in lines) == 23


def test_check_exits_1_when_a_row_falls_short(capsys):
    # 30 digits asked, 31 required: every row falls short but those that agree exactly (H = 1 for lam = 1)
    assert main(["check", "exponential", "--live", "0", "--min-digits", "31"]) == 1
    out = capsys.readouterr().out
    assert "22 below 31" in out and out.count("\nLOW ") == 22


@pytest.mark.parametrize(
    "args, words",
    [
        (["value", "gamma(alpha=-1, beta=2)", "gamma(alpha=1, beta=1)"], "alpha > 0"),
        (["value", "gama(alpha=1, beta=2)", "gamma(alpha=1, beta=1)"], "unknown family"),
        (["value", "gamma alpha=1", "gamma(alpha=1, beta=1)"], "cannot read"),
        (["show", "nosuch"], "unknown family"),
        (["check", "nosuch"], "unknown family"),
        (["check", "gamma", "--write"], "needs --live all"),
        (["check", "gamma", "--dps", "41"], "at most the store's 40"),
        (["check", "gamma", "--live", "some"], "a number of rows or 'all'"),
        (["show", "normal", "--fixed-differ"], "normal has no fixed parameters"),
        (["show", "binomial", "--fixed-differ"], "klsym value"),
    ],
)
def test_user_errors_are_one_line_on_stderr(capsys, args, words):
    # in this process (an exception main lets through fails the test); tests/test_hostile_input.py runs
    # `python -m klsym` as a program and checks its one line there
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and err.startswith("klsym: error: ") and len(err.strip().splitlines()) == 1


def test_derive_writes_pages(tmp_path, monkeypatch):
    import klsym.docs.pages as docs

    # the CLI writes what render_all gives; every page, the check tables and the forward-vs-reverse
    # page are compared with derivations/ by tests/test_docs.py
    monkeypatch.setattr(docs, "check", lambda *args, **kwargs: [])
    monkeypatch.setattr(docs.registry, "names", lambda: ["gamma", "poisson"])
    monkeypatch.setattr(docs, "forward_reverse_page", lambda: "forward vs reverse\n")
    assert main(["derive", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "gamma.md").exists() and (tmp_path / "README.md").exists()
    assert "[poisson.md](poisson.md)" in (tmp_path / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, said", [
    (["check", "--min-digits", "nan"], "--min-digits"),
    (["verify", "torch", "normal", "--limit", "-1"], "--limit"),
    (["figure", "forward-reverse", "--sweep-points", "-1"], "--sweep-points"),
    (["value", "zeta(s=1+1/10^10)", "zeta(s=2)", "--numeric"], "not computed"),
])
def test_more_bad_command_lines_end_in_one_line_and_status_2(argv, said, capsys):
    from klsym.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_value_numeric_gives_the_oracles_value_where_no_divergence_is_derived(capsys):
    """Moyal laws with different sigma have no stated affinity: the exact route is refused, says why on
    stderr, and --numeric still prints the oracle's value; without --numeric the refusal is the answer."""
    pair = ["moyal(mu=0, sigma=1)", "moyal(mu=1, sigma=2)", "--divergence", "renyi", "--alpha", "1/2", "--dps", "15"]
    assert main(["value", *pair, "--numeric"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("numeric: 0.") and len(out.splitlines()) == 1
    assert "no exact value" in err and "sharing sigma" in err
    assert main(["value", *pair]) == 2
    assert "sharing sigma" in capsys.readouterr().err


def test_check_says_which_family_has_no_divergence_rows(capsys):
    """Asked for by name, a family without divergence rows is named with the reason; with nothing
    else checked the check fails (exit 1) rather than pass on zero rows."""
    assert main(["check", "multinomial", "--divergence", "all", "--live", "0"]) == 1
    assert "multinomial: no divergence rows: the oracle has no route" in capsys.readouterr().out
    assert main(["check", "multinomial", "normal", "--divergence", "renyi", "--live", "0"]) == 0
    out = capsys.readouterr().out
    assert "multinomial: no divergence rows" in out and "in 1 families checked" in out
