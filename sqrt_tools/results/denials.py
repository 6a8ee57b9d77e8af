"""The service's denial messages, one table entry per known wording.

A failed run says why in `error.message`. The service words a denial in several ways
[doc: its docs and the outputs of its advanced-examples notebook]; each wording is one
entry of `WORDINGS`, tried in order, and gives what it carries: the denied tool, the
policy phase, and for the newer argument-check wording the call's arguments, quoted as
a Python literal after `Context:`. A message that sounds like a denial but matches no
entry is an "unrecognised denial": shown as it came, never dropped.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# A quoted context longer than this is not decoded (ast.literal_eval on a huge literal
# costs time and memory); the message is still shown.
MAX_CONTEXT_CHARS = 100_000


class DenialKind(StrEnum):
    TOOL_CALL = "tool_call"  # a policy denied one tool call
    CONTROL_FLOW = "control_flow"  # the plan branched on data it may not depend on
    UNRECOGNISED = "unrecognised"  # sounds like a denial; no known wording matched


@dataclass(frozen=True, slots=True)
class Wording:
    """One way the service words a denial."""

    name: str
    kind: DenialKind
    pattern: re.Pattern[str]
    # What the wording means, for people (control-flow wordings name no tool).
    meaning: str


_PHASE = r"(?P<phase>[\w][\w\s-]*?)"
_TOOL_NAME = r"[\w.\-]+"

WORDINGS: tuple[Wording, ...] = (
    Wording(
        "tool-call-to-with-context",
        DenialKind.TOOL_CALL,
        re.compile(
            rf"Tool call to '(?P<tool>{_TOOL_NAME})' is denied by {_PHASE} policies\."
            r"\s*Context:\s*(?P<context>.*)",
            re.S,
        ),
        "a policy denied this call; the message quotes its arguments",
    ),
    Wording(
        "tool-call-to",
        DenialKind.TOOL_CALL,
        re.compile(rf"Tool call to '(?P<tool>{_TOOL_NAME})' is denied by {_PHASE} policies\."),
        "a policy denied this call",
    ),
    Wording(
        "tool-call",
        DenialKind.TOOL_CALL,
        re.compile(rf"Tool call (?P<tool>{_TOOL_NAME}) (?:was )?denied by {_PHASE} polic(?:y|ies)"),
        "a policy denied this call",
    ),
    Wording(
        "control-flow-violation",
        DenialKind.CONTROL_FLOW,
        re.compile(r"Control flow violation detected during program execution\."),
        "the program branched on data the branching preset forbids it to depend on",
    ),
    Wording(
        "control-flow-no-retries",
        DenialKind.CONTROL_FLOW,
        re.compile(
            r"The program violated control flow policies and cannot continue as retries "
            r"on policy violations are disabled\."
        ),
        "the program branched on data the branching preset forbids it to depend on, "
        "and retries after a policy violation are off",
    ),
)

# Words that make a message sound like a denial even when no wording matches.
_SOUNDS_LIKE_DENIAL = re.compile(r"\bden(?:y|ied|ial)\b|\bviolat\w*|\bpolic(?:y|ies)\b", re.I)


@dataclass(frozen=True, slots=True)
class DeniedArgument:
    """One argument quoted in a denial's context: its value, metadata and value type,
    and any other field the service sent beside them (kept, never dropped)."""

    name: str
    value: Any
    meta: dict[str, Any] | None
    value_type: str | None
    other: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MessageDenial:
    """What a denial message says."""

    kind: DenialKind
    wording: str | None  # the entry of WORDINGS that matched (None: unrecognised)
    meaning: str
    tool: str | None
    phase: str | None
    arguments: tuple[DeniedArgument, ...] | None  # None: the message quotes none
    context_text: str | None  # the quoted context as it came
    context_problem: str | None  # why the context could not be decoded


def read_denial_message(message: str) -> MessageDenial | None:
    """The denial a message words, or None when it does not sound like one."""
    for wording in WORDINGS:
        match = wording.pattern.search(message)
        if match is None:
            continue
        groups = match.groupdict()
        tool = groups.get("tool")
        phase = " ".join(groups["phase"].split()) if groups.get("phase") else None
        context = groups.get("context")
        arguments: tuple[DeniedArgument, ...] | None = None
        problem: str | None = None
        if context is not None:
            context = context.strip()
            arguments, problem = read_context(context)
        return MessageDenial(
            wording.kind, wording.name, wording.meaning, tool, phase, arguments, context, problem
        )
    if _SOUNDS_LIKE_DENIAL.search(message):
        return MessageDenial(
            DenialKind.UNRECOGNISED,
            None,
            "the message sounds like a denial, in a wording this inspector does not know",
            None,
            None,
            None,
            None,
            None,
        )
    return None


def read_context(text: str) -> tuple[tuple[DeniedArgument, ...] | None, str | None]:
    """The arguments of a `Context: {'args': {...}}` quote, or why they cannot be read.

    The quote is a Python literal (repr), read with `ast.literal_eval`, which evaluates
    literals only: no name is looked up and no code runs.
    """
    literal = _balanced_braces(text)
    if literal is None:
        return None, "the context is cut short or not a Python literal"
    if len(literal) > MAX_CONTEXT_CHARS:
        return None, f"the context is longer than {MAX_CONTEXT_CHARS:,} characters"
    try:
        data = ast.literal_eval(literal)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None, "the context is not a Python literal"
    if not isinstance(data, dict) or not isinstance(data.get("args"), dict):
        return None, "the context holds no `args` mapping"
    arguments = []
    for name, entry in data["args"].items():
        if isinstance(entry, dict) and "value" in entry:
            meta = entry.get("meta")
            value_type = entry.get("value_type")
            other = {
                str(key): to_json_like(value)
                for key, value in entry.items()
                if key not in ("value", "meta", "value_type")
            }
            arguments.append(
                DeniedArgument(
                    str(name),
                    to_json_like(entry["value"]),
                    to_json_like(meta) if isinstance(meta, dict) else None,
                    str(value_type) if value_type is not None else None,
                    other,
                )
            )
        else:  # a plain value: no metadata quoted
            arguments.append(DeniedArgument(str(name), to_json_like(entry), None, None, {}))
    return tuple(arguments), None


def to_json_like(value: Any) -> Any:
    """A Python literal as JSON-like data: tuples and sets become lists (sets sorted),
    bytes and other non-JSON scalars their repr, dictionary keys strings."""
    if isinstance(value, dict):
        return {str(key): to_json_like(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_like(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((to_json_like(item) for item in value), key=repr)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return repr(value)


def _balanced_braces(text: str) -> str | None:
    """The `{...}` literal at the start of `text`, up to its matching brace, skipping
    braces inside quoted strings; None when it never closes (a message cut short)."""
    start = text.find("{")
    if start < 0:
        return None
    depth = 0
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
        index += 1
    return None
