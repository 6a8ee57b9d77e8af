// The interpreter the Python extension (ms-python.python) selected for the workspace,
// read through its public API without depending on its npm package: the current
// `environments` API first, then the older `settings.getExecutionDetails`.
import * as vscode from "vscode";

import type { PythonInterpreter } from "./locate";

const PYTHON_EXTENSION = "ms-python.python";

interface EnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  resolveEnvironment(
    environment: { path: string } | string,
  ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

interface SettingsApi {
  getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  onDidChangeExecutionDetails?: vscode.Event<unknown>;
}

interface PythonApi {
  environments?: EnvironmentsApi;
  settings?: SettingsApi;
}

async function pythonApi(): Promise<PythonApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (extension === undefined) {
    return undefined;
  }
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The selected interpreter as a command (`["/path/python"]`), or why there is none. */
export async function selectedInterpreter(resource?: vscode.Uri): Promise<PythonInterpreter> {
  let api: PythonApi | undefined;
  try {
    api = await pythonApi();
  } catch (error) {
    return { kind: "unavailable", reason: `the Python extension failed to start (${String(error)})` };
  }
  if (api === undefined) {
    return { kind: "unavailable", reason: "the Python extension is not installed" };
  }
  try {
    const environments = api.environments;
    if (environments !== undefined) {
      const active = environments.getActiveEnvironmentPath(resource);
      const resolved = active === undefined ? undefined : await environments.resolveEnvironment(active);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable !== undefined) {
        return { kind: "selected", command: [executable] };
      }
    }
    const command = api.settings?.getExecutionDetails(resource).execCommand;
    if (command !== undefined && command.length > 0) {
      return { kind: "selected", command };
    }
  } catch (error) {
    return { kind: "unavailable", reason: `the Python extension gave no interpreter (${String(error)})` };
  }
  return { kind: "unavailable", reason: "no interpreter is selected" };
}

/** Calls `listener` when the user selects another interpreter, if the API says so. */
export async function onDidChangeInterpreter(listener: () => void): Promise<vscode.Disposable | undefined> {
  let api: PythonApi | undefined;
  try {
    api = await pythonApi();
  } catch {
    return undefined;
  }
  const event = api?.environments?.onDidChangeActiveEnvironmentPath ?? api?.settings?.onDidChangeExecutionDetails;
  return event?.(() => listener());
}
