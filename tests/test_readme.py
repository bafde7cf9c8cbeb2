"""The README stays true: its family table is the generated one, its commands exist."""

import re
from pathlib import Path

from klsym.docs.pages import family_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_family_table_is_current():
    section = re.search(r"<!-- families:begin -->\n(.*?)\n<!-- families:end -->", README, re.S)
    assert section and section.group(1) == family_table()


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
