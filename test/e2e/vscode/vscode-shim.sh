#!/usr/bin/env bash
# Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): takes the
# Electron-style arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, a workspace
# folder, plus --no-sandbox, --user-data-dir=... which are ignored) and runs the tests through
# run-ext-tests.sh (the VS Code server inside code-server + headless Chromium). No Electron build of VS Code
# can be downloaded offline; this is the only real VS Code available (see test/e2e/README.md).
# The environment (E2E_PORT, E2E_CACHE, E2E_PIDFILE_DIR, ...) is inherited.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEV=""; TESTS=""; WS=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) [ -z "$DEV" ] && DEV="${a#*=}" ;;   # first one only
    --extensionTestsPath=*) TESTS="${a#*=}" ;;
    --*) ;;                                                           # Electron/profile flags: not used here
    *) [ -z "$WS" ] && [ -d "$a" ] && WS="$a" ;;                      # workspace folder (positional)
  esac
done
[ -n "$DEV" ] && [ -n "$TESTS" ] || { echo "vscode-shim: need --extensionDevelopmentPath and --extensionTestsPath" >&2; exit 2; }
[ -n "$WS" ] || { echo "vscode-shim: no workspace folder among the arguments (pass it in launchArgs)" >&2; exit 2; }
exec "$HERE/run-ext-tests.sh" "$DEV" "$TESTS" "$WS"
