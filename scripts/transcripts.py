"""Prints transcripts of conversations with a running assistant.

    .venv/bin/python scripts/transcripts.py [--url http://localhost:5005] [FILE]

FILE (YAML) is a list of conversations, each a list of messages, e.g.
``tests/report/risk_conversations.yml`` (the default) or
``tests/report/meeting_conversations.yml``. Every conversation
gets a fresh sender id. For reading, not a test: the gates are in
``make heldout-test`` and the live tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def reply(url: str, sender: str, text: str) -> str:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        messages = json.loads(response.read())
    parts = []
    for message in messages:
        if message.get("text"):
            parts.append(message["text"])
        titles = [button["title"] for button in message.get("buttons") or []]
        if titles:
            parts.append("[" + " | ".join(titles) + "]")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(ROOT / "tests" / "report" / "risk_conversations.yml"))
    parser.add_argument("--url", default="http://localhost:5005")
    args = parser.parse_args()
    conversations = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
    for number, turns in enumerate(conversations, 1):
        sender = f"transcript-{uuid.uuid4().hex[:10]}"
        print(f"--- conversation {number}")
        for text in turns:
            print(f"person: {text}")
            for line in reply(args.url, sender, text).splitlines():
                print(f"  bot: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
