// Which `sqrt` runs the language server: the candidates, in the order users expect, and
// the search that tries them. Kept apart from `vscode` (the caller passes in what it
// learned from the editor) so that the whole search is tested with plain Node.
//
// The order follows ruff's and mypy's extensions: an explicit setting wins and is the
// only thing tried (silently running another program than the one configured would
// hide the mistake); then the interpreter the Python extension selected; then a virtual
// environment inside the workspace; then PATH. The extension host's PATH comes from the
// login shell, not from a terminal with an activated environment, so PATH is last.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join, sep } from "node:path";

import { serverCommand } from "./serverCommand";

/** One way to run sqrt-tools: `command ...prefix --version` and `command ...prefix lsp`. */
export interface Candidate {
  /** Where it came from, for the output channel and the "not found" message. */
  source: string;
  command: string;
  /** Arguments before the subcommand: `["-m", "sqrt_tools"]` for an interpreter. */
  prefix: string[];
}

/** What running `--version` showed: the version, or why the candidate is unusable. */
export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string };

export type Probe = (command: string, args: string[]) => Promise<ProbeResult>;

/** What the Python extension says, when it is asked. */
export type PythonInterpreter =
  | { kind: "selected"; command: string[] }
  | { kind: "unavailable"; reason: string };

export interface SearchContext {
  /** `sqrt.path` as configured (only the user's value in an untrusted workspace). */
  path: unknown;
  /** The workspace folders' paths. */
  workspaceFolders: string[];
  /** Whether the workspace is trusted: an untrusted one may not choose the program. */
  trusted: boolean;
  python: PythonInterpreter;
  /** `process.platform`: decides `bin/sqrt` or `Scripts/sqrt.exe`. */
  platform: string;
  /** The extension host's PATH. */
  pathVariable: string;
}

/** A candidate that was not used, and why. */
export interface Tried {
  source: string;
  reason: string;
}

export interface SearchResult {
  found?: { candidate: Candidate; version: string };
  tried: Tried[];
}

const VIRTUAL_ENVIRONMENTS = [".venv", "venv"];

/** The places a workspace's virtual environments keep `sqrt`. */
export function virtualEnvironmentCommands(folder: string, platform: string): string[] {
  const relative = platform === "win32" ? join("Scripts", "sqrt.exe") : join("bin", "sqrt");
  return VIRTUAL_ENVIRONMENTS.map((environment) => join(folder, environment, relative));
}

/** The first executable `name` in the directories of `pathVariable`, if any. */
export async function findOnPath(
  name: string,
  pathVariable: string,
  platform: string,
): Promise<string | undefined> {
  const fileName = platform === "win32" ? `${name}.exe` : name;
  for (const directory of pathVariable.split(delimiter)) {
    if (directory === "") {
      continue;
    }
    const path = join(directory, fileName);
    if (await isExecutable(path, platform)) {
      return path;
    }
  }
  return undefined;
}

async function isExecutable(path: string, platform: string): Promise<boolean> {
  try {
    await access(path, platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Tries the candidates in order; the first whose `--version` names sqrt-tools wins. */
export async function findServer(context: SearchContext, probe: Probe): Promise<SearchResult> {
  const tried: Tried[] = [];
  const attempt = async (candidate: Candidate): Promise<SearchResult | undefined> => {
    const result = await probe(candidate.command, [...candidate.prefix, "--version"]);
    if (result.ok) {
      return { found: { candidate, version: result.version }, tried };
    }
    tried.push({ source: candidate.source, reason: result.reason });
    return undefined;
  };

  const configured = typeof context.path === "string" ? context.path.trim() : "";
  if (configured !== "") {
    const { command } = serverCommand({ path: configured, serverArgs: [] }, context.workspaceFolders[0]);
    return (await attempt({ source: `the sqrt.path setting (${configured})`, command, prefix: [] })) ?? { tried };
  }

  if (!context.trusted) {
    tried.push({
      source: "the Python extension's interpreter and the workspace's virtual environments",
      reason: "skipped: the workspace is not trusted",
    });
  } else {
    if (context.python.kind === "selected") {
      const [command, ...prefix] = context.python.command;
      const source = `the Python extension's interpreter (${context.python.command.join(" ")})`;
      if (command !== undefined) {
        const found = await attempt({ source, command, prefix: [...prefix, "-m", "sqrt_tools"] });
        if (found) {
          return found;
        }
      }
    } else {
      tried.push({ source: "the Python extension's interpreter", reason: context.python.reason });
    }
    for (const folder of context.workspaceFolders) {
      for (const command of virtualEnvironmentCommands(folder, context.platform)) {
        if (!(await isExecutable(command, context.platform))) {
          tried.push({ source: command, reason: "not found" });
          continue;
        }
        const found = await attempt({ source: `the workspace's virtual environment (${command})`, command, prefix: [] });
        if (found) {
          return found;
        }
      }
    }
  }

  const onPath = await findOnPath("sqrt", context.pathVariable, context.platform);
  if (onPath === undefined) {
    tried.push({ source: "`sqrt` on PATH", reason: "not found" });
    return { tried };
  }
  return (await attempt({ source: `PATH (${onPath})`, command: onPath, prefix: [] })) ?? { tried };
}

// A notification is read at a glance: each reason is cut short there (the output
// channel has them whole).
const REASON_LENGTH = 60;

/** The one message shown when no candidate works: what was tried, and what to do. */
export function notFoundMessage(tried: Tried[], workspaceFolders: string[] = []): string {
  const items = tried.map((item) => {
    const reason = item.reason.length > REASON_LENGTH ? `${item.reason.slice(0, REASON_LENGTH)}…` : item.reason;
    return `${shortened(item.source, workspaceFolders)} (${reason})`;
  });
  return (
    `SQRT: no sqrt-tools language server found. Tried: ${items.join(", ")}. ` +
    "Install sqrt-tools in the project's environment, or set `sqrt.path`."
  );
}

/** `source` with the workspace folder's path left out (`.venv/bin/sqrt`). */
function shortened(source: string, workspaceFolders: string[]): string {
  for (const folder of workspaceFolders) {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    if (source.startsWith(prefix)) {
      return source.slice(prefix.length);
    }
  }
  return source;
}
