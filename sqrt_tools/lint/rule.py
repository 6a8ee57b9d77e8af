"""What a lint rule is: metadata, documentation, and the hooks the linter calls.

A rule is a class in its own module under `sqrt_tools.lint.rules`. The module's
docstring is the rule's user documentation (printed by `sqrt rule`, collected into
`docs/rules.md`), in four parts: what it flags (the first line), `## Why it matters`,
`## Example` and `## Instead`. Rules are stateless: the linter makes one `Checker` per
rule and file, and a rule reports through it.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from sqrt_tools.semantics import Context, SemanticModel
from sqrt_tools.syntax import ast
from sqrt_tools.syntax.diagnostics import Diagnostic, Fix, Related, Severity
from sqrt_tools.syntax.spans import LineIndex, Span

if TYPE_CHECKING:
    from sqrt_tools.presets import Presets
    from sqrt_tools.tools.catalog import ToolCatalog


class Category(StrEnum):
    SYNTAX = "syntax"
    SUPPRESSION = "suppression"
    CORRECTNESS = "correctness"
    SUSPICIOUS = "suspicious"
    STYLE = "style"
    TOOLS = "tools"


CATEGORY_DESCRIPTIONS: dict[Category, str] = {
    Category.SYNTAX: "The text is not SQRT; always reported, cannot be turned off.",
    Category.SUPPRESSION: "Problems with `// sqrt: ignore[...]` comments themselves.",
    Category.CORRECTNESS: "Policies that cannot do what they say: errors unless noted.",
    Category.SUSPICIOUS: "Policies that probably do not do what their author meant.",
    Category.STYLE: "Consistency and tidiness; off or informational by default.",
    Category.TOOLS: "Policies checked against the agent's tool definitions (`--tools`, "
    "`tools = [...]`); silent when no tools are configured.",
}


class FixAvailability(StrEnum):
    NONE = "none"
    ALWAYS = "always"
    SOMETIMES = "sometimes"


class FixSafety(StrEnum):
    """As in ruff: `--fix` applies safe fixes only; unsafe ones (a fix that may change
    what the policy means) need `--unsafe-fixes`, and editors offer them as quick fixes
    but never in "fix all"."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Option:
    """A rule option set in `[tool.sqrt.rules.RULE-NAME]`."""

    default: Any
    description: str
    validate: Callable[[Any], str | None]  # an error message, or None when valid


class Rule:
    """Base class of every rule. Subclasses set the class variables and override hooks."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    enabled_by_default: ClassVar[bool] = True
    fix: ClassVar[FixAvailability] = FixAvailability.NONE
    # Whether the rule's fixes keep the policy's meaning (each `Fix.safe` says the same).
    fix_safety: ClassVar[FixSafety] = FixSafety.SAFE
    options: ClassVar[Mapping[str, Option]] = {}
    # The node types `visit` is called for, each node once, with its context.
    node_types: ClassVar[tuple[type[ast.Node], ...]] = ()

    def visit(self, node: ast.Node, context: Context, check: Checker) -> None:
        """Look at one node of a subscribed type."""

    def finish(self, check: Checker) -> None:
        """Look at the whole program (after every node was visited)."""

    @classmethod
    def fix_description(cls) -> str:
        """ "always", "sometimes (unsafe)", "none": availability and, for an unsafe fix,
        its kind."""
        if cls.fix is FixAvailability.NONE or cls.fix_safety is FixSafety.SAFE:
            return str(cls.fix)
        return f"{cls.fix} ({cls.fix_safety})"

    @classmethod
    def documentation(cls) -> str:
        """The rule's user documentation: its module's docstring."""
        return (sys.modules[cls.__module__].__doc__ or "").strip()

    @classmethod
    def summary(cls) -> str:
        """What the rule flags, in one sentence (the docstring's first paragraph)."""
        first = cls.documentation().split("\n\n", 1)[0]
        return " ".join(first.split())

    @classmethod
    def section(cls, title: str) -> str:
        """The text of one `## title` section of the documentation ('' when absent)."""
        match = re.search(
            rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", cls.documentation(), re.M | re.S
        )
        return match.group(1).strip() if match else ""


@dataclass(slots=True)
class Checker:
    """One rule's view of one file: the model, the text, options, and `report`."""

    rule: Rule
    model: SemanticModel
    source: str
    line_index: LineIndex
    severity: Severity
    options: Mapping[str, Any]
    out: list[Diagnostic]
    memo: dict[Any, Any] = field(default_factory=dict)  # per-file caches of a rule
    # The agent's tool definitions; None when none are configured (tool rules are silent).
    tools: ToolCatalog | None = None
    # The project's presets; None: the service's dual-LLM defaults.
    presets: Presets | None = None

    def report(
        self,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
    ) -> None:
        self.out.append(
            Diagnostic(self.rule.name, self.rule.code, self.severity, message, span, fix, related)
        )

    def span(self, start: int, end: int) -> Span:
        return self.line_index.span(start, end)

    def text(self, span: Span) -> str:
        return self.source[span.start : span.end]

    def comments_within(self, start: int, end: int) -> bool:
        """True when an ordinary comment overlaps `[start, end)` (fixes must keep it)."""
        comments = self.model.program.comments
        starts: list[int] | None = self.memo.get(_COMMENT_STARTS)
        if starts is None:
            starts = self.memo[_COMMENT_STARTS] = [comment.span.start for comment in comments]
        # Comments are in source order and never overlap: only the one starting before
        # `start` and the first starting at or after it can reach into the range.
        index = bisect_left(starts, start)
        for candidate in comments[max(index - 1, 0) : index + 1]:
            if candidate.span.start < end and candidate.span.end > start:
                return True
        return False


_COMMENT_STARTS = "comment starts"
