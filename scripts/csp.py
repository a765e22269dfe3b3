#!/usr/bin/env python3
"""Trunk post-build hook: adds a Content-Security-Policy meta tag to the
built index.html. Scripts may come only from the app's own files plus the
start-up script Trunk writes inline, allowed by its SHA-256 hash (it names
hashed file names, so the hash changes with every build)."""
import base64
import hashlib
import os
import re
import sys

path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"), "index.html")
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
    "connect-src 'self'",
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

# With index.html final, the single-file build (tandem.html) can be made.
import single_file  # noqa: E402  (scripts/ is on sys.path: it holds this file)

single_file.build(os.path.dirname(path))
