"""What a plan analysis hands back: typed data, for the text and JSON reports and for
any other renderer (an HTML report draws `flow` as a graph).

Nothing here is escaped: values, names and program text come from the run and the
policy, and are escaped where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqrt_tools.evaluate.model import Meta, RuleInfo, Verdict

Outcome = Literal["allowed", "denied", "depends"]
ValueSource = Literal["program", "recorded", "unknown"]
MetaSource = Literal["computed", "recorded"]


@dataclass(frozen=True, slots=True)
class ArgumentFact:
    """One argument of an analysed call."""

    name: str
    meta: Meta
    meta_source: MetaSource
    value_known: bool
    value: object  # the value when `value_known`, else None
    value_source: ValueSource
    recorded_in: str | None  # "namespace snapshot (report)", "policy check 3"
    reads: tuple[str, ...]  # dataflow nodes the argument's expression read


@dataclass(frozen=True, slots=True)
class Prediction:
    """The verdict the policy gives a call, three-valued.

    `outcome` is "allowed" or "denied" when every value the decision tests is known
    (or the tested values do not change it), and "depends" otherwise: `depends_on`
    then names the arguments whose values decide (or "iteration" for a call in a loop
    whose verdict changes from one pass to the next). `verdicts` are the possible
    verdicts, `deciding` the rules that decide the most likely one (the one the
    evaluator gives with unknown values failing every value test), `explanation` the
    evaluator's sentences for it.
    """

    outcome: Outcome
    verdicts: tuple[Verdict, ...]
    depends_on: tuple[str, ...]
    deciding: tuple[RuleInfo, ...]
    explanation: tuple[str, ...]
    # The rules whose conditions test a value the program does not fix (for "depends").
    open_rules: tuple[RuleInfo, ...] = ()

    @property
    def text(self) -> str:
        if self.outcome == "depends":
            names = ", ".join(f"`{name}`" for name in self.depends_on)
            if self.depends_on == ("iteration",):
                return "depends on the loop iteration"
            return f"depends on the value of {names}"
        return self.outcome


@dataclass(frozen=True, slots=True)
class AnalysedCall:
    """One tool call of the program, in program order."""

    number: int  # 1-based, in program order
    tool: str
    line: int
    end_line: int
    column: int
    text: str  # the call's source, on one line
    arguments: tuple[ArgumentFact, ...]
    session: Meta  # session metadata the checks saw (after `session before` blocks)
    session_in: Meta  # session metadata the call started with (before those blocks)
    context: Meta | None  # control-flow context (conditions it runs under), if any
    context_lines: tuple[int, ...]  # the lines of those conditions
    prediction: Prediction
    result: Meta  # its result's metadata (as if it ran)
    session_after: Meta
    loop_line: int | None  # the innermost loop it runs in
    after_denial: int | None  # line of an earlier call predicted denied (the run stops)
    recorded_checks: tuple[int, ...]  # policy check history entries matched to it
    recorded_where: tuple[str, ...]  # the same, in words ("policy check 3")
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ControlFlowCheck:
    """A condition the program branches on, and what the branching preset says."""

    line: int
    kind: str  # "if", "while", "for", "and", "or", "if expression", "comprehension filter"
    text: str

    @property
    def description(self) -> str:
        """`the if condition `x > 1``, `the for loop over `rows``, ..."""
        lead = {
            "for": "the loop over",
            "and": "the left side of `and`:",
            "or": "the left side of `or`:",
            "comprehension filter": "the comprehension filter",
        }.get(self.kind, f"the {self.kind} condition")
        return f"{lead} `{self.text}`"

    meta: Meta
    violation: bool
    reason: str  # why it violates (empty when it does not)


@dataclass(frozen=True, slots=True)
class Outside:
    """A construct outside the planner's Python subset; the analysis went on around it."""

    line: int
    construct: str
    message: str


@dataclass(frozen=True, slots=True)
class VariableFact:
    """A variable as the program left it (at the end, or where a denial stops the run)."""

    name: str
    meta: Meta
    computed: Meta  # what the analysis computed, before any recorded metadata
    recorded_in: str | None
    value_known: bool
    value: object


@dataclass(frozen=True, slots=True)
class FlowNode:
    """A node of the dataflow graph: a variable as one statement bound it, a call, or
    a condition. `id` is unique in one analysis."""

    id: str
    kind: Literal["variable", "call", "condition", "input"]
    label: str
    line: int


@dataclass(frozen=True, slots=True)
class FlowEdge:
    """`source` was read to compute `target` (`role`: "assignment", "argument `to`",
    "mutation", "condition", "context")."""

    source: str
    target: str
    role: str


@dataclass(frozen=True, slots=True)
class PlanAnalysis:
    """Everything the analysis found about one program under one policy."""

    program: str
    policy_path: str
    calls: tuple[AnalysedCall, ...]
    control_flow: tuple[ControlFlowCheck, ...]
    outside: tuple[Outside, ...]
    variables: tuple[VariableFact, ...]
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]
    final_session: Meta
    recorded_session: Meta | None  # the session metadata the run reported, if any
    notes: tuple[str, ...]
    parse_error: str | None = None  # the program is not Python: nothing was analysed
    loops: tuple[int, ...] = field(default=())  # lines of loops analysed by widening

    @property
    def denied(self) -> tuple[AnalysedCall, ...]:
        return tuple(call for call in self.calls if call.prediction.outcome == "denied")

    @property
    def violations(self) -> tuple[ControlFlowCheck, ...]:
        return tuple(check for check in self.control_flow if check.violation)

    @property
    def stops(self) -> bool:
        """True when the policy is predicted to stop the run (a denial or a
        control-flow violation)."""
        return bool(self.denied or self.violations)
