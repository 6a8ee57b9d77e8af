"""Fuzz: the inspector, `sqrt eval` and `sqrt check` on hostile input (issue 18, item 5).

Generated results mix random nesting (past the 256-level limit too), lone surrogates,
integers past Python's 4,300-digit limit, control, bidi, tag, private-use and other
invisible characters, terminal escape sequences and rich markup, in values, keys,
metadata, messages and programs. For every one, each command must exit with a
documented code, print no traceback, and write output whose bytes are valid UTF-8
holding no raw hidden character (`safe_text.is_hidden`; tab and line feed aside) and,
without colours, no ESC at all. Bounded (`max_examples`) to keep the suite fast.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.safe_text import is_hidden

runner = CliRunner()
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HUGE = "__HUGE_INTEGER__"

HOSTILE_CHARACTERS = (
    "\x00\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\u00ad\u061c\u180e\u200b\u200d\u200e\u202a"
    "\u202e\u2028\u2029\u2060\u2064\u2066\u2069\u206a\u206f\ufeff\ufff9\ufffb\ue000"
    "\U000f0000\U000e0001\U000e0041\U000e007f\ud800\udfff"
)
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE_CHARACTERS),
        st.sampled_from(["[bold]", "[/]", "\x1b[31m", "\x1b]0;title\x07", "\x1b[2J", "é", "中"]),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
).map("".join)
leaf = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.just(HUGE),
)
json_value = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=25,
)
name_list = st.lists(hostile_text, max_size=3)
meta = st.fixed_dictionaries(
    {}, optional={"tags": name_list, "consumers": name_list, "producers": name_list}
)
value_with_meta = st.fixed_dictionaries({"value": json_value, "meta": meta})
document = st.fixed_dictionaries(
    {"status": st.sampled_from(["success", "failure"])},
    optional={
        "final_return_value": value_with_meta,
        "error": st.fixed_dictionaries({"code": hostile_text, "message": hostile_text}),
        "program": hostile_text,
        "namespace_snapshot": st.dictionaries(hostile_text, value_with_meta, max_size=3),
        "policy_check_history": st.lists(json_value, max_size=2),
        "extra": json_value,
    },
)


def to_json(value: Any, huge_digits: int, depth: int) -> str:
    """`value` as JSON text (lone surrogates as `\\udXXX` escapes), with `HUGE` markers
    turned into integers of `huge_digits` digits and the whole wrapped `depth` deep."""
    text = json.dumps(value, ensure_ascii=True)
    text = text.replace(json.dumps(HUGE), "9" * huge_digits)
    return "[" * depth + text + "]" * depth


def assert_clean_output(result: Any) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-400:])
    for stream in (result.stdout_bytes, result.stderr_bytes):
        text = stream.decode("utf-8")  # valid UTF-8: no raw surrogate got through
        assert "Traceback" not in text and "internal error" not in text, text[-400:]
        hidden = sorted({char for char in text if is_hidden(char) and char not in "\n\t"})
        assert hidden == [], [hex(ord(char)) for char in hidden]


@FUZZ
@given(
    document=document,
    huge_digits=st.sampled_from([3, 4300, 4301, 6000]),
    depth=st.sampled_from([0, 0, 0, 2, 300]),
    as_record=st.booleans(),
)
def test_inspect_on_hostile_results(
    document: dict[str, Any], huge_digits: int, depth: int, as_record: bool
) -> None:
    text = to_json(document, huge_digits, depth)
    if as_record:  # one JSON Lines record among good ones
        good = json.dumps({"status": "success"})
        text = f"{good}\n{text}\n{good}\n"
    for extra in (["--color", "never"], ["--json"], ["--full", "--color", "never"]):
        result = runner.invoke(
            app, ["inspect", "-", *extra], input=text.encode("utf-8"), env={"COLUMNS": "120"}
        )
        assert_clean_output(result)


@FUZZ
@given(
    args=st.dictionaries(hostile_text, json_value, max_size=3),
    huge_digits=st.sampled_from([3, 6000]),
)
def test_eval_on_hostile_arguments(args: dict[str, Any], huge_digits: int) -> None:
    arguments = to_json(args, huge_digits, 0)
    for extra in ([], ["--json"]):
        result = runner.invoke(
            app,
            [
                "eval",
                "examples/web_prompt_injection.sqrt",
                "--tool",
                "parse_with_ai",
                "--args",
                arguments,
                *extra,
            ],
        )
        assert_clean_output(result)


@FUZZ
@given(
    policy=st.lists(
        st.one_of(
            hostile_text,
            st.sampled_from(
                [
                    'let a = {"',
                    '"};',
                    'tool "t" { must deny when x.value in {r"',
                    '"}; }',
                    "// ",
                    "\n",
                    "/*",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_check_on_hostile_policies(policy: list[str]) -> None:
    source = "".join(policy).encode("utf-8", "surrogatepass")
    for output_format in ("text", "json", "github"):
        result = runner.invoke(
            app,
            ["check", "-", "--stdin-filename", "p\u202e.sqrt", "--format", output_format],
            input=source,
        )
        assert_clean_output(result)
