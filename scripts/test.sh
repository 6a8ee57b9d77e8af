#!/usr/bin/env bash
# Install everything the tests need, then run all checks: ruff, mypy and the test suite.
# This is the README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
python3 -m pip install --quiet -e '.[test]'

# Editor tests (tests/editors) drive real editors, the run report (tests/report) lays
# its picture out with Graphviz dot. From Debian: Neovim 0.7, Emacs with
# eglot, Chromium (for VS Code in the browser), and what building code-server's native
# modules needs. Only missing packages are installed; a failed install is reported and
# the tests then say what is missing (in CI, where nothing may be skipped, they fail).
debian_packages=(neovim emacs-nox elpa-eglot chromium ripgrep graphviz
                 build-essential pkg-config libsecret-1-dev libkrb5-dev)
missing_packages=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing_packages+=("$package")
done
if [ "${#missing_packages[@]}" -gt 0 ]; then
    as_root=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then as_root="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    { $as_root apt-get install -y -qq "${missing_packages[@]}" >/dev/null 2>&1 \
        || { $as_root apt-get update -qq && $as_root apt-get install -y -qq "${missing_packages[@]}"; } >/dev/null; } \
        || echo "scripts/test.sh: could not install ${missing_packages[*]} with apt-get" >&2
fi
# The VS Code extension's npm tools (vsce, vscode-tmgrammar-test, TypeScript), when
# missing or out of date.
if ! cmp -s lsp/vscode/package-lock.json lsp/vscode/node_modules/.installed-lock 2>/dev/null; then
    (cd lsp/vscode && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
        && cp package-lock.json node_modules/.installed-lock) \
        || echo "scripts/test.sh: npm ci in lsp/vscode failed" >&2
fi
# VS Code itself: code-server from npm, built here and cached by version under
# ~/.cache/sqrt-tools (a few minutes the first time, nothing after).
bash scripts/install-code-server.sh >/dev/null \
    || echo "scripts/test.sh: installing code-server failed (scripts/install-code-server.sh)" >&2

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest "$@"
