"""Local evaluation of SQRT policies: decide tool calls as the service would.

>>> from sqrt_tools.evaluate import Argument, Call, evaluate, load_policy
>>> policy = load_policy('tool "t" { must deny when x.value in {"bad"}; }')
>>> evaluate(policy, Call("t", {"x": Argument("bad")})).verdict
<Verdict.HARD_DENIED: 'hard_denied'>

Every decision the service does not document is in `sqrt_tools.evaluate.decisions`.
"""

from sqrt_tools.evaluate.engine import Decision, RuleCheck, evaluate
from sqrt_tools.evaluate.explain import explain
from sqrt_tools.evaluate.jsonform import (
    InputError,
    args_from_json,
    meta_from_json,
    output_from_json,
    session_from_json,
)
from sqrt_tools.evaluate.model import (
    Argument,
    Call,
    Meta,
    PolicyInfo,
    RuleInfo,
    ToolOutput,
    Verdict,
)
from sqrt_tools.evaluate.policy import PolicyError, PolicySet, compile_policy, load_policy
from sqrt_tools.evaluate.report import decision_json, decision_text
from sqrt_tools.presets import Presets
from sqrt_tools.sets import ElementSet

__all__ = [
    "Argument",
    "Call",
    "Decision",
    "ElementSet",
    "InputError",
    "Meta",
    "PolicyError",
    "PolicyInfo",
    "PolicySet",
    "Presets",
    "RuleCheck",
    "RuleInfo",
    "ToolOutput",
    "Verdict",
    "args_from_json",
    "compile_policy",
    "decision_json",
    "decision_text",
    "evaluate",
    "explain",
    "load_policy",
    "meta_from_json",
    "output_from_json",
    "session_from_json",
]
