"""Every regex match in evaluation is bounded in time (issue 18, item 3).

The reproductions run the real command in a subprocess with a deadline far above the
time limit of one match: before the fix each of them ran for 38 s or did not end, so
the deadline is what makes them fail on the old code (these are hang tests, not speed
goals). A match that runs out of time denies the call with the verdict
`regex_timeout` and an explanation that names the regex (fail-closed,
`decisions.REGEX_TIMEOUT_VERDICT`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sqrt_tools.evaluate import Argument, Call, Verdict, evaluate, explain, load_policy
from sqrt_tools.evaluate.bounded_regex import BoundedPattern, unambiguous

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 30  # seconds for a whole command; one match may take 0.25 s
NESTED_QUANTIFIER = r"^(a+)+$"
LAZY_GROUPS = r"^(.*?,){11}P"
ALTERNATION = r"^(a|a)*$"


def sqrt(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sqrt_tools", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env=env,
        check=False,
    )


def policy_file(tmp_path: Path, pattern: str) -> str:
    path = tmp_path / "p.sqrt"
    path.write_text(
        f'let greedy = {{str matching r"{pattern}"}};\n'
        'tool "send" { must deny when x.value in greedy; }\n',
        encoding="utf-8",
    )
    return str(path)


def test_nested_quantifier_against_a_run_of_as_and_a_bang_is_decided(tmp_path: Path) -> None:
    result = sqrt(
        "eval",
        policy_file(tmp_path, NESTED_QUANTIFIER),
        "--tool",
        "send",
        "--args",
        json.dumps({"x": "a" * 32 + "!"}),
    )
    # The engine finds "no match" without backtracking: the call is allowed, as `re`
    # would eventually decide.
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("send: default_allowed (allowed)")


@pytest.mark.parametrize(
    ("pattern", "value"),
    [(LAZY_GROUPS, "," * 40), (ALTERNATION, "a" * 40 + "!")],
)
def test_a_match_that_runs_out_of_time_denies_and_says_so(
    tmp_path: Path, pattern: str, value: str
) -> None:
    result = sqrt(
        "eval", policy_file(tmp_path, pattern), "--tool", "send", "--args", json.dumps({"x": value})
    )
    assert result.returncode == 2, result.stderr  # 2: denied
    lines = result.stdout.splitlines()
    assert lines[0] == "send: regex_timeout (denied)"
    assert f'regex r"{pattern}" at ' in lines[1]
    assert "took too long" in lines[1] and "fail-closed" in lines[1]


def test_json_names_the_regex_that_ran_out_of_time(tmp_path: Path) -> None:
    path = policy_file(tmp_path, LAZY_GROUPS)
    result = sqrt("eval", path, "--tool", "send", "--args", '{"x": "' + "," * 40 + '"}', "--json")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["verdict"] == "regex_timeout" and report["allowed"] is False
    assert report["regex_timeout"] == {
        "regex": f'r"{LAZY_GROUPS}"',
        "where": f"{path}:1:28",
        "phase": "checks",
        "limit_seconds": 0.25,
        "value_length": 40,
    }


def test_an_llm_value_reaching_the_policy_through_inspect_is_bounded(tmp_path: Path) -> None:
    document = {
        "status": "success",
        "final_return_value": {"value": "," * 40, "meta": {"tags": [], "consumers": ["*"]}},
        "namespace_snapshot": {"summary": {"value": "fine", "meta": {"tags": []}}},
    }
    result_path = tmp_path / "run.json"
    result_path.write_text(json.dumps(document), encoding="utf-8")
    policy = policy_file(tmp_path, LAZY_GROUPS)
    probe = ("--policy", policy, "--tool", "send", "--arg", "x")

    text = sqrt("inspect", str(result_path), "--only", "status", "--color", "never", *probe)
    assert text.returncode == 0, text.stderr
    assert "  summary: default_allowed (allowed)" in text.stdout
    assert "  final value: regex_timeout (denied)" in text.stdout
    assert "took too long" in text.stdout

    as_json = sqrt("inspect", str(result_path), "--json", *probe)
    values = json.loads(as_json.stdout)["policy_probe"]["values"]
    assert [(value["name"], value["verdict"]) for value in values] == [
        ("summary", "default_allowed"),
        ("final value", "regex_timeout"),
    ]


def test_sqrt_test_reports_the_timeout_as_a_failed_case(tmp_path: Path) -> None:
    policy_file(tmp_path, LAZY_GROUPS)
    (tmp_path / "p.sqrt-test.yaml").write_text(
        "cases:\n"
        "  - name: commas\n"
        "    calls:\n"
        "      - tool: send\n"
        f"        args: {{x: '{',' * 40}'}}\n"
        "        expect: {verdict: default_allowed}\n",
        encoding="utf-8",
    )
    result = sqrt("test", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "+ verdict: regex_timeout" in result.stdout
    assert "took too long" in result.stdout


def test_a_regex_tool_id_is_bounded_too() -> None:
    policy = load_policy(f'tool r"{ALTERNATION}" {{ must allow always; }}')
    decision = evaluate(policy, Call("a" * 40 + "!"))
    assert decision.verdict is Verdict.REGEX_TIMEOUT and not decision.allowed
    assert explain(decision)[0].startswith(f'denied: regex r"{ALTERNATION}" at <policy>:1:6')


def test_a_timeout_in_a_result_block_denies_and_runs_nothing_after() -> None:
    from sqrt_tools.evaluate import ToolOutput

    policy = load_policy(
        'tool "t" { result { when @result.value in {r"^(a|a)*$"} { @tags |= {"x"}; } } }'
    )
    decision = evaluate(policy, Call("t"), output=ToolOutput("a" * 40 + "!"))
    assert decision.verdict is Verdict.REGEX_TIMEOUT
    assert decision.result is None and decision.session_after is None
    assert "while the result and session after blocks ran" in explain(decision)[0]


def test_wildcards_keep_their_meaning_under_the_bounded_engine() -> None:
    policy = load_policy('tool "t" { must deny when x.value in {w"*@acme.com", w"a?c"}; }')
    for value, denied in [("bob@acme.com", True), ("abc", True), ("bob@acme.co", False)]:
        decision = evaluate(policy, Call("t", {"x": Argument(value)}))
        assert (decision.verdict is Verdict.HARD_DENIED) is denied, value


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        # `re` reads `[[:alpha:]]` as the class `[[:alph]` and a `]`; so must we.
        (r"[[:alpha:]]", ":]", True),
        (r"[[:alpha:]]", "a", False),
        (r"\d+", "\u0663\u0664", True),  # Unicode digits, as in `re`
        (r"\w+", "\u00e9t\u00e9", True),
        (r"a$", "a\n", False),
        (r"(?i)stra\u00dfe", "STRASSE", False),
    ],
)
def test_the_bounded_engine_reads_patterns_as_python_re_does(
    pattern: str, value: str, matches: bool
) -> None:
    assert BoundedPattern(pattern, text="r", where="w").fullmatch(value) is matches


def test_only_the_ambiguous_bracket_is_escaped() -> None:
    assert unambiguous(r"[[:alpha:]]") == r"[\[:alpha:]]"
    assert unambiguous(r"^[a-z]+$") == r"^[a-z]+$"
