#!/usr/bin/env bash
# Assembles the chat page that the web server serves:
#   scripts/build_web.sh [OUT_DIR] [CHAT_SERVER]
# OUT_DIR defaults to build/web-$WEB_PORT (one folder per port, so a test run
# and a developer's `make run` never rewrite each other's files) and
# CHAT_SERVER (the Rasa URL the demo page talks to) to http://localhost:$RASA_PORT.
#
# OUT_DIR gets bot/web/* plus recovery-chat.js bundled with
#   - the Socket.IO client from node_modules (installed from package-lock.json, never committed),
#   - the crisis lines rendered from bot/knowledge/crisis_lines.yml, the one
#     place an operator changes them, so "Get help now" needs no server.
# Files are replaced atomically and only when they change, so a page being
# served never sees a half-written file. Takes well under a second once
# node_modules exists.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=${1:-build/web-${WEB_PORT:-8080}}
CHAT_SERVER=${2:-${CHAT_SERVER:-http://localhost:${RASA_PORT:-5005}}}
SOCKET_IO=node_modules/socket.io-client/dist/socket.io.min.js

# npm ci only when node_modules is missing or older than the lock file; the
# lock keeps two builds started together from installing at the same time.
mkdir -p build
(
  flock 9
  if [ ! -f "$SOCKET_IO" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null || { echo "build_web: npm is missing (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
    echo "build_web: npm ci (Socket.IO client, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
) 9>build/.npm.lock

PYTHON=.venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3
"$PYTHON" - "$OUT_DIR" "$CHAT_SERVER" "$SOCKET_IO" <<'PY'
"""Render crisis lines, bundle the widget, copy the page (see the shell header)."""
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

out, server, socket_io = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
SRC = Path("bot/web")
LINES = Path("bot/knowledge/crisis_lines.yml")
NUMBER = r"(\d[\d -]*\d|\d)"


def fail(message: str) -> None:
    sys.exit(f"build_web: {message}")


def links_for(how: str) -> list:
    """tel:/sms: links from a line's `how`, e.g. "call or text 988",
    "call 1-800-662-4357", "text HOME to 741741"."""
    links = []
    for m in re.finditer(r"\btext\s+([A-Za-z0-9]+)\s+to\s+" + NUMBER, how, re.I):
        word, number = m.group(1), m.group(2).strip()
        links.append({"label": f"Text {word} to {number}", "number": number,
                      "href": f"sms:{re.sub(r'[^0-9+]', '', number)}?&body={word}"})
    for m in re.finditer(r"\b(call|text)(?:\s+or\s+(call|text))?\s+" + NUMBER, how, re.I):
        digits = re.sub(r"[^0-9+]", "", m.group(3))
        for verb in filter(None, (m.group(1), m.group(2))):
            scheme = "tel" if verb.lower() == "call" else "sms"
            links.append({"label": f"{verb.capitalize()} {m.group(3).strip()}", "number": m.group(3).strip(),
                          "href": f"{scheme}:{digits}"})
    return links


def crisis_lines() -> list:
    data = yaml.safe_load(LINES.read_text(encoding="utf-8")) or {}
    lines = []
    for i, line in enumerate(data.get("lines") or [], start=1):
        name, how = (line or {}).get("name"), (line or {}).get("how")
        if not name or not how:
            fail(f"{LINES}: line {i} needs `name` and `how`")
        links = links_for(how)
        if not links:
            fail(f"{LINES}: line {i} ({name}): `how` names no number to link; write it like "
                 f"'call 911', 'call or text 988' or 'text HOME to 741741'")
        lines.append({"name": name, "how": how, "links": links})
    if not lines:
        fail(f"{LINES}: no crisis lines")
    return lines


def js_literal(value) -> str:
    # "<" escaped so that no value can close a <script> element.
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")


def ascii_only(js: str) -> str:
    """Escape non-ASCII as \\uXXXX: a page in another charset (or none) then
    still reads the widget's texts right."""
    def escape(m: "re.Match") -> str:
        units = m.group(0).encode("utf-16-be")
        return "".join("\\u%02x%02x" % (units[i], units[i + 1]) for i in range(0, len(units), 2))
    return re.sub(r"[^\x00-\x7f]", escape, js)


def fill(text: str, marker: str, value: str, where: Path) -> str:
    if text.count(marker) != 1:
        fail(f"{where}: expected the marker {marker!r} exactly once")
    return text.replace(marker, value)


def write(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


if not re.match(r"^https?://[^\s\"'<>]+$", server):
    fail(f"CHAT_SERVER must be an http(s) URL, got {server!r}")
out.mkdir(parents=True, exist_ok=True)

widget_src = SRC / "recovery-chat.js"
widget = fill(widget_src.read_text(encoding="utf-8"), "/*@crisis-lines*/ []", js_literal(crisis_lines()), widget_src)
client = re.sub(r"\n//# sourceMappingURL=.*\s*$", "\n", socket_io.read_text(encoding="utf-8"))
# The Socket.IO client is a UMD module: given a local `module`, it neither sets
# window.io nor talks to the host page's AMD loader.
bundle = (
    "/*! Recovery chat widget, built by scripts/build_web.sh from bot/web/recovery-chat.js;"
    " includes the Socket.IO client (MIT License). */\n"
    "(function () {\nvar module = { exports: {} }, exports = module.exports, define;\n"
    + client + "\nvar io = module.exports;\n" + widget + "\n})();\n"
)
write(out / "recovery-chat.js", ascii_only(bundle))

page_src = SRC / "index.html"
write(out / "index.html", fill(page_src.read_text(encoding="utf-8"), '/*@chat-server*/ "http://localhost:5005"', js_literal(server), page_src))

for path in SRC.iterdir():
    if path.is_file() and path.name not in ("recovery-chat.js", "index.html"):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css" and not text.isascii():
            fail(f"{path}: keep CSS ASCII (use \\2026-style escapes): it is served without a charset")
        write(out / path.name, text)
print(f"build_web: {out}/ (server {server})")
PY
