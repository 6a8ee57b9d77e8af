"""Draft, check, repair: the loop behind `sqrt draft`, independent of the command line.

The service drafts a policy; we check it (`check_policy`: syntax, then lint). While the
draft has errors and repair rounds remain, we ask again with the original description,
the broken draft and its errors. The last draft is the result, whatever its state, so
the caller can show it with its diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqrt_tools.service.client import PolicyGenRequest, PolicyGenResponse
from sqrt_tools.service.errors import ServiceError
from sqrt_tools.service.policy_check import check_policy, errors
from sqrt_tools.syntax.diagnostics import Diagnostic

DEFAULT_REPAIR_ROUNDS = 2
# How many problems a repair request lists [ours]: enough to fix a draft in one pass,
# few enough that the description stays a description.
MAX_LISTED_PROBLEMS = 20


class PolicyGenerator(Protocol):
    def generate_policy(self, request: PolicyGenRequest) -> PolicyGenResponse: ...


@dataclass(frozen=True, slots=True)
class DraftRound:
    """One answer of the service and what the check found in it."""

    number: int  # 1: the first draft; 2 and on: repairs
    source: str
    diagnostics: tuple[Diagnostic, ...]
    usage: dict[str, int]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return errors(self.diagnostics)


@dataclass(frozen=True, slots=True)
class DraftResult:
    """Every round, the last of which is the draft to show.

    `stopped_by` is set when a repair request failed: the rounds before it stand.
    """

    rounds: tuple[DraftRound, ...]
    stopped_by: ServiceError | None = None

    @property
    def final(self) -> DraftRound:
        return self.rounds[-1]

    @property
    def clean(self) -> bool:
        """True when the final draft has no diagnostic at all."""
        return not self.final.diagnostics

    @property
    def usage(self) -> dict[str, int]:
        """Token usage summed over every round, keys as the service named them."""
        total: dict[str, int] = {}
        for draft in self.rounds:
            for name, count in draft.usage.items():
                total[name] = total.get(name, 0) + count
        return total


def draft_policy(
    generator: PolicyGenerator,
    request: PolicyGenRequest,
    *,
    repair_rounds: int = DEFAULT_REPAIR_ROUNDS,
    check: Callable[[str], tuple[Diagnostic, ...]] = check_policy,
    on_round: Callable[[int], None] | None = None,
) -> DraftResult:
    """Ask for a draft and repair it up to `repair_rounds` times while it has errors.

    The first request's `ServiceError` propagates (there is nothing to show); a failed
    repair request ends the loop and is kept in `DraftResult.stopped_by`.
    """
    if repair_rounds < 0:
        raise ValueError("repair_rounds must be 0 or more")
    rounds: list[DraftRound] = []
    current = request
    for number in range(1, repair_rounds + 2):
        if on_round is not None:
            on_round(number)
        try:
            response = generator.generate_policy(current)
        except ServiceError as exc:
            if not rounds:
                raise
            return DraftResult(tuple(rounds), stopped_by=exc)
        draft = DraftRound(number, response.policies, check(response.policies), response.usage)
        rounds.append(draft)
        if not draft.errors:
            break
        current = request.with_description(
            repair_description(request.description, draft.source, draft.errors)
        )
    return DraftResult(tuple(rounds))


def repair_description(description: str, draft: str, problems: tuple[Diagnostic, ...]) -> str:
    """The description for a repair request: the user's words, the draft, its errors.

    The request has one free-text field, so the draft and its problems go there, after
    the original description [ours].
    """
    listed = problems[:MAX_LISTED_PROBLEMS]
    lines = [
        f"- line {item.span.line}, column {item.span.column}: {item.message} ({item.code})"
        for item in listed
    ]
    if len(problems) > len(listed):
        lines.append(f"- and {len(problems) - len(listed)} more")
    return (
        f"{description.rstrip()}\n\n"
        "A previous draft of this policy was rejected by the SQRT checker. The draft:\n\n"
        f"{draft.rstrip()}\n\n"
        "Its problems:\n"
        + "\n".join(lines)
        + "\n\nWrite the whole policy again, in valid SQRT, with these problems corrected."
    )
