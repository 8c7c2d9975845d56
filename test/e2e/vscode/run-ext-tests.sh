#!/usr/bin/env bash
# Runs an extension's integration tests (an extensionTestsPath module exporting run(), the
# @vscode/test-electron contract) in the Node extension host of a real VS Code server, from source (no VSIX).
# The server is the VS Code 1.139 REH-web server bundled in code-server (installed by test/e2e/setup.sh),
# started directly because only server-main.js accepts --enable-smoke-test-driver, without which the
# workbench ignores extensionDevelopmentPath/extensionTestsPath in the URL payload.
# Usage: run-ext-tests.sh EXTENSION_DIR TESTS_ENTRY WORKSPACE_DIR
# Env:   E2E_CACHE (default <repo>/.e2e-cache), E2E_PORT (default 8793),
#        E2E_PIDFILE_DIR (optional: the server's process-group id is written there so a supervisor can kill it),
#        E2E_TIMEOUT_MS (driver timeout, default 180000), E2E_SCREENSHOT (optional png at the end).
# Exit code = the test runner's exit code (0 = all tests passed, 1 = tests failed); other codes: the run broke.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
die() { echo "run-ext-tests: ERROR: $*" >&2; exit 3; }
[ $# -eq 3 ] || die "usage: run-ext-tests.sh EXTENSION_DIR TESTS_ENTRY WORKSPACE_DIR"
EXT="$(realpath "$1")"; TESTS="$(realpath "$2")"; WS="$(realpath "$3")"
PORT="${E2E_PORT:-8793}"
SERVER_MAIN="$CACHE/cs/node_modules/code-server/lib/vscode/out/server-main.js"
[ -x "$CACHE/node24/bin/node" ] || die "Node 24 missing ($CACHE/node24); run test/e2e/setup.sh"
[ -f "$SERVER_MAIN" ] || die "VS Code server missing ($SERVER_MAIN); run test/e2e/setup.sh"
command -v chromium >/dev/null || die "chromium missing; run test/e2e/setup.sh"
[ -f "$EXT/package.json" ] || die "no package.json in extension dir $EXT"
[ -f "$TESTS" ] || die "tests entry $TESTS not found"
export PATH="$CACHE/node24/bin:$PATH"   # the server's native modules are built for Node 24
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then die "port $PORT is already in use"; fi

RUN="$(mktemp -d "${TMPDIR:-/tmp}/quota-lint-vscode-run-XXXXXX")"
export HOME="$RUN/home" XDG_CONFIG_HOME="$RUN/config" XDG_DATA_HOME="$RUN/data" XDG_CACHE_HOME="$RUN/cache"
export TMPDIR="$RUN/tmp"   # VS Code's IPC sockets (vscode-ipc-*, vscode-git-*) and tsserver temp files go here
mkdir -p "$HOME" "$TMPDIR"
# shellcheck source=../lib/server-group.sh
. "$HERE/../lib/server-group.sh"
SERVER=""; DRIVER=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  [ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null || true
  stop_server_group "$SERVER" vscode-server
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ -f "$RUN/server.log" ]; then   # not for plain test failures
    echo "---- VS Code server log (last 30 lines) ----" >&2; tail -n 30 "$RUN/server.log" >&2 || true
  fi
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP

# Own session/process group, so that the server, its extension host, our language server and tsserver
# can all be killed at once (the server otherwise keeps an extension host alive for 3 h).
setsid node "$SERVER_MAIN" \
  --host 127.0.0.1 --port "$PORT" --without-connection-token --accept-server-license-terms \
  --disable-telemetry --enable-smoke-test-driver --server-data-dir "$RUN/server" \
  --user-data-dir "$RUN/user" --extensions-dir "$RUN/ext" >"$RUN/server.log" 2>&1 &
SERVER=$!
record_server_group "$SERVER" vscode-server
wait_for_server "http://127.0.0.1:$PORT/version" "$SERVER" "VS Code server"
echo "run-ext-tests: VS Code server $(curl -s "http://127.0.0.1:$PORT/version") on port $PORT, workspace $WS" >&2

CS_URL="http://127.0.0.1:$PORT/" E2E_FOLDER="$WS" EXT_DEV_PATH="$EXT" EXT_TESTS_PATH="$TESTS" \
  CHROMIUM="$(command -v chromium)" E2E_CACHE="$CACHE" node "$HERE/run-ext-tests.mjs" &
DRIVER=$!
set +e; wait "$DRIVER"; rc=$?; set -e
DRIVER=""
exit "$rc"
