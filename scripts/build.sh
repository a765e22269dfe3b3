#!/usr/bin/env bash
# Builds the release dist/ for hosting (opt-level z, LTO, wasm-opt) and
# reports the sizes of each entry point's files:
#   dist/index.html   the first page: the overview and the team backlogs
#                     (src/ui/first_page.rs), which opens app.html for
#                     anything else
#   dist/app.html     the whole app
#   dist/tandem.html  the whole app in one file (scripts/single_file.py)
#   dist/join.html    the live poker room's participant page
# Trunk builds one page per run and empties its dist folder first, so the
# other pages are built into target/dist-<page>/ and then copied beside the
# first in dist/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

# Builds page $1 (app or join) into target/dist-$1/ and copies it into
# dist/. Its files carry content hashes: a name already in dist/ (the
# shared style sheets, the favicon) must be the same file.
build_beside() {
  local out="target/dist-$1"
  trunk build "$1.html" --release --html-output "$1.html" --dist "$out"
  for f in "$out"/*; do
    name="$(basename "$f")"
    if [ -e "dist/$name" ] && ! cmp -s "$f" "dist/$name"; then
      echo "build.sh: $name differs between the builds" >&2
      exit 1
    fi
    cp "$f" "dist/$name"
  done
}

say "building the release dist/ (index.html, the first page)"
trunk build index.html --release

say "building the whole app (app.html) beside it"
build_beside app

# The single-file build, from the whole app's page Trunk just wrote (with
# its policy): a step of its own, which stops the build if Trunk's page is
# not the shape it reads (scripts/trunk_page.py).
say "writing the single-file build (dist/tandem.html)"
python3 scripts/single_file.py dist

say "building the participant page (join.html) beside it"
build_beside join

# The .br and .gz copies beside each file, which the serve command (and
# nginx's gzip_static/brotli_static) send.
say "compressing dist/ (brotli and gzip copies)"
node scripts/compress.mjs dist

# Sizes per entry point: the files each page loads, raw, gzipped and
# brotli-compressed (the copies compress.mjs wrote).
python3 - dist <<'EOF'
import os
import sys

sys.path.insert(0, "scripts")
sys.dont_write_bytecode = True
from trunk_page import Page

dist = sys.argv[1]


def sizes(name):
    path = os.path.join(dist, name)
    raw = os.path.getsize(path)
    gz = os.path.getsize(path + ".gz")
    br = os.path.getsize(path + ".br")
    return raw, gz, br


def line(label, raw, gz, br):
    print(f"  {label:<44} {raw:>9} raw, {gz:>8} gzip, {br:>8} brotli (bytes)")


for name, what in [
    ("index.html", "the first page: overview and team backlogs"),
    ("app.html", "the whole app"),
    ("join.html", "the live poker room's participant page"),
]:
    page = Page(os.path.join(dist, name))
    print(f"{name} ({what})")
    total = list(sizes(name))
    for kind, files in [("wasm", [page.wasm]), ("js", [page.glue]), ("css", page.stylesheets)]:
        part = [sum(sizes(f)[i] for f in files) for i in range(3)]
        total = [t + p for t, p in zip(total, part)]
        label = files[0] if len(files) == 1 else f"{kind}: {len(files)} files"
        line(label, *part)
    line("first load (html + wasm + js + css)", *total)

single = "tandem.html"
print("tandem.html (the single-file build of the app)")
line(single, *sizes(single))
EOF
