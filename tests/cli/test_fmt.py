"""`sqrt fmt` end to end: in place, --check, --diff, stdin, configuration, exit codes,
and the guarantees around writing (atomic, permissions, newlines, never a bad file)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sqrt_tools.cli import fmt as fmt_command
from sqrt_tools.cli.app import app
from sqrt_tools.cli.rewrite import rewrite_file
from sqrt_tools.format import engine
from sqrt_tools.format.render import Rendered

runner = CliRunner()

MESSY = 'let   a={"a","b"} ;\ntool "t" {must deny when x.tags overlaps a;}\n'
TIDY = 'let a = {"a", "b"};\n\ntool "t" {\n    must deny when x.tags overlaps a;\n}\n'
BROKEN = 'let a = {"a"};\nlet b = ;\n'


def sqrt_fmt(*args: str, stdin: str | bytes | None = None) -> Any:
    return runner.invoke(app, ["fmt", *args], input=stdin)


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# -- formatting in place ----------------------------------------------------------------


def test_formats_files_in_place_and_says_how_many(tmp_path: Path) -> None:
    messy = write(tmp_path, "messy.sqrt", MESSY)
    tidy = write(tmp_path, "tidy.sqrt", TIDY)

    result = sqrt_fmt(str(tmp_path))

    assert result.exit_code == 0
    assert messy.read_text() == TIDY
    assert tidy.read_text() == TIDY
    assert result.stdout == ""
    assert result.stderr == "1 file reformatted, 1 file left unchanged\n"
    again = sqrt_fmt(str(messy))
    assert (again.exit_code, again.stderr) == (0, "1 file left unchanged\n")


def test_writing_keeps_permissions_line_breaks_and_byte_order_mark(tmp_path: Path) -> None:
    crlf = write(tmp_path, "crlf.sqrt", b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode())
    crlf.chmod(0o640)

    assert sqrt_fmt(str(crlf)).exit_code == 0

    assert crlf.read_bytes() == b"\xef\xbb\xbf" + TIDY.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(crlf.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crlf.sqrt"]  # no temporary left


def test_a_symlink_stays_a_link_and_its_target_is_formatted(tmp_path: Path) -> None:
    target = write(tmp_path, "target.sqrt", MESSY)
    link = tmp_path / "link.sqrt"
    link.symlink_to(target)

    assert sqrt_fmt(str(link)).exit_code == 0

    assert link.is_symlink()
    assert target.read_text() == TIDY


def test_a_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.sqrt", MESSY)

    def refuse(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    result = sqrt_fmt(str(path))

    assert result.exit_code == 2
    assert f"sqrt fmt: {path}: not written: No space left on device" in result.stderr
    assert path.read_text() == MESSY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqrt"]


def test_a_file_changed_while_formatting_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, "a.sqrt", MESSY)
    with pytest.raises(OSError, match="changed while it was being formatted"):
        rewrite_file(path, MESSY.replace("a", "b"), TIDY, doing="formatted")
    assert path.read_text() == MESSY


# -- --check and --diff -------------------------------------------------------------------


def test_check_lists_what_would_change_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    messy = write(tmp_path, "messy.sqrt", MESSY)
    write(tmp_path, "tidy.sqrt", TIDY)

    result = sqrt_fmt("--check", str(tmp_path))

    assert result.exit_code == 1
    assert result.stdout == f"Would reformat: {messy}\n"
    assert result.stderr == "1 file would be reformatted, 1 file already formatted\n"
    assert messy.read_text() == MESSY


def test_check_exits_0_when_everything_is_formatted(tmp_path: Path) -> None:
    write(tmp_path, "tidy.sqrt", TIDY)
    result = sqrt_fmt("--check", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    messy = write(tmp_path, "messy.sqrt", 'let   a={"a"} ;')

    result = sqrt_fmt("--diff", str(messy))

    assert result.exit_code == 1
    assert result.stdout == (
        f"--- {messy}\t(original)\n"
        f"+++ {messy}\t(formatted)\n"
        "@@ -1 +1 @@\n"
        '-let   a={"a"} ;\n'
        "\\ No newline at end of file\n"
        '+let a = {"a"};\n'
    )
    assert messy.read_text() == 'let   a={"a"} ;'


def test_diff_on_a_terminal_escapes_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = write(tmp_path, "hostile.sqrt", 'let   a={"\x1b[2J"};\n')
    monkeypatch.setattr(fmt_command, "stdout_is_terminal", lambda: True)

    result = sqrt_fmt("--diff", str(hostile))

    assert "\x1b" not in result.stdout
    assert '+let a = {"\\x1b[2J"};' in result.stdout


# -- standard input ---------------------------------------------------------------------


def test_stdin_is_formatted_to_stdout() -> None:
    result = sqrt_fmt("-", stdin=MESSY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, TIDY, "")


def test_stdin_already_formatted_comes_back_unchanged() -> None:
    result = sqrt_fmt("-", stdin=TIDY.replace("\n", "\r\n"))
    assert result.stdout_bytes == TIDY.replace("\n", "\r\n").encode()


def test_stdin_with_check_reports_the_stdin_name() -> None:
    result = sqrt_fmt("--check", "--stdin-filename", "policy.sqrt", "-", stdin=MESSY)
    assert (result.exit_code, result.stdout) == (1, "Would reformat: policy.sqrt\n")


# -- width and configuration ------------------------------------------------------------

LONG = 'let a = x.tags overlaps {"alpha", "beta"} or y.tags is empty;\n'


def test_line_width_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "a.sqrt", LONG)
    assert sqrt_fmt("--line-width", "40", str(path)).exit_code == 0
    assert path.read_text() == (
        'let a =\n    x.tags overlaps {"alpha", "beta"}\n    or y.tags is empty;\n'
    )


def test_line_width_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = sqrt_fmt("--line-width", "5", str(write(tmp_path, "a.sqrt", LONG)))
    assert result.exit_code == 2


def test_pyproject_configuration_applies_and_the_flag_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sqrt.format]\nline-width = 40\nenforcement = "must"\n'
    )
    path = write(tmp_path, "a.sqrt", LONG + 'tool "t" { hard deny always; }\n')

    assert sqrt_fmt(str(path)).exit_code == 0
    assert path.read_text().startswith("let a =\n    x.tags")
    assert "    must deny always;" in path.read_text()

    path.write_text(LONG)
    assert sqrt_fmt("--line-width", "100", str(path)).exit_code == 0
    assert path.read_text() == LONG


def test_sqrt_toml_format_table_applies_to_stdin_by_its_name(tmp_path: Path) -> None:
    (tmp_path / "sqrt.toml").write_text('[format]\nset-operators = "keyword"\n')
    name = str(tmp_path / "x.sqrt")
    result = sqrt_fmt("--stdin-filename", name, "-", stdin="let a = b | c;")
    assert result.stdout == "let a = b union c;\n"


def test_a_bad_configuration_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    config = tmp_path / "sqrt.toml"
    config.write_text('[format]\nenforcement = "strict"\n')
    path = write(tmp_path, "a.sqrt", MESSY)

    result = sqrt_fmt(str(path))

    assert result.exit_code == 2
    assert f"sqrt fmt: {path}: not formatted: configuration {config}: `enforcement`" in (
        result.stderr
    )
    assert path.read_text() == MESSY


# -- files that cannot be formatted -----------------------------------------------------


def test_syntax_errors_leave_the_file_untouched_and_exit_2(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.sqrt", BROKEN)
    messy = write(tmp_path, "messy.sqrt", MESSY)

    result = sqrt_fmt(str(tmp_path))

    assert result.exit_code == 2
    assert broken.read_text() == BROKEN
    assert messy.read_text() == TIDY  # the other files are still formatted
    assert f"{broken}:2:9: SQ000 [syntax-error]" in result.stderr
    assert "2 | let b = ;\n" in result.stderr
    assert f"sqrt fmt: {broken}: not formatted: 1 syntax error (the file is left as it is)" in (
        result.stderr
    )
    assert result.stderr.endswith("1 file reformatted, 1 file could not be formatted\n")


def test_syntax_errors_on_stdin_print_nothing_to_stdout() -> None:
    result = sqrt_fmt("-", stdin=BROKEN)
    assert (result.exit_code, result.stdout) == (2, "")


def test_output_refused_by_the_safety_check_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "a.sqrt", MESSY)
    real = engine.print_program

    def flips_verdicts(*args: Any) -> Rendered:
        rendered = real(*args)
        return Rendered(rendered.text.replace("deny", "allow"), rendered.marks)

    monkeypatch.setattr(engine, "print_program", flips_verdicts)
    result = sqrt_fmt(str(path))

    assert result.exit_code == 2
    assert path.read_text() == MESSY
    assert f"sqrt fmt: {path}: not formatted: refused to format: the formatted policy" in (
        result.stderr
    )
    assert "CheckRule.outcome 'deny' became 'allow'" in result.stderr


def test_missing_paths_and_hostile_names_are_reported_escaped(tmp_path: Path) -> None:
    missing = sqrt_fmt(str(tmp_path / "nope.sqrt"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"sqrt fmt: {tmp_path / 'nope.sqrt'}: no such file or directory\n",
    )
    hostile = write(tmp_path, "evil\x1b[2J.sqrt", BROKEN)
    result = sqrt_fmt(str(hostile))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "evil\\x1b[2J.sqrt" in result.stderr


def test_not_valid_utf8_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a.sqrt", b'let a = {"\xff"};')
    result = sqrt_fmt(str(path))
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr


# -- the installed entry point ----------------------------------------------------------


def test_real_entry_point_exit_codes(tmp_path: Path) -> None:
    path = write(tmp_path, "a.sqrt", MESSY)
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "sqrt_tools", "fmt", *args]
        return subprocess.run(command, check=False, capture_output=True, env=env)

    check = run("--check", str(path))
    written = run(str(path))
    failed = run(str(write(tmp_path, "b.sqrt", BROKEN)))

    assert (check.returncode, written.returncode, failed.returncode) == (1, 0, 2)
    assert b"Traceback" not in check.stderr + written.stderr + failed.stderr
    assert path.read_text() == TIDY
