"""The result document itself: validation, and reading it out of an assistant's text."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from sqrt_tools.results.errors import DecodeError
from sqrt_tools.results.jsontext import parse_json, type_name
from sqrt_tools.results.models import ResultDocument

_DOCUMENT_FIELDS = frozenset(ResultDocument.model_fields)


def looks_like_document(value: dict[str, Any]) -> bool:
    """A JSON object that claims to be a result document (it may still be invalid)."""
    if value.get("status") in ("success", "failure", "unknown"):
        return True
    return "status" in value and len(_DOCUMENT_FIELDS.intersection(value)) >= 2


def claims_document_fields(value: dict[str, Any]) -> bool:
    """Any result-document field at all: worth validating to explain what is wrong."""
    return bool(_DOCUMENT_FIELDS.intersection(value))


def document_from_json(value: Any, *, where: str = "the result document") -> ResultDocument:
    """Validate a parsed JSON value as a result document; errors name the bad field."""
    if not isinstance(value, dict):
        raise DecodeError(f"{where} should be a JSON object, got {type_name(value)}")
    try:
        return ResultDocument.model_validate(value)
    except ValidationError as exc:
        raise DecodeError(f"{where} is not valid: {describe_validation_error(exc)}") from exc


def document_from_text(text: str, *, where: str) -> ResultDocument:
    """Parse an assistant message text as a result document."""
    stripped = text.strip()
    if not stripped.startswith(("{", '"')):
        preview = " ".join(stripped[:60].split())
        raise DecodeError(
            f"{where} is plain text, not a dual-LLM result document "
            f"(it starts {preview!r}); was the request made in dual-LLM mode?"
        )
    value = parse_json(stripped, where=where)
    if isinstance(value, str):  # a document encoded once more as a JSON string
        value = parse_json(value, where=f"{where} (a JSON string)")
    return document_from_json(value, where=where)


def describe_validation_error(exc: ValidationError) -> str:
    problems = exc.errors(include_url=False, include_context=False, include_input=True)
    first = problems[0]
    path = ".".join(str(part) for part in first["loc"]) or "(top level)"
    text = f"{path}: {_describe_problem(first)}"
    if len(problems) > 1:
        text += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return text


def _describe_problem(problem: Any) -> str:
    kind = problem["type"]
    got = type_name(problem.get("input"))
    if kind == "missing":
        return "this field is required"
    if kind == "literal_error":
        return f"expected 'success', 'failure' or 'unknown', got {str(problem.get('input'))[:40]!r}"
    expected = {
        "string_type": "a string",
        "list_type": "a list of strings",
        "dict_type": "an object",
        "model_type": "an object",
        "bool_type": "a boolean",
        "int_type": "an integer",
        "meta_set_type": "a list of strings",
    }.get(kind)
    if expected is not None:
        return f"expected {expected}, got {got}"
    return f"{problem['msg']} (got {got})"
