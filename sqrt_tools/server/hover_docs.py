"""What each keyword and operator of SQRT means: the text hover shows.

One entry per meaning, keyed by a short name; `hover.py` decides which entry a word
under the cursor stands for (the same `union` is a set operator, an aggregation and
an `@args` suffix). Written for this project from the language reference
(`sqrt-language.md`); evaluation details marked there as our decision are said so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """A heading (the syntax) and a paragraph (what it does), as Markdown."""

    syntax: str
    text: str

    def markdown(self) -> str:
        return f"```sqrt\n{self.syntax}\n```\n\n{self.text}"


DOCS: dict[str, Entry] = {
    # --- declarations ------------------------------------------------------------------
    "let": Entry(
        "let NAME = EXPRESSION;",
        "Names a predicate, a set or a value domain. What the name is follows from what "
        "it is bound to; it must be bound before it is used.",
    ),
    "tool": Entry(
        'tool "name" { ... }\ntool r"^regex$" { ... }',
        "A tool policy: check rules, priority and metadata updates for every call of the "
        "tool with this exact name, or of every tool whose whole name the regular "
        "expression matches.",
    ),
    "shorthand": Entry(
        'tool "name" [N] -> TARGET @FIELD OP SET when PREDICATE;',
        "A one-line tool policy with a single metadata update. TARGET is `result` (the "
        "default), `session` (the same as `session after`), `session before` or "
        "`session after`; `[N]` is the priority.",
    ),
    "priority": Entry(
        "priority N;",
        "The policy's priority (0 when not set). When only soft rules fire, the rules of "
        "the policy with the highest priority decide.",
    ),
    # --- check rules -------------------------------------------------------------------
    "must": Entry(
        "must allow|deny when PREDICATE;",
        "A hard rule (`must` is the same as `hard`): it cannot be overridden. Any firing "
        "hard `deny` denies the call; otherwise any firing hard `allow` allows it.",
    ),
    "hard": Entry(
        "hard allow|deny when PREDICATE;",
        "A hard rule (`hard` is the same as `must`): it cannot be overridden by any other "
        "rule or priority.",
    ),
    "should": Entry(
        "should allow|deny when PREDICATE;",
        "A soft rule (`should` is the same as `soft`): it can be overridden. When no hard "
        "rule fires, the firing soft rules of the highest-priority policy decide, `deny` "
        "winning a tie.",
    ),
    "soft": Entry(
        "soft allow|deny when PREDICATE;",
        "A soft rule (`soft` is the same as `should`): it decides only when no hard rule "
        "fires, and only in the highest-priority policy with a firing soft rule.",
    ),
    "allow": Entry(
        "... allow when PREDICATE;",
        "The rule allows the call when it fires. A policy with any `allow` rule makes its "
        "tools allow-listed: when no rule fires, the call is denied.",
    ),
    "deny": Entry(
        "... deny when PREDICATE;",
        "The rule denies the call when it fires.",
    ),
    "always": Entry(
        "must deny always;",
        "The rule fires on every call of the tool, whatever the arguments.",
    ),
    "when-rule": Entry(
        "... when PREDICATE;",
        "The rule fires when the predicate holds. Check rules run before the tool, so "
        "they can read the arguments and the session, not the result.",
    ),
    "when-block": Entry(
        "when PREDICATE { UPDATE; ... }",
        "The updates inside run only when the predicate holds (one level: `when` blocks "
        "do not nest).",
    ),
    "when-shorthand": Entry(
        "tool ... -> @FIELD OP SET when PREDICATE;",
        "The shorthand's update runs only when the predicate holds.",
    ),
    # --- blocks ------------------------------------------------------------------------
    "result": Entry(
        "result { UPDATE; ... }",
        "Updates of the tool result's metadata, after the call. Inside, `@tags`, "
        "`@producers` and `@consumers` are the result's.",
    ),
    "session": Entry(
        "session before { ... }\nsession after { ... }",
        "Updates of the session's metadata, which persists across tool calls. Inside, "
        "`@tags`, `@producers` and `@consumers` are the session's.",
    ),
    "session before": Entry(
        "session before { UPDATE; ... }",
        "Runs before the call, before the check rules: updates the session's metadata. "
        "There is no `@result` yet. Several blocks run in source order.",
    ),
    "session after": Entry(
        "session after { UPDATE; ... }",
        "Runs after the call and after the `result` blocks: updates the session's "
        "metadata, and may read `@result`.",
    ),
    "target-result": Entry(
        "tool ... -> result @FIELD OP SET;",
        "The shorthand updates the result's metadata (the default target).",
    ),
    "target-session": Entry(
        "tool ... -> session @FIELD OP SET;",
        "The shorthand updates the session's metadata after the call (`session` alone "
        "means `session after`).",
    ),
    # --- updates -----------------------------------------------------------------------
    "=": Entry("TARGET = SET;", "Replaces the target metadata set with the set."),
    "|=": Entry("TARGET |= SET;", "Adds the set's elements to the target (union)."),
    "&=": Entry("TARGET &= SET;", "Keeps only the target's elements that are in the set."),
    "-=": Entry("TARGET -= SET;", "Removes the set's elements from the target."),
    "^=": Entry(
        "TARGET ^= SET;",
        "Symmetric difference: keeps the elements in exactly one of the two.",
    ),
    "->": Entry(
        'tool "name" -> TARGET @FIELD OP SET;',
        "Introduces the single update of a shorthand tool policy.",
    ),
    "shorthand-priority": Entry(
        'tool "name" [N] -> ...',
        "The shorthand policy's priority.",
    ),
    # --- predicates --------------------------------------------------------------------
    "in": Entry(
        "VALUE in SET",
        "True when the value equals a plain element, matches an `r` regex (the whole "
        "value, our decision) or a `w` wildcard, or lies in a value domain of the set. A "
        "missing argument has no value: the test is false.",
    ),
    "==value": Entry(
        "VALUE == VALUE",
        "True when the two values are equal.",
    ),
    "==set": Entry(
        "ACCESSOR == SET",
        "True when the metadata set has exactly the set's elements.",
    ),
    "overlaps": Entry(
        "ACCESSOR overlaps SET",
        "True when the metadata set and the set share at least one element. The left "
        "side must be a metadata accessor such as `x.tags` or `@session.tags`.",
    ),
    "subset of": Entry(
        "ACCESSOR subset of SET",
        "True when every element of the metadata set is in the set.",
    ),
    "superset of": Entry(
        "ACCESSOR superset of SET",
        "True when the metadata set holds every element of the set.",
    ),
    "is empty": Entry("ACCESSOR is empty", "True when the metadata set has no element."),
    "is universal": Entry(
        "ACCESSOR is universal",
        'True when the metadata set is the universal set (`{"*"}`: everyone, for consumers).',
    ),
    "not": Entry("not PREDICATE", "Negation; binds tighter than `and`."),
    "and": Entry("PREDICATE and PREDICATE", "Both hold; binds tighter than `or`."),
    "or": Entry("PREDICATE or PREDICATE", "Either holds; binds loosest."),
    # --- sets --------------------------------------------------------------------------
    "union": Entry(
        "SET | SET\nSET union SET",
        "Every element of either set. Binds tightest of the four set operators.",
    ),
    "intersect": Entry(
        "SET & SET\nSET intersect SET",
        "The elements in both sets. Binds tighter than `-` and `^`, looser than `|`.",
    ),
    "minus": Entry(
        "SET - SET\nSET minus SET",
        "The elements of the left set that are not in the right one. Binds tighter than "
        "`^`, looser than `&`.",
    ),
    "xor": Entry(
        "SET ^ SET\nSET xor SET",
        "The elements in exactly one of the two sets. Binds loosest of the set operators.",
    ),
    "with": Entry("SET with ELEMENT", "The set with one more element."),
    "without": Entry("SET without ELEMENT", "The set without that element."),
    "aggregation-union": Entry(
        "union of FIELD from args",
        "The union of that metadata field over every argument of the call.",
    ),
    "aggregation-intersect": Entry(
        "intersect of FIELD from args",
        "The intersection of that metadata field over every argument of the call.",
    ),
    "@args": Entry(
        "@args.FIELD\n@args.FIELD.union\n@args.FIELD.intersect",
        "That metadata field combined over every argument of the call: the union, "
        "unless `.intersect` is written.",
    ),
    "@result": Entry(
        "@result.FIELD\n@result.value",
        "The tool result's metadata or value. It exists only after the call: in "
        "`result` and `session after` blocks.",
    ),
    "@session": Entry(
        "@session.FIELD",
        "The session's metadata, kept across tool calls. The session has no value, so "
        "`@session.value` is always empty.",
    ),
    "tags": Entry(
        "tags",
        "Free labels on a value. A value computed from several parents carries the "
        "union of their tags.",
    ),
    "producers": Entry(
        "producers",
        "Where the data came from. A value computed from several parents carries the "
        "union of their producers.",
    ),
    "consumers": Entry(
        "consumers",
        'Who may receive the data; universal (`{"*"}`) by default. A value computed from '
        "several parents carries the intersection of their consumers.",
    ),
    ".value": Entry(
        "ARG.value",
        "The value of the argument, for `in` and `==` tests.",
    ),
    # --- value domains -----------------------------------------------------------------
    "bool": Entry("bool true | bool false", "The boolean value domain with that one value."),
    "int": Entry("int RANGE", "Integers in the range, e.g. `int 1..12`."),
    "float": Entry("float RANGE", "Floats in the range, e.g. `float 0.0<..inf`."),
    "str": Entry(
        'str "exact"\nstr matching r"re"\nstr like w"*.txt"',
        "Strings: one exact string, those matching a regex or a wildcard; add "
        "`length RANGE` to bound their length.",
    ),
    "datetime": Entry(
        'datetime d"2024-01-01T00:00:00Z"..d"2024-12-31T23:59:59Z"',
        'Datetimes in the range; bounds are `d"..."` ISO-8601 strings (a single plain '
        "string or epoch number is also accepted).",
    ),
    "matching": Entry('str matching r"regex"', "Strings the regular expression matches."),
    "like": Entry('str like w"*.txt"', "Strings the wildcard matches: `*` any run, `?` one."),
    "length": Entry("str ... length RANGE", "Bounds the string's length in characters."),
    "true": Entry("true | false", "A boolean literal."),
    "inf": Entry("inf | +inf | -inf", "An unbounded end of a number range."),
    # --- ranges ------------------------------------------------------------------------
    "..": Entry("a..b   a..   ..b", "A range including both ends (an open end is unbounded)."),
    "<..": Entry("a<..b   a<..", "A range excluding its lower end."),
    "..<": Entry("a..<b   ..<b", "A range excluding its upper end."),
    "<..<": Entry("a<..<b", "A range excluding both ends."),
    # --- strings -----------------------------------------------------------------------
    "regex": Entry(
        'r"^send_.*$"',
        "A regular expression. A tool id regex must match the whole tool name (our "
        'decision); in a set, `x.value in {r"..."}` matches the whole value.',
    ),
    "wildcard": Entry('w"*.txt"', "A wildcard pattern: `*` matches any run, `?` one character."),
    "datetime-string": Entry('d"2024-06-01T12:00:00Z"', "An ISO-8601 datetime."),
}


def subject_entry(subject: str | None, field: str, place: str) -> Entry:
    """`@tags` explained for the block it stands in."""
    if subject is None:
        return Entry(
            f"@{field}",
            f"The block's own {field}: in a `result` block the result's, in a `session` "
            f"block the session's. Here, in a {place}, it has no subject.",
        )
    return Entry(
        f"@{field}",
        f"The {subject}'s {field} (this is a {place}); the same as `@{subject}.{field}`.",
    )
