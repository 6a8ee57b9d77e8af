"""Drives VS Code (code-server, in Debian's Chromium through Playwright) the way a user
does: keyboard shortcuts, the command palette, the Problems panel, hovers and menus.

`CodeServer` starts code-server on 127.0.0.1 with throw-away user data and extension
folders and a PATH without `sqrt`; `Workbench` is one browser tab showing one folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from tests.editors.tools import CHROMIUM

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

# The slow steps on a busy 2-core machine: the workbench loading, the extension host
# starting the Python server. Generous, since a timeout is only reached on failure.
START_TIMEOUT_MS = 120_000
STEP_TIMEOUT_MS = 30_000

# A user's settings that keep first-run pages, tips and update checks out of the way.
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "update.mode": "none",
    "chat.commandCenter.enabled": False,
    "editor.minimap.enabled": False,
    "editor.hover.delay": 300,
}

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def path_without(program: str) -> str:
    """This process's PATH minus every directory that holds `program`."""
    kept = [
        directory
        for directory in os.environ.get("PATH", "").split(os.pathsep)
        if directory and shutil.which(program, path=directory) is None
    ]
    return os.pathsep.join(kept)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class CodeServer:
    """A running code-server with the extension installed; stop it with `close()`."""

    def __init__(self, program: Path, vsix: Path, home: Path) -> None:
        self.home = home
        self.log = home / "code-server.log"
        self.user_data = home / "user-data"
        self.extensions = home / "extensions"
        (self.user_data / "User").mkdir(parents=True)
        (self.user_data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS))
        # Only what code-server needs: no sqrt on PATH, no virtual environment, and its
        # configuration and caches under `home`.
        self.environment = {
            "HOME": str(home),
            "PATH": path_without("sqrt"),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        common = ["--user-data-dir", str(self.user_data), "--extensions-dir", str(self.extensions)]
        installed = subprocess.run(
            [str(program), *common, "--install-extension", str(vsix)],
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert installed.returncode == 0, installed.stdout + installed.stderr
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    str(program),
                    *common,
                    "--auth",
                    "none",
                    "--bind-addr",
                    f"127.0.0.1:{self.port}",
                    "--disable-telemetry",
                    "--disable-update-check",
                    "--disable-workspace-trust",
                    "--disable-getting-started-override",
                ],
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: stopping it stops the extension hosts too.
                start_new_session=True,
            )
        self.wait_until_listening()

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"code-server exited: {self.log.read_text()}"
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise AssertionError(f"code-server did not listen: {self.log.read_text()}")

    def output_channel(self, name: str, folder: Path) -> str:
        """What an output channel of the extension host showing `folder` holds (VS Code
        keeps each channel in a log file; the panel wraps long lines)."""
        for log in sorted(self.user_data.glob(f"logs/*/exthost*/output_logging_*/*-{name}.log")):
            text = log.read_text(encoding="utf-8")
            if str(folder) in text:
                return text
        raise AssertionError(f"no output channel {name!r} mentions {folder}")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


class Chromium:
    """Debian's Chromium under Playwright (`playwright install` is not needed)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright: Playwright = sync_playwright().start()
        self.browser: Browser = self.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.browser.close()
        self.playwright.stop()


class Workbench:
    """One browser tab showing VS Code with `folder` open."""

    def __init__(self, browser: Browser, server: CodeServer, folder: Path, artifacts: Path) -> None:
        self.artifacts = artifacts
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.set_default_timeout(STEP_TIMEOUT_MS)
        self.page.goto(f"{server.url}/?folder={folder}")
        self.page.locator(".monaco-workbench .part.statusbar").wait_for(timeout=START_TIMEOUT_MS)

    def screenshot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        self.page.screenshot(path=path)
        return path

    def quick_pick(self, opener: str, text: str, row: str | re.Pattern[str]) -> None:
        """Opens a quick input with `opener`, types `text` and picks the row `row`."""
        self.page.keyboard.press(opener)
        field = self.page.locator(".quick-input-widget input")
        field.wait_for()
        field.fill(text)
        choice = self.page.locator(".quick-input-list .monaco-list-row").filter(has_text=row)
        choice.first.click()

    def command(self, title: str) -> None:
        """Runs a command from the command palette by its exact title."""
        self.quick_pick("F1", f">{title}", re.compile(rf"^{re.escape(title)}"))

    def open(self, name: str) -> None:
        """Opens a workspace file with Quick Open and waits for its editor."""
        self.quick_pick("Control+p", name, name)
        self.page.locator(f'.tab.active[aria-label^="{name}"]').wait_for()
        self.page.locator(".editor-instance .monaco-editor.focused").wait_for()

    def go_to(self, line: int, column: int) -> None:
        self.page.keyboard.press("Control+g")
        field = self.page.locator(".quick-input-widget input")
        field.wait_for()
        field.fill(f":{line}:{column}")
        field.press("Enter")
        self.status_bar().filter(has_text=f"Ln {line}, Col {column}").wait_for()

    def status_bar(self) -> Locator:
        return self.page.locator(".part.statusbar .statusbar-item")

    def editor_text(self) -> str:
        """The visible lines of the active editor, as shown."""
        lines = self.page.locator(".editor-instance .monaco-editor .view-lines")
        text: str = lines.inner_text()
        return text.replace("\u00a0", " ")
