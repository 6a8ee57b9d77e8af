// How the settings `sqrt.path` and `sqrt.serverArgs` become the command that starts the
// language server. Kept apart from `vscode` so that it can be tested with plain Node.
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** The extension's settings that decide how the server starts. */
export interface ServerSettings {
  /** `sqrt.path`: a command name on PATH, an absolute path, `~/...` or `${workspaceFolder}/...`. */
  path: unknown;
  /** `sqrt.serverArgs`: extra arguments after `sqrt lsp`. */
  serverArgs: unknown;
}

/** A program and its arguments, ready for `child_process.spawn` (no shell involved). */
export interface ServerCommand {
  command: string;
  args: string[];
}

export const DEFAULT_COMMAND = "sqrt";

/**
 * The command that runs `sqrt lsp` for these settings. `workspaceFolder` is the first
 * workspace folder's path, if any: relative paths such as `.venv/bin/sqrt` are resolved
 * against it, the way a terminal opened in that folder would resolve them.
 */
export function serverCommand(settings: ServerSettings, workspaceFolder?: string): ServerCommand {
  const args = ["lsp", ...stringsOnly(settings.serverArgs)];
  const written = typeof settings.path === "string" ? settings.path.trim() : "";
  if (written === "") {
    return { command: DEFAULT_COMMAND, args };
  }
  let command = written;
  if (command.includes("${workspaceFolder}")) {
    command = command.split("${workspaceFolder}").join(workspaceFolder ?? ".");
  }
  if (command === "~" || command.startsWith("~/")) {
    command = join(homedir(), command.slice(1));
  }
  // A bare name ("sqrt") is looked up on PATH; a relative path belongs to the workspace.
  const isBareName = !command.includes("/") && !command.includes("\\");
  if (!isBareName && !isAbsolute(command) && workspaceFolder !== undefined) {
    command = join(workspaceFolder, command);
  }
  return { command, args };
}

function stringsOnly(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
