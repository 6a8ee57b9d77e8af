"""`sqrt_tools.parse`: the AST it builds, its spans, comments and doc comments."""

from __future__ import annotations

import pytest

from sqrt_tools import parse
from sqrt_tools.syntax import ast


def single(source: str) -> ast.Node:
    result = parse(source)
    assert result.ok, [d.message for d in result.diagnostics]
    assert len(result.program.declarations) == 1
    return result.program.declarations[0]


def condition_of(predicate: str) -> ast.Expr:
    tool = single(f'tool "t" {{ must deny when {predicate}; }}')
    assert isinstance(tool, ast.ToolPolicy)
    rule = tool.members[0]
    assert isinstance(rule, ast.CheckRule) and rule.condition is not None
    return rule.condition


def let_value(expression: str) -> ast.Expr:
    let = single(f"let x = {expression};")
    assert isinstance(let, ast.LetDecl)
    return let.value


def test_let_binds_a_neutral_name_that_the_parser_does_not_classify() -> None:
    assert let_value("b") == ast.NameRef("b", span=None)  # type: ignore[arg-type]
    assert let_value("((b))") == ast.Group(
        ast.Group(ast.NameRef("b", span=None), span=None), span=None
    )  # type: ignore[arg-type]


def test_predicate_precedence_not_over_and_over_or() -> None:
    value = let_value("not a and b or c")
    assert isinstance(value, ast.BoolOp) and value.op == "or"
    assert isinstance(value.left, ast.BoolOp) and value.left.op == "and"
    assert isinstance(value.left.left, ast.Not)


def test_set_precedence_and_keyword_spellings_are_recorded() -> None:
    value = let_value('a ^ b minus c & d union e with "x"')
    assert isinstance(value, ast.SetOp) and (value.op, value.symbol) == ("xor", "^")
    minus = value.right
    assert isinstance(minus, ast.SetOp) and (minus.op, minus.symbol) == ("minus", "minus")
    intersect = minus.right
    assert isinstance(intersect, ast.SetOp) and intersect.symbol == "&"
    union = intersect.right
    assert isinstance(union, ast.SetOp) and (union.op, union.symbol) == ("union", "union")
    assert isinstance(union.right, ast.WithElement)


def test_set_operators_are_left_associative() -> None:
    value = let_value("a | b | c")
    assert isinstance(value, ast.SetOp) and isinstance(value.left, ast.SetOp)


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ("x.tags overlaps {}", ("overlaps", ast.ArgMeta)),
        ("@result.tags subset of {}", ("subset of", ast.ResultMeta)),
        ("@session.consumers superset of {}", ("superset of", ast.SessionMeta)),
        ("@tags == {}", ("==", ast.SubjectMeta)),
        ("@args.tags.intersect overlaps {}", ("overlaps", ast.ArgsMeta)),
        ("union of producers from args overlaps {}", ("overlaps", ast.Aggregation)),
    ],
)
def test_set_comparisons_keep_operator_and_accessor(
    predicate: str, expected: tuple[str, type[ast.Node]]
) -> None:
    comparison = condition_of(predicate)
    assert isinstance(comparison, ast.SetComparison)
    assert comparison.op == expected[0]
    assert isinstance(comparison.left, expected[1])


def test_value_comparisons() -> None:
    equals = condition_of('to.value == "a@b.c"')
    assert isinstance(equals, ast.ValueEquals)
    assert isinstance(equals.left, ast.ArgValue) and equals.left.arg.text == "to"
    assert isinstance(equals.right, ast.StringLiteral) and equals.right.value == "a@b.c"
    member = condition_of("@result.value in {int 1..5}")
    assert isinstance(member, ast.ValueIn) and isinstance(member.operand, ast.ResultValue)


def test_keyword_named_arguments_are_names() -> None:
    comparison = condition_of('from.tags overlaps {"x"} and in.value == 1')
    assert isinstance(comparison, ast.BoolOp)
    left = comparison.left
    assert isinstance(left, ast.SetComparison) and isinstance(left.left, ast.ArgMeta)
    assert left.left.arg.text == "from"
    let = single('let tool = {"a"};')
    assert isinstance(let, ast.LetDecl) and let.name.text == "tool"


@pytest.mark.parametrize(
    ("written", "low", "op", "high"),
    [
        ("1..5", 1, "..", 5),
        ("1<..5", 1, "<..", 5),
        ("1..<5", 1, "..<", 5),
        ("1<..<5", 1, "<..<", 5),
        ("1..", 1, "..", None),
        ("1<..", 1, "<..", None),
        ("..5", None, "..", 5),
        ("..<5", None, "..<", 5),
        ("7", 7, None, None),
        ("-inf..+inf", float("-inf"), "..", float("inf")),
        ("-2.5..inf", -2.5, "..", float("inf")),
    ],
)
def test_every_range_form(
    written: str, low: float | None, op: str | None, high: float | None
) -> None:
    domain = let_value(f"int {written}")
    assert isinstance(domain, ast.NumberDomain)
    bounds = domain.range
    assert (bounds.low.value if bounds.low else None) == low  # type: ignore[union-attr]
    assert bounds.op == op
    assert (bounds.high.value if bounds.high else None) == high  # type: ignore[union-attr]


def test_every_domain_kind() -> None:
    literal = let_value(
        '{bool true, float 0.5..1.0, str "a", str matching r"^a$" length 1..3, '
        'str like w"*.txt", datetime d"2024-01-01"..<d"2025-01-01", '
        'datetime "x", datetime 0, 5, "s"}'
    )
    assert isinstance(literal, ast.SetLiteral)
    kinds = [type(element).__name__ for element in literal.elements]
    assert kinds == [
        "BoolDomain",
        "NumberDomain",
        "StrDomain",
        "StrDomain",
        "StrDomain",
        "DatetimeDomain",
        "DatetimeDomain",
        "DatetimeDomain",
        "NumberLiteral",
        "StringLiteral",
    ]
    matching = literal.elements[3]
    assert isinstance(matching, ast.StrDomain) and isinstance(matching.pattern, ast.StrPattern)
    assert matching.pattern.literal.kind == "r" and matching.length is not None


def test_tool_policy_members_and_blocks() -> None:
    tool = single(
        'tool r"^send_.*$" {\n'
        "    priority 5;\n"
        "    hard deny when a;\n"
        "    soft allow always;\n"
        '    result { @tags |= {"x"}; when a { @consumers = {"*"}; } }\n'
        "    session before { @session.tags -= {}; }\n"
        "    session after { to.tags ^= @result.tags; }\n"
        "}"
    )
    assert isinstance(tool, ast.ToolPolicy)
    assert tool.tool_id.kind == "r" and tool.tool_id.value == "^send_.*$"
    priority, deny, allow, result, before, after = tool.members
    assert isinstance(priority, ast.Priority) and priority.value.value == 5
    assert isinstance(deny, ast.CheckRule) and deny.enforcement == "hard" and deny.is_hard
    assert isinstance(allow, ast.CheckRule) and allow.condition is None and not allow.is_hard
    assert isinstance(result, ast.ResultBlock)
    update, when = result.statements
    assert isinstance(update, ast.Update) and update.op == "|="
    assert isinstance(when, ast.WhenBlock) and len(when.statements) == 1
    assert isinstance(before, ast.SessionBlock) and before.timing == "before"
    assert isinstance(after, ast.SessionBlock)
    target = after.statements[0]
    assert isinstance(target, ast.Update) and isinstance(target.target, ast.ArgMeta)


@pytest.mark.parametrize(
    ("source", "target", "priority", "has_condition"),
    [
        ('tool "a" -> @tags |= {"x"};', None, None, False),
        ('tool "a" [10] -> result @tags = {};', "result", 10, False),
        ('tool "a" -> session @tags -= {} when x;', "session", None, True),
        ('tool "a" -> session before @producers &= {};', "session before", None, False),
        ('tool "a" [-1] -> session after @consumers ^= {};', "session after", -1, False),
    ],
)
def test_shorthand_forms(
    source: str, target: str | None, priority: int | None, has_condition: bool
) -> None:
    shorthand = single(source)
    assert isinstance(shorthand, ast.ToolShorthand)
    assert shorthand.target == target
    assert (shorthand.priority.value if shorthand.priority else None) == priority
    assert (shorthand.condition is not None) == has_condition
    assert isinstance(shorthand.update.target, ast.SubjectMeta)


def test_doc_comments_attach_to_what_follows_and_comments_go_aside() -> None:
    source = (
        "// header comment\n"
        "/// The limit.\n"
        "let limit = int 1..5; // trailing\n"
        "/* block */\n"
        "/// Mail policy.\n"
        'tool "send" {\n'
        "    /// Never leak.\n"
        '    must deny when body.tags overlaps {"secret"};\n'
        "    result {\n"
        "        /// Mark it.\n"
        '        @tags |= {"sent"};\n'
        "    }\n"
        "}\n"
    )
    result = parse(source)
    assert result.ok
    let, tool = result.program.declarations
    assert isinstance(let, ast.LetDecl) and [d.content for d in let.docs] == ["The limit."]
    assert isinstance(tool, ast.ToolPolicy) and tool.docs[0].content == "Mail policy."
    rule, block = tool.members
    assert isinstance(rule, ast.CheckRule) and rule.docs[0].content == "Never leak."
    assert isinstance(block, ast.ResultBlock)
    statement = block.statements[0]
    assert isinstance(statement, ast.Update) and statement.docs[0].content == "Mark it."
    comments = [(c.text, c.span.line) for c in result.program.comments]
    assert comments == [("// header comment", 1), ("// trailing", 3), ("/* block */", 4)]


def test_spans_locate_nodes_in_the_source() -> None:
    source = 'let a = b;\ntool "t" {\n    must deny when x.tags overlaps {"é"};\n}\n'
    result = parse(source)
    let, tool = result.program.declarations
    assert (let.span.line, let.span.column, let.span.end_column) == (1, 1, 11)
    assert source[let.span.start : let.span.end] == "let a = b;"
    assert isinstance(tool, ast.ToolPolicy)
    rule = tool.members[0]
    assert isinstance(rule, ast.CheckRule) and rule.condition is not None
    assert (rule.span.line, rule.span.column) == (3, 5)
    comparison = rule.condition
    assert source[comparison.span.start : comparison.span.end] == 'x.tags overlaps {"é"}'
    assert isinstance(comparison, ast.SetComparison) and isinstance(comparison.left, ast.ArgMeta)
    assert (comparison.left.arg.span.line, comparison.left.arg.span.column) == (3, 20)


def test_equality_ignores_spans_so_layout_does_not_matter() -> None:
    compact = parse('tool "t"{must deny when a.tags overlaps{"x"};}').program
    spread = parse('tool "t" {\n    must deny when a.tags overlaps {"x"};\n}\n').program
    different = parse('tool "t" { must deny when a.tags overlaps {"y"}; }').program
    assert compact == spread
    assert compact != different


def test_keywords_need_no_word_boundary_like_the_service() -> None:
    tool = single('tool"x"{mustallowalways;}')
    assert isinstance(tool, ast.ToolPolicy)
    rule = tool.members[0]
    assert isinstance(rule, ast.CheckRule) and (rule.enforcement, rule.outcome) == ("must", "allow")


def test_a_name_spelled_like_a_keyword_is_a_name_where_a_name_fits() -> None:
    assert condition_of("not") == ast.NameRef("not", span=None)  # type: ignore[arg-type]
    # ... and the longer reading wins when both readings are complete
    assert condition_of("notx") == ast.NameRef("notx", span=None)  # type: ignore[arg-type]


def test_string_escapes_decode_as_documented() -> None:
    literal = let_value(r'{"a\"b", "c\\d", r"a\.b", r"a\\.b", "x\ny"}')
    assert isinstance(literal, ast.SetLiteral)
    values = [e.value for e in literal.elements if isinstance(e, ast.StringLiteral)]
    assert values == ['a"b', "c\\d", "a\\.b", "a\\.b", "x\ny"]


@pytest.mark.parametrize(
    ("before_cursor", "included", "excluded"),
    [
        ("", {"LET", "TOOL", "DOC_COMMENT"}, {"MUST", "NAME"}),
        (
            'tool "t" { ',
            {"MUST", "HARD", "SHOULD", "SOFT", "PRIORITY", "RESULT", "SESSION"},
            {"LET"},
        ),
        ('tool "t" { must ', {"ALLOW", "DENY"}, {"WHEN", "MUST"}),
        ('tool "t" { must deny ', {"WHEN", "ALWAYS"}, {"ALLOW"}),
        ('tool "t" { must deny when x.', {"META_FIELD"}, {"NAME"}),
        ('tool "t" { must deny when x.tags ', {"OVERLAPS", "SUBSET", "IS", "EQUAL_EQUAL"}, {"IN"}),
        ('tool "t" { session ', {"BEFORE", "AFTER"}, {"LBRACE"}),
        # an error earlier in the file does not blind completion later on
        ('let a = ;\ntool "t" { must ', {"ALLOW", "DENY"}, {"LET"}),
    ],
)
def test_expected_at_offers_what_the_grammar_allows_at_the_cursor(
    before_cursor: str, included: set[str], excluded: set[str]
) -> None:
    from sqrt_tools.syntax import expected_at

    source = before_cursor + "ignored text after the cursor"
    expected = expected_at(source, len(before_cursor))
    assert included <= expected
    assert not (excluded & expected)
