"""Pydantic models of the dual-LLM result document (sqrt-language.md, section 5).

The service documents `status` and a handful of optional fields; anything else it sends
is kept (`extra="allow"`) so that a newer service never makes the inspector fail.
Documented fields are validated strictly: a value of the wrong type is reported with its
path instead of being coerced into something the service did not say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

# `{"*"}` is the universal set on the wire [doc]; a list holding "*" next to other names
# is read as universal too, since the union of anything with everything is everything [ours].
UNIVERSAL_MARK = "*"


class MetaSet:
    """A metadata set: either a finite set of names or the universal set ("anyone")."""

    __slots__ = ("_names", "_universal")

    def __init__(self, names: Iterable[str] = (), *, universal: bool = False) -> None:
        self._universal = universal
        self._names: frozenset[str] = frozenset() if universal else frozenset(names)

    @classmethod
    def universal_set(cls) -> MetaSet:
        return cls(universal=True)

    @classmethod
    def from_wire(cls, names: list[str]) -> MetaSet:
        if UNIVERSAL_MARK in names:
            return cls(universal=True)
        return cls(names)

    def to_wire(self) -> list[str]:
        return [UNIVERSAL_MARK] if self._universal else sorted(self._names)

    @property
    def is_universal(self) -> bool:
        return self._universal

    @property
    def names(self) -> frozenset[str]:
        """The names of a finite set (empty for the universal set)."""
        return self._names

    def sorted_names(self) -> list[str]:
        return sorted(self._names)

    def __contains__(self, name: object) -> bool:
        return self._universal or name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self.sorted_names())

    def __len__(self) -> int:
        return len(self._names)

    def __bool__(self) -> bool:
        return self._universal or bool(self._names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MetaSet):
            return NotImplemented
        return self._universal == other._universal and self._names == other._names

    def __hash__(self) -> int:
        return hash((self._universal, self._names))

    def __repr__(self) -> str:
        return "MetaSet(universal=True)" if self._universal else f"MetaSet({self.sorted_names()!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_meta_set,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda meta_set: meta_set.to_wire()
            ),
        )


def _validate_meta_set(value: Any) -> MetaSet:
    if isinstance(value, MetaSet):
        return value
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return MetaSet.from_wire(value)
    raise PydanticCustomError("meta_set_type", "expected a list of strings")


def _empty_set() -> MetaSet:
    return MetaSet()


class Meta(BaseModel):
    """The three metadata sets every value carries; defaults as the service documents."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    tags: MetaSet = Field(default_factory=_empty_set)
    consumers: MetaSet = Field(default_factory=MetaSet.universal_set)
    producers: MetaSet = Field(default_factory=_empty_set)

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields beside the three sets, kept as they came (shown, never dropped)."""
        return dict(self.model_extra or {})


class ValueWithMeta(BaseModel):
    """A value as the interpreter holds it: the value, its metadata, and the Python type
    the interpreter gave it (`value_type`, e.g. "str", in the service's responses)."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    value: Any = None
    meta: Meta = Field(default_factory=Meta)
    value_type: str | None = None

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields beside value, meta and value_type, kept as they came."""
        return dict(self.model_extra or {})

    @property
    def fields_beside_meta(self) -> dict[str, Any]:
        """What a value carries beside its metadata (for `session_meta`, whose value the
        service does not document): value and value_type when sent, then other fields."""
        fields: dict[str, Any] = {}
        if self.value is not None:
            fields["value"] = self.value
        if self.value_type is not None:
            fields["value_type"] = self.value_type
        return fields | self.unknown_fields


class ResultError(BaseModel):
    """The `error` object of a failed run."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    code: str | int | None = None
    message: str | None = None


class ResultDocument(BaseModel):
    """The JSON document a dual-LLM run returns as the assistant's message text."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    # "unknown": what the service's SDK makes of content that is not a result document
    # (`parse_json_safe`), with the content in `raw` [doc].
    status: Literal["success", "failure", "unknown"]
    final_return_value: ValueWithMeta | None = None
    error: ResultError | None = None
    program: str | None = None
    namespace_snapshot: dict[str, ValueWithMeta] | None = None
    session_meta: ValueWithMeta | None = None
    # The entries' shape is not documented: kept as free-form JSON (see history.py).
    policy_check_history: list[Any] | None = None
    message_history_mismatch_detected: bool | None = None
    raw: str | None = None

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields the service sent that this model does not know, in their order."""
        return dict(self.model_extra or {})
