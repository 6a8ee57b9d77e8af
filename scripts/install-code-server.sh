#!/usr/bin/env bash
# Install code-server (VS Code in the browser) from npm for the editor tests, into
#   ${SQRT_TOOLS_CACHE:-~/.cache/sqrt-tools}/code-server-<version>
# and print that directory. A finished install is reused (a marker file says it is
# complete). Why not `npm install -g code-server`: its install scripts download ripgrep
# and prebuilt native modules from GitHub, which a machine that reaches only the package
# registries cannot do. So we install with --ignore-scripts and build the native modules
# from source against the system Node (needs build-essential, pkg-config, libsecret-1-dev,
# libkrb5-dev, ripgrep; scripts/test.sh installs them).
# 4.100.3 is the last code-server release that runs on Node 20.
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
cache="${SQRT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sqrt-tools}"
dest="$cache/code-server-$version"
if [ -f "$dest/.complete" ]; then
    echo "$dest"
    exit 0
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/code-server-$version.partial.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# node-gyp builds against the headers of the Node that runs code-server (Debian ships
# them under /usr/include/node) instead of downloading them.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
quiet() { "$@" >>"$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; exit 1; }; }

quiet npm install -g --prefix "$work" --ignore-scripts "code-server@$version"
app="$work/lib/node_modules/code-server"
(cd "$app" && quiet npm rebuild argon2)
vscode="$app/lib/vscode"
(cd "$vscode" && quiet npm install --omit=dev --ignore-scripts)
(cd "$vscode" && quiet npm rebuild @vscode/spdlog kerberos native-watchdog @vscode/deviceid)
(cd "$vscode/node_modules/node-pty" && quiet npx --yes node-gyp rebuild)
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$vscode/node_modules.asar"
ln -sf code-linux.sh "$vscode/bin/remote-cli/code-server"
ln -sf browser-linux.sh "$vscode/bin/helpers/browser.sh"
(cd "$vscode/extensions" && quiet npm install --omit=dev)

# npm's bin link is relative, so the tree can move into place as a whole.
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
touch "$dest/.complete"
echo "$dest"
