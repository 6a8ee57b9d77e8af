"""The semantic model of SQRT: names, kinds and context rules (see `model.analyze`)."""

from sqrt_tools.semantics.context import Context, Place
from sqrt_tools.semantics.kinds import Expect, Kind
from sqrt_tools.semantics.model import (
    Access,
    LetSymbol,
    Reference,
    SemanticModel,
    ToolScope,
    analyze,
)
from sqrt_tools.semantics.static_sets import StaticSet

__all__ = [
    "Access",
    "Context",
    "Expect",
    "Kind",
    "LetSymbol",
    "Place",
    "Reference",
    "SemanticModel",
    "StaticSet",
    "ToolScope",
    "analyze",
]
