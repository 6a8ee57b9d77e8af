"""Every evaluation decision the service does not document, in one place.

Section 4 of the language notes says what the service documents ([doc]); where it is
silent, this module decides ([ours]), one function or constant per decision, each with
a comment saying why. The rest of `sqrt_tools.evaluate` calls these and never decides
on its own, so a decision can change here when the service says otherwise.

Decisions about names and places belong to the semantic model (`sqrt_tools.semantics`),
which evaluation uses rather than repeats: which `let` a bare name means (names must be
bound before use), what `@tags` means in each place (no subject in a check rule),
whether `@result` exists there, and which `priority` counts when a policy has two.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from sqrt_tools.evaluate.model import (
    ABSENT,
    Argument,
    Meta,
    RuleInfo,
    ToolOutput,
    Verdict,
    propagate,
)
from sqrt_tools.presets import (
    LLM_BLOCKED_TAG,
    NON_EXECUTABLE_TAG,
    PARSE_WITH_AI,
    EnforcementLevel,
    Presets,
)
from sqrt_tools.sets import EMPTY, UNIVERSAL, ElementSet

if TYPE_CHECKING:
    from sqrt_tools.evaluate.bounded_regex import BoundedPattern

# --- which policies apply ------------------------------------------------------------


def tool_id_matches(pattern: BoundedPattern, tool: str) -> bool:
    """[ours] A regex tool id must match the whole tool name (`re.fullmatch`). The
    service documents only "the regex matches"; full match is the stricter reading,
    and the linter warns on unanchored ids, which a search-mode matcher would widen."""
    return pattern.fullmatch(tool)


# --- values against set elements -----------------------------------------------------

# [ours] How long one regex match (an `r"..."` or `w"..."` element, `str matching`,
# `str like`, a regex tool id) may run before evaluation gives up on it
# (`bounded_regex.RegexTimeout`). Python's `re` semantics backtrack, and a value from
# an LLM or a tool can make a careless pattern run for hours; a quarter of a second is
# far more than any sound pattern needs on the values the service passes.
REGEX_TIME_LIMIT_SECONDS = 0.25

# [ours] A call whose evaluation meets a regex that took too long is denied, with the
# verdict `regex_timeout` (fail-closed): whether the rule holding the regex would fire
# is unknown, and a security check that cannot finish must not let the call through.
# Nothing after the timeout runs (no later rule, no `result` or `session after` block).
REGEX_TIMEOUT_VERDICT = Verdict.REGEX_TIMEOUT


def regex_matches(pattern: BoundedPattern, value: object) -> bool:
    """[ours] An `r"..."` element (or `str matching r"..."`) must match the whole value,
    and only string values can match."""
    return type(value) is str and pattern.fullmatch(value)


def wildcard_matches(pattern: BoundedPattern, value: object) -> bool:
    """[ours] A `w"..."` element (or `str like w"..."`) must match the whole value, and
    only string values can match; `pattern` comes from `wildcard_regex`."""
    return type(value) is str and pattern.fullmatch(value)


def wildcard_regex(pattern: str) -> str:
    """[ours] A `w"..."` pattern: `*` is any run of characters (also empty, also `/`),
    `?` exactly one character, a backslash makes the next character literal, every
    other character stands for itself, case-sensitive; the whole value must match.
    Runs of `*` collapse into one so that the regex cannot backtrack badly."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == "*":
            if not out or out[-1] != ".*":
                out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def plain_string_key(value: object) -> str | None:
    """What a value is looked up as among a set's plain string elements, or None.

    [ours] A plain string element holds exactly that string: a number or boolean value
    never equals a string (`5` is not `"5"`)."""
    return value if type(value) is str else None


def is_number(value: object) -> bool:
    """[ours] JSON numbers are numbers; booleans are not, although Python says
    `True == 1`."""
    return type(value) is int or type(value) is float


def number_element_matches(number: float, value: object) -> bool:
    """[ours] A number element (`{1, 2.5}`) holds any number equal to it: `1` and `1.0`
    are the same number."""
    return is_number(value) and value == number


def in_int_domain(value: object) -> bool:
    """[ours] `int R` holds integers only: a JSON number written with a fraction (`3.0`)
    is a float, and booleans are not numbers."""
    return type(value) is int


def in_float_domain(value: object) -> bool:
    """[ours] `float R` holds every number, integers included (JSON does not tell
    `1` from `1.0` reliably), but never NaN."""
    return (type(value) is float and not math.isnan(value)) or type(value) is int


def string_length(text: str) -> int:
    """[ours] `length R` counts Unicode code points (Python's `len`), not bytes or
    UTF-16 units."""
    return len(text)


def instant_of_text(text: str) -> float | None:
    """A datetime string as epoch seconds, or None when it is not ISO-8601.

    [ours] A time without a zone is UTC, and a date alone is midnight UTC: a policy
    must not mean different instants on different machines.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def instant_of_value(value: object) -> float | None:
    """[ours] A value lies in a `datetime` domain when it is an ISO-8601 string or a
    number of seconds since the epoch (as `datetime 0` in a policy is); any other value,
    and a string that is not ISO-8601, lies in no datetime domain."""
    if type(value) is str:
        return instant_of_text(value)
    if type(value) is int or (type(value) is float and not math.isnan(value)):
        return float(value)
    return None


def values_equal(left: object, right: object) -> bool:
    """[ours] `V == V` compares JSON values by type and content: numbers numerically
    (`1 == 1.0`), booleans only with booleans, strings with strings, lists and objects
    element by element under the same rules."""
    pending = [(left, right)]
    while pending:
        a, b = pending.pop()
        if is_number(a) and is_number(b):
            if a != b:
                return False
            continue
        if type(a) is not type(b):
            return False
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                return False
            pending.extend(zip(a, b, strict=True))
        elif isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                return False
            pending.extend((a[key], b[key]) for key in a)
        elif a != b:
            return False
    return True


def equal_to(constant: object) -> Callable[[object], bool]:
    """`values_equal(value, constant)` as one test, for a constant written in the policy
    (`x.value == 5`): the same decision, without the walk a list or object needs."""
    if is_number(constant):
        # `is_number(value)`, inline: numbers compare numerically (`1 == 1.0`).
        return lambda value: (type(value) is int or type(value) is float) and value == constant
    if type(constant) is str or type(constant) is bool:
        kind = type(constant)  # a string equals only a string, a boolean only a boolean
        return lambda value: type(value) is kind and value == constant
    return lambda value: values_equal(value, constant)


def instants_equal(left: object, right: object) -> bool:
    """[ours] `V == d"..."` compares instants: `"2025-01-01T01:00:00+01:00"` equals
    `d"2025-01-01T00:00:00Z"`; a value that is not a datetime equals no datetime."""
    first, second = instant_of_value(left), instant_of_value(right)
    return first is not None and first == second


def matched_by_cofinite(excluded_match: bool) -> bool:
    """[ours] A value is in "everything except S" when it matches no element of S, so
    `{"*"} - {str like w"*.exe"}` holds every value that is not an .exe name."""
    return not excluded_match


# --- metadata sets ------------------------------------------------------------------


def universal_mark(names: Sequence[str]) -> bool:
    """[doc] `{"*"}` is the universal set; [ours] a list holding `"*"` next to other
    names is universal too (everything together with anything is everything)."""
    return "*" in names


# [ours] Set operations work on elements as written: `{str like w"*.txt"} - {"a.txt"}`
# still holds the pattern (see `sets.py`).


def pattern_metadata_name(decoded: str | None, source_text: str) -> str:
    """The name a pattern element stands for in a metadata set (`x.tags overlaps
    {r"secret.*"}`, `@tags |= {5}`).

    [ours] It is compared as plain text, as the semantic model reads it (the linter
    flags it): the decoded string of an `r"..."` or `w"..."` element, the source text
    of a number or a domain (`decoded` is None for those).
    """
    return source_text if decoded is None else decoded


def aggregate_of_no_arguments(aggregate: Literal["union", "intersect"]) -> ElementSet:
    """[ours] `@args.FIELD` over a call without arguments: the identity of the
    operation, so the union is empty and the intersection universal."""
    return EMPTY if aggregate == "union" else UNIVERSAL


# --- what an expression can see -----------------------------------------------------

# [ours] An argument the call does not pass has no value (every value test on it is
# false) and default metadata.
ABSENT_ARGUMENT: Argument = ABSENT

# [ours] Check rules and `session before` blocks run before the tool, so `@result`
# there is a result that does not exist yet: no value, default metadata.
RESULT_BEFORE_CALL: Argument = ABSENT

# [doc] The session has metadata and no value: `@session.value` tests are false.
SESSION_VALUE: Argument = ABSENT

# [ours] `@result.FIELD = ...` in a `session before` block (or a before-shorthand) is an
# error: the result does not exist yet, so the update could never take effect.
RESULT_UPDATE_BEFORE_CALL_IS_ERROR = True


# [ours] A value domain where a set is expected is the one-element set holding the domain
# (`x.value in party_size` with `let party_size = int 1..12;`), as in the semantic model.
DOMAIN_AS_ONE_ELEMENT_SET = True

# [ours] How deep an expression may nest (after chains of one operator are flattened
# and parentheses dropped) before evaluation refuses it with a located error instead of
# running out of stack.
MAX_NESTING = 120

# --- the decision -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PolicyChecks:
    """One applying policy's check rules after evaluation."""

    fired: tuple[RuleInfo, ...]
    allow_rules: tuple[RuleInfo, ...]


@dataclass(frozen=True, slots=True)
class LlmBlocked:
    """The llm-blocked preset fired: these arguments of a `parse_with_ai` call carry
    `__llm_blocked`, and the preset holds at `level`."""

    arguments: tuple[str, ...]
    level: EnforcementLevel

    @property
    def hard(self) -> bool:
        return self.level == "hard"


def llm_blocked_applies(tool: str) -> bool:
    """Whether the llm-blocked preset reads calls of `tool` at all (decided once per
    tool, when its plan is built). [ours] The tool name must be exactly
    `parse_with_ai`."""
    return tool == PARSE_WITH_AI


def llm_blocked(args: Mapping[str, Argument], presets: Presets) -> LlmBlocked | None:
    """Whether the llm-blocked preset fires for a call of a tool it applies to
    (`llm_blocked_applies`), and on which arguments.

    [doc] With `enable_llm_blocked_tag`, a call to `parse_with_ai` with any argument
    tagged `__llm_blocked` is denied, at `llm_blocked_tag_enforcement_level`.
    [ours] The arguments are read as the checks see them (after the `session before`
    blocks); an argument the call does not pass carries nothing; a universal tag set
    (`{"*"}`) carries every tag.
    """
    if not presets.enable_llm_blocked_tag:
        return None
    carrying = tuple(
        name
        for name, argument in args.items()
        if argument.present and LLM_BLOCKED_TAG in argument.meta.tags
    )
    if not carrying:
        return None
    return LlmBlocked(carrying, presets.llm_blocked_tag_enforcement_level)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `decide` found: the verdict, the rules that decided it, and whether the
    llm-blocked preset decided it (`by_preset`; `preset` is set whenever it fired)."""

    verdict: Verdict
    deciding: tuple[RuleInfo, ...]
    preset: LlmBlocked | None = None
    by_preset: bool = False


def decide(
    checks: Sequence[PolicyChecks], presets: Presets, blocked: LlmBlocked | None = None
) -> Outcome:
    """The verdict, the rules that decided it, and whether a preset did.

    [ours, consistent with every documented example] in this order:
    1. any firing hard deny (`must`/`hard`), or the llm-blocked preset at level
       "hard" ([doc] its default): hard_denied (the service's own word);
    2. else any firing hard allow: hard_allowed (it overrides a soft llm-blocked);
    3. else the firing soft rules of the highest priority among the policies with a
       firing soft rule decide, all policies of that priority together, deny winning
       a tie: soft_denied / soft_allowed. The soft llm-blocked preset ranks beneath
       every rule of the policy, so any firing rule overrides it;
    4. else, when any applying policy has an allow rule, the tool is allow-listed and
       the call is denied: denied_no_allow;
    5. else no rule of the policy decided, and the presets do. The soft llm-blocked
       preset denies (soft_denied) unless the default is a hard allow
       (`default_allow` with `default_allow_enforcement_level: "hard"`): a hard
       allow outranks a soft deny, as between rules;
    6. else the `default_allow` preset: default_allowed / default_denied. The service
       says the default applies "when no policy rules match"; its level matters only
       against a soft preset (step 5).
    """
    fired: Sequence[RuleInfo] = (
        checks[0].fired
        if len(checks) == 1
        else [rule for policy in checks for rule in policy.fired]
    )
    hard = [rule for rule in fired if rule.hard]  # `is_hard`, without a property call
    if blocked is not None and blocked.hard:
        denies = tuple([rule for rule in hard if rule.outcome == "deny"])
        return Outcome(Verdict.HARD_DENIED, denies, blocked, by_preset=True)
    if hard:
        hard_denies = tuple([rule for rule in hard if rule.outcome == "deny"])
        if hard_denies:
            return Outcome(Verdict.HARD_DENIED, hard_denies, blocked)
        return Outcome(Verdict.HARD_ALLOWED, tuple(hard), blocked)
    soft = fired  # no rule that fired is hard
    if soft:
        top = max(rule.policy.priority for rule in soft)
        winners = tuple(rule for rule in soft if rule.policy.priority == top)
        denies = tuple(rule for rule in winners if rule.outcome == "deny")
        if denies:
            return Outcome(Verdict.SOFT_DENIED, denies, blocked)
        return Outcome(Verdict.SOFT_ALLOWED, winners, blocked)
    if any(policy.allow_rules for policy in checks):
        return Outcome(Verdict.DENIED_NO_ALLOW, (), blocked)
    hard_default_allow = presets.default_allow and presets.default_allow_enforcement_level == "hard"
    if blocked is not None and not hard_default_allow:
        return Outcome(Verdict.SOFT_DENIED, (), blocked, by_preset=True)
    if presets.default_allow:
        return Outcome(Verdict.DEFAULT_ALLOWED, (), blocked)
    return Outcome(Verdict.DEFAULT_DENIED, (), blocked)


# --- the tool's result ---------------------------------------------------------------

# [doc] Results of tools carry `__non_executable` when non-executable memory is on
# (the dual-LLM default: `sqrt_tools.presets`).


def result_meta(arguments: Sequence[Meta], output: ToolOutput, presets: Presets) -> Meta:
    """The metadata a result starts with, before any `result` block runs.

    [doc] It starts with its arguments' metadata combined by the propagation rules,
    and carries `__non_executable` when non-executable memory is on.
    [ours] A tool that sets its own metadata (`is_sequrity_var`) combines it with
    `combine_meta`: "merge" propagates it together with the arguments' (the default),
    "replace" uses it alone, "ignore" drops it.
    """
    inherited = propagate(list(arguments))
    own = output.meta
    if own is None or output.combine == "ignore":
        meta = inherited
    elif output.combine == "replace":
        meta = own
    else:
        meta = propagate([inherited, own])
    if presets.enable_non_executable_memory:
        meta = meta.with_field("tags", meta.tags.with_element(NON_EXECUTABLE_TAG))
    return meta


# [ours] A denied call does not run: its `result` and `session after` blocks do not run
# and it has no result, but what its `session before` blocks did to the session stays
# (the refund example counts denied attempts that way).
DENIED_CALL_RUNS = False

# [ours] In a policy test, an allowed call that gives no result still runs, returning
# null, so that the `session after` blocks of one call reach the next call.
TEST_CALL_DEFAULT_OUTPUT = ToolOutput(None)

# [ours] Arguments given as JSON: an object whose keys are "value" and any of "meta",
# "is_sequrity_var", "combine_meta" is a value with metadata; anything else is a
# plain value with default metadata (wrap a plain object that looks like one).
WRAPPED_VALUE_KEYS = frozenset({"value", "meta", "is_sequrity_var", "combine_meta"})


def is_wrapped_value(data: object) -> bool:
    return isinstance(data, dict) and "value" in data and data.keys() <= WRAPPED_VALUE_KEYS
