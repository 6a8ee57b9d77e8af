"""The service's own tools, which a policy may name without a definition file."""

from __future__ import annotations

# Internal tools the planner may be told about [doc: section 1 of the reference].
# A module of its own so that `sqrt draft --help` can list them without loading the
# catalog (and with it the evaluator's matching).
INTERNAL_TOOL_NAMES = ("parse_with_ai", "verify_hypothesis", "set_policy", "complete_turn")
