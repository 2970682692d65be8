"""Loads the operator's meeting feeds and prints what happened, with timings.

    .venv/bin/python scripts/meeting_feeds_report.py [--config bot/knowledge/meeting_feeds.yml]

1. A first load into an empty database: every feed read, validated record by
   record (each skipped record named with its feed, record and field),
   stored, and the index built.
2. A start with that database (the feeds not due yet): the index from the
   stored copy.
3. A refresh whose sources all fail (unreadable files): the last good copy
   stays in use.

For reading, not a test (tests/test_meetings_feeds.py has the assertions).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.meetings.feeds import CONFIG_PATH, FeedStore, MeetingService, load_feeds_config  # noqa: E402


def timed_start(service: MeetingService) -> float:
    start = time.perf_counter()
    for report in service.start():
        print(f"  {report}")
        for problem in report.problems:
            print(f"    skipped: {problem}")
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=CONFIG_PATH)
    config = load_feeds_config(parser.parse_args().config)
    with tempfile.TemporaryDirectory() as scratch:
        store = FeedStore(Path(scratch) / "meetings.db")
        print("1. first load:")
        first = MeetingService(config, store)
        took = timed_start(first)
        print(f"  {len(first.index)} meetings indexed in {took:.0f} ms")

        print("2. start from the stored copy:")
        again = MeetingService(config, store)
        took = timed_start(again)
        print(f"  {len(again.index)} meetings indexed in {took:.0f} ms")

        print("3. every source failing (a day later):")
        broken = dataclasses.replace(
            config,
            feeds=tuple(dataclasses.replace(feed, source=str(Path(scratch) / "missing.json")) for feed in config.feeds),
        )
        failing = MeetingService(broken, store, clock=lambda: time.time() + 86_400)
        took = timed_start(failing)
        print(f"  {len(failing.index)} meetings still indexed, in {took:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
