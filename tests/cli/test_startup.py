"""`sqrt` starts fast: each command loads only what it uses (bench/startup.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sqrt_tools.cli.app import COMMANDS, commands_for

# Modules a command that does not talk to the service, decode results or serve LSP must
# never load: the HTTP client and its models, pydantic-heavy decoding, the server.
HEAVY = (
    "httpx",
    "pydantic",
    "pygls",
    "yaml",
    "regex",
    "sqrt_tools.service.client",
    "sqrt_tools.service.drafting",
    "sqrt_tools.results.models",
    "sqrt_tools.server",
    "sqrt_tools.evaluate",
)


def loaded_after(code: str) -> set[str]:
    """The modules in sys.modules after running `code` in a fresh interpreter."""
    program = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(completed.stdout.splitlines()[-1]))


def test_importing_the_app_loads_no_command_and_no_heavy_module() -> None:
    loaded = loaded_after("import sqrt_tools.cli.app")
    assert sorted(set(HEAVY) & loaded) == []
    commands = {f"sqrt_tools.cli.{module}" for module in COMMANDS.values()}
    assert sorted(commands & loaded) == []
    assert "sqrt_tools.syntax.parser" not in loaded


def test_version_builds_no_command() -> None:
    code = (
        "from sqrt_tools.cli.app import main\n"
        "sys.argv = ['sqrt', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    loaded = loaded_after(code)
    commands = {f"sqrt_tools.cli.{module}" for module in COMMANDS.values()}
    assert sorted(commands & loaded) == []
    assert "sqrt_tools.syntax" not in loaded


@pytest.mark.parametrize("command", ["check", "fmt"])
def test_check_and_fmt_on_a_file_load_only_what_they_use(command: str, tmp_path: Path) -> None:
    policy = tmp_path / "one.sqrt"
    policy.write_text('tool "t" {\n    must deny always;\n}\n', encoding="utf-8")
    code = (
        "from sqrt_tools.cli.app import main\n"
        f"sys.argv = {['sqrt', command, *(['--check'] * (command == 'fmt')), str(policy)]!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    loaded = loaded_after(code)
    heavy = set(HEAVY) - {"pydantic"}  # typer itself builds its parameters with pydantic
    assert sorted(heavy & loaded) == []
    others = {f"sqrt_tools.cli.{m}" for name, m in COMMANDS.items() if name != command}
    assert sorted(others & loaded) == []


def test_the_command_line_names_the_one_command_to_build() -> None:
    assert commands_for(["check", "policy.sqrt"]) == ("check",)
    assert commands_for(["test", "--format", "junit"]) == ("test",)
    assert commands_for(["--version"]) == ()
    # help and a mistyped name need every command: to list them, or suggest the closest
    assert commands_for([]) == tuple(COMMANDS)
    assert commands_for(["--help"]) == tuple(COMMANDS)
    assert commands_for(["--version", "--help"]) == tuple(COMMANDS)
    assert commands_for(["chek"]) == tuple(COMMANDS)
