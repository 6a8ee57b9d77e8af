"""`sqrt inspect RESULT --policy POLICY --tool NAME --arg ARG`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.evaluate.inspect_bridge import FINAL_VALUE, ProbeError, load_probe
from sqrt_tools.results import decode

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "examples" / "results"
INJECTION = str(ROOT / "examples" / "web_prompt_injection.sqrt")

runner = CliRunner()


def inspect(*args: str) -> Any:
    return runner.invoke(app, ["inspect", *args], env={"COLUMNS": "200"})


def test_each_value_of_the_snapshot_and_the_final_value_is_checked() -> None:
    probe = load_probe(INJECTION, "parse_with_ai", "text")
    document = decode((RESULTS / "llm-blocked.anthropic.json").read_bytes()).document
    assert document is not None
    (page,) = probe.probe(document)
    assert page.name == "page" and page.decision.verdict == "hard_denied"
    assert page.tripped == [
        f'`hard deny when @args.tags overlaps {{"__llm_blocked"}}` at {INJECTION}:29'
    ]
    tagged = decode((RESULTS / "success-tags.chat.json").read_bytes()).document
    assert tagged is not None
    probes = probe.probe(tagged)
    assert probes[-1].name == FINAL_VALUE
    assert all(item.decision.allowed for item in probes)


def test_the_session_metadata_of_the_result_is_used() -> None:
    probe = load_probe(str(ROOT / "examples" / "rate_limit.sqrt"), "search_web", "q")
    value = {"value": "weather", "meta": {"tags": [], "consumers": ["*"], "producers": []}}

    def document(session_tags: list[str]) -> Any:
        wire = {
            "status": "success",
            "final_return_value": value,
            "session_meta": {"value": None, "meta": {"tags": session_tags}},
        }
        decoded = decode(json.dumps(wire))
        assert decoded.document is not None
        return decoded.document

    (fresh,) = probe.probe(document([]))
    assert fresh.decision.allowed
    (limited,) = probe.probe(document(["search_limit"]))
    assert limited.decision.verdict == "hard_denied"


def test_the_command_adds_a_policy_check_section() -> None:
    result = inspect(
        str(RESULTS / "llm-blocked.anthropic.json"),
        "--only",
        "status",
        "--policy",
        INJECTION,
        "--tool",
        "parse_with_ai",
        "--arg",
        "text",
    )
    assert result.exit_code == 0  # as without --policy: the probe does not change it
    lines = result.stdout.splitlines()
    start = lines.index(
        f"Policy check: each value passed to parse_with_ai as `text` (policy {INJECTION})"
    )
    assert lines[start + 1 :] == [
        "  page: hard_denied (denied)",
        # The service's default llm-blocked preset denies too, and says so first.
        "    denied by the llm-blocked preset: argument `text` carries `__llm_blocked`",
        '    denied by `hard deny when @args.tags overlaps {"__llm_blocked"}` at '
        f"{INJECTION}:29 because @args.tags = {{__llm_blocked, __non_executable, web}} "
        "overlaps {__llm_blocked}",
    ]


def test_json_output_gains_a_policy_probe() -> None:
    result = inspect(
        str(RESULTS / "denial.chat.json"),
        "--json",
        "--policy",
        str(ROOT / "examples" / "email_data_leak.sqrt"),
        "--tool",
        "send_email",
        "--arg",
        "body",
    )
    probe = json.loads(result.stdout)["policy_probe"]
    assert (probe["tool"], probe["arg"]) == ("send_email", "body")
    assert [value["name"] for value in probe["values"]] == ["report", "summary", "body"]
    assert {value["verdict"] for value in probe["values"]} == {"hard_denied"}
    assert probe["values"][0]["tripped"][0]["line"] == 30


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy", INJECTION, "--tool", "t"], "--tool and --arg go together, with --policy"),
        (["--tool", "t", "--arg", "a"], "--tool and --arg go together, with --policy"),
        (["--policy", "/nonexistent.sqrt"], "cannot read the policy"),
        (["--policy", "/nonexistent.sqrt", "--tool", "t", "--arg", "a"], "cannot read the policy"),
    ],
)
def test_incomplete_or_unreadable_probes_are_usage_errors(args: list[str], message: str) -> None:
    result = inspect(str(RESULTS / "document.json"), *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_policy_with_errors_is_refused_with_its_location(tmp_path: Path) -> None:
    policy = tmp_path / "bad.sqrt"
    policy.write_text('tool "t" { must deny when x.value in {r"("}; }')
    with pytest.raises(ProbeError, match=r"bad\.sqrt:1:39: invalid regular expression"):
        load_probe(str(policy), "t", "x")


# -- the presets --policy decides under (as `sqrt eval`) -----------------------------

UNCOVERED_POLICY = 'tool "send_email" {\n    hard deny when body.tags overlaps {"secret"};\n}\n'


def _presets_case(tmp_path: Path) -> tuple[str, str]:
    """A policy that says nothing about `parse_with_ai` or `get_weather`, and a run whose
    final value carries `__llm_blocked` and whose plan calls `get_weather`."""
    tmp_path.mkdir(exist_ok=True)
    policy = tmp_path / "policy.sqrt"
    policy.write_text(UNCOVERED_POLICY, encoding="utf-8")
    run = tmp_path / "run.json"
    wire = {
        "status": "success",
        "program": 'x = get_weather(city="Paris")\nreturn_value = x\n',
        "final_return_value": {"value": "sunny", "meta": {"tags": ["__llm_blocked"]}},
    }
    run.write_text(json.dumps(wire), encoding="utf-8")
    return str(policy), str(run)


def _probe_verdict(*args: str) -> str:
    result = inspect(*args, "--json")
    assert result.exit_code == 0, result.stderr
    (value,) = json.loads(result.stdout)["policy_probe"]["values"]
    return str(value["verdict"])


def _plan_call(*args: str) -> dict[str, Any]:
    result = inspect(*args, "--json")
    assert result.exit_code == 0, result.stderr
    (call,) = json.loads(result.stdout)["plan"]["calls"]
    return dict(call)


def test_the_probe_decides_under_presets_from_the_option(tmp_path: Path) -> None:
    policy, run = _presets_case(tmp_path)
    probe = [run, "--policy", policy, "--tool", "parse_with_ai", "--arg", "query"]

    assert _probe_verdict(*probe) == "hard_denied"  # the dual-LLM default blocks it
    off = '{"enable_llm_blocked_tag": false}'
    assert _probe_verdict(*probe, "--presets", off) == "default_allowed"
    text = inspect(*probe, "--color", "never", "--presets", off).stdout
    assert "final value: default_allowed (allowed)" in text


def test_the_plan_view_reads_the_projects_presets_and_the_option_wins(tmp_path: Path) -> None:
    plain_policy, plain_run = _presets_case(tmp_path / "plain")
    assert _plan_call(plain_run, "--policy", plain_policy)["outcome"] == "allowed"

    policy, run = _presets_case(tmp_path / "project")
    (tmp_path / "project" / "pyproject.toml").write_text(
        "[tool.sqrt.presets]\ndefault_allow = false\n", encoding="utf-8"
    )
    denied = _plan_call(run, "--policy", policy)
    assert denied["verdicts"] == ["default_denied"]
    text = inspect(run, "--policy", policy, "--color", "never").stdout
    assert "get_weather: DENIED" in text and "default_allow is off" in text
    allowed = _plan_call(run, "--policy", policy, "--presets", '{"default_allow": true}')
    assert allowed["verdicts"] == ["default_allowed"]


def test_single_llm_mode_turns_non_executable_memory_off(tmp_path: Path) -> None:
    policy, run = _presets_case(tmp_path)

    dual = _plan_call(run, "--policy", policy, "--dual-llm")
    single = _plan_call(run, "--policy", policy, "--single-llm")

    assert "__non_executable" in dual["result"]["tags"]
    assert "__non_executable" not in single["result"]["tags"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--presets", "{}"], "--presets, --single-llm and --dual-llm go with --policy"),
        (["--single-llm"], "--presets, --single-llm and --dual-llm go with --policy"),
        (["--policy", "POLICY", "--presets", '{"bogus": 1}'], "unknown preset `bogus`"),
        (["--policy", "POLICY", "--presets", "[1]"], "--presets: expected a JSON object"),
    ],
)
def test_bad_presets_for_inspect_are_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    policy, run = _presets_case(tmp_path)
    result = inspect(run, *[policy if arg == "POLICY" else arg for arg in args])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("sqrt inspect: ") and message in line
