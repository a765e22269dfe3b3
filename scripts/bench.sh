#!/usr/bin/env bash
# The benchmark: builds the release dist/, serves it, and drives headless
# Chromium through generated workspaces of 1,000 and 10,000 stories next to
# a static page of the same rows (the browser's floor). Writes
# bench/results.json and BENCHMARKS.md.
#
#   scripts/bench.sh            full run (5 runs per figure)
#   scripts/bench.sh --quick    a few hundred stories, one run, results in a
#                               temporary folder (the test command uses it to
#                               prove the benchmark still works)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh" --browser
cd "$ROOT"
if [[ "${1:-}" == "--quick" ]]; then
  [[ -f dist/index.html ]] || "$ROOT/scripts/build.sh"
  cargo build --locked --example generate
else
  "$ROOT/scripts/build.sh"
  cargo build --locked --release --example generate
fi
node scripts/bench.mjs "$@"
