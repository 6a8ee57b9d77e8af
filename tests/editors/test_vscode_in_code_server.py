"""The VS Code extension at work in VS Code itself: code-server (VS Code 1.100 in the
browser) with the .vsix these tests build, driven through Chromium by Playwright.

`sqrt` is only in the workspace's `.venv` (code-server's PATH has none), as in a
project that installed sqrt-tools into its own virtual environment. One editor start
serves every check (module-scoped fixtures); each check opens its own policy. The
expectations come from the command line: `sqrt check` for codes and fixes, `sqrt fmt`
for the formatted text. Screenshots go to test-artifacts/vscode/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sqrt_tools import __version__
from tests.editors.tools import (
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    code_server,
    environment,
    executable,
    missing,
)
from tests.editors.vscode_driver import Chromium, CodeServer, Workbench, path_without

POLICY = """\
/// Labels that must never leave the company.
let secret = {"confidential", "internal"};
tool "send_email" {
    must deny when body.tags overlaps secret;
    should allow when to.tags overlaps undefined_thing;
}
"""
# Where `secret` is used (line 4) and defined (line 2), 1-based as VS Code shows them.
SECRET_USE = (4, 39)
SECRET_DEFINITION = (2, 5)

# Being typed: the cursor goes after `overlaps `, where a set is expected.
COMPLETION = (
    'let secret = {"confidential"};\n'
    'tool "send_email" {\n'
    "    must deny when body.tags overlaps \n"
    "}\n"
)

UNFORMATTED = """\
let  secret={"a","b"} ;
tool "send_email" {  must deny when body.tags overlaps secret ; should allow always; }
"""

# One finding with a fix: the unused `let` on line 2.
FIXABLE = """\
let secret = {"a"};
let unused = {"x"};
tool "t" {
    must deny when body.tags overlaps secret;
}
"""


def sqrt(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sqrt_tools", *args],
        input=stdin,
        cwd=cwd,
        env=environment(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def make_workspace(folder: Path) -> Path:
    """A project whose only `sqrt` is `.venv/bin/sqrt`: this interpreter running this
    checkout's sqrt_tools (cheaper than installing it into a real virtual environment)."""
    venv_bin = folder / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    launcher = venv_bin / "sqrt"
    launcher.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m sqrt_tools "$@"\n'
    )
    launcher.chmod(0o755)
    for name, text in {
        "policy.sqrt": POLICY,
        "completion.sqrt": COMPLETION,
        "format.sqrt": UNFORMATTED,
        "fix.sqrt": FIXABLE,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = ARTIFACTS / "vscode"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, vsix_path: Path) -> Iterator[CodeServer]:
    program = code_server()
    executable(CHROMIUM, "Debian's chromium")
    assert "sqrt" not in {Path(p).name for p in path_without("sqrt").split(":") if p}
    running = CodeServer(program, vsix_path, tmp_path_factory.mktemp("code-server"))
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def chromium(server: CodeServer) -> Iterator[Chromium]:
    del server  # started first, stopped last
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("the PyPI package playwright (pip install -e '.[test]')")
    with Chromium() as session:
        yield session


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def vscode(
    chromium: Chromium, server: CodeServer, workspace: Path, artifacts: Path
) -> Iterator[Workbench]:
    workbench = Workbench(chromium.browser, server, workspace, artifacts)
    try:
        workbench.open("policy.sqrt")
        yield workbench
    finally:
        workbench.screenshot("last")
        (artifacts / "code-server.log").write_text(server.log.read_text())


def test_the_server_comes_from_the_workspace_virtual_environment(
    vscode: Workbench, server: CodeServer, workspace: Path
) -> None:
    ready = vscode.status_bar().filter(has_text=f"SQRT {__version__}")
    ready.wait_for(timeout=120_000)
    vscode.command("SQRT: Show Language Server Output")
    vscode.page.locator(".panel .monaco-editor .view-lines").filter(
        has_text="using sqrt-tools"
    ).wait_for()
    vscode.screenshot("server-output")
    venv_sqrt = workspace / ".venv" / "bin" / "sqrt"
    log = server.output_channel("SQRT Language Server", workspace)
    assert (
        f"[sqrt] using sqrt-tools {__version__} from the workspace's virtual environment "
        f"({venv_sqrt}): {venv_sqrt} lsp\n"
    ) in log
    vscode.page.keyboard.press("Control+j")  # hide the panel again


def test_an_error_is_squiggled_and_listed_in_problems_with_its_code(
    vscode: Workbench, workspace: Path
) -> None:
    expected = sqrt("check", "policy.sqrt", cwd=workspace)
    assert "SQ101 [undefined-name]" in expected.stdout
    vscode.open("policy.sqrt")
    squiggle = vscode.page.locator(".editor-instance .squiggly-error")
    squiggle.first.wait_for(timeout=120_000)
    vscode.command("View: Focus Problems (Errors, Warnings, Infos)")
    problem = vscode.page.locator(".markers-panel .monaco-list-row").filter(
        has_text="`undefined_thing` is not defined"
    )
    problem.wait_for()
    assert "SQ101" in problem.inner_text()
    vscode.screenshot("problems")


def test_hover_on_a_let_name_shows_its_documentation(vscode: Workbench) -> None:
    vscode.open("policy.sqrt")
    vscode.go_to(*SECRET_USE)
    vscode.command("Show or Focus Hover")
    hover = vscode.page.locator(".monaco-hover:not(.hidden) .hover-contents").filter(
        has_text="Labels that must never leave the company."
    )
    hover.first.wait_for()
    assert "secret" in hover.first.inner_text()
    vscode.screenshot("hover")
    vscode.page.keyboard.press("Escape")


def test_go_to_definition_jumps_to_the_let(vscode: Workbench) -> None:
    vscode.open("policy.sqrt")
    vscode.go_to(*SECRET_USE)
    vscode.command("Go to Definition")
    line, column = SECRET_DEFINITION
    vscode.status_bar().filter(has_text=f"Ln {line}, Col {column}").wait_for()


def test_completion_offers_a_let_name(vscode: Workbench) -> None:
    vscode.open("completion.sqrt")
    vscode.go_to(3, len("    must deny when body.tags overlaps ") + 1)
    vscode.command("Trigger Suggest")
    suggestion = vscode.page.locator(".suggest-widget .monaco-list-row").filter(has_text="secret")
    suggestion.first.wait_for()
    vscode.screenshot("completion")
    vscode.page.keyboard.press("Escape")


def test_format_document_writes_what_sqrt_fmt_writes(vscode: Workbench, workspace: Path) -> None:
    expected = sqrt("fmt", "-", cwd=workspace, stdin=UNFORMATTED)
    assert expected.returncode == 0 and expected.stdout != UNFORMATTED
    vscode.open("format.sqrt")
    vscode.command("Format Document")
    vscode.page.locator(".editor-instance .view-line").filter(
        has_text="should allow always;"
    ).wait_for()
    vscode.command("File: Save")
    saved = workspace / "format.sqrt"
    wait_for_file(saved, expected.stdout)


def test_a_quick_fix_is_applied(vscode: Workbench, workspace: Path) -> None:
    fixed = workspace / "fix-expected.sqrt"
    fixed.write_text(FIXABLE, encoding="utf-8")
    assert sqrt("check", "--fix", fixed.name, cwd=workspace).returncode == 0
    vscode.open("fix.sqrt")
    vscode.go_to(2, 5)
    vscode.page.locator(
        ".editor-instance .squiggly-info, .editor-instance .squiggly-inline-unnecessary"
    ).first.wait_for(timeout=120_000)
    vscode.command("Quick Fix...")
    actions = vscode.page.locator(".action-widget .monaco-list-row")
    action = actions.filter(has_text="Remove `unused`")
    action.first.wait_for()
    vscode.screenshot("quick-fix")
    # As a user would: arrow keys to the fix, then Enter.
    for _ in range(actions.count()):
        if "focused" in (action.first.get_attribute("class") or ""):
            break
        vscode.page.keyboard.press("ArrowDown")
    assert "focused" in (action.first.get_attribute("class") or "")
    vscode.page.keyboard.press("Enter")
    vscode.command("File: Save")
    wait_for_file(workspace / "fix.sqrt", fixed.read_text(encoding="utf-8"))


def test_the_status_bar_shows_a_crash_and_the_restart_command_recovers(
    vscode: Workbench, workspace: Path
) -> None:
    # A server that cannot start: `sqrt lsp` refuses an unknown log level and exits.
    settings = workspace / ".vscode" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"sqrt.serverArgs": ["--log-level", "chatty"]}))
    vscode.status_bar().filter(has_text="SQRT: crashed").wait_for(timeout=120_000)
    vscode.screenshot("crashed")
    settings.write_text("{}")
    ready = vscode.status_bar().filter(has_text=f"SQRT {__version__}")
    ready.wait_for(timeout=120_000)
    vscode.command("SQRT: Restart Language Server")
    vscode.status_bar().filter(has_text="SQRT: starting").wait_for()
    ready.wait_for(timeout=120_000)


def wait_for_file(path: Path, expected: str, timeout: float = 30) -> None:
    """Waits until the editor has saved `expected` to `path`, then compares."""
    deadline = time.monotonic() + timeout
    while path.read_text(encoding="utf-8") != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.read_text(encoding="utf-8") == expected


@pytest.fixture(scope="module")
def bare_vscode(
    chromium: Chromium,
    server: CodeServer,
    tmp_path_factory: pytest.TempPathFactory,
    artifacts: Path,
) -> Iterator[Workbench]:
    """A second window, on a project with no sqrt-tools anywhere (nor on PATH)."""
    bare = tmp_path_factory.mktemp("no-server")
    (bare / "policy.sqrt").write_text(POLICY, encoding="utf-8")
    workbench = Workbench(chromium.browser, server, bare, artifacts)
    try:
        workbench.open("policy.sqrt")
        yield workbench
    finally:
        workbench.page.close()


def test_without_any_server_one_notification_says_what_was_tried(bare_vscode: Workbench) -> None:
    bare_vscode.status_bar().filter(has_text="SQRT: no server").wait_for(timeout=120_000)
    toast = bare_vscode.page.locator(".notification-toast.notification-fade-in-done").filter(
        has_text="no sqrt-tools language server found"
    )
    toast.first.wait_for()
    bare_vscode.screenshot("no-server")
    text = toast.first.inner_text()
    assert ".venv/bin/sqrt (not found), venv/bin/sqrt (not found)" in text
    assert "`sqrt` on PATH (not found)" in text
    assert toast.first.get_by_role("button", name="Open Setting").is_visible()
    bare_vscode.command("Notifications: Show Notifications")
    center = bare_vscode.page.locator(".notifications-center .notification-list-item")
    center.first.wait_for()
    mentions = [item for item in center.all_inner_texts() if "sqrt" in item.lower()]
    assert len(mentions) == 1, mentions
    bare_vscode.command("Notifications: Clear All Notifications")


def test_the_textmate_grammar_colours_sqrt_even_without_a_server(bare_vscode: Workbench) -> None:
    # With no server there are no semantic tokens: every colour is the grammar's.
    bare_vscode.open("policy.sqrt")
    bare_vscode.go_to(2, 1)
    bare_vscode.command("Developer: Inspect Editor Tokens and Scopes")
    inspector = bare_vscode.page.locator(".token-inspect-widget")
    inspector.filter(has_text="keyword.declaration.let.sqrt").wait_for()
    text = inspector.inner_text()
    assert "semantic token type" not in text
    scopes = text.split("textmate scopes", 1)[1]
    assert scopes.split()[:2] == ["keyword.declaration.let.sqrt", "source.sqrt"], text
    colour = re.search(r'"foreground":\s*"(#[0-9A-Fa-f]{6})"', scopes)
    assert colour is not None, text
    bare_vscode.screenshot("textmate-scopes")
    bare_vscode.page.keyboard.press("Escape")
    keyword = bare_vscode.page.locator(".editor-instance .view-line span > span").filter(
        has_text=re.compile(r"^let$")
    )
    shown = keyword.first.evaluate("element => getComputedStyle(element).color")
    red, green, blue = (int(colour[1][index : index + 2], 16) for index in (1, 3, 5))
    assert shown == f"rgb({red}, {green}, {blue})"


def test_readme_names_the_vscode_version_tested() -> None:
    shown = subprocess.run(
        [str(code_server()), "--version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    version = re.search(r"^(\d+\.\d+\.\d+) \S+ with Code (\d+\.\d+\.\d+)", shown, re.MULTILINE)
    assert version is not None, shown
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| VS Code"))
    assert f"VS Code {version[2]} (code-server {version[1]}" in row, row
