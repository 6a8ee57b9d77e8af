"""`sqrt fmt` and `sqrt check --fix` rewrite a file as the same file (issue 18, item 7):
its hard links, mode and owner stay; and `sqrt check -o` never writes over an input."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli.app import app

runner = CliRunner()

MESSY = 'let   a={"a","b"} ;\ntool "t" {must deny when x.tags overlaps a;}\n'
TIDY = 'let a = {"a", "b"};\n\ntool "t" {\n    must deny when x.tags overlaps a;\n}\n'
UNANCHORED = 'tool r"send_.*" { must deny always; }\n'
ANCHORED = 'tool r"^send_.*$" { must deny always; }\n'


def sqrt(*args: str) -> Any:
    return runner.invoke(app, list(args))


def rewritten(tmp_path: Path, command: tuple[str, ...], before: str) -> tuple[Path, Path]:
    """A policy and a hard link to it, after `command` ran on the policy."""
    policy = tmp_path / "p.sqrt"
    policy.write_text(before, encoding="utf-8")
    policy.chmod(0o640)
    link = tmp_path / "link-to-p.sqrt"
    os.link(policy, link)
    result = sqrt(*command, str(policy))
    assert result.exit_code in (0, 1), result.stderr
    return policy, link


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [(("fmt",), MESSY, TIDY), (("check", "--fix"), UNANCHORED, ANCHORED)],
)
def test_rewriting_keeps_hard_links_and_mode(
    tmp_path: Path, command: tuple[str, ...], before: str, after: str
) -> None:
    policy, link = rewritten(tmp_path, command, before)
    assert policy.read_text(encoding="utf-8") == after
    assert link.read_text(encoding="utf-8") == after  # the link sees the new text
    assert policy.stat().st_ino == link.stat().st_ino and policy.stat().st_nlink == 2
    assert policy.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a file someone else owns")
@pytest.mark.parametrize(
    ("command", "before", "after"),
    [(("fmt",), MESSY, TIDY), (("check", "--fix"), UNANCHORED, ANCHORED)],
)
def test_rewriting_keeps_owner_and_group(
    tmp_path: Path, command: tuple[str, ...], before: str, after: str
) -> None:
    policy = tmp_path / "p.sqrt"
    policy.write_text(before, encoding="utf-8")
    os.chown(policy, 12345, 23456)
    result = sqrt(*command, str(policy))
    assert result.exit_code in (0, 1), result.stderr
    assert policy.read_text(encoding="utf-8") == after
    assert (policy.stat().st_uid, policy.stat().st_gid) == (12345, 23456)


def test_a_file_without_links_is_still_replaced_whole(tmp_path: Path) -> None:
    policy = tmp_path / "p.sqrt"
    policy.write_text(MESSY, encoding="utf-8")
    before = policy.stat().st_ino
    assert sqrt("fmt", str(policy)).exit_code == 0
    # A new inode: a reader saw the old file or the new one, never half of one.
    assert policy.read_text(encoding="utf-8") == TIDY and policy.stat().st_ino != before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p.sqrt"]


def test_check_refuses_to_write_its_report_over_an_input(tmp_path: Path) -> None:
    policy = tmp_path / "p.sqrt"
    policy.write_text(UNANCHORED, encoding="utf-8")
    link = tmp_path / "hard.sqrt"
    os.link(policy, link)
    (tmp_path / "sub").mkdir()
    for output in (str(policy), str(link), str(tmp_path / "sub" / ".." / "p.sqrt")):
        result = sqrt("check", str(policy), "-o", output)
        assert result.exit_code == 2
        assert result.stderr == (
            f"sqrt check: --output-file {output} is the input {policy}: writing the report "
            "there would replace it; choose another file\n"
        )
        assert policy.read_text(encoding="utf-8") == UNANCHORED


def test_check_refuses_its_configuration_as_output(tmp_path: Path) -> None:
    policy = tmp_path / "p.sqrt"
    policy.write_text(ANCHORED, encoding="utf-8")
    config = tmp_path / "sqrt.toml"
    config.write_text('ignore = ["SQ3"]\n', encoding="utf-8")
    result = sqrt("check", str(policy), "--config", str(config), "-o", str(config))
    assert result.exit_code == 2
    assert config.read_text(encoding="utf-8") == 'ignore = ["SQ3"]\n'


def test_check_writes_its_report_to_another_file(tmp_path: Path) -> None:
    policy = tmp_path / "p.sqrt"
    policy.write_text(UNANCHORED, encoding="utf-8")
    report = tmp_path / "report.txt"
    result = sqrt("check", str(policy), "-o", str(report))
    assert result.exit_code == 1
    assert "SQ201" in report.read_text(encoding="utf-8")
