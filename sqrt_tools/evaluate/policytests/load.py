"""Reading a policy test file into typed specs, with located, one-line errors.

```yaml
policy: refund_attempts.sqrt        # optional: defaults to the file named like this one
presets: {enable_llm_blocked_tag: false}   # optional: the service's preset names
cases:
  - name: the fourth attempt is allowed
    session: {tags: []}             # optional: session metadata at the start
    calls:
      - tool: issue_refund
        args: {order_id: "A-17"}    # plain values, or {value: ..., meta: {...}}
        result: {status: ok}        # optional: what the tool returned
        expect:
          verdict: hard_allowed     # and/or allowed: true
          fired: [21]               # rules that must have fired: lines or rule texts
          result: {meta: {tags: []}}
          session: {tags: [refund_issued]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sqrt_tools.evaluate.errors import collapse
from sqrt_tools.evaluate.jsonform import (
    InputError,
    args_from_json,
    check_value,
    meta_set_from_json,
    output_from_json,
    session_from_json,
)
from sqrt_tools.evaluate.model import (
    META_FIELDS,
    Argument,
    Meta,
    MetaField,
    ToolOutput,
    Verdict,
)
from sqrt_tools.input_limits import read_text
from sqrt_tools.json_numbers import IntegerTooLong
from sqrt_tools.presets import DEFAULT_PRESETS, Presets, PresetsError
from sqrt_tools.sets import ElementSet

_FILE_KEYS = ("policy", "presets", "cases")
_CASE_KEYS = ("name", "session", "calls")
_CALL_KEYS = ("tool", "args", "session", "result", "expect")
_EXPECT_KEYS = ("verdict", "allowed", "fired", "result", "session")
_RESULT_KEYS = ("value", "meta")


class PolicyTestFileError(Exception):
    """A test file that cannot be read; the message is `path:line: what is wrong`."""


@dataclass(frozen=True, slots=True)
class Expectation:
    """What one call must give; None (or empty) means "not checked"."""

    verdict: Verdict | None = None
    allowed: bool | None = None
    fired: tuple[int | str, ...] = ()
    result_value: tuple[object] | None = None  # a 1-tuple, since null is a value
    result_meta: dict[MetaField, ElementSet] = field(default_factory=dict)
    session: dict[MetaField, ElementSet] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CallSpec:
    tool: str
    args: dict[str, Argument]
    session: Meta | None  # replaces the session the previous call left, when given
    output: ToolOutput | None
    expect: Expectation
    line: int


@dataclass(frozen=True, slots=True)
class CaseSpec:
    name: str
    session: Meta
    calls: tuple[CallSpec, ...]
    line: int


@dataclass(frozen=True, slots=True)
class PolicyTestFile:
    path: Path
    policy: Path
    presets: Presets
    cases: tuple[CaseSpec, ...]


class _Loader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and refuses aliases
    (`*name`), which could multiply a small file into a huge document."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(
                f"line {event.start_mark.line + 1}: aliases (*name) are not allowed"
            )
        return super().compose_node(parent, index)

    def construct_bounded_int(self, node: Any) -> int:
        """YAML integers, refused in one located line past Python's conversion limit."""
        try:
            value: int = self.construct_yaml_int(node)
        except ValueError:  # the only way a scalar the int resolver accepted can fail
            digits = sum(char.isdigit() for char in str(node.value))
            raise yaml.constructor.ConstructorError(
                None, None, str(IntegerTooLong(digits)), node.start_mark
            ) from None
        return value

    def construct_timestamp_text(self, node: Any) -> str:
        return str(self.construct_scalar(node))

    def construct_line_map(self, node: Any) -> Iterator[dict[Any, Any]]:
        data: dict[Any, Any] = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_line_map)
# An unquoted `2025-06-01` stays the string it is, as it would be in JSON: datetime
# domains read ISO-8601 strings, and a YAML date object is not a JSON value.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_timestamp_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_bounded_int)


class _Reader:
    """Validates the loaded document; every error names a line and a path in it."""

    def __init__(self, path: Path, lines: dict[int, int], base: Presets) -> None:
        self.path = path
        self.lines = lines
        self.base = base  # what the file's `presets:` block overrides

    def fail(self, where: str, line: int, message: str) -> PolicyTestFileError:
        return PolicyTestFileError(f"{self.path}:{line}: {where}: {message}")

    def line_of(self, mapping: object, default: int) -> int:
        return self.lines.get(id(mapping), default)

    def mapping(self, data: object, where: str, line: int, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, line, f"expected a mapping with {', '.join(keys)}")
        for key in data:
            if key not in keys:
                raise self.fail(
                    where,
                    self.line_of(data, line),
                    f"unknown key {key!r} (expected {', '.join(keys)})",
                )
        return data

    def json(self, reader: Any, data: object, where: str, line: int) -> Any:
        try:
            return reader(data, where)
        except InputError as error:
            raise PolicyTestFileError(f"{self.path}:{line}: {error}") from None

    def string(self, data: object, where: str, line: int) -> str:
        if not isinstance(data, str) or not data:
            raise self.fail(where, line, "expected a non-empty string")
        return data

    def boolean(self, data: object, where: str, line: int) -> bool:
        if not isinstance(data, bool):
            raise self.fail(where, line, "expected true or false")
        return data

    def document(self, data: object) -> tuple[str | None, Presets, list[CaseSpec]]:
        top = self.mapping(data, "file", 1, _FILE_KEYS)
        policy = None
        if "policy" in top:
            policy = self.string(top["policy"], "policy", self.line_of(top, 1))
        presets = self.presets(top.get("presets", {}), self.line_of(top, 1))
        cases = top.get("cases")
        if not isinstance(cases, list) or not cases:
            raise self.fail("cases", self.line_of(top, 1), "expected a non-empty list of cases")
        return policy, presets, [self.case(case, f"cases[{i}]") for i, case in enumerate(cases)]

    def presets(self, data: object, line: int) -> Presets:
        if not isinstance(data, dict):
            raise self.fail("presets", line, "expected a mapping of preset names and values")
        try:
            return self.base.updated(data, "presets")
        except PresetsError as error:
            raise PolicyTestFileError(f"{self.path}:{self.line_of(data, line)}: {error}") from None

    def case(self, data: object, where: str) -> CaseSpec:
        raw = self.mapping(data, where, 1, _CASE_KEYS)
        line = self.line_of(raw, 1)
        name = self.string(raw.get("name"), f"{where}.name", line)
        session = Meta()
        if "session" in raw:
            session = self.json(session_from_json, raw["session"], f"{where}.session", line)
        calls = raw.get("calls")
        if not isinstance(calls, list) or not calls:
            raise self.fail(f"{where}.calls", line, "expected a non-empty list of calls")
        specs = tuple(self.call(call, f"{where}.calls[{i}]", line) for i, call in enumerate(calls))
        return CaseSpec(name, session, specs, line)

    def call(self, data: object, where: str, case_line: int) -> CallSpec:
        raw = self.mapping(data, where, case_line, _CALL_KEYS)
        line = self.line_of(raw, case_line)
        tool = self.string(raw.get("tool"), f"{where}.tool", line)
        args = self.json(args_from_json, raw.get("args", {}), f"{where}.args", line)
        session = None
        if "session" in raw:
            session = self.json(session_from_json, raw["session"], f"{where}.session", line)
        output = None
        if "result" in raw:
            output = self.json(output_from_json, raw["result"], f"{where}.result", line)
        if "expect" not in raw:
            raise self.fail(where, line, "expected an `expect` mapping (what the call must give)")
        expect = self.expectation(raw["expect"], f"{where}.expect", line)
        return CallSpec(tool, args, session, output, expect, line)

    def expectation(self, data: object, where: str, call_line: int) -> Expectation:
        raw = self.mapping(data, where, call_line, _EXPECT_KEYS)
        line = self.line_of(raw, call_line)
        if not raw:
            raise self.fail(where, line, f"expected at least one of {', '.join(_EXPECT_KEYS)}")
        verdict = None
        if "verdict" in raw:
            verdict = self.verdict(raw["verdict"], f"{where}.verdict", line)
        allowed = None
        if "allowed" in raw:
            allowed = self.boolean(raw["allowed"], f"{where}.allowed", line)
        fired = self.fired(raw.get("fired", []), f"{where}.fired", line)
        result_value: tuple[object] | None = None
        result_meta: dict[MetaField, ElementSet] = {}
        if "result" in raw:
            result = self.mapping(raw["result"], f"{where}.result", line, _RESULT_KEYS)
            if "value" in result:
                result_value = (
                    self.json(check_value, result["value"], f"{where}.result.value", line),
                )
            if "meta" in result:
                result_meta = self.partial_meta(result["meta"], f"{where}.result.meta", line)
        session = {}
        if "session" in raw:
            session = self.partial_meta(raw["session"], f"{where}.session", line)
        return Expectation(verdict, allowed, fired, result_value, result_meta, session)

    def verdict(self, data: object, where: str, line: int) -> Verdict:
        for verdict in Verdict:
            if data == verdict.value:
                return verdict
        names = ", ".join(verdict.value for verdict in Verdict)
        raise self.fail(where, line, f"unknown verdict {data!r} (expected one of {names})")

    def fired(self, data: object, where: str, line: int) -> tuple[int | str, ...]:
        if not isinstance(data, list):
            raise self.fail(where, line, "expected a list of rule lines or rule texts")
        rules: list[int | str] = []
        for item in data:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise self.fail(where, line, f"expected a rule line or rule text, found {item!r}")
            rules.append(
                item if isinstance(item, int) else collapse(item).removesuffix(";").rstrip()
            )
        return tuple(rules)

    def partial_meta(self, data: object, where: str, line: int) -> dict[MetaField, ElementSet]:
        raw = self.mapping(data, where, line, META_FIELDS)
        return {
            name: self.json(meta_set_from_json, raw[name], f"{where}.{name}", line)
            for name in META_FIELDS
            if name in raw
        }


def policy_for(test_path: Path) -> Path:
    """The policy a test file tests when it does not say: the file named like it."""
    name = test_path.name
    for suffix in (".sqrt-test.yaml", ".sqrt-test.yml"):
        if name.endswith(suffix):
            return test_path.with_name(name.removesuffix(suffix) + ".sqrt")
    return test_path.with_suffix(".sqrt")


def load_test_file(path: Path, base: Presets = DEFAULT_PRESETS) -> PolicyTestFile:
    """Read and check one test file; its `presets:` block overrides `base`. Raises
    `PolicyTestFileError` with a located message."""
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        raise PolicyTestFileError(f"{path}: not valid UTF-8 (offset {error.start})") from None
    except OSError as error:
        raise PolicyTestFileError(f"{path}: cannot read ({error.strerror or error})") from None
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise PolicyTestFileError(f"{where}: invalid YAML: {collapse(str(problem))}") from None
    except RecursionError:
        raise PolicyTestFileError(f"{path}: invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    reader = _Reader(path, loader.lines, base)
    policy, presets, cases = reader.document(data)
    policy_path = path.parent / policy if policy is not None else policy_for(path)
    return PolicyTestFile(path, policy_path, presets, tuple(cases))
