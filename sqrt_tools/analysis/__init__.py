"""Plan analysis: run a policy over the planner's program, replay a run under a new one.

>>> from sqrt_tools.analysis import analyse_program
>>> from sqrt_tools.evaluate import load_policy
>>> policy = load_policy('tool "send_email" { must deny when body.tags overlaps {"x"}; }')
>>> analysis = analyse_program('send_email(to="a@b.c", body="hi")', policy)
>>> analysis.calls[0].prediction.outcome
'allowed'

Every decision about how metadata moves through a program is in
`sqrt_tools.analysis.propagation`.
"""

from sqrt_tools.analysis.model import (
    AnalysedCall,
    ArgumentFact,
    ControlFlowCheck,
    FlowEdge,
    FlowNode,
    Outside,
    PlanAnalysis,
    Prediction,
    VariableFact,
)
from sqrt_tools.analysis.plan import PlanOptions, analyse_document, analyse_program

__all__ = [
    "AnalysedCall",
    "ArgumentFact",
    "ControlFlowCheck",
    "FlowEdge",
    "FlowNode",
    "Outside",
    "PlanAnalysis",
    "PlanOptions",
    "Prediction",
    "VariableFact",
    "analyse_document",
    "analyse_program",
]
