// The status bar item: the language server's state at a glance (starting, ready with
// its version, crashed, not found); clicking it shows the output channel, and its
// tooltip offers a restart.
import * as vscode from "vscode";

export type ServerState =
  | { kind: "starting" }
  | { kind: "ready"; version: string; source: string }
  | { kind: "crashed"; source: string }
  | { kind: "not found" };

export const SHOW_OUTPUT_COMMAND = "sqrt.showOutput";
export const RESTART_COMMAND = "sqrt.restartServer";

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("sqrt.server", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "SQRT Language Server";
    this.item.command = SHOW_OUTPUT_COMMAND;
    this.show({ kind: "starting" });
    this.item.show();
  }

  show(state: ServerState): void {
    const restart = `[Restart the server](command:${RESTART_COMMAND})`;
    let tooltip: string;
    switch (state.kind) {
      case "starting":
        this.item.text = "$(loading~spin) SQRT: starting";
        this.item.backgroundColor = undefined;
        tooltip = "The SQRT language server is starting.";
        break;
      case "ready":
        this.item.text = `$(check) SQRT ${state.version}`;
        this.item.backgroundColor = undefined;
        tooltip = `sqrt-tools ${state.version} from ${state.source} is running.`;
        break;
      case "crashed":
        this.item.text = "$(error) SQRT: crashed";
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        tooltip = `The language server from ${state.source} stopped. The output channel has its last words.`;
        break;
      case "not found":
        this.item.text = "$(warning) SQRT: no server";
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        tooltip = "No sqrt-tools language server was found; the output channel says where the extension looked.";
        break;
    }
    const markdown = new vscode.MarkdownString(`${escapeMarkdown(tooltip)}\n\n${restart}`);
    markdown.isTrusted = { enabledCommands: [RESTART_COMMAND] };
    this.item.tooltip = markdown;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, "") };
  }

  dispose(): void {
    this.item.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, (character) => `\\${character}`);
}
