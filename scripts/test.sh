#!/usr/bin/env bash
# Install everything the tests need, then run all checks: ruff, mypy and the test suite.
# This is the README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
python3 -m pip install --quiet -e '.[test]'

# Editor tests (tests/editors): the VS Code extension's npm tools (vsce,
# vscode-tmgrammar-test, TypeScript) and a real Neovim. Each is installed only when
# missing or out of date; a failed install is reported and the tests say what is missing.
if ! cmp -s lsp/vscode/package-lock.json lsp/vscode/node_modules/.installed-lock 2>/dev/null; then
    (cd lsp/vscode && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
        && cp package-lock.json node_modules/.installed-lock) \
        || echo "scripts/test.sh: npm ci in lsp/vscode failed" >&2
fi
if ! command -v nvim >/dev/null 2>&1; then
    as_root=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then as_root="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    { $as_root apt-get install -y -qq neovim >/dev/null 2>&1 \
        || { $as_root apt-get update -qq && $as_root apt-get install -y -qq neovim; } >/dev/null; } \
        || echo "scripts/test.sh: could not install neovim with apt-get" >&2
fi

python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy
python3 -m pytest "$@"
