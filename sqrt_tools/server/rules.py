"""What the editor shows beside a rule's findings: a documentation link and LSP tags."""

from __future__ import annotations

from lsprotocol import types

from sqrt_tools.lint import lookup

# Each rule is documented in `docs/rules.md` of the project's repository (the rules
# reference that `sqrt_tools.lint.reference` generates); a finding links to the rule's
# section there, whose anchor is `<code>-<name>` in lower case (`#sq301-unused-let`).
RULES_REFERENCE = "https://github.com/sqrt-tools/sqrt-tools/blob/main/docs/rules.md"

# [ours] Findings about text that does nothing are tagged `Unnecessary`, which editors
# show faded. No rule flags deprecated syntax (the service deprecates none), so
# `Deprecated` is never sent.
_TAGS: dict[str, tuple[types.DiagnosticTag, ...]] = {
    "unused-let": (types.DiagnosticTag.Unnecessary,),
    "unused-suppression": (types.DiagnosticTag.Unnecessary,),
    "unreachable-check": (types.DiagnosticTag.Unnecessary,),
    "redundant-set-op": (types.DiagnosticTag.Unnecessary,),
    "duplicate-set-element": (types.DiagnosticTag.Unnecessary,),
}


def rule_documentation_url(rule: str) -> str | None:
    """The documentation link of a rule (by name), None for unknown rules."""
    found = lookup(rule)
    if found is None:
        return None
    return f"{RULES_REFERENCE}#{found.code.lower()}-{found.name}"


def rule_tags(rule: str) -> tuple[types.DiagnosticTag, ...]:
    return _TAGS.get(rule, ())
