"""How sets and values read in explanations: `{confidential, internal}`, `"bob@x.com"`.

The text returned here may hold anything a policy or a call held; callers escape it
before it reaches a terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable

from sqrt_tools.evaluate.domains import Matcher
from sqrt_tools.sets import ElementSet

_BARE = re.compile(r"[A-Za-z0-9_.@:/+\-]+")
VALUE_LIMIT = 80


def show_element(element: Hashable) -> str:
    if isinstance(element, Matcher):
        return element.text
    text = str(element)
    return text if _BARE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _sorted(elements: frozenset[Hashable]) -> list[str]:
    strings = sorted(show_element(e) for e in elements if not isinstance(e, Matcher))
    patterns = sorted(show_element(e) for e in elements if isinstance(e, Matcher))
    return strings + patterns


def show_set(elements: ElementSet) -> str:
    """`{a, b}`; the universal set is `{*}`, a co-finite set `{*} - {a, b}`."""
    inner = ", ".join(_sorted(elements.elements))
    if not elements.cofinite:
        return f"{{{inner}}}"
    return "{*}" if not inner else f"{{*}} - {{{inner}}}"


def show_value(value: object) -> str:
    """A value as JSON, cut to `VALUE_LIMIT` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except RecursionError:
        text = "<a value nested too deeply to show>"
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > VALUE_LIMIT:
        return text[: VALUE_LIMIT - 1] + "…"
    return text
