"""Working out values the program fixes (`"a" + "b"`, `len([1, 2])`, `cfg["to"]`) so that
a policy's value tests can be decided for them.

Only plain data (None, booleans, numbers, strings, lists, tuples, dicts) is computed,
only with operations that cannot run code or grow without bound; anything else raises
`NotComputed`, and the value is then simply not known.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable

# Strings and containers past this size are not worth computing (and a plan could ask
# for `"a" * 10**12`).
MAX_SIZE = 100_000


class NotComputed(Exception):
    """The analysis does not work this value out."""


_BINARY: dict[type[ast.operator], Callable[[object, object], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}

_COMPARE: dict[type[ast.cmpop], Callable[[object, object], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: lambda left, right: left < right,  # type: ignore[operator]
    ast.LtE: lambda left, right: left <= right,  # type: ignore[operator]
    ast.Gt: lambda left, right: left > right,  # type: ignore[operator]
    ast.GtE: lambda left, right: left >= right,  # type: ignore[operator]
    ast.In: lambda left, right: operator.contains(right, left),  # type: ignore[arg-type]
    ast.NotIn: lambda left, right: not operator.contains(right, left),  # type: ignore[arg-type]
    ast.Is: lambda left, right: left is None and right is None,
    ast.IsNot: lambda left, right: (left is None) != (right is None),
}

_PLAIN = (type(None), bool, int, float, str, list, tuple, dict)


def _check(value: object) -> object:
    if not isinstance(value, _PLAIN):
        raise NotComputed
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SIZE:
        raise NotComputed
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        raise NotComputed
    return value


def evaluate_binop(op: ast.operator, left: object, right: object) -> object:
    compute = _BINARY.get(type(op))
    if compute is None:
        raise NotComputed
    _check(left)
    _check(right)
    if isinstance(op, ast.Mult) and not (
        isinstance(left, int | float) and isinstance(right, int | float)
    ):
        # Repetition (`"-" * 40`): bounded by the size check before it is built.
        count = right if isinstance(right, int) else left
        sized = left if isinstance(right, int) else right
        if not isinstance(count, int) or not isinstance(sized, str | list | tuple):
            raise NotComputed
        if count * len(sized) > MAX_SIZE:
            raise NotComputed
    if isinstance(op, ast.Mod) and isinstance(left, str):
        raise NotComputed  # %-formatting: not worked out
    return _check(compute(left, right))


def unary(op: ast.unaryop, operand: object) -> object:
    _check(operand)
    if isinstance(op, ast.Not):
        return not operand
    if type(operand) in (int, float):
        if isinstance(op, ast.USub):
            return -operand  # type: ignore[operator]
        if isinstance(op, ast.UAdd):
            return operand
    raise NotComputed


def compare(op: ast.cmpop, left: object, right: object) -> bool:
    compute = _COMPARE.get(type(op))
    if compute is None:
        raise NotComputed
    _check(left)
    _check(right)
    return bool(compute(left, right))


def truth_of(value: object) -> bool | None:
    """Python's truth of a plain value, or None for anything else."""
    if isinstance(value, _PLAIN):
        return bool(value)
    return None


_BUILTINS: dict[str, Callable[..., object]] = {
    "len": len,
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "abs": abs,
    "min": min,
    "max": max,
    "sum": sum,
    "sorted": sorted,
    "list": list,
    "tuple": tuple,
    "round": round,
}

_METHODS = frozenset(
    {
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "title",
        "capitalize",
        "casefold",
        "join",
        "replace",
        "split",
        "startswith",
        "endswith",
        "get",
        "keys",
        "values",
        "count",
        "index",
        "find",
    }
)


def call_builtin(name: str, arguments: list[object]) -> object:
    compute = _BUILTINS.get(name)
    if compute is None:
        raise NotComputed
    for argument in arguments:
        _check(argument)
    return _check(compute(*arguments))


def call_method(receiver: object, method: str, arguments: list[object]) -> object:
    if method not in _METHODS:
        raise NotComputed
    _check(receiver)
    for argument in arguments:
        _check(argument)
    if method == "replace" and isinstance(receiver, str) and arguments:
        replacement = arguments[1] if len(arguments) > 1 else ""
        if isinstance(replacement, str) and len(receiver) * (len(replacement) + 1) > MAX_SIZE:
            raise NotComputed
    result = getattr(receiver, method)(*arguments)
    if method in ("keys", "values"):
        return _check(list(result))
    return _check(result)
