# Sourced by the e2e scripts that start a VS Code server in its own process group (setsid): stops the
# whole group (server, extension host, our language server, tsserver) and forgets its pid file.
# stop_server_group PGID PIDFILE_PREFIX
stop_server_group() {
  local pgid="$1" prefix="$2"
  [ -n "$pgid" ] || return 0
  kill -TERM -- -"$pgid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- -"$pgid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- -"$pgid" 2>/dev/null || true
  [ -n "${E2E_PIDFILE_DIR:-}" ] && rm -f "$E2E_PIDFILE_DIR/$prefix-$pgid.pgid"
  return 0
}
