"""The `sqrt-check` pre-commit hook, run by the real `pre-commit` tool.

`pre-commit try-repo` builds the hook's environment from this repository the way a
user's `.pre-commit-config.yaml` would (`language: python`: pip installs the package
into its own virtualenv, about 20 s on first use, cached after). The test runs it on a
clean clone of the committed tree, so that work in progress in the working copy does
not leak into the hook, against a temporary git repository: first with a bad policy
(the hook fails and shows the finding), then with the policy fixed (the hook passes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.email=ci@example.com", "-c", "user.name=ci", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_hook_manifest_declares_sqrt_check_on_policy_files() -> None:
    text = HOOKS.read_text(encoding="utf-8")
    assert "- id: sqrt-check" in text
    assert "entry: sqrt check" in text
    assert "files: \\.sqrt$" in text


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_try_repo_fails_on_a_bad_policy_and_passes_on_a_good_one(
    tmp_path: Path,
) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    hooks_repo = tmp_path / "hooks"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(hooks_repo)],
        check=True,
        capture_output=True,
    )
    project = tmp_path / "project"
    project.mkdir()
    git("init", "--quiet", cwd=project)
    policy = project / "policy.sqrt"
    policy.write_text('let blocked = {"untrusted"};\ntool "t" { must deny when blocked; }\n')
    git("add", "policy.sqrt", cwd=project)
    git("commit", "--quiet", "-m", "bad policy", cwd=project)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    environment.pop("VIRTUAL_ENV", None)

    def run_hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "try-repo", str(hooks_repo), "sqrt-check", "--all-files"],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    bad = run_hook()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "SQ104 [kind-mismatch]" in bad.stdout
    assert "Traceback" not in bad.stdout

    policy.write_text(
        'let blocked = {"untrusted"};\ntool "t" { must deny when @args.tags overlaps blocked; }\n'
    )
    git("commit", "--quiet", "-am", "fixed policy", cwd=project)
    good = run_hook()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "sqrt check" in good.stdout and "Passed" in good.stdout
