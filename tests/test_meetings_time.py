"""Days and times: words to windows, the week wrapping past Saturday, and
start times right on the days the clocks change (America/New_York 2026)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.meetings.search import MeetingIndex, MeetingQuery, next_start
from bot.meetings.vocabulary import load_vocabulary
from bot.meetings.when import read_when, sunday_weekday
from bot.meetings.when import window as window_of
from bot.text import normalise
from tests.meetings_support import LOS_ANGELES, NEW_YORK, WEDNESDAY_6PM, at, meeting

VOCABULARY = load_vocabulary()


def window(text, now=WEDNESDAY_6PM):
    punctuated = normalise(text, punctuation=True)
    return window_of(read_when(punctuated, normalise(punctuated), VOCABULARY), now, VOCABULARY)


def test_sunday_is_day_zero():
    assert sunday_weekday(at(2026, 3, 8).date()) == 0
    assert sunday_weekday(at(2026, 3, 7).date()) == 6


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("tonight", at(2026, 3, 4, 17, 45), at(2026, 3, 5, 2, 0), "tonight"),
        ("now", at(2026, 3, 4, 17, 45), at(2026, 3, 4, 19, 30), "right now"),
        ("today", at(2026, 3, 4, 17, 45), at(2026, 3, 5, 0, 0), "today"),
        ("tomorrow", at(2026, 3, 5, 0, 0), at(2026, 3, 6, 0, 0), "tomorrow"),
        ("saturday morning", at(2026, 3, 7, 5, 0), at(2026, 3, 7, 12, 0), "on Saturday morning"),
        ("this weekend", at(2026, 3, 7, 0, 0), at(2026, 3, 9, 0, 0), "this weekend"),
        ("in an hour", at(2026, 3, 4, 18, 30), at(2026, 3, 4, 19, 30), "in about an hour"),
        ("at 7pm", at(2026, 3, 4, 18, 15), at(2026, 3, 4, 19, 45), "today around 7:00 pm"),
        ("friday at 7:30 am", at(2026, 3, 6, 6, 45), at(2026, 3, 6, 8, 15), "on Friday around 7:30 am"),
        ("morning", at(2026, 3, 5, 5, 0), at(2026, 3, 5, 12, 0), "tomorrow morning"),
        ("wednesday", at(2026, 3, 4, 17, 45), at(2026, 3, 5, 0, 0), "today"),
        ("tuesday evening", at(2026, 3, 10, 17, 0), at(2026, 3, 10, 21, 0), "on Tuesday evening"),
    ],
)
def test_words_become_windows(text, start, end, label):
    found = window(text)
    assert (found.start, found.end, found.label) == (start, end, label)


def test_no_time_words_means_the_coming_week_with_no_meeting_twice():
    found = window("any AA meeting")
    assert not found.asked
    assert found.start == at(2026, 3, 4, 17, 45)
    assert found.end - found.start < timedelta(days=7)


def test_saturday_night_runs_into_sunday():
    saturday_11pm = at(2026, 3, 7, 23, 0)
    found = window("tonight", saturday_11pm)
    assert found.end == at(2026, 3, 8, 2, 0)
    index = MeetingIndex(
        [meeting(slug="sun-0030", day=0, time=30), meeting(slug="sat-2330", day=6, time=23 * 60 + 30)],
        VOCABULARY.wishes,
    )
    results = index.search(MeetingQuery(found.start.timestamp(), found.end.timestamp()))
    assert [h.meeting.slug for h in results.hits] == ["sat-2330", "sun-0030"]
    assert results.hits[1].starts_at == at(2026, 3, 8, 0, 30)


def test_next_weekday_after_saturday_is_the_coming_sunday():
    found = window("sunday", at(2026, 3, 7, 12, 0))
    assert found.start == at(2026, 3, 8, 0, 0)


def test_a_window_on_the_spring_change_counts_real_hours():
    # 2026-03-08: 2 am EST becomes 3 am EDT; "in 2 hours" is real hours, not wall-clock ones.
    sunday = at(2026, 3, 8, 0, 30)
    found = window("in 2 hours", sunday)
    assert found.end.timestamp() - sunday.timestamp() == 2.5 * 3600
    assert found.end.utcoffset() == timedelta(hours=-4)


def test_start_times_are_exact_across_the_spring_change():
    index = MeetingIndex(
        [meeting(slug="sun-7pm", day=0, time=19 * 60), meeting(slug="sun-1am", day=0, time=60)], VOCABULARY.wishes
    )
    saturday_noon = at(2026, 3, 7, 12, 0)
    results = index.search(MeetingQuery(saturday_noon.timestamp(), (saturday_noon + timedelta(days=2)).timestamp()))
    starts = {h.meeting.slug: h.starts_at for h in results.hits}
    assert starts["sun-7pm"] == at(2026, 3, 8, 19, 0) and starts["sun-7pm"].utcoffset() == timedelta(hours=-4)
    assert starts["sun-1am"].utcoffset() == timedelta(hours=-5)
    assert starts["sun-7pm"].timestamp() - starts["sun-1am"].timestamp() == 17 * 3600, "18 wall hours, 17 real ones"


def test_start_times_are_exact_across_the_autumn_change():
    # 2026-11-01: 2 am EDT becomes 1 am EST.
    index = MeetingIndex([meeting(slug="sun-6pm", day=0, time=18 * 60)], VOCABULARY.wishes)
    before = at(2026, 10, 31, 18, 0)
    (hit,) = index.search(MeetingQuery(before.timestamp(), (before + timedelta(days=1, hours=1)).timestamp())).hits
    assert hit.starts_at.utcoffset() == timedelta(hours=-5)
    assert hit.starts_at.timestamp() - before.timestamp() == 25 * 3600, "24 wall hours, 25 real ones"
    assert next_start(hit.meeting, before) == hit.starts_at


def test_a_meeting_in_another_zone_is_found_at_its_own_local_time():
    la = meeting(slug="la-7pm", day=3, time=19 * 60, timezone="America/Los_Angeles")
    index = MeetingIndex([la], VOCABULARY.wishes)
    found = window("tonight")
    (hit,) = index.search(MeetingQuery(found.start.timestamp(), found.end.timestamp())).hits
    assert hit.starts_at == at(2026, 3, 4, 19, 0, zone=LOS_ANGELES)
    assert hit.starts_at.astimezone(NEW_YORK).hour == 22
    early = index.search(
        MeetingQuery(*(t.timestamp() for t in (window("this evening").start, window("this evening").end)))
    )
    assert early.total == 0, "7 pm in Los Angeles is 10 pm in New York, after the evening"
