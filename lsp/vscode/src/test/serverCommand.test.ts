// Run with `npm test` (tests/editors/test_vscode_extension.py does): plain Node, no VS Code.
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { serverCommand } from "../serverCommand";

test("by default the server is `sqrt lsp` from PATH", () => {
  assert.deepEqual(serverCommand({ path: undefined, serverArgs: undefined }), {
    command: "sqrt",
    args: ["lsp"],
  });
  assert.deepEqual(serverCommand({ path: "  ", serverArgs: [] }).command, "sqrt");
});

test("extra arguments follow `lsp`, and only strings are passed on", () => {
  const { args } = serverCommand({ path: "sqrt", serverArgs: ["--tcp", "127.0.0.1:2087", 7, null] });
  assert.deepEqual(args, ["lsp", "--tcp", "127.0.0.1:2087"]);
});

test("a relative path is resolved against the workspace folder", () => {
  const { command } = serverCommand({ path: ".venv/bin/sqrt", serverArgs: [] }, "/work/policies");
  assert.equal(command, join("/work/policies", ".venv/bin/sqrt"));
});

test("${workspaceFolder} and ~ are expanded; absolute paths are kept", () => {
  assert.equal(
    serverCommand({ path: "${workspaceFolder}/env/bin/sqrt", serverArgs: [] }, "/srv/p").command,
    "/srv/p/env/bin/sqrt",
  );
  assert.equal(serverCommand({ path: "~/bin/sqrt", serverArgs: [] }).command, join(homedir(), "bin/sqrt"));
  assert.equal(serverCommand({ path: "/opt/sqrt/bin/sqrt", serverArgs: [] }, "/srv/p").command, "/opt/sqrt/bin/sqrt");
});

test("a bare command name is left for PATH lookup", () => {
  assert.equal(serverCommand({ path: "sqrt-dev", serverArgs: [] }, "/srv/p").command, "sqrt-dev");
});
