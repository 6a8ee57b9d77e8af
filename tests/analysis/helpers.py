"""Analyse small plans under small policies, and read the results by tool."""

from __future__ import annotations

from sqrt_tools.analysis import AnalysedCall, PlanAnalysis, PlanOptions, analyse_program
from sqrt_tools.evaluate import load_policy
from sqrt_tools.evaluate.jsonform import meta_to_json
from sqrt_tools.evaluate.model import Meta


def analyse(program: str, policy: str = "", options: PlanOptions | None = None) -> PlanAnalysis:
    return analyse_program(program, load_policy(policy, "policy.sqrt"), options)


def only_call(analysis: PlanAnalysis, tool: str) -> AnalysedCall:
    (call,) = [call for call in analysis.calls if call.tool == tool]
    return call


def argument_meta(analysis: PlanAnalysis, tool: str, name: str) -> dict[str, object]:
    """The metadata of argument `name` of the one call to `tool`, in JSON form."""
    (fact,) = [fact for fact in only_call(analysis, tool).arguments if fact.name == name]
    return meta_to_json(fact.meta)


def meta(
    tags: tuple[str, ...] = (),
    producers: tuple[str, ...] = (),
    consumers: tuple[str, ...] | None = None,
) -> dict[str, object]:
    """Metadata in JSON form; consumers None: anyone."""
    return meta_to_json(Meta()) | {
        "tags": sorted(tags),
        "producers": sorted(producers),
        "consumers": ["*"] if consumers is None else sorted(consumers),
    }
