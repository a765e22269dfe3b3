#!/usr/bin/env bash
# Builds the release dist/ for hosting (opt-level z, LTO, wasm-opt) and
# reports the size of the wasm and JS files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
say "building the release dist/"
trunk build --release
for f in dist/*.wasm dist/*.js; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %8d bytes raw, %8d bytes gzipped\n' "$(basename "$f")" "$raw" "$gz"
done
single="dist/tandem.html"
printf '%-48s %8d bytes raw, %8d bytes gzipped (the single-file build)\n' \
  "$(basename "$single")" "$(stat -c %s "$single")" "$(gzip -9 -c "$single" | wc -c)"
