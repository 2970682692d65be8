"""The chat page's build (bot/web/build.py): crisis lines as data from the knowledge."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from bot.knowledge_base import load_knowledge
from bot.web import build


def _built(tmp_path: Path, server: str = "https://bot.example.org") -> Path:
    client = tmp_path / "socket.io.min.js"
    client.write_text("module.exports = function io() {};\n//# sourceMappingURL=socket.io.min.js.map\n")
    out = tmp_path / "web"
    build.build(out, server, client)
    return out


def test_the_widget_carries_the_knowledge_crisis_lines(tmp_path: Path) -> None:
    widget = (_built(tmp_path) / "recovery-chat.js").read_text(encoding="utf-8")
    crisis = load_knowledge().crisis
    embedded = json.loads(re.search(r'(\{"country": .*\})\);', widget).group(1))
    assert embedded["country"] == crisis.country
    assert [line["name"] for line in embedded["lines"]] == [line.name for line in crisis.lines]
    assert [line["how"] for line in embedded["lines"]] == [line.how for line in crisis.lines]
    assert [line["links"] for line in embedded["lines"]] == [list(line.links) for line in crisis.lines]
    assert "sourceMappingURL" not in widget and widget.isascii()


def test_the_page_gets_the_server_and_the_stylesheets(tmp_path: Path) -> None:
    out = _built(tmp_path, "https://bot.example.org")
    assert 'server: "https://bot.example.org"' in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["host.css", "index.html", "recovery-chat.css", "recovery-chat.js"]


@pytest.mark.parametrize("server", ["javascript:alert(1)", "https://x.org/<script>", "ftp://x.org"])
def test_a_server_that_is_no_http_url_is_refused(tmp_path: Path, server: str) -> None:
    with pytest.raises(build.BuildError):
        _built(tmp_path, server)


def test_only_tel_and_sms_links_reach_the_panel() -> None:
    crisis = load_knowledge().crisis
    line = crisis.lines[0]

    class Unsafe(type(line)):
        @property
        def links(self):
            return ({"label": "x", "href": "javascript:alert(1)"},)

    unsafe = Unsafe(**{field: getattr(line, field) for field in line.__dataclass_fields__})
    with pytest.raises(build.BuildError):
        build.crisis_data(type(crisis)(crisis.country, (unsafe,), ()))


@pytest.mark.parametrize("vendored", [build.SOCKET_IO, Path("tests/browser/vendor/axe.min.js")], ids=lambda p: p.name)
def test_vendored_files_are_the_ones_their_readme_names(vendored: Path) -> None:
    """The README beside a vendored file states its sha256: an update changes both."""
    readme = (vendored.parent / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"sha256\s+`([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == stated
