"""Assembles the chat page that the web server serves.

    python -m bot.web.build OUT_DIR CHAT_SERVER [SOCKET_IO_JS]

OUT_DIR gets index.html with CHAT_SERVER (the Rasa URL) filled in, the
stylesheets, and recovery-chat.js bundled with the Socket.IO client
(SOCKET_IO_JS, by default the one vendored in bot/web/vendor/) and the
crisis lines of ``load_knowledge().crisis`` (name, wording, number and its
tel:/sms: links, as data), so "Get help now" needs no server. Files are
replaced atomically and only when they change, so a page being served never
sees a half-written file. ``scripts/build_web.sh`` is the usual way in.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.crisis_lines import CrisisLines
from bot.knowledge_base import load_knowledge

SOURCE = Path(__file__).parent
SOCKET_IO = SOURCE / "vendor" / "socket.io.min.js"
WIDGET, PAGE = "recovery-chat.js", "index.html"
CRISIS_MARKER = '/*@crisis*/ {"country": "", "lines": []}'
SERVER_MARKER = '/*@chat-server*/ "http://localhost:5005"'
# The widget links only to these; the crisis links are all tel: or sms:.
CRISIS_LINK_SCHEMES = ("tel:", "sms:")


class BuildError(Exception):
    """The page cannot be built as asked; the message says why."""


def crisis_data(crisis: CrisisLines) -> dict[str, Any]:
    """What the widget's help panel shows, and the numbers it links in messages."""
    for crisis_line in crisis.lines:
        unsafe = [link["href"] for link in crisis_line.links if not link["href"].startswith(CRISIS_LINK_SCHEMES)]
        if unsafe:
            raise BuildError(f"crisis line {crisis_line.name!r}: only tel: and sms: links, not {unsafe}")
    lines = [
        {"name": line.name, "how": line.how, "number": line.number, "links": list(line.links)} for line in crisis.lines
    ]
    return {"country": crisis.country, "lines": lines}


def js_literal(value: Any) -> str:
    # "<" escaped so that no value can close a <script> element.
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")


def ascii_only(js: str) -> str:
    """Non-ASCII as \\uXXXX: a page in another charset (or none) still reads the widget's texts right."""

    def escape(match: re.Match[str]) -> str:
        units = match.group(0).encode("utf-16-be")
        return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))

    return re.sub(r"[^\x00-\x7f]", escape, js)


def fill(text: str, marker: str, value: str, where: Path) -> str:
    if text.count(marker) != 1:
        raise BuildError(f"{where}: expected the marker {marker!r} exactly once")
    return text.replace(marker, value)


def write(path: Path, content: str) -> None:
    """Replace ``path`` atomically, and only when its content changes."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def bundle(widget: str, socket_io_client: str) -> str:
    """The widget and the Socket.IO client in one script, without the client's source map."""
    client = re.sub(r"\n//# sourceMappingURL=.*\s*$", "\n", socket_io_client)
    # The Socket.IO client is a UMD module: given a local `module`, it neither
    # sets window.io nor talks to the host page's AMD loader.
    return ascii_only(
        "/*! Recovery chat widget, built by bot/web/build.py from bot/web/recovery-chat.js;"
        " includes the Socket.IO client (MIT License). */\n"
        "(function () {\nvar module = { exports: {} }, exports = module.exports, define;\n"
        + client
        + "\nvar io = module.exports;\n"
        + widget
        + "\n})();\n"
    )


def build(out: Path, server: str, socket_io: Path = SOCKET_IO) -> None:
    if not re.match(r"^https?://[^\s\"'<>]+$", server):
        raise BuildError(f"CHAT_SERVER must be an http(s) URL, got {server!r}")
    out.mkdir(parents=True, exist_ok=True)

    widget_source = SOURCE / WIDGET
    crisis = js_literal(crisis_data(load_knowledge().crisis))
    widget = fill(widget_source.read_text(encoding="utf-8"), CRISIS_MARKER, crisis, widget_source)
    write(out / WIDGET, bundle(widget, socket_io.read_text(encoding="utf-8")))

    page_source = SOURCE / PAGE
    write(out / PAGE, fill(page_source.read_text(encoding="utf-8"), SERVER_MARKER, js_literal(server), page_source))

    for stylesheet in sorted(SOURCE.glob("*.css")):
        text = stylesheet.read_text(encoding="utf-8")
        if not text.isascii():
            raise BuildError(f"{stylesheet}: keep CSS ASCII (use \\2026-style escapes): it is served without a charset")
        write(out / stylesheet.name, text)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    out, server = argv[:2]
    try:
        build(Path(out), server, Path(argv[2]) if len(argv) == 3 else SOCKET_IO)
    except BuildError as error:
        print(f"build_web: {error}", file=sys.stderr)
        return 1
    print(f"build_web: {out}/ (server {server})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
