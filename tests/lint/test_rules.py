"""Each rule on small policies: where it fires, what it says, where it stays silent."""

from __future__ import annotations

import pytest

from tests.lint.helpers import findings

# (rule, policy, number of findings). Zero means the rule must stay silent.
CASES: list[tuple[str, str, int]] = [
    # names
    ("undefined-name", 'tool "t" { must deny when x.tags overlaps nope; }', 1),
    ("undefined-name", 'let s = {}; tool "t" { must deny when x.tags overlaps s; }', 0),
    ("use-before-definition", 'let a = b | {}; let b = {"x"};', 1),
    ("use-before-definition", 'let b = {"x"}; let a = b | {};', 0),
    ("duplicate-let", "let a = {}; let b = {}; let a = {}; let a = {};", 2),
    # kinds
    ("kind-mismatch", 'let s = {"a"}; tool "t" { must deny when s; }', 1),
    ("kind-mismatch", 'let s = {"a"}; let t = (s); tool "t" { must deny when not t; }', 1),
    ("kind-mismatch", 'let d = int 1..3; tool "t" { must deny when d; }', 1),
    ("kind-mismatch", 'let p = x.tags is empty; let s = p | {"a"};', 1),
    ("kind-mismatch", 'let p = x.tags is empty; tool "t" { must deny when y.value in p; }', 1),
    ("kind-mismatch", 'let p = x.tags is empty; tool "t" { result { @tags |= p; } }', 1),
    ("kind-mismatch", 'let d = int 1..3; tool "t" { must deny when y.value in d; }', 0),
    ("kind-mismatch", 'let p = x.tags is empty; tool "t" { must deny when p and not p; }', 0),
    # context
    ("result-in-session-before", 'tool "t" { session before { @tags |= @result.tags; } }', 1),
    (
        "result-in-session-before",
        'tool "t" { session before { when @result.value == 1 { @tags |= {"a"}; } } }',
        1,
    ),
    ("result-in-session-before", 'tool "t" -> session before @tags |= @result.tags;', 1),
    (
        "result-in-session-before",
        'let r = @result.tags; tool "t" { session before { @tags |= r; } }',
        1,
    ),
    ("result-in-session-before", 'tool "t" { session after { @tags |= @result.tags; } }', 0),
    ("result-in-session-before", 'tool "t" -> session @tags |= @result.tags;', 0),
    ("result-in-check", 'tool "t" { must deny when @result.tags overlaps {"a"}; }', 1),
    ("result-in-check", 'tool "t" { must deny when @result.value == 1; }', 1),
    (
        "result-in-check",
        'let a = @result.tags is empty; let b = not a; tool "t" { must deny when b; }',
        1,
    ),
    (
        "result-in-check",
        'let a = @result.tags is empty; tool "t" { result { when a { @tags |= {}; } } }',
        0,
    ),
    ("result-in-check", 'tool "t" { result { @tags |= @result.tags; } }', 0),
    ("subject-in-check", 'tool "t" { must deny when @tags overlaps {"a"}; }', 1),
    ("subject-in-check", 'let seen = "a" in @tags; tool "t" { must deny when seen; }', 1),
    ("subject-in-check", 'tool "t" { session before { when "a" in @tags { @tags |= {}; } } }', 0),
    ("session-value", 'tool "t" { must deny when @session.value == 1; }', 1),
    ("session-value", "let unused = @session.value in {1};", 1),
    ("session-value", 'tool "t" { must deny when "a" in @session.tags; }', 0),
    # patterns and values
    ("invalid-regex", 'tool r"^(a$" { must deny always; }', 1),
    ("invalid-regex", 'let s = {r"[z-a]", str matching r"*x"};', 2),
    ("invalid-regex", r'let s = {r"^a\.b$", str matching r"^\d+$"};', 0),
    ("invalid-wildcard", 'let s = {w"*.[ch]", str like w"a\\\\b", w""};', 3),
    ("invalid-wildcard", 'let s = {w"*.txt", str like w"report-??.pdf"};', 0),
    ("invalid-datetime", 'let w = datetime d"2025-13-01"..d"2025-01-01";', 1),
    ("invalid-datetime", 'let w = datetime "next tuesday";', 1),
    ("invalid-datetime", 'tool "t" { must deny when x.value == d"yesterday"; }', 1),
    (
        "invalid-datetime",
        'let w = datetime d"2025-01-01T00:00:00Z"..d"2025-06-30T12:00:00+02:00";',
        0,
    ),
    ("invalid-datetime", 'let w = datetime "2023-01-01"; let e = datetime 0;', 0),
    ("empty-range", "let a = int 10..1;", 1),
    ("empty-range", "let a = int 0<..<1;", 1),
    ("empty-range", "let a = int 1..<1;", 1),
    ("empty-range", "let a = int 1.5;", 1),
    ("empty-range", "let a = float 2.0<..1.0;", 1),
    ("empty-range", "let a = float inf<..;", 1),
    ("empty-range", 'let a = str like w"*" length 5..2;', 1),
    ("empty-range", 'let a = str "x" length ..<0;', 1),
    ("empty-range", 'let a = datetime d"2025-12-31"..d"2025-01-01";', 1),
    ("empty-range", "let a = float 0<..<1; let b = int 1..1; let c = int 0<..2;", 0),
    ("empty-range", 'let a = datetime d"2025-01-01"..; let b = int ..-5;', 0),
    # checks and policies
    ("conflicting-checks", 'tool "t" { must allow always; must deny always; }', 1),
    ("conflicting-checks", 'tool "t" { hard deny always; } tool "t" { hard allow always; }', 1),
    ("conflicting-checks", 'tool "t" { must deny always; } tool "u" { must allow always; }', 0),
    ("conflicting-checks", 'tool "t" { should allow always; must deny when x.value == 1; }', 0),
    (
        "unreachable-check",
        'tool "t" { must deny always; should allow always; must deny when x.value == 1; }',
        2,
    ),
    ("unreachable-check", 'tool "t" { must deny always; } tool "t" { should allow always; }', 1),
    ("unreachable-check", 'tool "t" { must deny always; must allow always; }', 0),
    ("unreachable-check", 'tool "t" { must deny always; } tool r"^t$" { should allow always; }', 0),
    ("empty-consumers", 'tool "t" { result { @consumers = {}; } }', 1),
    ("empty-consumers", 'tool "t" { result { @consumers &= {"a"} & {"b"}; } }', 1),
    ("empty-consumers", 'tool "t" { session after { @session.consumers -= {"*"}; } }', 1),
    ("empty-consumers", 'let none = {}; tool "t" -> @consumers = none;', 1),
    ("empty-consumers", 'tool "t" { result { x.consumers &= {}; } }', 1),
    ("empty-consumers", 'tool "t" { result { @consumers &= {"a"}; @consumers |= {}; } }', 0),
    ("empty-consumers", 'tool "t" { result { @tags = {}; @consumers = x.consumers; } }', 0),
    ("duplicate-tool-policy", 'tool "t" { must deny always; } tool "t" -> @tags |= {"a"};', 1),
    ("duplicate-tool-policy", 'tool "t" { priority 2; } tool "t" [2] -> @tags |= {"a"};', 1),
    ("duplicate-tool-policy", 'tool "t" { priority 1; } tool "t" -> @tags |= {"a"};', 0),
    ("duplicate-tool-policy", 'tool "t" -> @tags |= {}; tool r"t" -> @tags |= {};', 0),
    # suspicious
    ("unanchored-tool-regex", 'tool r"send_.*" { must deny always; }', 1),
    ("unanchored-tool-regex", 'tool r"^send_.*" -> @tags |= {};', 1),
    ("unanchored-tool-regex", 'tool r"^a|b$" -> @tags |= {};', 1),
    ("unanchored-tool-regex", 'tool r"^(a|b)_.*$" -> @tags |= {};', 0),
    ("unanchored-tool-regex", 'tool r"send_email" -> @tags |= {};', 0),
    ("unanchored-tool-regex", 'let s = {str matching r"a.*"};', 0),
    ("literal-regex-tool-id", 'tool r"send_email" -> @tags |= {};', 1),
    ("literal-regex-tool-id", 'tool r"^send_email$" -> @tags |= {};', 1),
    ("literal-regex-tool-id", 'tool r"send.email" -> @tags |= {};', 0),
    ("literal-regex-tool-id", 'let s = {str matching r"abc"};', 0),
    ("redos-regex", 'let s = {r"^(a+)+$", str matching r"(.*)*x", r"^(a|aa)*$"};', 3),
    ("redos-regex", 'tool r"^(\\w+\\s?)*$" -> @tags |= {};', 1),
    ("redos-regex", 'let s = {r"^[a-z]+$", r"^(?>a+)+$", r"^a++$", r"^(ab|cd)*$"};', 0),
    # issue 18: identical alternatives, a repeated optional part, iterations that can
    # end at any comma (all three ran for minutes in `re`)
    ("redos-regex", 'let s = {r"^(a|a)*$", r"^(a?){25}a{25}$", str matching r"^(.*?,){11}P"};', 3),
    ("redos-regex", 'let s = {r"^(.*?,)*P$", r"^(ab|ab)+$"};', 2),
    # ... and their sound neighbours: a class that stops at the comma, a square, a
    # few optional parts, an IPv4 and an IPv6 shape
    (
        "redos-regex",
        'let s = {r"^([^,]*,){11}P$", r"^(.*,){2}x$", r"^(a?){5}$", '
        r'r"^(\d{1,3}\.){3}\d{1,3}$", r"^([0-9a-f]{0,4}:){7}[0-9a-f]{0,4}$"};',
        0,
    ),
    ("pattern-in-metadata-set", 'tool "t" { must deny when x.tags overlaps {r"^a.*$"}; }', 1),
    ("pattern-in-metadata-set", 'tool "t" { must deny when x.tags subset of {w"a*", "b"}; }', 1),
    ("pattern-in-metadata-set", 'tool "t" { must deny when x.tags == {int 1..3}; }', 1),
    (
        "pattern-in-metadata-set",
        'let p = {w"web*"}; let q = p | {"x"}; tool "t" { must deny when x.tags overlaps q; }',
        1,
    ),
    ("pattern-in-metadata-set", 'tool "t" { must deny when x.value in {r"^a.*$", w"b*"}; }', 0),
    ("pattern-in-metadata-set", 'tool "t" { must deny when x.tags overlaps {"a*"}; }', 0),
    ("universal-tags", 'tool "t" { must deny when x.tags is universal; }', 1),
    ("universal-tags", 'tool "t" { must deny when @args.producers is universal; }', 1),
    ("universal-tags", 'tool "t" { must deny when x.consumers is universal; }', 0),
    ("universal-tags", 'tool "t" { must deny when x.tags is empty; }', 0),
    ("double-escaped-regex", r'let s = {r"^a\\.b$"};', 1),
    ("double-escaped-regex", r'tool r"^a\\d+$" -> @tags |= {};', 1),
    ("double-escaped-regex", r'let s = {r"^a\.b$", r"^a\\\\.b$", r"^a\\n$"};', 0),
    # style
    ("unused-let", 'let a = {}; let b = {"x"}; tool "t" { must deny when x.tags overlaps b; }', 1),
    ("unused-let", "let a = {}; let b = a;", 1),
    ("unused-let", "let a = {}; let a = {}; let b = a | {};", 1),
    ("duplicate-set-element", 'let s = {"a", "b", "a", "a"};', 2),
    ("duplicate-set-element", "let s = {1, 1.0, int 1..2, int 1..2};", 2),  # 1 == 1.0
    ("duplicate-set-element", 'let s = {"a", r"a", w"a", str "a"};', 0),
    ("redundant-set-op", "let a = x | {}; let b = {} | x; let c = x - {}; let d = x ^ {};", 4),
    ("redundant-set-op", 'let a = x & {"*"}; let b = ({"*"}) intersect x;', 2),
    ("redundant-set-op", 'let a = x & {}; let b = {} - x; let c = x | {"*"};', 0),
    ("keyword-synonym", 'tool "t" { hard deny always; soft allow always; must deny always; }', 2),
    ("keyword-synonym", "let s = a union b intersect c | d;", 2),
    ("keyword-synonym", 'tool "t" { must deny always; should allow always; }', 0),
    ("let-naming", "let TrustedUsers = {}; let ok_name = {}; let _private = {};", 2),
    ("missing-doc-comment", 'tool "a" { must deny always; } tool "b" -> @tags |= {};', 2),
    ("missing-doc-comment", '/// Why.\ntool "a" { must deny always; }', 0),
]


@pytest.mark.parametrize(
    ("rule", "policy", "count"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_fires_where_it_should_and_nowhere_else(rule: str, policy: str, count: int) -> None:
    found = findings(policy, rule)
    assert len(found) == count, [(d.span.line, d.span.column, d.message) for d in found]


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
