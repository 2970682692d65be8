"""Meetings in words: day and time as people say them, place or link, types;
nothing found gives the official finders from groups.yml."""

from __future__ import annotations

from bot.meetings.format import describe_meeting, describe_search, describe_start, official_finders, render_page
from bot.meetings.search import Hit
from bot.meetings.vocabulary import load_vocabulary
from tests.meetings_support import LOS_ANGELES, at, meeting
from tests.meetings_support import WEDNESDAY_6PM as NOW

VOCABULARY = load_vocabulary()


def test_start_in_the_persons_words():
    assert describe_start(at(2026, 3, 4, 19, 30), NOW) == "tonight at 7:30 pm"
    assert describe_start(at(2026, 3, 4, 12, 0), at(2026, 3, 4, 9, 0)) == "today at 12:00 pm"
    assert describe_start(at(2026, 3, 5, 12, 0), NOW) == "tomorrow at 12:00 pm"
    assert describe_start(at(2026, 3, 7, 9, 0), NOW) == "Saturday at 9:00 am"
    assert describe_start(at(2026, 3, 4, 17, 50), NOW) == "now (started at 5:50 pm)"


def test_another_zone_also_gives_the_persons_time():
    assert describe_start(at(2026, 3, 4, 19, 0, zone=LOS_ANGELES), NOW) == "tonight at 7:00 pm PST (10:00 pm EST)"


def test_an_in_person_meeting_shows_place_distance_and_types(knowledge):
    hit = Hit(
        meeting(
            location="Church Hall",
            address="1 Example Street",
            city="New York",
            state="NY",
            postal_code="10001",
            types=("O", "S", "X"),
        ),
        at(2026, 3, 4, 19, 0),
        1.234,
    )
    text = describe_meeting(hit, NOW, knowledge, VOCABULARY)
    assert "Test Group (AA, in person) — tonight at 7:00 pm" in text
    assert "Where: Church Hall, 1 Example Street, New York, NY 10001 — 1.2 miles away" in text
    assert "Open, Spanish, Wheelchair Access" in text
    assert "Join online" not in text


def test_an_online_meeting_shows_how_to_join(knowledge):
    hit = Hit(
        meeting(conference_url="https://zoom.example.org/j/1", conference_phone="+1-555-0100"), at(2026, 3, 4, 19, 0)
    )
    text = describe_meeting(hit, NOW, knowledge, VOCABULARY)
    assert "(AA, online)" in text and "Join online: https://zoom.example.org/j/1 or by phone +1-555-0100" in text
    assert "Where:" not in text


def test_a_page_says_how_many_were_found(knowledge):
    hits = [
        Hit(meeting(slug=str(i), conference_url="https://zoom.example.org"), at(2026, 3, 4, 19, i)) for i in range(3)
    ]
    words = describe_search(
        ["na"], "online", ["women"], "100xx", "tonight", count=7, knowledge=knowledge, vocabulary=VOCABULARY
    )
    assert words == "women's online NA meetings near 100xx tonight"
    text = render_page(
        hits,
        total=7,
        offset=0,
        search_words=words,
        fellowships=["na"],
        full_list_url="https://example.org/meetings",
        now=NOW,
        knowledge=knowledge,
        vocabulary=VOCABULARY,
    )
    assert text.startswith("I found 7 women's online NA meetings near 100xx tonight. Here are the first 3:")
    assert text.count("• ") == 3 and "https://example.org/meetings" in text


def test_nothing_found_says_so_and_gives_the_official_finder(knowledge):
    words = describe_search(["smart"], None, [], None, "tonight", count=0, knowledge=knowledge, vocabulary=VOCABULARY)
    text = render_page(
        [],
        total=0,
        offset=0,
        search_words=words,
        fellowships=["smart"],
        full_list_url="https://example.org/meetings",
        now=NOW,
        knowledge=knowledge,
        vocabulary=VOCABULARY,
    )
    assert text.startswith("I couldn't find any SMART meetings tonight")
    assert knowledge.groups["smart"].meeting_finder in text
    assert "• " in text and "(SMART" not in text, "no meeting is invented"


def test_without_a_fellowship_every_official_finder_is_given(knowledge):
    text = official_finders([], knowledge)
    for group in knowledge.groups.values():
        assert group.meeting_finder in text
