"""The project's entry points agree: README, CI script and workflow run one test command."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from packaging.version import Version

from sqrt_tools import __version__

ROOT = Path(__file__).resolve().parents[1]
TEST_COMMAND = "bash scripts/test.sh"


def test_readme_ci_script_and_workflow_use_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{TEST_COMMAND}\n```" in readme
    assert "exec bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step for step in steps if "run" in step]
    assert [step["run"] for step in runs] == [TEST_COMMAND]
    assert runs[0]["env"]["CI"] == "true"


def test_test_script_runs_the_linters_type_checker_and_tests() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    for check in ("ruff check .", "ruff format --check .", "mypy", "pytest"):
        assert f"python3 -m {check}" in script
    assert script.rstrip().endswith('python3 -m pytest "$@"')


def test_the_project_ships_what_a_maintained_project_has() -> None:
    for name in ("LICENSE", "CHANGELOG.md", "sqrt_tools/py.typed", ".pre-commit-config.yaml"):
        assert (ROOT / name).is_file(), name
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_pre_commit_snippets_name_a_released_version() -> None:
    # The `rev:` users copy is the tag of a release the CHANGELOG describes (`v0.1.0`
    # for `## [0.1.0]`), and that release is the package's version or an older one.
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.MULTILINE)
    assert released, "no release section in CHANGELOG.md"
    snippets = [
        (ROOT / "README.md").read_text(encoding="utf-8"),
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"),
    ]
    revisions = [rev for text in snippets for rev in re.findall(r"rev: v(\S+)", text)]
    assert len(revisions) == len(snippets)
    assert set(revisions) <= set(released), (revisions, released)
    assert max(map(Version, released)) <= Version(__version__), (released, __version__)
