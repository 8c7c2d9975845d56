#!/usr/bin/env bash
# Builds dist/ and packages quota-lint.vsix (`npm run package`, which runs `npm run build` first) unless
# the current sources were already built and packaged by an earlier e2e test: the stamp
# .e2e-cache/build.stamp records the hash of the sources and of the outputs. Serialised with a lock, so
# e2e files running in parallel never build at the same time, and a later file does not rewrite dist/
# under an editor that an earlier one is running.
# Env: E2E_CACHE (default <repo>/.e2e-cache), E2E_FORCE_BUILD=1 to rebuild regardless of the stamp.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
flock -w 600 9 || { echo "build: ERROR: timed out after 10 min waiting for $CACHE/.build.lock" >&2; exit 1; }
cd "$ROOT"

hash_of() { # sha256 over the given files and folders (missing ones skipped)
  local p existing=()
  for p in "$@"; do [ -e "$p" ] && existing+=("$p"); done
  find "${existing[@]}" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
sources() { hash_of client server docs schemas syntaxes package.json package-lock.json esbuild.js tsconfig.json .vscodeignore README.md LICENSE CHANGELOG.md; }
outputs() { hash_of dist/extension.js dist/server.js dist/cli.js quota-lint.vsix; }

SRC="$(sources)"
if [ "${E2E_FORCE_BUILD:-0}" != 1 ] && [ -f dist/extension.js ] && [ -f dist/server.js ] && [ -f quota-lint.vsix ] \
   && [ "$(cat "$CACHE/build.stamp" 2>/dev/null)" = "$SRC $(outputs)" ]; then
  echo "build: dist/ and quota-lint.vsix are up to date with the sources"
  exit 0
fi
T0=$SECONDS
if ! npm run --silent package >"$CACHE/build.log" 2>&1; then
  tail -n 40 "$CACHE/build.log" >&2
  echo "build: ERROR: npm run package failed (log: $CACHE/build.log)" >&2
  exit 1
fi
[ -f dist/extension.js ] && [ -f dist/server.js ] && [ -f quota-lint.vsix ] \
  || { echo "build: ERROR: npm run package did not produce dist/extension.js, dist/server.js and quota-lint.vsix" >&2; exit 1; }
echo "$SRC $(outputs)" > "$CACHE/build.stamp"
echo "build: npm run package done in $((SECONDS - T0)) s (dist/ and quota-lint.vsix)"
