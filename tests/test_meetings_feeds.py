"""Feeds: configuration checks, refresh on schedule, the last good copy kept
when a refresh fails (garbage file, no valid records, a URL that fails)."""

from __future__ import annotations

import http.server
import re
import threading
from pathlib import Path

import pytest

from bot.knowledge_base import KnowledgeError
from bot.meetings.feeds import FeedStore, MeetingService, load_feeds_config, refresh_feed
from tests.meetings_support import WEDNESDAY_6PM, Clock, copy_config, sample_service

CONFIG = """
default_timezone: America/New_York
full_list_url: "https://example.org/meetings"
feeds:
  - name: aa
    fellowship: AA
    format: meeting_guide
    source: {source}
    refresh_hours: 6
"""


def service_for(tmp_path: Path, source: str, clock: Clock) -> MeetingService:
    config = load_feeds_config(copy_config(tmp_path, CONFIG.format(source=source)))
    return MeetingService(config, FeedStore(tmp_path / "db" / "meetings.db"), clock)


def test_the_default_configuration_loads_the_three_sample_feeds(tmp_path):
    service = sample_service(tmp_path, WEDNESDAY_6PM)
    assert {f.fellowship for f in service.config.feeds} == {"aa", "na", "smart"}
    assert all(report.ok for report in service.reports.values())
    assert len(service.index) == sum(report.meetings for report in service.reports.values()) >= 70
    assert len(service.reports["sample-aa"].problems) == 4


def test_a_broken_file_keeps_the_last_good_copy_and_reports_it(tmp_path):
    clock = Clock(WEDNESDAY_6PM)
    service = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    service.start()
    good = len(service.index)
    assert good > 30

    (tmp_path / "sample_feeds" / "aa_meeting_guide.json").write_text("{ this is not json", encoding="utf-8")
    clock.advance(7)
    (report,) = service.refresh_due()
    assert not report.ok and "JSONDecodeError" in report.error
    assert "last good copy" in str(report)
    assert len(service.index) == good, "the last good copy stays in use"
    last_attempt, last_success, error, count = service.store.status("aa")
    assert count == good and last_success < last_attempt and "JSONDecodeError" in error


def test_a_feed_with_no_valid_record_left_keeps_the_last_good_copy(tmp_path):
    clock = Clock(WEDNESDAY_6PM)
    service = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    service.start()
    good = len(service.index)
    (tmp_path / "sample_feeds" / "aa_meeting_guide.json").write_text(
        '[{"name": "x", "slug": "x", "time": "19:00"}]', encoding="utf-8"
    )
    clock.advance(6)
    (report,) = service.refresh_due()
    assert not report.ok and "no valid meetings" in report.error
    assert [p.field for p in report.problems] == ["day"]
    assert len(service.index) == good


def test_a_missing_file_on_first_start_fails_without_crashing(tmp_path):
    service = service_for(tmp_path, "sample_feeds/nowhere.json", Clock(WEDNESDAY_6PM))
    (report,) = service.start()
    assert not report.ok and "FileNotFoundError" in report.error
    assert len(service.index) == 0


def test_feeds_are_refreshed_only_when_due(tmp_path):
    clock = Clock(WEDNESDAY_6PM)
    service = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    assert len(service.start()) == 1
    clock.advance(5.9)
    assert service.refresh_due() == []
    clock.advance(0.2)
    assert [r.feed for r in service.refresh_due()] == ["aa"]


def test_the_last_good_copy_survives_a_restart(tmp_path):
    clock = Clock(WEDNESDAY_6PM)
    first = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    first.start()
    (tmp_path / "sample_feeds" / "aa_meeting_guide.json").write_text("garbage", encoding="utf-8")
    clock.advance(1)
    restarted = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    assert restarted.start() == [], "not due yet: no refresh"
    assert len(restarted.index) == len(first.index)


def test_background_refresh_swaps_the_index(tmp_path):
    clock = Clock(WEDNESDAY_6PM)
    service = service_for(tmp_path, "sample_feeds/aa_meeting_guide.json", clock)
    service.start()
    before = service.index
    clock.advance(7)
    service.refresh_in_background_if_due()
    for thread in threading.enumerate():
        if thread.name == "meeting-feeds":
            thread.join(timeout=10)
    assert service.index is not before
    assert service.reports["aa"].ok


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    body = b"[]"
    status = 200

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_url_feed_is_fetched_and_a_failing_url_keeps_the_last_good_copy(tmp_path, feed_server):
    sample = (Path(__file__).resolve().parents[1] / "bot/knowledge/sample_feeds/smart_meeting_guide.json").read_bytes()
    _FeedHandler.body, _FeedHandler.status = sample, 200
    url = f"http://127.0.0.1:{feed_server.server_address[1]}/feed.json"
    clock = Clock(WEDNESDAY_6PM)
    service = service_for(tmp_path, f'"{url}"', clock)
    (report,) = service.start()
    assert report.ok and report.meetings == 11 and len(service.index) == 11

    _FeedHandler.status = 500
    clock.advance(6)
    (report,) = service.refresh_due()
    assert not report.ok and "HTTPError" in report.error
    assert len(service.index) == 11


def test_an_unreachable_url_fails_quickly(tmp_path):
    service = service_for(tmp_path, '"http://127.0.0.1:9/feed.json"', Clock(WEDNESDAY_6PM))
    feed = service.config.feeds[0]
    report = refresh_feed(feed, service.config, service.store, service.places, 0.0)
    assert not report.ok and "URLError" in report.error


@pytest.mark.parametrize(
    "change, field",
    [
        (("fellowship: AA", "fellowship: Gamblers Anonymous"), "feeds[0].fellowship"),
        (("format: meeting_guide", "format: csv"), "feeds[0].format"),
        (("refresh_hours: 6", "refresh_hours: -1"), "feeds[0].refresh_hours"),
        (("default_timezone: America/New_York", "default_timezone: Eastern"), "default_timezone"),
        (('full_list_url: "https://example.org/meetings"', 'full_list_url: "http://example.org"'), "full_list_url"),
    ],
)
def test_a_broken_configuration_names_the_file_and_field(tmp_path, change, field):
    text = CONFIG.format(source="sample_feeds/aa_meeting_guide.json").replace(*change)
    with pytest.raises(KnowledgeError, match=re.escape(f"meeting_feeds.yml: field '{field}'")):
        load_feeds_config(copy_config(tmp_path, text))
