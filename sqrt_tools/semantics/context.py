"""Where an expression stands, and what the language lets it mean there.

Every context rule of SQRT that the service does not document lives in this module,
each marked [ours] with the reason, so that it can be changed in one place when the
service says otherwise. The linter and the language server ask these questions; they
never decide them on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from sqrt_tools.syntax import ast


class Place(StrEnum):
    """The kind of position an expression is evaluated in."""

    LET = "let"  # a `let` value: its meaning is decided where the name is used
    TOOL_ID = "tool id"
    CHECK = "check rule"  # the condition of `must deny when ...` and friends
    RESULT = "result block"  # `result { ... }` or a shorthand aimed at the result
    SESSION_BEFORE = "session before block"
    SESSION_AFTER = "session after block"
    PRIORITY = "priority"


Subject = Literal["result", "session"]

# [doc] `@result` does not exist in `session before` blocks (they run before the call).
# [ours] Check rules run before the tool too (step 3 of the evaluation comes before step
# 4), so a check can only ever see an empty result; we treat `@result` there as absent.
_RESULT_AVAILABLE = frozenset({Place.RESULT, Place.SESSION_AFTER})

# [doc] `@FIELD` is the block's own subject: the result in a `result` block, the session
# in a `session` block. [ours] A check rule is not a block and has no subject.
_SUBJECT: dict[Place, Subject] = {
    Place.RESULT: "result",
    Place.SESSION_BEFORE: "session",
    Place.SESSION_AFTER: "session",
}

# [doc] A shorthand's target: `result` by default, `session` alone means `session after`.
_SHORTHAND_PLACE: dict[str | None, Place] = {
    None: Place.RESULT,
    "result": Place.RESULT,
    "session": Place.SESSION_AFTER,
    "session after": Place.SESSION_AFTER,
    "session before": Place.SESSION_BEFORE,
}

PolicyNode = ast.ToolPolicy | ast.ToolShorthand


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """The place an expression is in, with the declarations that enclose it.

    One object is shared by every node of a member (contexts compare by identity).
    """

    place: Place
    policy: PolicyNode | None = None
    let: ast.LetDecl | None = None
    member: ast.Node | None = None

    @property
    def result_available(self) -> bool:
        """True when `@result` holds the tool's result here (see the [ours] note above)."""
        return self.place in _RESULT_AVAILABLE

    @property
    def subject(self) -> Subject | None:
        """What `@tags`/`@producers`/`@consumers` refer to here, or None when nothing."""
        return _SUBJECT.get(self.place)


def member_place(member: ast.Node) -> Place | None:
    """The place of a tool member's expressions, None for members without any."""
    if isinstance(member, ast.CheckRule):
        return Place.CHECK
    if isinstance(member, ast.ResultBlock):
        return Place.RESULT
    if isinstance(member, ast.SessionBlock):
        return Place.SESSION_BEFORE if member.timing == "before" else Place.SESSION_AFTER
    if isinstance(member, ast.Priority):
        return Place.PRIORITY
    return None


def shorthand_place(shorthand: ast.ToolShorthand) -> Place:
    """Where a shorthand's update and condition run."""
    return _SHORTHAND_PLACE[shorthand.target]
