"""Search: by ZIP and distance, online / in person, fellowship, types, paging."""

from __future__ import annotations

import pytest

from bot.knowledge_base import load_knowledge
from bot.meetings.parse_request import read_request
from bot.meetings.places import haversine_miles, place_finder
from bot.meetings.search import MeetingIndex, MeetingQuery
from bot.meetings.vocabulary import load_vocabulary
from tests.meetings_support import WEDNESDAY_6PM as NOW
from tests.meetings_support import at, meeting, sample_service

VOCABULARY = load_vocabulary()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    return sample_service(tmp_path_factory.mktemp("meetings"), NOW)


def search(service, text, offset=0):
    words = read_request(text, VOCABULARY, service.places, load_knowledge())
    request = words.request(NOW, VOCABULARY, service.places, radius_miles=10)
    return request, service.index.search(request.query, offset)


def test_haversine_new_york_to_los_angeles():
    assert haversine_miles(40.7128, -74.0060, 34.0522, -118.2437) == pytest.approx(2445, abs=5)


def test_zip_search_is_ordered_by_start_then_distance():
    places = place_finder("NY")
    zip_10001 = places.zip_code("10001")
    far = meeting(slug="far", day=3, latitude=40.80, longitude=-73.95, address="1 A St")
    near = meeting(slug="near", day=3, latitude=40.751, longitude=-73.996, address="2 B St")
    earlier_far = meeting(slug="earlier", day=3, time=18 * 60 + 30, latitude=40.85, longitude=-73.93, address="3 C St")
    out_of_range = meeting(slug="boston", day=3, latitude=42.36, longitude=-71.06, address="4 D St")
    online = meeting(slug="zoom", day=3, conference_url="https://zoom.example.org/j/1")
    index = MeetingIndex([far, near, earlier_far, out_of_range, online], VOCABULARY.wishes)
    query = MeetingQuery(
        NOW.timestamp(), at(2026, 3, 5).timestamp(), latitude=zip_10001.latitude, longitude=zip_10001.longitude
    )
    results = index.search(query)
    assert [h.meeting.slug for h in results.hits] == ["earlier", "near", "far"]
    assert results.hits[1].distance_miles < 0.2 < results.hits[2].distance_miles < 5
    online_only = index.search(
        MeetingQuery(NOW.timestamp(), at(2026, 3, 5).timestamp(), attendance="online", latitude=1.0, longitude=1.0)
    )
    assert [h.meeting.slug for h in online_only.hits] == ["zoom"] and online_only.hits[0].distance_miles is None


def test_aa_near_a_zip_on_saturday_morning(service):
    request, results = search(service, "AA meetings near 10001 on saturday morning")
    assert results.total >= 2
    for hit in results.hits:
        assert hit.meeting.fellowship == "aa" and hit.meeting.in_person
        assert hit.starts_at.strftime("%A") == "Saturday" and 5 <= hit.starts_at.hour < 12
        assert hit.distance_miles <= 10
    starts = [h.starts_at for h in results.hits]
    assert starts == sorted(starts)


def test_online_na_tonight(service):
    _, results = search(service, "is there an online NA meeting tonight")
    assert results.total >= 1
    assert all(h.meeting.fellowship == "na" and h.meeting.online for h in results.hits)


@pytest.mark.parametrize(
    "text, codes",
    [
        ("any spanish-speaking meetings", {"S"}),
        ("women's meetings", {"W"}),
        ("wheelchair accessible", {"X"}),
        ("lgbtq meetings", {"LGBTQ", "G", "L"}),
    ],
)
def test_type_wishes_filter(service, text, codes):
    _, results = search(service, text)
    assert results.total >= 1
    assert all(codes & set(h.meeting.types) for h in results.hits)


def test_a_smart_meeting_in_an_hour(service):
    _, results = search(service, "a SMART meeting in an hour")
    assert [h.meeting.name for h in results.hits] == ["SAMPLE SMART Online: Evening Meeting"]


def test_paging_gives_the_next_three_without_repeats(service):
    _, first = search(service, "any meeting")
    _, second = search(service, "any meeting", offset=3)
    assert first.total == second.total > 6
    assert [h.meeting.key for h in first.hits + second.hits] == list(first.keys[:6])
    assert len(set(first.keys)) == len(first.keys)


def test_nothing_matches_gives_no_hits(service):
    _, results = search(service, "young people's CA meetings near 90012")
    assert results.total == 0 and results.hits == ()


def test_a_fellowship_with_no_feed_finds_nothing_rather_than_everything(service):
    _, results = search(service, "nar-anon meetings")
    assert results.total == 0
