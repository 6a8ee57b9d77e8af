"""The VS Code extension in lsp/vscode: it builds (`npm run compile`), its own unit
tests pass, and `vsce package` makes a .vsix that VS Code can install, holding the
manifest, the compiled client, its runtime dependencies, the language configuration
and the very grammar in grammars/ (copied at build time: one source of truth)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.editors.tools import CODE_SERVER_VERSION, ROOT, VSCODE_EXTENSION, program

GRAMMAR = ROOT / "grammars" / "sqrt.tmLanguage.json"
MANIFEST = json.loads((VSCODE_EXTENSION / "package.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vsix(vsix_path: Path) -> zipfile.ZipFile:
    assert zipfile.is_zipfile(vsix_path)
    return zipfile.ZipFile(vsix_path)


def packaged_manifest(vsix: zipfile.ZipFile) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(vsix.read("extension/package.json"))
    return manifest


def test_vsix_holds_the_manifest_and_the_built_client(vsix: zipfile.ZipFile) -> None:
    names = set(vsix.namelist())
    assert {"extension.vsixmanifest", "extension/package.json"} <= names
    manifest = packaged_manifest(vsix)
    assert manifest["name"] == "sqrt"
    assert manifest["main"] == "./out/extension.js"
    assert "extension/out/extension.js" in names
    # The client's runtime dependency ships with it; build inputs and tests do not.
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any(name.startswith(("extension/src/", "extension/out/test/")) for name in names)
    assert not any("node_modules/typescript/" in name for name in names)


def test_vsix_grammar_is_the_repository_grammar(vsix: zipfile.ZipFile) -> None:
    (contribution,) = packaged_manifest(vsix)["contributes"]["grammars"]
    packaged = vsix.read("extension/" + contribution["path"].removeprefix("./"))
    assert packaged == GRAMMAR.read_bytes()
    assert contribution["scopeName"] == json.loads(packaged)["scopeName"]
    assert contribution["language"] == "sqrt"


def test_vsix_registers_sqrt_files_with_their_language_configuration(
    vsix: zipfile.ZipFile,
) -> None:
    (language,) = packaged_manifest(vsix)["contributes"]["languages"]
    assert language["id"] == "sqrt"
    assert language["extensions"] == [".sqrt"]
    configuration = json.loads(vsix.read("extension/" + language["configuration"][2:]))
    assert configuration["comments"] == {"lineComment": "//", "blockComment": ["/*", "*/"]}


def test_vsix_offers_the_server_settings(vsix: zipfile.ZipFile) -> None:
    properties = packaged_manifest(vsix)["contributes"]["configuration"]["properties"]
    # Empty: the extension looks for the server itself (locate.ts says where).
    assert properties["sqrt.path"]["default"] == ""
    assert properties["sqrt.serverArgs"]["default"] == []
    assert properties["sqrt.trace.server"]["enum"] == ["off", "messages", "verbose"]
    # An untrusted workspace must not choose which program the extension runs.
    untrusted = packaged_manifest(vsix)["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] == "limited"
    assert set(untrusted["restrictedConfigurations"]) == {"sqrt.path", "sqrt.serverArgs"}
    # vscode-languageclient reads `<client id>.trace.server`: the id must be `sqrt`.
    client = (VSCODE_EXTENSION / "src" / "extension.ts").read_text(encoding="utf-8")
    assert 'const CLIENT_ID = "sqrt";' in client


def test_server_command_unit_tests_pass(vsix: zipfile.ZipFile) -> None:
    # After packaging, out/ holds the compiled tests too (they are not packaged).
    del vsix
    completed = subprocess.run(
        [program("node"), "--test", "out/test/"],
        cwd=VSCODE_EXTENSION,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert re.search(r"^# pass [1-9]", completed.stdout, re.MULTILINE), completed.stdout
    assert re.search(r"^# fail 0$", completed.stdout, re.MULTILINE), completed.stdout


def test_language_configuration_folds_region_markers() -> None:
    configuration = json.loads(
        (VSCODE_EXTENSION / "language-configuration.json").read_text(encoding="utf-8")
    )
    start = re.compile(configuration["folding"]["markers"]["start"])
    end = re.compile(configuration["folding"]["markers"]["end"])
    assert start.search("    // #region recipients") and start.search("// region")
    assert end.search("// #endregion") and not end.search("// #region")
    assert not start.search("// regional rules") and not start.search('let a = {"// region"};')


def test_language_configuration_auto_closes_brackets_and_quotes() -> None:
    configuration = json.loads(
        (VSCODE_EXTENSION / "language-configuration.json").read_text(encoding="utf-8")
    )
    pairs = {(pair["open"], pair["close"]) for pair in configuration["autoClosingPairs"]}
    assert {("{", "}"), ("[", "]"), ("(", ")"), ('"', '"')} <= pairs
    assert [list(pair) for pair in configuration["brackets"]] == [
        ["{", "}"],
        ["[", "]"],
        ["(", ")"],
    ]


def test_manifest_pins_what_the_build_needs() -> None:
    # Exact versions (package-lock.json pins the rest): a release builds the same way.
    for name, version in {**MANIFEST["dependencies"], **MANIFEST["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
    lock = json.loads((VSCODE_EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == MANIFEST["devDependencies"]


def test_the_install_script_builds_the_code_server_the_tests_drive() -> None:
    script = (ROOT / "scripts" / "install-code-server.sh").read_text(encoding="utf-8")
    assert f'version="${{CODE_SERVER_VERSION:-{CODE_SERVER_VERSION}}}"' in script
    # scripts/test.sh runs it, so the README's test command installs VS Code too.
    assert "bash scripts/install-code-server.sh" in (ROOT / "scripts" / "test.sh").read_text()
