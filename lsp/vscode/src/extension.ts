// The SQRT extension: registers the language (package.json does that declaratively),
// finds the sqrt-tools language server (locate.ts says where it looks) and runs it over
// stdio for every .sqrt document, with its state in the status bar.
import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State } from "vscode-languageclient/node";

import { type Candidate, findServer, notFoundMessage } from "./locate";
import { probe } from "./probe";
import { onDidChangeInterpreter, selectedInterpreter } from "./python";
import { RESTART_COMMAND, SHOW_OUTPUT_COMMAND, ServerStatus } from "./status";

// The client id is the settings prefix: vscode-languageclient reads `sqrt.trace.server`.
const CLIENT_ID = "sqrt";
const CLIENT_NAME = "SQRT Language Server";
const OPEN_SETTING = "Open Setting";

let client: LanguageClient | undefined;
// Set while the extension itself stops the server, so that the stop is not a crash.
let stopping = false;
// Restarts arrive from commands, settings and the Python extension: one at a time.
let queue: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  const status = new ServerStatus();
  // Configuration files change lint and format settings; .sqrt files feed workspace
  // symbols. One watcher serves every server the extension starts.
  const watcher = vscode.workspace.createFileSystemWatcher("**/{sqrt.toml,pyproject.toml,*.sqrt}");
  const restart = (): Promise<void> => {
    queue = queue.then(async () => {
      await stop();
      await start(output, status, watcher);
    });
    return queue;
  };
  context.subscriptions.push(
    output,
    status,
    watcher,
    vscode.commands.registerCommand(RESTART_COMMAND, restart),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Lint and format settings reach the running server through
      // workspace/configuration; only a different command needs a new process.
      if (event.affectsConfiguration("sqrt.path") || event.affectsConfiguration("sqrt.serverArgs")) {
        void restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  const interpreterChanges = await onDidChangeInterpreter(() => void restart());
  if (interpreterChanges !== undefined) {
    context.subscriptions.push(interpreterChanges);
  }
  await restart();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(
  output: vscode.OutputChannel,
  status: ServerStatus,
  watcher: vscode.FileSystemWatcher,
): Promise<void> {
  status.show({ kind: "starting" });
  const settings = vscode.workspace.getConfiguration("sqrt");
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const trusted = vscode.workspace.isTrusted;
  const search = await findServer(
    {
      path: settings.get("path"),
      workspaceFolders: folders,
      trusted,
      python: trusted ? await selectedInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri) : notAsked,
      platform: process.platform,
      pathVariable: process.env.PATH ?? "",
    },
    (command, args) => probe(command, args, folders[0]),
  );
  for (const item of search.tried) {
    output.appendLine(`[sqrt] not using ${item.source}: ${item.reason}`);
  }
  if (search.found === undefined) {
    status.show({ kind: "not found" });
    const message = notFoundMessage(search.tried, folders);
    output.appendLine(`[sqrt] ${message}`);
    void vscode.window.showErrorMessage(message, OPEN_SETTING).then((choice) => {
      if (choice === OPEN_SETTING) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "sqrt.path");
      }
    });
    return;
  }
  const { candidate, version } = search.found;
  const args = [...candidate.prefix, "lsp", ...stringsOnly(settings.get("serverArgs"))];
  output.appendLine(
    `[sqrt] using sqrt-tools ${version} from ${candidate.source}: ${[candidate.command, ...args].join(" ")}`,
  );
  const created = createClient(candidate, args, folders[0], output, watcher);
  created.onDidChangeState((event) => {
    if (event.newState === State.Running) {
      const reported = created.initializeResult?.serverInfo?.version;
      status.show({ kind: "ready", version: reported ?? version, source: candidate.source });
    } else if (event.newState === State.Starting) {
      status.show({ kind: "starting" });
    } else if (event.newState === State.Stopped && !stopping) {
      status.show({ kind: "crashed", source: candidate.source });
    }
  });
  client = created;
  try {
    await created.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.appendLine(`[sqrt] the server did not start: ${reason}`);
    status.show({ kind: "crashed", source: candidate.source });
  }
}

const notAsked = { kind: "unavailable", reason: "skipped: the workspace is not trusted" } as const;

function createClient(
  candidate: Candidate,
  args: string[],
  folder: string | undefined,
  output: vscode.OutputChannel,
  watcher: vscode.FileSystemWatcher,
): LanguageClient {
  // No `transport`: vscode-languageclient then spawns the command with stdio pipes and
  // adds no `--stdio` of its own, so every sqrt-tools version understands the command.
  const executable = { command: candidate.command, args, options: { cwd: folder } };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sqrt" },
      { scheme: "untitled", language: "sqrt" },
    ],
    outputChannel: output,
    synchronize: { configurationSection: "sqrt", fileEvents: watcher },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  stopping = true;
  try {
    await running.dispose();
  } catch {
    // A server that already died cannot be stopped; it is gone either way.
  } finally {
    stopping = false;
  }
}

function stringsOnly(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
