// Runs a candidate's `--version` to learn whether it is sqrt-tools, and which version.
import { execFile } from "node:child_process";

import type { ProbeResult } from "./locate";

// [ours] Generous: a cold Python start on a busy machine takes seconds.
const PROBE_TIMEOUT_MS = 20_000;
// `sqrt --version` and `python -m sqrt_tools --version` print `sqrt-tools 0.1.0`.
const VERSION_LINE = /^sqrt-tools (\S+)\s*$/m;

/** Runs `command args` (no shell) and reads the sqrt-tools version it prints. */
export function probe(command: string, args: string[], cwd?: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: PROBE_TIMEOUT_MS, windowsHide: true, encoding: "utf8" },
      (error, stdout, stderr) => {
        const version = VERSION_LINE.exec(stdout);
        if (error === null && version !== null) {
          resolve({ ok: true, version: version[1] });
          return;
        }
        resolve({ ok: false, reason: failureReason(error, stdout, stderr) });
      },
    );
  });
}

function failureReason(error: (Error & { code?: unknown; killed?: boolean }) | null, stdout: string, stderr: string): string {
  if (error?.code === "ENOENT") {
    return "not found";
  }
  if (error?.code === "EACCES") {
    return "not executable";
  }
  if (error?.killed) {
    return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  }
  // The last line of the error output says most (`No module named sqrt_tools`).
  const lines = `${stderr}\n${stdout}`.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  const last = lines.at(-1);
  if (last === undefined) {
    return error === null ? "did not print a sqrt-tools version" : `exited with code ${String(error.code)}`;
  }
  return last.length > 200 ? `${last.slice(0, 200)}…` : last;
}
