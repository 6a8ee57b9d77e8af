"""The before/after example of the README's formatting section is what `sqrt fmt` does."""

from __future__ import annotations

import re
from pathlib import Path

from sqrt_tools.format import format_source

README = Path(__file__).resolve().parents[2].joinpath("README.md").read_text(encoding="utf-8")


def format_section_blocks() -> list[str]:
    start = README.index("<!-- section: format -->")
    end = README.index("\n## ", start)
    section = README[start:end]
    return re.findall(r"^```sqrt\n(.*?)^```", section, re.MULTILINE | re.DOTALL)


def test_the_readme_after_is_the_formatted_before() -> None:
    before, after = format_section_blocks()[:2]
    assert before != after
    assert format_source(before) == after
    assert format_source(after) == after
