"""SQ206 double-escaped-regex: the fixtures in `double_escaped_regex/` beside this file."""

from __future__ import annotations

from inline_snapshot import snapshot

from sqrt_tools.lint import fix_source, lint_source
from tests.lint.rules.fixture import findings, fixed, fixture, settings

RULE = "double-escaped-regex"


def test_finds_every_case_in_fires() -> None:
    assert findings(RULE, "fires.sqrt") == snapshot(
        [
            '1:14 SQ206 r"^a\\\\.b$" doubles the backslash of a regex escape; how the service reads a doubled backslash is not documented, so write one',
            '2:10 SQ206 r"^a\\\\d+$" doubles the backslash of a regex escape; how the service reads a doubled backslash is not documented, so write one',
        ]
    )


def test_stays_silent_on_silent() -> None:
    assert findings(RULE, "silent.sqrt") == []


def test_the_fix_is_unsafe_so_fix_alone_leaves_the_file() -> None:
    source = fixture(RULE, "fires.sqrt")
    assert fix_source(source, settings(RULE), path="fires.sqrt").source == source
    diagnostics = lint_source(source, settings(RULE)).diagnostics
    assert diagnostics and all(d.fix is not None and not d.fix.safe for d in diagnostics)


def test_fix() -> None:
    assert fixed(RULE, "fires.sqrt", unsafe=True) == snapshot("""\
let s = {r"^a\\.b$"};
tool r"^a\\d+$" -> @tags |= {};
""")
