#!/usr/bin/env python3
"""Trunk post-build hook: adds a Content-Security-Policy meta tag to the
HTML page Trunk just built (index.html, the first page; app.html, the
whole app; or join.html, the live poker room's participant page). Scripts may come only from the app's own
files plus the start-up script Trunk writes inline, allowed by its SHA-256
hash (it names hashed file names, so the hash changes with every build).
Websockets may go to any ws:/wss: address: the live poker room's sync
server is a user setting (see "Live poker room: the sync server" in
README.md).

Trunk runs it in the staging folder of a build (TRUNK_STAGING_DIR) and names
the source page in TRUNK_HTML_FILE; it writes one page per build, named by
--html-output (index.html if not given). The single-file build
(tandem.html) is a step of its own, after it (scripts/single_file.py). By hand,
`python3 scripts/csp.py [dist]` treats every built page in the folder."""
import base64
import hashlib
import os
import re
import sys

sys.dont_write_bytecode = True
from single_file import OUT_NAME  # noqa: E402  (scripts/ is on sys.path: it holds this file)

folder = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
source = os.environ.get("TRUNK_HTML_FILE")
# tandem.html, the single-file build, carries a policy of its own.
pages = sorted(name for name in os.listdir(folder) if name.endswith(".html") and name != OUT_NAME)
if not pages:
    sys.exit(f"csp.py: no built HTML page in {folder}")
if source and len(pages) != 1:
    sys.exit(f"csp.py: expected the one page Trunk built in {folder}, found {pages}")


def add_policy(path):
    html = open(path, encoding="utf-8").read()
    html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    ]
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        # Inline style attributes carry team colours and list offsets; scripts stay strict.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        # Websockets to the live poker room's sync server, whose address is a
        # setting: ws: and wss: only, so fetch and XHR still reach no other origin.
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    charset = re.search(r"<meta charset=[^>]*>", html)
    if charset:
        html = html[: charset.end()] + "\n    " + meta + html[charset.end():]
    else:
        html = html.replace("<head>", "<head>\n    " + meta, 1)
    open(path, "w", encoding="utf-8").write(html)
    print(f"csp.py: {len(hashes)} inline script(s) allowed by hash in {path}")


for name in pages:
    add_policy(os.path.join(folder, name))

