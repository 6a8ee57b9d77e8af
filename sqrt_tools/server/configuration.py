"""Settings from the editor (`workspace/configuration`) and from configuration files.

The server asks for the `sqrt` section once initialised and again whenever the editor
says the configuration changed; it watches `sqrt.toml` and `pyproject.toml` and reads
them again when they change. Either way every open document is analysed again under
the new settings at once, without a restart.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from sqrt_tools import config
from sqrt_tools.server.guard import report_failure
from sqrt_tools.server.server import SqrtServer
from sqrt_tools.server.settings import SECTION, document_path, editor_settings
from sqrt_tools.tools import catalog

WATCHED = ("**/sqrt.toml", "**/pyproject.toml", "**/*.json", "**/*.yaml", "**/*.yml")


def _supports_configuration(server: SqrtServer) -> bool:
    workspace = server.client_capabilities.workspace
    return bool(workspace and workspace.configuration)


def _registration_supported(server: SqrtServer) -> tuple[bool, bool]:
    """Whether the client takes dynamic registration of (configuration, file watching)."""
    workspace = server.client_capabilities.workspace
    if workspace is None:
        return False, False
    configuration = workspace.did_change_configuration
    watched = workspace.did_change_watched_files
    return (
        bool(configuration and configuration.dynamic_registration),
        bool(watched and watched.dynamic_registration),
    )


async def fetch(server: SqrtServer) -> None:
    """Ask the editor for the `sqrt` section and apply it."""
    if not _supports_configuration(server):
        return
    answer = await server.workspace_configuration_async(
        types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
    )
    server.editor_settings = editor_settings(answer[0] if answer else None, _root(server))
    server.reconfigure_all()


def _root(server: SqrtServer) -> Path | None:
    """The first workspace folder: what the editor's relative `tools` paths start from."""
    from sqrt_tools.server.workspace_symbols import workspace_roots

    roots = workspace_roots(server)
    return roots[0] if roots else None


def register(server: SqrtServer) -> None:
    @server.handle_async(types.INITIALIZED, None)
    async def initialized(params: types.InitializedParams) -> None:
        del params
        configuration, watched = _registration_supported(server)
        registrations: list[types.Registration] = []
        if configuration:
            registrations.append(
                types.Registration(
                    id="sqrt-configuration", method=types.WORKSPACE_DID_CHANGE_CONFIGURATION
                )
            )
        if watched:
            registrations.append(
                types.Registration(
                    id="sqrt-configuration-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
                    ),
                )
            )
        if registrations:
            try:
                await server.client_register_capability_async(
                    types.RegistrationParams(registrations=registrations)
                )
            except Exception as exc:  # the client said no: settings still load below
                report_failure(server, types.CLIENT_REGISTER_CAPABILITY, exc)
        await fetch(server)

    @server.handle_async(types.WORKSPACE_DID_CHANGE_CONFIGURATION, None)
    async def configuration_changed(params: types.DidChangeConfigurationParams) -> None:
        if _supports_configuration(server):
            await fetch(server)
            return
        # A client without `workspace/configuration` sends the settings themselves.
        settings = params.settings
        section = settings.get(SECTION) if isinstance(settings, dict) else None
        server.editor_settings = editor_settings(section, _root(server))
        server.reconfigure_all()

    @server.handle(types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, in_order=True)
    def files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        names = {change.uri.rsplit("/", 1)[-1] for change in params.changes}
        if names & {config.SQRT_TOML, config.PYPROJECT}:
            config.clear_cache()
            catalog.clear_cache()
            server.reconfigure_all()
        elif any(_is_agent_tool_file(server, change) for change in params.changes):
            # A tool file changed: read it again and re-check every open policy.
            catalog.clear_cache()
            server.reconfigure_all()


def _is_agent_tool_file(server: SqrtServer, change: types.FileEvent) -> bool:
    """A tool file some open document uses; a created or deleted one may match a
    configured directory or glob, so it counts too."""
    if not catalog.is_tool_file(change.uri):
        return False
    if change.type != types.FileChangeType.Changed:
        return True
    path = document_path(change.uri)
    if path is None:
        return False
    for document in server.documents:
        tools = document.analysis.lint_settings.tools
        if tools is not None and any(_same_file(path, file) for file in tools.files):
            return True
    return False


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False
