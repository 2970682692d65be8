"""Helpers for the meetings tests: meetings, a fixed clock, a service on the sample feeds."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.meetings.feeds import CONFIG_PATH, FeedStore, MeetingService, load_feeds_config
from bot.meetings.model import Meeting

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
SAMPLE_DIR = CONFIG_PATH.parent / "sample_feeds"


def meeting(**fields: Any) -> Meeting:
    values = dict(
        fellowship="aa", name="Test Group", slug="test", day=1, time=19 * 60, timezone="America/New_York", feed="test"
    )
    values.update(fields)
    return Meeting(**values)


def at(*args: int, zone: ZoneInfo = NEW_YORK) -> datetime:
    return datetime(*args, tzinfo=zone)


# "Now" in the meetings tests: the sample feeds have meetings around it.
WEDNESDAY_6PM = at(2026, 3, 4, 18, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.now = moment.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += hours * 3600


def sample_service(tmp_path: Path, moment: datetime) -> MeetingService:
    """The service on the sample feeds, its database in ``tmp_path``."""
    service = MeetingService(load_feeds_config(), FeedStore(tmp_path / "meetings.db"), Clock(moment))
    service.start()
    return service


def copy_config(tmp_path: Path, text: str) -> Path:
    """A feeds file in ``tmp_path`` next to a copy of the sample feeds."""
    shutil.copytree(SAMPLE_DIR, tmp_path / "sample_feeds", dirs_exist_ok=True)
    path = tmp_path / "meeting_feeds.yml"
    path.write_text(text, encoding="utf-8")
    return path
