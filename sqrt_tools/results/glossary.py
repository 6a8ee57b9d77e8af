"""Words for the service's internal names and verdicts, so the output explains itself.

The internal names are documented by the service (sqrt-language.md, section 1); the
verdict names other than `hard_denied` follow this project's reading of the evaluation
order (section 4) [ours], so unknown verdicts are shown as they came, never rejected.
"""

from __future__ import annotations

INTERNAL_TOOLS: dict[str, str] = {
    "parse_with_ai": "internal tool: asks the quarantined LLM to read data and answer in a schema",
    "verify_hypothesis": "internal tool of the service (dual-LLM planning)",
    "set_policy": "internal tool of the service (changes the policies in force)",
    "complete_turn": "internal tool of the service (ends the turn)",
}

INTERNAL_TAGS: dict[str, str] = {
    "__non_executable": "internal tag: tool output, kept as data and never run as code "
    "(non-executable memory)",
    "__llm_blocked": "internal tag: this value must not be passed to parse_with_ai",
}

VERDICTS: dict[str, str] = {
    "hard_denied": "denied by a hard rule (must/hard deny); nothing can override it",
    "soft_denied": "denied by a soft rule (should/soft deny) of the highest-priority policy",
    "denied_no_allow": "denied: the tool has allow rules and none of them fired",
    "default_denied": "denied by default: no rule fired and default_allow is off",
    "hard_allowed": "allowed by a hard rule (must/hard allow)",
    "soft_allowed": "allowed by a soft rule (should/soft allow)",
    "default_allowed": "allowed by default: no rule fired and default_allow is on",
}


def explain_name(name: str) -> str | None:
    """What an internal tool or tag name means, or None for the user's own names."""
    return INTERNAL_TOOLS.get(name) or INTERNAL_TAGS.get(name)


def verdict_is_denial(verdict: str) -> bool | None:
    """True for a denial, False for an allowance, None when the word says neither."""
    lowered = verdict.lower()
    if "den" in lowered or "block" in lowered or "reject" in lowered:
        return True
    if "allow" in lowered or "accept" in lowered or "permit" in lowered:
        return False
    return None


def explain_verdict(verdict: str) -> str:
    known = VERDICTS.get(verdict)
    if known is not None:
        return known
    denial = verdict_is_denial(verdict)
    if denial is None:
        return "a verdict this inspector does not know"
    return "a denial this inspector does not know" if denial else "an allowance"
