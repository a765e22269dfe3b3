#!/usr/bin/env python3
"""Writes tandem.html: the whole built app in one self-contained file that
works opened from a file share or a downloaded copy (file://), where a page
can load nothing beside itself.

A build step of its own: scripts/build.sh runs it once Trunk has built
app.html, the whole app (with its policy, from csp.py), and `python3
scripts/single_file.py [dist]` makes it by hand from any built dist/. What
the app's page loads is read by trunk_page.py, which stops the build with a
message if Trunk ever writes the page another way. Inside: the
stylesheets in one <style>, the favicon as a data URL, and one inline module
script holding the wasm-bindgen glue (its `export`s removed) and the wasm as
base64, started from the bytes instead of a fetch. Its
Content-Security-Policy allows that script by hash, loads nothing from
anywhere else, and lets it open only websockets (to the live poker room's
sync server, whose address is a setting)."""
import base64
import hashlib
import os
import re
import sys

sys.dont_write_bytecode = True
from trunk_page import Page  # noqa: E402  (scripts/ is on sys.path: it holds this file)

OUT_NAME = "tandem.html"


def fail(message):
    sys.exit(f"single_file.py: {message}")


def inline_glue(glue):
    """The glue as a classic block of a module script: no imports, no exports."""
    if re.search(r"^\s*import\s", glue, re.M):
        fail("the wasm-bindgen glue imports another file (a JS snippet); inline it first")
    glue = re.sub(r"^export \{[^}]*\};?\s*$", "", glue, flags=re.M)
    glue = re.sub(r"^export (?=(async function|function|class|const|let)\b)", "", glue, flags=re.M)
    if re.search(r"^export\b", glue, re.M):
        fail("an export in the glue was not understood")
    if "__wbg_init" not in glue:
        fail("the glue has no __wbg_init")
    return glue


def build(dist):
    page = Page(os.path.join(dist, "app.html"))
    glue = inline_glue(page.read(page.glue))
    wasm = base64.b64encode(page.read(page.wasm, binary=True)).decode("ascii")
    styles = "\n".join(page.read(name) for name in page.stylesheets)
    if "</style" in styles:
        fail("a stylesheet contains </style")
    icon_tag = ""
    if page.icon:
        data = base64.b64encode(page.read(page.icon, binary=True)).decode("ascii")
        icon_tag = f'<link rel="icon" href="data:image/svg+xml;base64,{data}" />'

    script = (
        glue
        + "\n// The wasm, inlined: a file:// page can fetch nothing.\n"
        + "{\n"
        + "  // In a block: the glue has its own top-level `wasm`.\n"
        + f'  const base64 = "{wasm}";\n'
        + "  const binary = atob(base64);\n"
        + "  const bytes = new Uint8Array(binary.length);\n"
        + "  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);\n"
        + "  const started = await __wbg_init({ module_or_path: bytes });\n"
        + '  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: started } }));\n'
        + "}\n"
    )
    if "</script" in script.lower():
        fail("the script contains </script")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = "; ".join([
        "default-src 'none'",
        f"script-src 'wasm-unsafe-eval' 'sha256-{digest}'",
        # Inline style attributes carry team colours and list offsets.
        "style-src 'unsafe-inline'",
        "img-src data:",
        # As in csp.py: websockets to the live poker room's sync server,
        # whose address is a setting; nothing else may be fetched.
        "connect-src ws: wss:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    html = f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="{policy}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Tandem</title>
    {icon_tag}
    <style>
{styles}
    </style>
    <script type="module">{script}</script>
  </head>
  <body>
    <noscript>Tandem needs JavaScript and WebAssembly to run.</noscript>
  </body>
</html>
"""
    out = os.path.join(dist, OUT_NAME)
    open(out, "w", encoding="utf-8").write(html)
    print(f"single_file.py: wrote {out} ({len(html.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "dist")
