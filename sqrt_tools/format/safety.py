"""The proof that formatting kept the policy: re-parse the output and compare.

Three things must hold between the input and the formatted text, or the output is
refused (`UnsafeFormatError`) and nothing is written:
1. the output parses without errors;
2. the two syntax trees are equal, spans aside; the only spellings allowed to differ
   are the keyword synonyms the options ask to respell (`spelling.respelled_fields`),
   and those must still mean the same;
3. the ordinary comments are the same texts in the same order, and each one is still
   inside the same declaration (or between the same two declarations).
Trailing white space at the end of a `//` or `///` line is not compared: the
formatter removes it (`cursor.printed_comment`).

The tree comparison uses an explicit stack, so trees thousands of levels deep compare
without recursion (dataclass `==` would recurse).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import fields

from sqrt_tools.format.context import start_of
from sqrt_tools.format.cursor import printed_comment
from sqrt_tools.format.errors import UnsafeFormatError
from sqrt_tools.format.options import FormatOptions
from sqrt_tools.format.spelling import SpellingClasses, respelled_fields
from sqrt_tools.syntax import ParseResult, ast, parse


def verify(original: ParseResult, output: str, options: FormatOptions) -> None:
    """Raise `UnsafeFormatError` unless `output` is the same policy as `original`."""
    reparsed = parse(output)
    if not reparsed.ok:
        first = reparsed.diagnostics[0]
        raise UnsafeFormatError(
            f"the formatted text does not parse (line {first.span.line}: {first.message})",
            output,
        )
    difference = first_difference(original.program, reparsed.program, respelled_fields(options))
    if difference is not None:
        raise UnsafeFormatError(f"the formatted policy would differ: {difference}", output)
    problem = comment_difference(original.program, reparsed.program)
    if problem is not None:
        raise UnsafeFormatError(problem, output)


def first_difference(
    before: ast.Node, after: ast.Node, respelled: SpellingClasses | None = None
) -> str | None:
    """How two trees differ, in words, located at the first node (of `before`) that
    differs; None when they are the same policy."""
    respelled = respelled or {}
    stack: list[tuple[ast.Node, ast.Node]] = [(before, after)]
    while stack:
        left, right = stack.pop()
        kind = type(left)
        where = f"line {left.span.line}"
        if type(right) is not kind:
            return f"{where}: {kind.__name__} became {type(right).__name__}"
        for name in _compared_fields(kind):
            old = getattr(left, name)
            new = getattr(right, name)
            if isinstance(old, ast.Node):
                stack.append((old, new))
            elif isinstance(old, tuple):
                if not isinstance(new, tuple) or len(old) != len(new):
                    return f"{where}: {kind.__name__}.{name} has a different number of items"
                for old_item, new_item in zip(old, new, strict=True):
                    if isinstance(old_item, ast.Node):
                        stack.append((old_item, new_item))
                    elif old_item != new_item:
                        return f"{where}: {kind.__name__}.{name} changed"
            elif not _same_value(kind, name, old, new, respelled):
                return f"{where}: {kind.__name__}.{name} {old!r} became {new!r}"
    return None


def _same_value(
    kind: type[ast.Node], name: str, old: object, new: object, respelled: SpellingClasses
) -> bool:
    if kind is ast.DocComment and name == "text":
        assert isinstance(old, str) and isinstance(new, str)
        return printed_comment(old) == printed_comment(new)
    classes = respelled.get((kind, name))
    if classes is not None and isinstance(old, str) and isinstance(new, str):
        return classes.get(old, old) == classes.get(new, new)
    return old == new


def _compared_fields(kind: type[ast.Node]) -> tuple[str, ...]:
    """The fields that make up a node's meaning: all but the span and side tables."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(item.name for item in fields(kind) if item.compare)
    return names


_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {}


def comment_difference(before: ast.Program, after: ast.Program) -> str | None:
    """How the comments of two programs differ (texts, order, owners); None if alike."""
    old_texts = [printed_comment(comment.text) for comment in before.comments]
    new_texts = [printed_comment(comment.text) for comment in after.comments]
    if old_texts != new_texts:
        for index, (old, new) in enumerate(zip(old_texts, new_texts, strict=False)):
            if old != new:
                line = before.comments[index].span.line
                return f"comment {index + 1} (line {line}) would change or move: {old!r}"
        return f"{len(old_texts)} comments would become {len(new_texts)}"
    old_owners = comment_owners(before)
    new_owners = comment_owners(after)
    for index, (old_owner, new_owner) in enumerate(zip(old_owners, new_owners, strict=True)):
        if old_owner != new_owner:
            line = before.comments[index].span.line
            return f"the comment at line {line} would move to another declaration"
    return None


def comment_owners(program: ast.Program) -> list[int]:
    """For each comment: `2 * i + 1` when it is inside declaration `i` (doc comments
    included), `2 * i` when it stands between declarations `i - 1` and `i`."""
    declarations = program.declarations
    starts = [start_of(declaration) for declaration in declarations]
    owners: list[int] = []
    for comment in program.comments:
        index = bisect_right(starts, comment.span.start) - 1
        if index >= 0 and comment.span.start < declarations[index].span.end:
            owners.append(2 * index + 1)
        else:
            owners.append(2 * (index + 1))
    return owners
