"""Operators' meeting feeds: configuration, refresh, and the last good copy.

``bot/knowledge/meeting_feeds.yml`` lists the feeds (fellowship, format,
source as a URL or a path next to the file, hours between refreshes). Each
refresh parses the feed; a good one replaces that feed's meetings in the
SQLite database (``MEETINGS_DB``, default ``var/meetings.db``). A refresh
that fails (network, bad JSON, no valid meeting) changes nothing there: the
last good copy stays in use, and the failure is reported and logged.

``MeetingService`` holds the searchable index: built at start, swapped for a
new one after a background refresh, never rebuilt per message.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sqlite3
import threading
import time as time_module
import urllib.request
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.knowledge_base import KNOWLEDGE_DIR, Reader, load_knowledge
from bot.meetings.bmlt import parse_bmlt
from bot.meetings.meeting_guide import parse_meeting_guide
from bot.meetings.model import Meeting, Problem
from bot.meetings.places import PlaceFinder, place_finder
from bot.meetings.records import RecordError, timezone_name
from bot.meetings.search import MeetingIndex
from bot.meetings.vocabulary import load_vocabulary

logger = logging.getLogger(__name__)

CONFIG_PATH = KNOWLEDGE_DIR / "meeting_feeds.yml"
DEFAULT_DB = Path(__file__).resolve().parents[2] / "var" / "meetings.db"
PARSERS = {"meeting_guide": parse_meeting_guide, "bmlt": parse_bmlt}
HOUR = 3600.0

Clock = Callable[[], float]


@dataclass(frozen=True)
class FeedConfig:
    name: str
    fellowship: str
    format: str
    source: str
    refresh_hours: float
    timezone: str

    @property
    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class FeedsConfig:
    """The operator's settings for meetings."""

    feeds: tuple[FeedConfig, ...]
    default_timezone: str
    default_state: str
    default_radius_miles: float
    full_list_url: str
    fetch_timeout_seconds: float
    directory: Path


@dataclass(frozen=True)
class FeedReport:
    """What one refresh did."""

    feed: str
    ok: bool
    meetings: int
    problems: tuple[Problem, ...] = ()
    error: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"feed {self.feed}: {self.meetings} meetings, {len(self.problems)} records skipped"
        return f"feed {self.feed}: refresh failed ({self.error}); the last good copy stays in use"


def load_feeds_config(path: Path = CONFIG_PATH) -> FeedsConfig:
    """Read and check the feeds file; a mistake names the file and the field."""
    path = Path(path)
    reader = Reader(path)
    data = reader.data
    groups = load_knowledge().group_matcher
    default_timezone = _zone(reader, reader.get(data, "default_timezone", str, ""), "default_timezone")
    feeds, names = [], set()
    for index, raw in enumerate(reader.get(data, "feeds", list, "")):
        where = f"feeds[{index}]"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        fellowship = groups.value_of(reader.get(raw, "fellowship", str, where))
        if fellowship is None:
            raise reader.fail(f"{where}.fellowship", f"{raw['fellowship']!r} is not a group of groups.yml")
        name = str(raw.get("name") or f"{fellowship}-{index}")
        if name in names:
            raise reader.fail(f"{where}.name", f"{name!r} is used twice")
        names.add(name)
        refresh = raw.get("refresh_hours", 6)
        if isinstance(refresh, bool) or not isinstance(refresh, (int, float)) or refresh <= 0:
            raise reader.fail(f"{where}.refresh_hours", "expected a positive number of hours")
        feeds.append(
            FeedConfig(
                name=name,
                fellowship=fellowship,
                format=reader.choice(raw, "format", where, PARSERS),
                source=reader.get(raw, "source", str, where),
                refresh_hours=float(refresh),
                timezone=_zone(reader, raw.get("timezone") or default_timezone, f"{where}.timezone"),
            )
        )
    radius = data.get("default_radius_miles", 10)
    timeout = data.get("fetch_timeout_seconds", 5)
    for field, value in (("default_radius_miles", radius), ("fetch_timeout_seconds", timeout)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise reader.fail(field, "expected a positive number")
    full_list_url = reader.get(data, "full_list_url", str, "")
    if not full_list_url.startswith("https://"):
        raise reader.fail("full_list_url", "must start with https://")
    return FeedsConfig(
        feeds=tuple(feeds),
        default_timezone=default_timezone,
        default_state=str(data.get("default_state") or ""),
        default_radius_miles=float(radius),
        full_list_url=full_list_url,
        fetch_timeout_seconds=float(timeout),
        directory=path.parent,
    )


def _zone(reader: Reader, name: str, where: str) -> str:
    try:
        return timezone_name(name, "", where)
    except RecordError as error:
        raise reader.fail(where, error.message) from None


class FeedStore:
    """The last good copy of every feed, and when each was refreshed (SQLite)."""

    def __init__(self, path: os.PathLike | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS feed_status (feed TEXT PRIMARY KEY,"
                " last_attempt REAL, last_success REAL, last_error TEXT, meetings INTEGER)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS meetings"
                " (feed TEXT, position INTEGER, record TEXT, PRIMARY KEY (feed, position))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def save(self, feed: str, meetings: Iterable[Meeting], now: float) -> None:
        """Replace the feed's meetings, in one transaction."""
        rows = [(feed, i, json.dumps(m.to_record())) for i, m in enumerate(meetings)]
        with closing(self._connect()) as connection, connection as db:
            db.execute("DELETE FROM meetings WHERE feed = ?", (feed,))
            db.executemany("INSERT INTO meetings VALUES (?, ?, ?)", rows)
            db.execute("INSERT OR REPLACE INTO feed_status VALUES (?, ?, ?, '', ?)", (feed, now, now, len(rows)))

    def record_failure(self, feed: str, error: str, now: float) -> None:
        with closing(self._connect()) as connection, connection as db:
            db.execute(
                "INSERT INTO feed_status VALUES (?, ?, NULL, ?, 0) ON CONFLICT(feed)"
                " DO UPDATE SET last_attempt = excluded.last_attempt, last_error = excluded.last_error",
                (feed, now, error),
            )

    def status(self, feed: str) -> tuple[float, float | None, str, int] | None:
        """(last attempt, last success, last error, meetings in the good copy)."""
        with closing(self._connect()) as db:
            return db.execute(
                "SELECT last_attempt, last_success, last_error, meetings FROM feed_status WHERE feed = ?", (feed,)
            ).fetchone()

    def meetings(self, feeds: Iterable[str]) -> list[Meeting]:
        names = list(feeds)
        marks = ",".join("?" * len(names))
        with closing(self._connect()) as db:
            rows = db.execute(
                f"SELECT record FROM meetings WHERE feed IN ({marks}) ORDER BY feed, position", names
            ).fetchall()
        return [Meeting.from_record(json.loads(record)) for (record,) in rows]


def read_source(feed: FeedConfig, directory: Path, timeout: float) -> bytes:
    """The feed's bytes, from its URL (short timeout) or its file."""
    if feed.is_url:
        request = urllib.request.Request(feed.source, headers={"User-Agent": "recovery-assistant-meetings/1"})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (operator's URL)
            return response.read()
    return (directory / feed.source).read_bytes()


def _with_coordinates(meetings: list[Meeting], places: PlaceFinder) -> list[Meeting]:
    """In-person meetings without coordinates get their ZIP code's centre."""
    located = []
    for meeting in meetings:
        place = places.zip_code(meeting.postal_code[:5]) if meeting.in_person and meeting.latitude is None else None
        located.append(
            dataclasses.replace(meeting, latitude=place.latitude, longitude=place.longitude) if place else meeting
        )
    return located


def refresh_feed(
    feed: FeedConfig, config: FeedsConfig, store: FeedStore, places: PlaceFinder, now: float
) -> FeedReport:
    """Fetch, parse and store one feed; on failure keep the last good copy."""
    try:
        data = json.loads(read_source(feed, config.directory, config.fetch_timeout_seconds))
    except (OSError, ValueError) as error:  # URLError and JSONDecodeError are among these
        return _failed(feed, store, f"{type(error).__name__}: {error}", (), now)
    meetings, problems = PARSERS[feed.format](
        data, feed=feed.name, fellowship=feed.fellowship, default_timezone=feed.timezone
    )
    if not meetings:
        return _failed(feed, store, f"no valid meetings ({len(problems)} records skipped)", tuple(problems), now)
    store.save(feed.name, _with_coordinates(meetings, places), now)
    report = FeedReport(feed.name, True, len(meetings), tuple(problems))
    for problem in problems:
        logger.warning("%s", problem)
    logger.info("%s", report)
    return report


def _failed(feed: FeedConfig, store: FeedStore, error: str, problems: tuple[Problem, ...], now: float) -> FeedReport:
    store.record_failure(feed.name, error, now)
    report = FeedReport(feed.name, False, 0, problems, error)
    logger.error("%s", report)
    return report


class MeetingService:
    """The index of every feed's meetings, refreshed on each feed's schedule."""

    def __init__(self, config: FeedsConfig, store: FeedStore, clock: Clock = time_module.time) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.vocabulary = load_vocabulary()
        self.places = place_finder(config.default_state)
        self.reports: dict[str, FeedReport] = {}
        self._lock = threading.Lock()
        self._refreshing = False
        # feed -> when its last refresh was tried (epoch); read from the store once.
        self._attempted: dict[str, float] = {}
        self.index = MeetingIndex([], self.vocabulary.wishes)

    @property
    def zone(self) -> ZoneInfo:
        """The person's zone: the operator's default."""
        return ZoneInfo(self.config.default_timezone)

    def start(self) -> list[FeedReport]:
        """Refresh the feeds that are due, then build the index (at start-up)."""
        reports = self.refresh_due()
        self.index = self._build_index()
        return reports

    def refresh_due(self) -> list[FeedReport]:
        """Refresh every feed whose time has come; rebuild the index if any did."""
        now = self.clock()
        reports = []
        for feed in self.config.feeds:
            if self._due(feed, now):
                reports.append(refresh_feed(feed, self.config, self.store, self.places, now))
                self._attempted[feed.name] = now
        for report in reports:
            self.reports[report.feed] = report
        if reports:
            self.index = self._build_index()
        return reports

    def refresh_in_background_if_due(self) -> None:
        """Called per message: a quick check, the refresh itself in a thread."""
        now = self.clock()
        if not any(self._due(feed, now) for feed in self.config.feeds):
            return
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True
        threading.Thread(target=self._background_refresh, name="meeting-feeds", daemon=True).start()

    def _background_refresh(self) -> None:
        try:
            self.refresh_due()
        except Exception:  # a refresh must never take the action server down
            logger.exception("meeting feed refresh failed")
        finally:
            with self._lock:
                self._refreshing = False

    def _due(self, feed: FeedConfig, now: float) -> bool:
        if feed.name not in self._attempted:
            status = self.store.status(feed.name)
            if status is None:
                return True
            self._attempted[feed.name] = status[0]
        return now - self._attempted[feed.name] >= feed.refresh_hours * HOUR

    def _build_index(self) -> MeetingIndex:
        return MeetingIndex(self.store.meetings(f.name for f in self.config.feeds), self.vocabulary.wishes)


def database_path() -> Path:
    """``MEETINGS_DB`` from the environment, else ``var/meetings.db``."""
    return Path(os.environ.get("MEETINGS_DB") or DEFAULT_DB)


def start_service(
    config_path: Path = CONFIG_PATH, db_path: Path | None = None, clock: Clock = time_module.time
) -> MeetingService:
    """The service for this process: configuration checked, feeds loaded."""
    service = MeetingService(load_feeds_config(config_path), FeedStore(db_path or database_path()), clock)
    service.start()
    return service
