"""The family table of the project's README: one line per family with its parameters
and parameterization, between two marker lines (kept current by a test and by
``klsym derive``)."""

from __future__ import annotations

from pathlib import Path

from ..records import registry

__all__ = ["README_MARKERS", "family_table", "with_family_table", "write_readme"]


def family_table() -> str:
    """The Markdown table of families used in the README (kept current by a test)."""
    lines = ["| family | parameters | parameterization |", "|---|---|---|"]
    for n in registry.names():
        fam = registry.get(n)
        params = ", ".join(f"`{p.name}`" + (" (fixed)" if p.fixed else "") for p in fam.params)
        text = fam.parameterization.replace("|", "\\|")  # |x - mu| inside a table cell
        lines.append(f"| `{n}` | {params} | {text} |")
    return "\n".join(lines)


#: the README's family table sits between these two lines
README_MARKERS = ("<!-- families:begin -->", "<!-- families:end -->")


def with_family_table(text: str) -> str:
    """``text`` (a README) with the block between :data:`README_MARKERS` replaced by :func:`family_table`.

    >>> with_family_table("intro\\n<!-- families:begin -->\\nold\\n<!-- families:end -->\\nrest").count("| `normal` |")
    1
    """
    begin, end = README_MARKERS
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        raise ValueError(f"no family table: the README needs the lines {begin} and {end}, in that order")
    return text[: i + len(begin)] + "\n" + family_table() + "\n" + text[j:]


def write_readme(path: str | Path) -> bool:
    """Rewrite the family table of the README at ``path``; True when its text changed."""
    path = Path(path)
    old = path.read_text(encoding="utf-8")
    new = with_family_table(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
