#!/usr/bin/env bash
# tests/e2e/run.sh — the browser end-to-end tests (called by scripts/test): serves dist/ on a free
# port with serve.js, runs every *.test.js here with node's built-in test runner against headless
# Debian Chromium (playwright-core), then stops the server. Needs `scripts/build` to have made dist/.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)
DIST=${SH_DIST:-$ROOT/dist}

for f in "$DIST/index.html" "$DIST/sigma-heatmap.js" "$DIST/sigma-heatmap.wasm" "$DIST/sigma-heatmap.html"; do
  [ -f "$f" ] || { echo "e2e: $f is missing — run scripts/build first" >&2; exit 1; }
done
[ -x "${SH_CHROMIUM:-/usr/bin/chromium}" ] || { echo "e2e: ${SH_CHROMIUM:-/usr/bin/chromium} not found (scripts/setup installs it)" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent
fi

log=$(mktemp)
node serve.js "$DIST" 0 >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[^ ]*' "$log" || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.05
done
[ -n "${url:-}" ] || { echo "e2e: the static server did not start" >&2; exit 1; }
echo "e2e: serving $DIST at $url"

# One file at a time: each starts its own Chromium, and these machines have two cores.
SH_BASE_URL=$url SH_DIST=$DIST node --test --test-concurrency=1 --test-reporter=spec "$HERE"/*.test.js
