#!/usr/bin/env bash
# Real LSP client check with headless Neovim (Debian 12's 0.7.2; installed by test/e2e/setup.sh).
# Usage: run-nvim-e2e.sh 'node dist/server.js --stdio' path/to/file.ts [result.json]
# Env:   LSP_ROOT (workspace root, default the file's folder), LSP_EXPECT_CODE, LSP_APPLY_FIRST_ACTION=1,
#        LSP_TIMEOUT_MS (see nvim-lsp-e2e.lua).
# Exits 0 when the server published at least one diagnostic for the file; prints/writes JSON.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 2 ] || { echo "usage: run-nvim-e2e.sh 'SERVER CMD --stdio' FILE [OUT.json]" >&2; exit 2; }
command -v nvim >/dev/null || { echo "run-nvim-e2e: ERROR: nvim missing; run test/e2e/setup.sh" >&2; exit 3; }
TARGET="$(realpath "$2")"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/quota-lint-nvim-XXXXXX")"; trap 'rm -rf "$TMP"' EXIT
# Keep Neovim's state, log and lsp.log out of $HOME.
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache"
LSP_CMD="$1" LSP_TARGET="$TARGET" LSP_OUT="${3:-}" LSP_ROOT="${LSP_ROOT:-$(dirname "$TARGET")}" \
  LSP_APPLY_FIRST_ACTION="${LSP_APPLY_FIRST_ACTION:-0}" \
  nvim --headless -n -i NONE -u "$HERE/nvim-lsp-e2e.lua"
