#!/usr/bin/env bash
# UI end-to-end check in a real VS Code workbench: installs a VSIX into code-server (isolated user-data,
# extensions and XDG dirs), starts it (--auth none, 127.0.0.1), opens WORKSPACE and FILE in headless
# Chromium, opens the Problems panel and requires the expected text there; saves a screenshot and the text.
# Usage: run-ui-e2e.sh EXTENSION.vsix WORKSPACE_DIR FILE
# Env:   E2E_CACHE (default <repo>/.e2e-cache), E2E_PORT (default 8791), E2E_PIDFILE_DIR (optional, as
#        run-ext-tests.sh), E2E_EXPECT ('|'-separated texts required in Problems, default rate-over-quota),
#        E2E_SCREENSHOT (png, default ./problems.png), E2E_PROBLEMS_TXT (optional text file).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
die() { echo "run-ui-e2e: ERROR: $*" >&2; exit 3; }
[ $# -eq 3 ] || die "usage: run-ui-e2e.sh EXTENSION.vsix WORKSPACE_DIR FILE"
VSIX="$(realpath "$1")"; WS="$(realpath "$2")"; FILE="$3"
PORT="${E2E_PORT:-8791}"
CS="$CACHE/cs/node_modules/.bin/code-server"
[ -x "$CACHE/node24/bin/node" ] || die "Node 24 missing ($CACHE/node24); run test/e2e/setup.sh"
[ -x "$CS" ] || die "code-server missing ($CS); run test/e2e/setup.sh"
command -v chromium >/dev/null || die "chromium missing; run test/e2e/setup.sh"
[ -f "$VSIX" ] || die "VSIX $VSIX not found (npm run package)"
[ -f "$WS/$FILE" ] || die "$WS/$FILE not found"
export PATH="$CACHE/node24/bin:$PATH"
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then die "port $PORT is already in use"; fi

RUN="$(mktemp -d "${TMPDIR:-/tmp}/quota-lint-cs-run-XXXXXX")"
# Without these code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server.
export XDG_CONFIG_HOME="$RUN/config" XDG_DATA_HOME="$RUN/data" XDG_CACHE_HOME="$RUN/cache"
export TMPDIR="$RUN/tmp"   # VS Code's IPC sockets (vscode-ipc-*, vscode-git-*) and tsserver temp files go here
mkdir -p "$TMPDIR"
ARGS=(--user-data-dir "$RUN/user" --extensions-dir "$RUN/ext")
# A plain workbench for the screenshot: no Chat side bar or AI features, no welcome page.
mkdir -p "$RUN/user/User"
cat > "$RUN/user/User/settings.json" <<'JSON'
{
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false
}
JSON
# shellcheck source=../lib/server-group.sh
. "$HERE/../lib/server-group.sh"
SERVER=""; DRIVER=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  [ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null || true
  stop_server_group "$SERVER" code-server
  if [ "$rc" -ne 0 ] && [ -f "$RUN/server.log" ]; then
    echo "---- code-server log (last 30 lines) ----" >&2; tail -n 30 "$RUN/server.log" >&2 || true
  fi
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP

# Installing from a VSIX works offline (installing by id would need open-vsx.org).
"$CS" "${ARGS[@]}" --install-extension "$VSIX" >"$RUN/install.log" 2>&1 \
  || { cat "$RUN/install.log" >&2; die "code-server --install-extension $VSIX failed"; }
grep -q 'successfully installed' "$RUN/install.log" || { cat "$RUN/install.log" >&2; die "the VSIX was not installed"; }
echo "run-ui-e2e: $(grep 'successfully installed' "$RUN/install.log")" >&2

setsid "$CS" "${ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --disable-update-check --disable-workspace-trust "$WS" >"$RUN/server.log" 2>&1 &
SERVER=$!
record_server_group "$SERVER" code-server
wait_for_server "http://127.0.0.1:$PORT/healthz" "$SERVER" "code-server"
echo "run-ui-e2e: code-server $(XDG_CONFIG_HOME="$RUN/config" "$CS" --version 2>/dev/null | head -1) on port $PORT, workspace $WS" >&2

CS_URL="http://127.0.0.1:$PORT/" E2E_FOLDER="$WS" E2E_FILE="$FILE" CHROMIUM="$(command -v chromium)" \
  E2E_EXPECT="${E2E_EXPECT:-rate-over-quota}" E2E_SCREENSHOT="${E2E_SCREENSHOT:-$PWD/problems.png}" \
  E2E_CACHE="$CACHE" node "$HERE/ui-problems-e2e.mjs" &
DRIVER=$!
set +e; wait "$DRIVER"; rc=$?; set -e
DRIVER=""
exit "$rc"
