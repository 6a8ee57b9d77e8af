// The SQRT extension: registers the language (package.json does that declaratively) and
// runs the sqrt-tools language server, `sqrt lsp` over stdio, for every .sqrt document.
import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import { serverCommand } from "./serverCommand";

// The client id is the settings prefix: vscode-languageclient reads `sqrt.trace.server`.
const CLIENT_ID = "sqrt";
const CLIENT_NAME = "SQRT Language Server";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("sqrt.restartServer", () => restart(output)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Lint and format settings reach the running server through
      // workspace/configuration; only a different command needs a new process.
      if (event.affectsConfiguration("sqrt.path") || event.affectsConfiguration("sqrt.serverArgs")) {
        void restart(output);
      }
    }),
  );
  await start(output);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(output: vscode.OutputChannel): Promise<void> {
  const settings = vscode.workspace.getConfiguration("sqrt");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const { command, args } = serverCommand(
    { path: settings.get("path"), serverArgs: settings.get("serverArgs") },
    folder,
  );
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio, options: { cwd: folder } },
    debug: { command, args, transport: TransportKind.stdio, options: { cwd: folder } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sqrt" },
      { scheme: "untitled", language: "sqrt" },
    ],
    outputChannel: output,
    synchronize: {
      configurationSection: "sqrt",
      // Configuration files change lint and format settings; .sqrt files feed
      // workspace symbols.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{sqrt.toml,pyproject.toml,*.sqrt}"),
    },
  };
  const created = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await created.start();
    client = created;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.appendLine(`could not start \`${command} ${args.join(" ")}\`: ${reason}`);
    void vscode.window.showErrorMessage(
      `SQRT: the language server did not start (\`${command} lsp\`). Install sqrt-tools ` +
        "(`pip install sqrt-tools`) or set `sqrt.path` to its `sqrt` command.",
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

async function restart(output: vscode.OutputChannel): Promise<void> {
  await stop();
  await start(output);
}
