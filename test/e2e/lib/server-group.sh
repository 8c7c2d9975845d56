# Sourced by the e2e scripts that start a VS Code server in its own process group (setsid): stops the
# whole group (server, extension host, our language server, tsserver) and forgets its pid file.
# The sourcing script defines die().
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

# Records a just-started server group, so the node:test wrapper can kill it if this script dies.
# record_server_group PGID PIDFILE_PREFIX
record_server_group() {
  [ -n "${E2E_PIDFILE_DIR:-}" ] && echo "$1" > "$E2E_PIDFILE_DIR/$2-$1.pgid"
  return 0
}

# Waits up to 30 s for the server to answer URL; fails early if the group's leader exits.
# wait_for_server URL PGID NAME
wait_for_server() {
  local url="$1" pgid="$2" name="$3"
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null --max-time 2 "$url" && return 0
    kill -0 "$pgid" 2>/dev/null || die "$name exited during startup"
    sleep 0.2
  done
  die "$name did not answer on $url within 30 s"
}
