#!/usr/bin/env bash
# tests/e2e/xbrowser/run.sh — the cross-browser smoke (called by scripts/test): serves dist/ and
# runs xbrowser.test.js in Firefox ESR and WebKitGTK under xvfb-run (WebGL needs a display), after
# harness.test.js (the drivers' own checks: a browser that stops answering ends the test and the runner).
# SH_XBROWSERS=firefox or =webkit runs one engine. Needs `scripts/build` to have made dist/.
# `run.sh SCRIPT ARGS...` runs node SCRIPT ARGS (a file here, e.g. pickbench.js) the same way instead.
set -euo pipefail
export SH_CALLER_PWD=${SH_CALLER_PWD:-$PWD}  # relative paths given to a script are the caller's
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../../.. && pwd)
DIST=${SH_DIST:-$ROOT/dist}
[ -f "$DIST/index.html" ] || { echo "xbrowser: $DIST/index.html is missing — run scripts/build first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "xbrowser: xvfb-run not found (scripts/setup installs xvfb)" >&2; exit 1; }
[ -d ../node_modules/puppeteer-core ] && [ -d ../node_modules/selenium-webdriver ] || \
  (cd .. && { npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; })

log=$(mktemp)
node ../serve.js "$DIST" 0 >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[^ ]*' "$log" || true)
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "${url:-}" ] || { echo "xbrowser: the static server did not start" >&2; exit 1; }
echo "xbrowser: serving $DIST at $url"
# Firefox and WebKit keep their profiles and caches here, not in the user's home.
export HOME=${SH_XBROWSER_HOME:-$(mktemp -d)}
if [ $# -gt 0 ]; then
  script=$1; shift
  SH_BASE_URL=$url xvfb-run -a -s "-screen 0 1600x1000x24" node "$HERE/$script" "$@"
  exit
fi
SH_BASE_URL=$url xvfb-run -a -s "-screen 0 1600x1000x24" \
  node --test --test-concurrency=1 --test-reporter=spec "$HERE"/harness.test.js "$HERE"/xbrowser.test.js
