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
from sqrt_tools.sets import ElementSet

__all__ = [
    "Access",
    "Context",
    "ElementSet",
    "Expect",
    "Kind",
    "LetSymbol",
    "Place",
    "Reference",
    "SemanticModel",
    "ToolScope",
    "analyze",
]
