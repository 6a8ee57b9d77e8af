"""Small builders for evaluation tests: policies from text, arguments, metadata."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqrt_tools.evaluate import (
    Argument,
    Call,
    Decision,
    ElementSet,
    Meta,
    Presets,
    ToolOutput,
    evaluate,
    load_policy,
)
from sqrt_tools.sets import UNIVERSAL


def names(items: Iterable[str]) -> ElementSet:
    return ElementSet(items)


def meta(
    tags: Iterable[str] = (),
    producers: Iterable[str] = (),
    consumers: Iterable[str] | None = None,
) -> Meta:
    """Metadata; consumers None means universal (the default)."""
    return Meta(names(tags), names(producers), UNIVERSAL if consumers is None else names(consumers))


def arg(value: object, **fields: Iterable[str]) -> Argument:
    return Argument(value, meta(**fields))  # type: ignore[arg-type]


def decide(
    source: str,
    tool: str,
    args: Mapping[str, object] | None = None,
    *,
    session: Meta | None = None,
    output: ToolOutput | None = None,
    presets: Presets | None = None,
) -> Decision:
    """Decide a call of `tool` under the policy `source`; plain argument values get
    default metadata, `Argument`s are passed as they are."""
    policy = load_policy(source, "policy.sqrt")
    call_args = {
        name: value if isinstance(value, Argument) else Argument(value)
        for name, value in (args or {}).items()
    }
    call = Call(tool, call_args, session or Meta())
    return evaluate(policy, call, presets=presets or Presets(), output=output)


def sorted_names(elements: ElementSet) -> list[str]:
    assert not elements.cofinite
    return sorted(str(element) for element in elements.elements)
