"""What the run itself recorded: the namespace snapshot, the policy check history and
the session metadata, in the evaluator's terms, and which check belongs to which call.

Where the run recorded a value's metadata, it is the truth: a tool may set its own
metadata (`is_sequrity_var`), which no analysis of the plan can know. The analysis
uses what is recorded and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqrt_tools.evaluate import decisions
from sqrt_tools.evaluate.jsonform import InputError, meta_from_json
from sqrt_tools.evaluate.model import Meta
from sqrt_tools.results.denials import DenialKind, read_denial_message
from sqrt_tools.results.history import PolicyCheck, read_policy_checks
from sqrt_tools.sets import UNIVERSAL, ElementSet

if TYPE_CHECKING:
    from sqrt_tools.results.models import Meta as WireMeta
    from sqrt_tools.results.models import MetaSet, ResultDocument


@dataclass(frozen=True, slots=True)
class RecordedValue:
    value: object
    meta: Meta


@dataclass(frozen=True, slots=True)
class RecordedArgument:
    """An argument as a policy check recorded it: its value, and its metadata when the
    entry holds it (`{"value": ..., "meta": {...}}`)."""

    value: object
    meta: Meta | None


@dataclass(frozen=True, slots=True)
class RecordedRun:
    snapshot: dict[str, RecordedValue]
    checks: tuple[PolicyCheck, ...]
    session: Meta | None  # the session metadata the run reported (after it)
    # The number of the check read from the error message (a denial the history does
    # not hold), if any; the control-flow violation the message reports, if any.
    message_check: int | None = None
    control_flow_stop: bool = False

    @classmethod
    def empty(cls) -> RecordedRun:
        return cls({}, (), None)

    def where(self, check: PolicyCheck) -> str:
        """Where a check was recorded, in words."""
        if check.number == self.message_check:
            return "the denial message"
        return f"policy check {check.number}"

    def arguments(self, check: PolicyCheck) -> dict[str, RecordedArgument]:
        """The arguments a check recorded (empty when it recorded none)."""
        if not isinstance(check.arguments, dict):
            return {}
        found: dict[str, RecordedArgument] = {}
        for name, data in check.arguments.items():
            if not isinstance(name, str):
                continue
            if decisions.is_wrapped_value(data):
                meta = _meta_or_none(data.get("meta"), f"policy check {check.number}")
                found[name] = RecordedArgument(data.get("value"), meta)
            else:
                found[name] = RecordedArgument(data, None)
        return found


def read_run(document: ResultDocument) -> RecordedRun:
    snapshot = {
        name: RecordedValue(entry.value, meta_from_wire(entry.meta))
        for name, entry in (document.namespace_snapshot or {}).items()
    }
    session = document.session_meta
    checks = read_policy_checks(document.policy_check_history)
    message = document.error.message if document.error and document.error.message else ""
    denial = read_denial_message(message) if message else None
    message_check: int | None = None
    # The message names the denied call (and may quote its arguments with their
    # metadata): when the history does not end with it, it is one more check.
    names_a_call = denial is not None and denial.kind is not DenialKind.CONTROL_FLOW
    if denial is not None and names_a_call and denial.tool:
        already = bool(checks) and checks[-1].tool == denial.tool and bool(checks[-1].denied)
        if not already:
            arguments = {
                argument.name: {"value": argument.value, "meta": argument.meta}
                if argument.meta is not None
                else {"value": argument.value}
                for argument in denial.arguments or ()
            }
            message_check = len(checks) + 1
            checks.append(
                PolicyCheck(message_check, denial.tool, None, True, (), arguments, message)
            )
    return RecordedRun(
        snapshot,
        tuple(checks),
        None if session is None else meta_from_wire(session.meta),
        message_check,
        denial is not None and denial.kind is DenialKind.CONTROL_FLOW,
    )


def _meta_or_none(data: Any, where: str) -> Meta | None:
    if data is None:
        return None
    try:
        return meta_from_json(data, where)
    except InputError:
        return None  # metadata we cannot read: the analysis computes its own


def _set(names: MetaSet) -> ElementSet:
    return UNIVERSAL if names.is_universal else ElementSet(names.names)


def meta_from_wire(meta: WireMeta) -> Meta:
    return Meta(_set(meta.tags), _set(meta.producers), _set(meta.consumers))


@dataclass(frozen=True, slots=True)
class CallSite:
    """A tool call written in the program: its tool, and whether it is in a loop."""

    key: int  # identifies the call node
    tool: str
    in_loop: bool


def match_checks(
    sites: Sequence[CallSite], checks: Sequence[PolicyCheck]
) -> dict[int, tuple[PolicyCheck, ...]]:
    """Which history entries belong to which call site.

    [ours] The history lists checks in the order the calls ran. Sites are taken in
    program order: a site whose tool is the next entry's takes it (a site in a loop
    takes every consecutive entry of its tool), a site whose tool is not is taken as
    not run (a branch not taken). Entries without a tool name match nothing.
    """
    matched: dict[int, list[PolicyCheck]] = {}
    position = 0
    for site in sites:
        if position >= len(checks):
            break
        if checks[position].tool != site.tool:
            continue
        matched.setdefault(site.key, []).append(checks[position])
        position += 1
        while site.in_loop and position < len(checks) and checks[position].tool == site.tool:
            matched[site.key].append(checks[position])
            position += 1
    return {key: tuple(found) for key, found in matched.items()}
