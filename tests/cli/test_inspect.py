"""`sqrt inspect` end to end: sections, flags, exit codes, hostile and malformed input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "results"
SESSION = "5b1c8f0e-3a4d-4e2b-9f61-0c7d2a9e4b13"
HOSTILE = (
    "clear\x1b[2J title\x1b]0;pwned\x07 csi\x9b6n "
    "[bold red]markup[/] [link=https://x.example]l[/link] :smile:"
)

runner = CliRunner()


def inspect(*args: str, stdin: str | bytes | None = None) -> Any:
    return runner.invoke(app, ["inspect", *args], input=stdin, env={"COLUMNS": "160"})


def example(name: str) -> str:
    return str(EXAMPLES / name)


def write(tmp_path: Path, name: str, content: str | bytes | dict[str, Any]) -> str:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return str(path)


def one_line_error(result: Any) -> str:
    """The single stderr line of a refused input (and proof there is no traceback)."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sqrt inspect: ")
    return str(lines[0])


# -- sections -------------------------------------------------------------------------


def test_headline_names_outcome_session_models_and_form() -> None:
    result = inspect(example("exchange.http"))

    assert result.exit_code == 0
    first_lines = result.stdout.splitlines()[:3]
    assert first_lines[0].startswith("SUCCESS")
    assert f"session {SESSION} (from the X-Session-ID response header)" in first_lines[0]
    assert "planner openai/gpt-5  quarantined openai/gpt-5-mini" in first_lines[1]
    assert (
        "Chat Completions response (finish_reason: stop), in a saved HTTP exchange"
        in first_lines[2]
    )


def test_value_and_metadata_table_with_universal_as_anyone() -> None:
    result = inspect(example("success.responses.json"))

    out = result.stdout
    assert "Final value  (number)" in out
    assert re.search(r"^\s+97\s*$", out, re.M)
    assert re.search(r"consumers\s+anyone", out)
    assert re.search(r"producers\s+get_exam_scores", out)
    assert "__non_executable: internal tag" in out  # internal names are explained


def test_failure_shows_error_denial_in_words_and_marks_the_program_line() -> None:
    result = inspect(example("denial.chat.json"))

    out = result.stdout
    assert out.startswith("FAILURE")
    assert re.search(r"code\s+tool_call_denied", out)
    assert "The call to send_email was denied by argument checking policies: hard_denied" in out
    assert "nothing can override it" in out
    assert re.search(r"found in\s+the error message, policy check 3", out)
    marked = [line for line in out.splitlines() if "❱" in line and "send_email(" in line]
    assert len(marked) == 1 and re.search(r"❱\s*8 ", marked[0])
    assert "line 8: the denied call to send_email" in out


def test_llm_blocked_denial_explains_the_internal_names() -> None:
    out = inspect(example("llm-blocked.anthropic.json")).stdout

    assert "The call to parse_with_ai was denied" in out
    assert "parse_with_ai: internal tool" in out
    assert "__llm_blocked: internal tag: this value must not be passed to parse_with_ai" in out


def test_namespace_and_history_tables() -> None:
    out = inspect(example("success-tags.chat.json")).stdout

    assert re.search(r"variable\s+value\s+tags\s+producers\s+consumers", out)
    invoice_row = next(line for line in out.splitlines() if re.match(r"\s*invoice\s+\{", line))
    assert '{"invoice_number":' in invoice_row and "finance" in invoice_row
    assert "Policy check history  (2 checks)" in out
    assert re.search(r"2\s+parse_with_ai\s+soft_allowed\s+allowed by a soft rule", out)


def test_tool_calls_turn_lists_calls_and_decoded_session() -> None:
    result = inspect(example("tool-calls.chat.json"))

    out = result.stdout
    assert out.startswith("TOOL CALLS PENDING")
    assert "session c2e7a410-98f3-4d55-b0a2-6e1f3d9c7a58 (from the tool-call ids)" in out
    assert re.search(r"1\s+get_calendar_events\s+\{\"start\": \"2024-10-01\"", out)
    assert "3d8f1b27-6a4c-4e9d-b0f5-72c1e8a9d346" in out


def test_unknown_fields_and_history_mismatch_are_shown(tmp_path: Path) -> None:
    document = {"status": "success", "message_history_mismatch_detected": True, "attempt": 2}

    out = inspect(write(tmp_path, "doc.json", document)).stdout

    assert "message_history_mismatch_detected" in out
    assert re.search(r"attempt\s+2", out)


def fields_beside_the_sets() -> dict[str, Any]:
    """A run whose metadata objects and session value carry fields the model does not name."""
    return {
        "status": "success",
        "final_return_value": {
            "value": "ok",
            "meta": {"tags": ["pii"], "producers": [], "trust_level": f"low{HOSTILE}"},
        },
        "namespace_snapshot": {
            "page": {"value": 1, "meta": {"tags": [], "source_url": "https://a.example/x"}}
        },
        "session_meta": {
            "value": None,
            "meta": {"tags": ["read_inbox"], "epoch": 3},
            "turn_number": 7,
        },
    }


def test_fields_inside_meta_and_on_the_session_value_are_shown_escaped(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["inspect", write(tmp_path, "doc.json", fields_beside_the_sets()), "--color", "never"],
        env={"COLUMNS": "200"},
    )

    out = result.stdout
    assert result.exit_code == 0
    final_meta = out.split("Metadata of the final value")[1].split("Namespace")[0]
    assert re.search(r"trust_level\s+\"low", final_meta)
    assert "\\u001b[2J" in final_meta and "\x1b" not in final_meta  # escaped, never obeyed
    assert '"meta.source_url": "https://a.example/x"' in out
    session = out.split("Session metadata")[1]
    assert re.search(r"epoch\s+3", session)
    assert '"turn_number": 7' in session


def test_json_keeps_fields_inside_meta_and_on_the_session_value(tmp_path: Path) -> None:
    out = inspect(write(tmp_path, "doc.json", fields_beside_the_sets()), "--json").stdout
    obj = json.loads(out)

    assert obj["meta"]["other_fields"] == {"trust_level": f"low{HOSTILE}"}
    assert obj["namespace"][0]["meta"]["other_fields"] == {"source_url": "https://a.example/x"}
    assert obj["session_meta"]["other_fields"] == {"epoch": 3}
    assert obj["session_other_fields"] == {"turn_number": 7}
    assert "\x1b" not in out  # the control characters travel as JSON escapes


def test_trace_shows_the_assignments_behind_a_variables_metadata() -> None:
    out = inspect(example("success-tags.chat.json"), "--trace", "total").stdout

    assert "Provenance of total" in out
    assert 'line 8 total = invoice["total"]' in out
    assert "finance added by parse_with_ai()" in out
    assert "Namespace snapshot" not in out  # --trace alone shows the trace, not everything


def test_trace_of_an_unknown_variable_says_which_exist() -> None:
    out = inspect(example("document.json"), "--trace", "nope").stdout
    assert "no variable 'nope'" in out and "weather" in out


# -- flags -----------------------------------------------------------------------------


def test_only_picks_sections() -> None:
    out = inspect(example("denial.chat.json"), "--only", "program").stdout

    assert "Program" in out and "FAILURE" not in out and "Namespace" not in out
    both = inspect(example("denial.chat.json"), "--only", "status,history").stdout
    assert "FAILURE" in both and "Policy check history" in both and "Program" not in both


def test_only_rejects_unknown_parts() -> None:
    result = inspect(example("denial.chat.json"), "--only", "values")
    assert result.exit_code == 2
    assert "unknown --only part 'values'" in one_line_error(result)


def test_long_values_are_cut_unless_full(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "long.json",
        {"status": "success", "final_return_value": {"value": "word " * 2000}},
    )

    cut = inspect(path, "--only", "value").stdout
    full = inspect(path, "--only", "value", "--full").stdout

    assert "(8,000 more characters)" in " ".join(cut.split())  # the note may wrap
    assert full.count("word") == 2000


def test_json_prints_one_object_per_input_with_the_documented_keys() -> None:
    result = inspect(example("runs.jsonl"), "--json")

    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [obj["outcome"] for obj in objects] == ["success", "tool_calls", "failure", "success"]
    assert [obj["source"].rsplit(":", 1)[1] for obj in objects] == ["1", "2", "3", "4"]
    assert objects[2]["denial"]["tool"] == "send_email"
    assert objects[1]["tool_calls"][0]["session_id"] == "c2e7a410-98f3-4d55-b0a2-6e1f3d9c7a58"


def test_json_with_only_keeps_identity_keys() -> None:
    line = inspect(example("success.responses.json"), "--json", "--only", "value").stdout
    assert json.loads(line) == {
        "schema_version": 1,
        "source": example("success.responses.json"),
        "outcome": "success",
        "problem": None,
        "form": "responses",
        "value_present": True,
        "value": 97,
        "value_type": None,
        "value_other_fields": {},
        "raw": None,
    }


def test_json_schema_flag_prints_the_schema() -> None:
    schema = json.loads(inspect("--json-schema").stdout)
    assert schema["required"] == ["schema_version", "source", "outcome", "problem", "form"]


@pytest.mark.parametrize(
    ("name", "plain", "with_exit_status"),
    [
        ("success-tags.chat.json", 0, 0),
        ("tool-calls.chat.json", 0, 0),
        ("denial.chat.json", 0, 1),
        ("malformed-truncated.json", 2, 2),
        ("runs.jsonl", 0, 1),
    ],
)
def test_exit_codes(name: str, plain: int, with_exit_status: int) -> None:
    assert inspect(example(name)).exit_code == plain
    assert inspect(example(name), "--exit-status").exit_code == with_exit_status


def test_reads_standard_input() -> None:
    text = (EXAMPLES / "stream.chat.sse").read_text()
    result = inspect("-", stdin=text)
    assert result.exit_code == 0
    assert "reassembled from a server-sent events stream" in result.stdout
    assert "<stdin>" in result.stdout


def test_json_lines_report_bad_records_and_continue(tmp_path: Path) -> None:
    good = (EXAMPLES / "success.responses.json").read_text().replace("\n", "")
    path = write(tmp_path, "log.jsonl", f'{good}\n{{"status": \n{good}\n')

    result = inspect(path, "--json")

    assert result.exit_code == 2
    assert [json.loads(line)["outcome"] for line in result.stdout.splitlines()] == [
        "success",
        "undecodable",
        "success",
    ]
    assert one_line_error(result).startswith(f"sqrt inspect: {path}:2: ")


# -- malformed input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"status": "success", "final_return_value": {"val', "was it truncated"),
        (
            {"status": "success", "final_return_value": {"value": 1, "meta": {"tags": "x"}}},
            "final_return_value.meta.tags: expected a list of strings",
        ),
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        (b'{"status": "success", "program": "\xc3\x28"}', "not valid UTF-8"),
        ("", "the input is empty"),
        ("hello there", "not valid JSON"),
    ],
)
def test_malformed_input_is_one_line_and_exit_2(tmp_path: Path, content: Any, reason: str) -> None:
    result = inspect(write(tmp_path, "bad.json", content))

    assert result.exit_code == 2
    assert reason in one_line_error(result)


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = inspect(str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "No such file" in one_line_error(result)


def test_a_fifty_megabyte_value_is_refused_in_one_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "big.json",
        {"status": "success", "final_return_value": {"value": "x" * 50_000_000}},
    )

    result = inspect(path, "--only", "status,value")

    assert result.exit_code == 2
    assert "larger than the 16 MiB limit" in one_line_error(result)


def test_a_fifty_megabyte_value_is_shown_cut_with_a_higher_limit(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "big.json",
        {"status": "success", "final_return_value": {"value": "x" * 50_000_000}},
    )

    result = inspect(path, "--only", "status,value", "--max-size", "64")

    assert result.exit_code == 0
    assert "string, 50,000,000 characters" in result.stdout
    assert "(49,998,000 more characters)" in " ".join(result.stdout.split())
    assert len(result.stdout) < 10_000


# -- escaping -----------------------------------------------------------------------


def hostile_document() -> dict[str, Any]:
    meta = {"tags": [HOSTILE], "consumers": [HOSTILE], "producers": ["p\x1b[1m"]}
    return {
        "status": "failure",
        "final_return_value": {"value": {"k\x1b[31m": HOSTILE, "plain": HOSTILE}, "meta": meta},
        "error": {
            "code": "c\x1b[5m",
            "message": f"Tool call send_email denied by argument checking policies. {HOSTILE}",
        },
        "program": f"x = get('{HOSTILE}')\nsend_email(body=x)\n",
        "namespace_snapshot": {f"x{HOSTILE}": {"value": HOSTILE, "meta": meta}},
        "policy_check_history": [
            {"tool": f"send_email{HOSTILE}", "verdict": f"hard_denied{HOSTILE}", "rules": [HOSTILE]}
        ],
        f"extra{HOSTILE}": HOSTILE,
    }


def assert_only_styling_escapes(raw: bytes) -> None:
    """Every ESC in the output starts an SGR colour sequence (ESC [ digits ; m) of ours."""
    assert b"\x07" not in raw and b"\xc2\x9b" not in raw
    for match in re.finditer(rb"\x1b", raw):
        assert re.match(rb"\x1b\[[0-9;]*m", raw[match.start() :]), raw[
            match.start() : match.start() + 12
        ]
    assert b"\x1b[2J" not in raw and b"\x1b]0;" not in raw and b"\x1b[5m" not in raw


def test_hostile_content_is_shown_escaped_in_every_section(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.json", hostile_document())

    every_section = runner.invoke(
        app, ["inspect", path, "--color", "never"], env={"COLUMNS": "400"}
    )
    traced = runner.invoke(app, ["inspect", path, "--color", "never", "--trace", "x"])
    raw = every_section.stdout_bytes + traced.stdout_bytes

    for section in (
        b"Error",
        b"Policy denial",
        b"Final value",
        b"Program",
        b"Namespace",
        b"Policy check",
        b"Other fields",
        b"Provenance of x",
    ):
        assert section in raw

    assert b"\x1b" not in raw and b"\x07" not in raw
    assert b"\\x1b[2J" in raw and b"\\x07" in raw and b"\\x9b" in raw
    assert b"[bold red]markup[/]" in raw  # rich markup in data is printed, not obeyed
    assert b"[link=https://x.example]" in raw
    assert b":smile:" in raw  # and emoji codes stay text


def test_hostile_json_output_has_no_raw_controls(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.json", hostile_document())

    raw = runner.invoke(app, ["inspect", path, "--json"]).stdout_bytes

    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80\xae", raw)
    assert json.loads(raw)["value"]["plain"] == HOSTILE


def test_real_console_entry_escapes_hostile_bytes_with_colours_on(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.json", hostile_document())

    completed = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "inspect", path, "--color", "always"],
        capture_output=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    assert_only_styling_escapes(completed.stdout)
    assert b"\\x1b[2J" in completed.stdout
    assert b"\\x1b]0;pwned\\x07" in completed.stdout


def test_real_console_entry_reports_malformed_input_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.json", "{" + '"a":{' * 10_000 + "}" * 10_001)

    completed = subprocess.run(
        [sys.executable, "-m", "sqrt_tools", "inspect", path, "--exit-status"],
        capture_output=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert completed.returncode == 2
    assert completed.stdout == b""
    assert completed.stderr.count(b"\n") == 1
    assert (
        completed.stderr.startswith(b"sqrt inspect: ") and b"nested too deeply" in completed.stderr
    )


def test_only_status_of_a_tool_calls_turn_is_just_the_headline() -> None:
    out = inspect(example("tool-calls.chat.json"), "--only", "status").stdout
    assert out.startswith("TOOL CALLS PENDING")
    assert "Pending tool calls" not in out


def test_session_metadata_section() -> None:
    out = inspect(example("success-tags.chat.json"), "--only", "session").stdout
    assert "Session metadata" in out
    assert re.search(r"tags\s+read_inbox", out)
    assert re.search(r"consumers\s+anyone", out)


def test_long_tables_are_cut_unless_full(tmp_path: Path) -> None:
    snapshot = {f"v{i}": {"value": i, "meta": {}} for i in range(250)}
    path = write(tmp_path, "many.json", {"status": "success", "namespace_snapshot": snapshot})

    assert "… 50 more variables (--full shows all)" in inspect(path, "--only", "namespace").stdout
    full = inspect(path, "--only", "namespace", "--full").stdout
    assert "more variables" not in full and re.search(r"^\s+v249\s", full, re.M)
