// Where the extension finds the language server: real files and real processes (small
// shell scripts standing in for `sqrt` and `python`), no VS Code.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { test } from "node:test";

import { findServer, notFoundMessage, type PythonInterpreter, type SearchContext, virtualEnvironmentCommands } from "../locate";
import { probe } from "../probe";

const posix = process.platform !== "win32";

function script(path: string, body: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A `sqrt` that answers `--version` like sqrt-tools `version` does. */
function fakeSqrt(path: string, version: string): string {
  return script(path, `[ "$1" = "--version" ] && echo "sqrt-tools ${version}" && exit 0\nexit 2`);
}

/** A `python` that has sqrt_tools (prints `version` for `-m sqrt_tools --version`) or not. */
function fakePython(path: string, version: string | undefined): string {
  const answer =
    version === undefined
      ? `echo "$0: No module named sqrt_tools" >&2; exit 1`
      : `[ "$1 $2 $3" = "-m sqrt_tools --version" ] && echo "sqrt-tools ${version}" && exit 0; exit 2`;
  return script(path, answer);
}

const noPython: PythonInterpreter = { kind: "unavailable", reason: "the Python extension is not installed" };

function context(overrides: Partial<SearchContext>): SearchContext {
  return {
    path: "",
    workspaceFolders: [],
    trusted: true,
    python: noPython,
    platform: process.platform,
    pathVariable: "",
    ...overrides,
  };
}

const run = (command: string, args: string[]) => probe(command, args);

test("the sqrt.path setting is the only candidate when set", { skip: !posix }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sqrt-locate-"));
  const configured = fakeSqrt(join(root, "tools", "sqrt"), "1.2.3");
  fakeSqrt(join(root, "ws", ".venv", "bin", "sqrt"), "9.9.9");
  const found = await findServer(
    context({ path: "../tools/sqrt", workspaceFolders: [join(root, "ws")] }),
    run,
  );
  assert.equal(found.found?.candidate.command, configured);
  assert.equal(found.found?.version, "1.2.3");

  const missing = await findServer(
    context({ path: join(root, "nowhere", "sqrt"), workspaceFolders: [join(root, "ws")] }),
    run,
  );
  assert.equal(missing.found, undefined);
  assert.deepEqual(missing.tried, [
    { source: `the sqrt.path setting (${join(root, "nowhere", "sqrt")})`, reason: "not found" },
  ]);
});

test("the Python extension's interpreter runs `python -m sqrt_tools` when it has the package", { skip: !posix }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sqrt-locate-"));
  const python = fakePython(join(root, "env", "bin", "python"), "0.5.0");
  fakeSqrt(join(root, "ws", ".venv", "bin", "sqrt"), "9.9.9");
  const found = await findServer(
    context({ python: { kind: "selected", command: [python] }, workspaceFolders: [join(root, "ws")] }),
    run,
  );
  assert.equal(found.found?.candidate.command, python);
  assert.deepEqual(found.found?.candidate.prefix, ["-m", "sqrt_tools"]);
  assert.equal(found.found?.version, "0.5.0");
});

test("an interpreter without the package gives way to the workspace's virtual environment", { skip: !posix }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sqrt-locate-"));
  const python = fakePython(join(root, "env", "bin", "python"), undefined);
  const venv = fakeSqrt(join(root, "ws", "venv", "bin", "sqrt"), "0.4.0");
  fakeSqrt(join(root, "bin", "sqrt"), "9.9.9");
  const found = await findServer(
    context({
      python: { kind: "selected", command: [python] },
      workspaceFolders: [join(root, "ws")],
      pathVariable: join(root, "bin"),
    }),
    run,
  );
  assert.equal(found.found?.candidate.command, venv);
  assert.equal(found.found?.version, "0.4.0");
  assert.deepEqual(found.tried, [
    { source: `the Python extension's interpreter (${python})`, reason: `${python}: No module named sqrt_tools` },
    { source: join(root, "ws", ".venv", "bin", "sqrt"), reason: "not found" },
  ]);
});

test("PATH comes last, and is all an untrusted workspace gets", { skip: !posix }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sqrt-locate-"));
  fakeSqrt(join(root, "ws", ".venv", "bin", "sqrt"), "9.9.9");
  const onPath = fakeSqrt(join(root, "second", "sqrt"), "0.3.0");
  const pathVariable = [join(root, "first"), join(root, "second")].join(delimiter);
  const found = await findServer(
    context({ trusted: false, workspaceFolders: [join(root, "ws")], pathVariable }),
    run,
  );
  assert.equal(found.found?.candidate.command, onPath);
  assert.equal(found.found?.candidate.source, `PATH (${onPath})`);
  assert.equal(found.tried[0]?.reason, "skipped: the workspace is not trusted");
});

test("when nothing works, one message names every place tried", { skip: !posix }, async () => {
  const root = mkdtempSync(join(tmpdir(), "sqrt-locate-"));
  // A `sqrt` on PATH that is not sqrt-tools (another program of the same name).
  script(join(root, "bin", "sqrt"), "echo 'sqrt: usage: sqrt NUMBER' >&2; exit 64");
  const found = await findServer(
    context({ workspaceFolders: [join(root, "ws")], pathVariable: join(root, "bin") }),
    run,
  );
  assert.equal(found.found, undefined);
  assert.deepEqual(
    found.tried.map((item) => item.source),
    [
      "the Python extension's interpreter",
      join(root, "ws", ".venv", "bin", "sqrt"),
      join(root, "ws", "venv", "bin", "sqrt"),
      `PATH (${join(root, "bin", "sqrt")})`,
    ],
  );
  assert.equal(found.tried[3]?.reason, "sqrt: usage: sqrt NUMBER");
  assert.equal(
    notFoundMessage(found.tried, [join(root, "ws")]),
    "SQRT: no sqrt-tools language server found. Tried: the Python extension's interpreter " +
      `(the Python extension is not installed), ${join(".venv", "bin", "sqrt")} (not found), ` +
      `${join("venv", "bin", "sqrt")} (not found), PATH (${join(root, "bin", "sqrt")}) ` +
      "(sqrt: usage: sqrt NUMBER). Install sqrt-tools in the project's environment, or set `sqrt.path`.",
  );
});

test("the notification cuts long reasons short", () => {
  const message = notFoundMessage([{ source: "PATH (/bin/sqrt)", reason: "x".repeat(100) }]);
  assert.ok(message.includes(`PATH (/bin/sqrt) (${"x".repeat(60)}…)`), message);
});

test("virtual environments on Windows keep sqrt.exe under Scripts", () => {
  const [dotVenv, venv] = virtualEnvironmentCommands("ws", "win32");
  assert.equal(dotVenv, join("ws", ".venv", "Scripts", "sqrt.exe"));
  assert.equal(venv, join("ws", "venv", "Scripts", "sqrt.exe"));
  assert.deepEqual(virtualEnvironmentCommands("ws", "linux"), [join("ws", ".venv", "bin", "sqrt"), join("ws", "venv", "bin", "sqrt")]);
});
