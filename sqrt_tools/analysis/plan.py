"""Analyse one plan under one policy: the entry point of the package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqrt_tools.analysis.interpreter import Interpreter, Settings
from sqrt_tools.analysis.model import PlanAnalysis
from sqrt_tools.analysis.recorded import RecordedRun, match_checks, read_run
from sqrt_tools.analysis.sites import program_facts
from sqrt_tools.evaluate.model import Meta
from sqrt_tools.evaluate.policy import PolicySet
from sqrt_tools.presets import Presets
from sqrt_tools.results.models import ResultDocument
from sqrt_tools.results.program import MAX_ANALYSED_CHARS, parse_program

LOOP_NOTE = (
    "loops are analysed as one abstract iteration over a widened state: what the loop "
    "body computes holds for any number of iterations"
)


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """What the analysis assumes besides the policy."""

    # [doc] The service's dual-LLM defaults unless told otherwise (plans exist only in
    # dual-LLM mode); `branching_meta_policy` is evaluated over the control flow.
    presets: Presets = field(default_factory=Presets)
    # Tool name -> its parameter names, in order (from tool definitions), or None.
    parameters: Mapping[str, tuple[str, ...]] | None = None


def analyse_program(
    program: str,
    policy: PolicySet,
    options: PlanOptions | None = None,
    recorded: RecordedRun | None = None,
) -> PlanAnalysis:
    """Analyse `program` under `policy`, using what a run `recorded` where it did."""
    options = options or PlanOptions()
    recorded = recorded or RecordedRun.empty()
    tree = parse_program(program)
    if tree is None:
        reason = (
            f"the program is longer than {MAX_ANALYSED_CHARS:,} characters"
            if len(program) > MAX_ANALYSED_CHARS
            else "the program is not valid Python"
        )
        return _empty(program, policy, recorded, reason)
    tools = None if options.parameters is None else frozenset(options.parameters)
    facts = program_facts(tree, tools)
    matched = match_checks(facts.sites, recorded.checks)
    settings = Settings(policy, options.presets, options.parameters)
    interpreter = Interpreter(program, facts, settings, recorded, matched)
    try:
        interpreter.run(tree.body)
    except RecursionError:
        return _empty(program, policy, recorded, "the program is nested too deeply to analyse")
    notes: list[str] = []
    if interpreter.loop_lines:
        notes.append(LOOP_NOTE)
    unmatched = len(recorded.checks) - sum(len(found) for found in matched.values())
    if unmatched > 0:
        notes.append(
            f"{unmatched} policy check(s) in the history match no tool call of the program"
        )
    return PlanAnalysis(
        program=program,
        policy_path=policy.path,
        calls=interpreter.finished_calls(),
        control_flow=tuple(interpreter.checks[key] for key in sorted(interpreter.checks)),
        outside=tuple(interpreter.outside[key] for key in sorted(interpreter.outside)),
        variables=interpreter.variables(),
        nodes=tuple(interpreter.nodes.values()),
        edges=tuple(interpreter.edges),
        final_session=interpreter.state.session,
        recorded_session=recorded.session,
        notes=tuple(notes),
        loops=tuple(sorted(interpreter.loop_lines)),
    )


def analyse_document(
    document: ResultDocument, policy: PolicySet, options: PlanOptions | None = None
) -> PlanAnalysis:
    """Analyse the program a run carries, with what the run recorded."""
    recorded = read_run(document)
    if document.program is None:
        return _empty(
            "",
            policy,
            recorded,
            "the run carries no program (ask for it with the X-Config "
            "response_format.include_program option)",
        )
    return analyse_program(document.program, policy, options, recorded)


def _empty(program: str, policy: PolicySet, recorded: RecordedRun, reason: str) -> PlanAnalysis:
    return PlanAnalysis(
        program=program,
        policy_path=policy.path,
        calls=(),
        control_flow=(),
        outside=(),
        variables=(),
        nodes=(),
        edges=(),
        final_session=Meta(),
        recorded_session=recorded.session,
        notes=(),
        parse_error=reason,
    )
