#!/usr/bin/env bash
# Builds what the e2e tests need, once per state of the sources, serialised with a lock so e2e files
# running in parallel never build at the same time:
#   build.sh build     dist/ (`npm run build`)                      - VS Code suite, Neovim
#   build.sh package   dist/ and quota-lint.vsix (`npm run package`) - UI test
# Stamps in .e2e-cache/ record the hash of the sources and of the outputs; when they match, nothing is
# rebuilt. `package` builds dist/ as above and then runs only the `vsce package ...` part of the package
# script (falling back to `npm run package` if the script has another shape), so that dist/ is not
# rewritten under an editor another e2e file is running from it.
# Env: E2E_CACHE (default <repo>/.e2e-cache), E2E_FORCE_BUILD=1 to rebuild regardless of the stamps.
set -euo pipefail
MODE="${1:-build}"
case "$MODE" in build|package) ;; *) echo "usage: build.sh build|package" >&2; exit 2 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
flock -w 600 9 || { echo "build: ERROR: timed out after 10 min waiting for $CACHE/.build.lock" >&2; exit 1; }
cd "$ROOT"

hash_of() { # sha256 over the given files and folders (missing ones skipped)
  local p existing=()
  for p in "$@"; do [ -e "$p" ] && existing+=("$p"); done
  [ ${#existing[@]} -gt 0 ] || { echo none; return; }
  find "${existing[@]}" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
SRC="$(hash_of client server docs schemas syntaxes package.json package-lock.json esbuild.js tsconfig.json .vscodeignore README.md LICENSE CHANGELOG.md)"
dist_state() { echo "$SRC $(hash_of dist/extension.js dist/server.js dist/cli.js)"; }
vsix_state() { echo "$(dist_state) $(hash_of quota-lint.vsix)"; }
fresh() { [ "${E2E_FORCE_BUILD:-0}" != 1 ] && [ "$(cat "$CACHE/$1" 2>/dev/null)" = "$2" ]; }
fail() { tail -n 40 "$CACHE/build.log" >&2; echo "build: ERROR: $* (log: $CACHE/build.log)" >&2; exit 1; }

T0=$SECONDS
if [ -f dist/extension.js ] && [ -f dist/server.js ] && fresh build.stamp "$(dist_state)"; then
  echo "build: dist/ is up to date with the sources"
else
  npm run --silent build >"$CACHE/build.log" 2>&1 || fail "npm run build failed"
  [ -f dist/extension.js ] && [ -f dist/server.js ] || fail "npm run build did not produce dist/extension.js and dist/server.js"
  dist_state > "$CACHE/build.stamp"
  echo "build: npm run build done in $((SECONDS - T0)) s"
fi
[ "$MODE" = package ] || exit 0

if [ -f quota-lint.vsix ] && fresh package.stamp "$(vsix_state)"; then
  echo "build: quota-lint.vsix is up to date with the sources"
  exit 0
fi
T0=$SECONDS
# The `vsce package ...` command of the package script (which is `npm run build --silent && vsce package ...`).
VSCE="$(node -e 'const s = require("./package.json").scripts?.package ?? ""; const m = /(?:^|&&\s*)(vsce package[^&;|]*)$/.exec(s); process.stdout.write(m ? m[1].trim() : "")')"
if [ -n "$VSCE" ]; then   # dist/ is current here (built above or already up to date)
  PATH="$ROOT/node_modules/.bin:$PATH" bash -c "$VSCE" >"$CACHE/build.log" 2>&1 \
    || fail "packaging failed: $VSCE (the vsce part of \`npm run package\`)"
else
  npm run --silent package >"$CACHE/build.log" 2>&1 || fail "npm run package failed"
  dist_state > "$CACHE/build.stamp"
fi
[ -f quota-lint.vsix ] || fail "packaging did not produce quota-lint.vsix"
vsix_state > "$CACHE/package.stamp"
echo "build: quota-lint.vsix packaged in $((SECONDS - T0)) s"
