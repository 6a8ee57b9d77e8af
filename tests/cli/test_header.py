"""`sqrt header`: the X-Policy JSON of a checked policy, and a curl line that carries it."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sqrt_tools.cli.app import app
from sqrt_tools.config import clear_cache
from sqrt_tools.service.policy_header import x_policy

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "email_data_leak.sqrt"
SMALL = 'tool "send_email" {\n    must deny when body.tags overlaps {"secret"};\n}\n'

runner = CliRunner()


def header(*args: str, stdin: str | None = None, env: dict[str, str | None] | None = None) -> Any:
    return runner.invoke(
        app, ["header", *args], input=stdin, env=env or {"SEQURITY_BASE_URL": None}
    )


def test_prints_the_header_of_a_file_as_one_json_line() -> None:
    result = header(str(EXAMPLE))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == x_policy(EXAMPLE.read_text(encoding="utf-8"))
    assert result.stderr == ""


def test_options_set_mode_and_presets() -> None:
    result = header(
        "-",
        "--mode",
        "strict",
        "--default-deny",
        "--default-enforcement",
        "hard",
        "--no-non-executable-memory",
        "--no-llm-blocked-tag",
        "--llm-blocked-enforcement",
        "soft",
        "--fail-fast",
        stdin=SMALL,
    )

    obj = json.loads(result.stdout)
    assert obj["mode"] == "strict" and obj["fail_fast"] is True
    assert obj["presets"] == {
        "default_allow": False,
        "default_allow_enforcement_level": "hard",
        "enable_non_executable_memory": False,
        "enable_llm_blocked_tag": False,
        "llm_blocked_tag_enforcement_level": "soft",
        "branching_meta_policy": {"mode": "deny", "producers": [], "tags": [], "consumers": []},
    }
    assert obj["codes"] == {"code": SMALL, "language": "sqrt"}


def test_fail_fast_is_null_unless_chosen() -> None:
    assert json.loads(header("-", stdin=SMALL).stdout)["fail_fast"] is None
    assert json.loads(header("-", "--no-fail-fast", stdin=SMALL).stdout)["fail_fast"] is False


def test_pretty_is_indented_and_means_the_same() -> None:
    result = header("-", "--pretty", stdin=SMALL)

    assert result.stdout.startswith('{\n  "mode": "standard",\n')
    assert json.loads(result.stdout) == x_policy(SMALL)


def test_a_policy_with_syntax_errors_gets_diagnostics_and_no_header(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqrt"
    path.write_text("let a = b\nlet c = d;\n", encoding="utf-8")

    result = header(str(path))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:1:10: SQ000 [syntax-error] expected `;`" in result.stderr
    assert result.stderr.endswith(
        f"sqrt header: {path}: not printing a header for a policy with errors\n"
    )


def test_lint_errors_also_refuse_and_warnings_do_not(tmp_path: Path) -> None:
    undefined = header("-", stdin='tool "a" { must deny when not x.value in nowhere; }\n')
    unanchored = header("-", stdin='tool r"send_.*" { should deny always; }\n')

    assert undefined.exit_code == 2
    assert "SQ101 [undefined-name]" in undefined.stderr
    assert unanchored.exit_code == 0
    assert "SQ201 [unanchored-tool-regex]" in unanchored.stderr
    assert json.loads(unanchored.stdout)["codes"]["code"].startswith('tool r"send_.*"')


def test_the_projects_lint_settings_apply(tmp_path: Path) -> None:
    (tmp_path / "sqrt.toml").write_text('ignore = ["unanchored-tool-regex"]\n', encoding="utf-8")
    path = tmp_path / "policy.sqrt"
    path.write_text('tool r"send_.*" { should deny always; }\n', encoding="utf-8")

    result = header(str(path))

    assert result.exit_code == 0
    assert result.stderr == ""


def test_curl_line_round_trips_through_the_shell_parser() -> None:
    policy = 'tool "a" { should deny when x.value in {"it\'s $HOME `id`"}; }\n'

    result = header("-", "--curl", "--model", "openai/gpt-5,openai/gpt-5-mini", stdin=policy)

    assert result.exit_code == 0, result.stderr
    words = shlex.split(result.stdout)
    assert words[:3] == ["curl", "-sS", "https://api.sequrity.ai/control/chat/v1/chat/completions"]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert "Authorization: Bearer $SEQURITY_API_KEY" in headers
    assert "X-Api-Key: $OPENROUTER_API_KEY" in headers
    sent = next(h for h in headers if h.startswith("X-Policy: ")).removeprefix("X-Policy: ")
    assert json.loads(sent) == x_policy(policy)
    body = json.loads(words[words.index("--data-raw") + 1])
    assert body["model"] == "openai/gpt-5,openai/gpt-5-mini"


def test_curl_uses_provider_and_base_url_but_never_a_key_value() -> None:
    env = {"SEQURITY_BASE_URL": "https://eu.sequrity.example", "SEQURITY_API_KEY": "sk-real-1"}

    result = header("-", "--curl", "--provider", "openai", stdin=SMALL, env=env)

    assert "https://eu.sequrity.example/control/chat/openai/v1/chat/completions" in result.stdout
    assert '"X-Api-Key: $OPENAI_API_KEY"' in result.stdout
    assert "sk-real-1" not in result.stdout + result.stderr


def test_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = header(str(tmp_path / "absent.sqrt"))

    assert result.exit_code == 2
    assert (
        result.stderr
        == f"sqrt header: {tmp_path / 'absent.sqrt'}: cannot read (No such file or directory)\n"
    )


def test_large_headers_get_a_warning() -> None:
    policy = "".join(f'let s{i} = {{"{"x" * 60}"}};\n' for i in range(200))
    policy += (
        'tool "a" { should deny when x.tags overlaps '
        + " | ".join(f"s{i}" for i in range(200))
        + "; }\n"
    )

    result = header("-", stdin=policy)

    assert result.exit_code == 0, result.stderr
    assert "sqrt header: warning: the header is" in result.stderr
    assert "refuse request headers over 8 KB" in result.stderr


def test_presets_come_from_the_mode_the_project_and_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "sqrt.toml").write_text(
        '[presets]\nllm_blocked_tag_enforcement_level = "soft"\n'
        '[presets.branching_meta_policy]\ntags = ["pii.race"]\n',
        encoding="utf-8",
    )
    path = tmp_path / "policy.sqrt"
    path.write_text(SMALL, encoding="utf-8")
    clear_cache()

    result = header(
        str(path),
        "--single-llm",
        "--presets",
        '{"default_allow": false}',
        "--default-enforcement",
        "hard",
    )

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["presets"] == {
        "default_allow": False,  # --presets
        "default_allow_enforcement_level": "hard",  # the flag, last
        "enable_non_executable_memory": False,  # single-LLM mode
        "enable_llm_blocked_tag": True,
        "llm_blocked_tag_enforcement_level": "soft",  # the project
        "branching_meta_policy": {
            "mode": "deny",
            "producers": [],
            "tags": ["pii.race"],
            "consumers": [],
        },
    }


def test_bad_presets_are_one_line_and_exit_2() -> None:
    result = header("-", "--presets", '{"branching_meta_policy": {"mode": "block"}}', stdin=SMALL)

    assert result.exit_code == 2
    assert result.stderr == (
        "sqrt header: --presets: `branching_meta_policy.mode`: expected 'allow' or 'deny'\n"
    )
