"""The README stays true: its family table is the generated one, its commands exist."""

import re
from pathlib import Path

import pytest

from klsym.docs.readme import family_table, with_family_table, write_readme

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_family_table_is_current():
    section = re.search(r"<!-- families:begin -->\n(.*?)\n<!-- families:end -->", README, re.S)
    assert section and section.group(1) == family_table()


def test_klsym_derive_rewrites_the_table_and_the_readme_says_so(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- families:begin -->\n| stale |\n<!-- families:end -->\nrest\n", encoding="utf-8")
    assert write_readme(readme)
    text = readme.read_text(encoding="utf-8")
    assert text == f"intro\n<!-- families:begin -->\n{family_table()}\n<!-- families:end -->\nrest\n"
    assert not write_readme(readme) and with_family_table(README) == README
    with pytest.raises(ValueError, match="families:begin"):
        with_family_table("no table here")
    assert "klsym derive --out derivations" in README and "--readme" in README


def test_klsym_derive_finds_the_readme_next_to_its_output(tmp_path, monkeypatch, capsys):
    import klsym.docs.pages as docs
    from klsym.cli import main

    # the pages themselves are not the point here (tests/test_docs.py renders them): one stands for all
    monkeypatch.setattr(docs, "render_all", lambda dps=30: {"gamma.md": docs.GENERATED + "\n"})
    stale = "<!-- families:begin -->\nold\n<!-- families:end -->\n"
    (tmp_path / "README.md").write_text(stale, encoding="utf-8")
    assert main(["derive", "--out", str(tmp_path / "derivations")]) == 0
    assert (tmp_path / "derivations" / "gamma.md").exists()
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == with_family_table(stale)
    other = tmp_path / "other.md"
    other.write_text(stale, encoding="utf-8")
    assert main(["derive", "--out", str(tmp_path / "derivations"), "--readme", str(other)]) == 0
    assert other.read_text(encoding="utf-8") == with_family_table(stale)
    assert main(["derive", "--out", str(tmp_path / "derivations"), "--readme", str(tmp_path / "none.md")]) == 2
    assert "none.md" in capsys.readouterr().err


def test_setup_commands_are_make_targets():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.M)


def test_forward_reverse_numbers_match_the_generated_page():
    from klsym.docs.figures import forward_reverse_page

    page = forward_reverse_page()
    for number in ("2.08806", "0.555156", "1.27324", "1.99708", "0.604856", "10.2256", "0.691836",
                   "1.79028", "0.581457", "1.13838", "1.4694", "1.6800"):
        assert number in README and number in page, number
