"""Rules on small policies: the exact message, span and related location of a finding.

Where each rule fires and where it stays silent is in `tests/lint/rules/` (fixture
policies beside each rule's test, with snapshots of every finding and fixed text).
"""

from __future__ import annotations

from tests.lint.helpers import findings


def test_undefined_name_suggests_the_closest_defined_name() -> None:
    source = 'let trusted_domains = {}; tool "t" { must deny when not x.value in trusted_domain; }'
    (finding,) = findings(source, "undefined-name")
    assert finding.message == "`trusted_domain` is not defined; did you mean `trusted_domains`?"
    start = source.index("trusted_domain;")
    assert (finding.span.start, finding.span.end) == (start, start + len("trusted_domain"))


def test_use_before_definition_points_at_the_definition() -> None:
    (finding,) = findings('let a = b;\nlet b = {"x"};', "use-before-definition")
    assert finding.message == "`b` is used before its definition on line 2"
    assert finding.related[0].span.line == 2
    (own,) = findings("let a = a | {};", "use-before-definition")
    assert own.message == "`a` is used inside its own definition"


def test_duplicate_let_is_reported_at_the_second_name_with_the_first_as_related() -> None:
    (finding,) = findings('let a = {};\nlet a = {"x"};', "duplicate-let")
    assert (finding.span.line, finding.span.column) == (2, 5)
    assert finding.message == "`a` is already defined on line 1"
    assert finding.related[0].span.line == 1


def test_kind_mismatch_says_what_the_name_is_and_what_is_needed() -> None:
    (finding,) = findings('let s = {"a"};\ntool "t" { must deny when s; }', "kind-mismatch")
    assert finding.message.startswith("`s` is a set, but a predicate is needed here")
    (domain,) = findings('let d = int 1;\ntool "t" { must deny when d; }', "kind-mismatch")
    assert domain.message.startswith("`d` is a value domain, but a predicate is needed")
    (predicate,) = findings("let p = x.tags is empty;\nlet s = p | {};", "kind-mismatch")
    assert predicate.message.startswith("`p` is a predicate, but a set is needed here")


def test_result_in_check_through_a_let_shows_the_chain_and_the_result() -> None:
    source = (
        'let raw = @result.tags overlaps {"x"};\n'
        "let wrapped = not raw;\n"
        'tool "t" { must deny when wrapped; }'
    )
    (finding,) = findings(source, "result-in-check")
    assert finding.span.line == 3
    assert "`wrapped` reads `@result.tags`" in finding.message
    (related,) = finding.related
    assert related.span.line == 1
    assert related.message == "`@result.tags` is read here, via `wrapped` -> `raw`"


def test_invalid_regex_points_at_the_error_inside_the_pattern() -> None:
    (finding,) = findings('let s = {str matching r"^ab(c$"};', "invalid-regex")
    assert finding.message == (
        "invalid regular expression: missing ), unterminated subpattern (at position 3)"
    )
    assert finding.span.column == len('let s = {str matching r"^ab') + 1  # the `(`


def test_invalid_regex_position_accounts_for_escapes_in_the_source() -> None:
    # `\\` is one character of the pattern but two in the source.
    (finding,) = findings(r'let s = {r"\\\\[a"};', "invalid-regex")
    assert finding.span.start == len(r'let s = {r"\\\\')


def test_invalid_wildcard_names_the_character() -> None:
    (finding,) = findings('let s = {w"/srv/*.[ch]"};', "invalid-wildcard")
    assert finding.message.startswith("invalid wildcard: `[` has no meaning")
    assert finding.span.column == len('let s = {w"/srv/*.') + 1


def test_empty_range_and_empty_consumers_messages_quote_the_source() -> None:
    (finding,) = findings("let a = int 10..1;", "empty-range")
    assert finding.message == "`int 10..1` matches no int"
    (consumers,) = findings('tool "t" { result { @consumers &= {}; } }', "empty-consumers")
    assert consumers.message.startswith("`@consumers &= {}` leaves consumers empty")


def test_conflicting_checks_and_unreachable_checks_point_at_the_hard_deny() -> None:
    source = (
        'tool "t" {\n  must deny always;\n}\n'
        'tool "t" {\n  must allow always;\n  should allow always;\n}'
    )
    (conflict,) = findings(source, "conflicting-checks")
    assert conflict.span.line == 5 and conflict.related[0].span.line == 2
    (dead,) = findings(source, "unreachable-check")
    assert dead.span.line == 6
    assert "denies every call" in dead.message and "line 2" in dead.message


def test_pattern_through_a_let_is_reported_at_the_use_with_the_pattern_related() -> None:
    source = 'let web = {w"web*"};\ntool "t" { must deny when x.tags overlaps web; }'
    (finding,) = findings(source, "pattern-in-metadata-set")
    assert finding.span.line == 2
    assert finding.message == (
        "`web` holds a wildcard, and `overlaps` compares it as plain text, not as a pattern"
    )
    assert finding.related[0].span.line == 1


def test_keyword_synonym_honours_the_project_choice() -> None:
    source = 'tool "t" { must deny always; hard deny always; }\nlet s = a | b union c;'
    default = findings(source, "keyword-synonym")
    assert [d.message for d in default] == [
        "`hard` is spelled `must` in this project",
        "`union` is spelled `|` in this project",
    ]
    chosen = findings(
        source,
        "keyword-synonym",
        keyword_synonym={"enforcement": "hard", "set-operators": "keywords"},
    )
    assert [d.message for d in chosen] == [
        "`must` is spelled `hard` in this project",
        "`|` is spelled `union` in this project",
    ]


def test_let_naming_uses_the_configured_pattern() -> None:
    source = "let TrustedUsers = {}; let ok_name = {};"
    found = findings(source, "let-naming", let_naming={"pattern": "^[A-Z][A-Za-z]*$"})
    assert [d.message for d in found] == [
        "`ok_name` does not match the naming pattern ^[A-Z][A-Za-z]*$"
    ]
