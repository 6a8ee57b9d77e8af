"""Applying fixes: text edits on the AST's spans, proven safe before they are kept.

Fixes are applied in rounds: the non-overlapping fixes of one lint are applied (safe
ones; unsafe ones too when asked, as ruff's `--unsafe-fixes`),
the text is re-parsed and re-linted, and the next round picks up what overlapped or
what the first fixes uncovered (removing an unused `let` can make another unused).
A round is kept only if its result parses and keeps every ordinary comment verbatim
(suppression comments aside, which a fix may edit, and the leading comments of a
declaration a fix removes, which go with it: `Fix.removed_comments`); otherwise its
fixes are tried one at a time and only those that pass are kept. So `--fix` never
writes a policy that does not parse or has lost a comment it did not mean to remove.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqrt_tools.lint.linter import lint_source
from sqrt_tools.lint.settings import LintSettings
from sqrt_tools.syntax import parse
from sqrt_tools.syntax.diagnostics import Diagnostic, Fix, TextEdit

MAX_ROUNDS = 20
# Only `sqrt: ignore[...]` comments may be edited by a fix (`unused-suppression`);
# every other comment, `sqrt: fmt-off` included, must survive verbatim.
_SUPPRESSION = re.compile(r"^(?://|/\*)\s*sqrt\s*:\s*ignore")


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """The fixed text, the findings that were fixed, and what remains."""

    source: str
    fixed: tuple[Diagnostic, ...]
    remaining: tuple[Diagnostic, ...]

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def apply_edits(source: str, edits: Iterable[TextEdit]) -> str:
    """`source` with `edits` applied; edits must not overlap."""
    ordered = sorted(edits, key=lambda edit: (edit.span.start, edit.span.end))
    pieces: list[str] = []
    position = 0
    for edit in ordered:
        pieces.append(source[position : edit.span.start])
        pieces.append(edit.new_text)
        position = edit.span.end
    pieces.append(source[position:])
    return "".join(pieces)


def fixable(diagnostic: Diagnostic, *, unsafe: bool = False) -> bool:
    """Whether `--fix` applies the finding's fix: safe fixes always, unsafe ones (which
    may change the policy's meaning) only with `--unsafe-fixes`."""
    return diagnostic.fix is not None and (diagnostic.fix.safe or unsafe)


def fix_source(
    source: str,
    settings: LintSettings | None = None,
    *,
    path: str | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    """Apply every safe fix to `source` (and the unsafe ones too with `unsafe`), round
    after round, keeping only proven rounds."""
    fixed: list[Diagnostic] = []
    current = source
    result = lint_source(current, settings, path=path)
    for _ in range(MAX_ROUNDS):
        candidates = [d for d in result.diagnostics if fixable(d, unsafe=unsafe)]
        if not candidates:
            break
        chosen = _non_overlapping(candidates)
        updated = _apply(current, chosen)
        if updated is not None:
            applied = chosen
        else:
            applied, updated = _one_by_one(current, chosen)
        if not applied or updated == current:
            break
        fixed.extend(applied)
        current = updated
        result = lint_source(current, settings, path=path)
    return FixOutcome(current, tuple(fixed), result.diagnostics)


def _non_overlapping(candidates: list[Diagnostic]) -> list[Diagnostic]:
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []
    for diagnostic in sorted(candidates, key=lambda d: _extent(d.fix)):
        assert diagnostic.fix is not None
        ranges = [(edit.span.start, edit.span.end) for edit in diagnostic.fix.edits]
        if any(_overlaps(r, t) for r in ranges for t in taken):
            continue
        chosen.append(diagnostic)
        taken.extend(ranges)
    return chosen


def _extent(fix: Fix | None) -> tuple[int, int]:
    assert fix is not None
    return (min(e.span.start for e in fix.edits), max(e.span.end for e in fix.edits))


def _overlaps(first: tuple[int, int], second: tuple[int, int]) -> bool:
    # Two insertions at the same point, or an insertion inside a replaced range, also
    # conflict: the order of the inserted texts would be a guess.
    return (first[0] < second[1] and second[0] < first[1]) or first[0] == second[0]


def _apply(source: str, diagnostics: list[Diagnostic]) -> str | None:
    """The fixed text, or None when it fails to parse or loses a comment that no fix
    meant to remove."""
    edits = [edit for d in diagnostics if d.fix is not None for edit in d.fix.edits]
    removed = {
        span.start for d in diagnostics if d.fix is not None for span in d.fix.removed_comments
    }
    updated = apply_edits(source, edits)
    return updated if _still_sound(source, updated, removed) else None


def _one_by_one(source: str, diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], str]:
    # Each fix is tried on the original text; the ones that pass alone are applied
    # together and re-checked once more, so a pair that conflicts is still caught.
    passing = [d for d in diagnostics if _apply(source, [d]) is not None]
    while passing:
        updated = _apply(source, passing)
        if updated is not None:
            return passing, updated
        passing = passing[:-1]
    return [], source


def _still_sound(before: str, after: str, removed: set[int]) -> bool:
    """`after` parses and keeps, verbatim and in order, every comment of `before` but
    suppressions and the comments starting at `removed` (removed on purpose)."""
    parsed_after = parse(after)
    if not parsed_after.ok:
        return False
    return _kept_comments(before, removed) == [
        comment.text
        for comment in parsed_after.program.comments
        if not _is_suppression(comment.text)
    ]


def _kept_comments(source: str, removed: set[int]) -> list[str]:
    return [
        comment.text
        for comment in parse(source).program.comments
        if not _is_suppression(comment.text) and comment.span.start not in removed
    ]


def _is_suppression(text: str) -> bool:
    return _SUPPRESSION.match(text) is not None
