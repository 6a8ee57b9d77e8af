"""`sqrt inspect RESULT --policy POLICY --tool NAME --arg ARG`: which checks each value of
a dual-LLM result would trip if the plan passed it to a tool.

Every value of the namespace snapshot, and the final value, is passed alone as argument
ARG of a call to NAME (other arguments are absent: no value, default metadata), with
the session metadata the result reports, and decided under POLICY.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqrt_tools.evaluate.engine import Decision, evaluate
from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.model import Argument, Call, Meta
from sqrt_tools.evaluate.policy import PolicyError, PolicySet, load_policy
from sqrt_tools.evaluate.report import rule_json
from sqrt_tools.input_limits import read_text
from sqrt_tools.presets import Presets
from sqrt_tools.sets import UNIVERSAL, ElementSet

if TYPE_CHECKING:
    from sqrt_tools.results.models import Meta as WireMeta
    from sqrt_tools.results.models import MetaSet, ResultDocument

FINAL_VALUE = "final value"


class ProbeError(Exception):
    """The probe cannot run (unreadable or invalid policy); the message is one line."""


@dataclass(frozen=True, slots=True)
class ValueProbe:
    """One value of the result, and the decision of a call that passes it."""

    name: str
    decision: Decision

    @property
    def tripped(self) -> list[str]:
        """The deny rules that fired, as `text (path:line)`."""
        return [
            f"`{rule.text}` at {rule.location}"
            for rule in self.decision.fired
            if rule.outcome == "deny"
        ]


@dataclass(frozen=True, slots=True)
class PolicyProbe:
    """A policy, a tool and an argument to pass each value of a result as."""

    policy: PolicySet
    tool: str
    arg: str
    # [doc] The service's dual-LLM defaults unless the command says otherwise.
    presets: Presets = field(default_factory=Presets)

    def probe(self, document: ResultDocument) -> list[ValueProbe]:
        session = _session(document)
        values = [
            (name, value.value, value.meta)
            for name, value in (document.namespace_snapshot or {}).items()
        ]
        final = document.final_return_value
        if final is not None:
            values.append((FINAL_VALUE, final.value, final.meta))
        probes = []
        for name, value, meta in values:
            call = Call(self.tool, {self.arg: Argument(value, _meta(meta))}, session)
            probes.append(ValueProbe(name, evaluate(self.policy, call, presets=self.presets)))
        return probes

    def lines(self, document: ResultDocument) -> list[str]:
        """The probe as text: a headline, then each value's verdict and reasons."""
        lines = [
            f"Policy check: each value passed to {self.tool} as `{self.arg}` "
            f"(policy {self.policy.path})"
        ]
        probes = self.probe(document)
        if not probes:
            lines.append("  no values: the result has no namespace snapshot or final value")
        for probe in probes:
            decision = probe.decision
            word = "allowed" if decision.allowed else "denied"
            lines.append(f"  {probe.name}: {decision.verdict} ({word})")
            lines.extend(f"    {sentence}" for sentence in explain(decision))
        return lines

    def json(self, document: ResultDocument) -> dict[str, Any]:
        return {
            "policy": self.policy.path,
            "tool": self.tool,
            "arg": self.arg,
            "values": [
                {
                    "name": probe.name,
                    "verdict": str(probe.decision.verdict),
                    "allowed": probe.decision.allowed,
                    "tripped": [
                        rule_json(rule) for rule in probe.decision.fired if rule.outcome == "deny"
                    ],
                    "explanation": explain(probe.decision),
                }
                for probe in self.probe(document)
            ],
        }


def load_probe(
    policy_path: str, tool: str, arg: str, presets: Presets | None = None
) -> PolicyProbe:
    """Read and compile the policy. Raises `ProbeError` with a one-line reason."""
    return PolicyProbe(load_policy_file(policy_path), tool, arg, presets or Presets())


def load_policy_file(policy_path: str) -> PolicySet:
    """Read and compile a policy file. Raises `ProbeError` with a one-line reason."""
    try:
        source = read_text(policy_path)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ProbeError(f"{policy_path}: cannot read the policy ({reason})") from None
    try:
        policy = load_policy(source, policy_path)
    except PolicyError as error:
        raise ProbeError(str(error)) from None
    return policy


def _set(names: MetaSet) -> ElementSet:
    return UNIVERSAL if names.is_universal else ElementSet(names.names)


def _meta(meta: WireMeta) -> Meta:
    return Meta(_set(meta.tags), _set(meta.producers), _set(meta.consumers))


def _session(document: ResultDocument) -> Meta:
    session = document.session_meta
    return Meta() if session is None else _meta(session.meta)
