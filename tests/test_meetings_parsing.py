"""Meeting Guide and BMLT feeds: fields, conversions, malformed records skipped."""

from __future__ import annotations

import json

from bot.meetings.bmlt import parse_bmlt
from bot.meetings.meeting_guide import parse_meeting_guide
from tests.meetings_support import SAMPLE_DIR


def guide(records, default_timezone="America/New_York"):
    return parse_meeting_guide(records, feed="mg", fellowship="aa", default_timezone=default_timezone)


def bmlt(records):
    return parse_bmlt(records, feed="bm", fellowship="na", default_timezone="America/New_York")


GOOD = {
    "name": "Sunday Serenity",
    "slug": "sunday-serenity",
    "day": 0,
    "time": "18:00",
    "end_time": "19:30",
    "types": ["O", "S", "X", "CUSTOM"],
    "address": "123 Main Street",
    "city": "Anytown",
    "state": "NY",
    "postal_code": "10001",
    "latitude": 40.75,
    "longitude": -73.99,
}


def test_meeting_guide_fields_become_a_meeting():
    (meeting,), problems = guide([GOOD])
    assert problems == []
    assert (meeting.day, meeting.time, meeting.end_time) == (0, 18 * 60, 19 * 60 + 30)
    assert meeting.timezone == "America/New_York", "the feed's default zone when the record has none"
    assert meeting.types == ("O", "S", "X"), "unknown custom codes are left out"
    assert meeting.in_person and not meeting.online and meeting.attendance == "in_person"
    assert meeting.full_address == "123 Main Street, Anytown, NY 10001"


def test_online_and_hybrid_follow_from_the_fields():
    online = dict(
        GOOD, slug="o", address="", formatted_address="Chicago, IL, USA", conference_url="https://zoom.example.org/j/1"
    )
    hybrid = dict(GOOD, slug="h", conference_phone="+1-555-0100")
    (o, h), _ = guide([online, hybrid])
    assert o.online and not o.in_person and o.attendance == "online", "an approximate address is not a street address"
    assert h.hybrid and h.attendance == "hybrid"


def test_a_listing_on_several_days_is_one_meeting_per_day():
    meetings, problems = guide([dict(GOOD, day=[0, 6])])
    assert not problems
    assert sorted((m.day, m.slug) for m in meetings) == [(0, "sunday-serenity-0"), (6, "sunday-serenity-6")]


def test_malformed_meeting_guide_records_are_skipped_and_named():
    records = [
        dict(GOOD, slug="no-day", day=None),
        dict(GOOD, slug="day-7", day=7),
        dict(GOOD, slug="bad-time", time="7pm"),
        dict(GOOD, slug="bad-zone", timezone="Nowhere/Land"),
        dict(GOOD, slug="half-coords", longitude=None),
        dict(GOOD, slug="closed-room", types=["TC"]),
        {k: v for k, v in GOOD.items() if k != "name"},
        "not an object",
        GOOD,
        GOOD,
    ]
    meetings, problems = guide(records)
    assert [m.slug for m in meetings] == ["sunday-serenity"]
    fields = [(p.record, p.field) for p in problems]
    assert fields == [
        ("#0 (no-day)", "day"),
        ("#1 (day-7)", "day"),
        ("#2 (bad-time)", "time"),
        ("#3 (bad-zone)", "timezone"),
        ("#4 (half-coords)", "longitude"),
        ("#5 (closed-room)", "types"),
        ("#6 (sunday-serenity)", "name"),
        ("#7", ""),
        ("#9 (sunday-serenity)", "slug"),
    ]
    assert all(p.feed == "mg" for p in problems)
    assert "feed mg: record #3 (bad-zone) field 'timezone'" in str(problems[3])


def test_a_feed_that_is_not_a_list_is_one_problem_not_a_crash():
    meetings, problems = guide({"meetings": "?"})
    assert meetings == [] and len(problems) == 1


BMLT_GOOD = {
    "id_bigint": "42",
    "meeting_name": "Just for Today",
    "weekday_tinyint": "1",
    "start_time": "19:30:00",
    "duration_time": "01:30:00",
    "venue_type": "1",
    "formats": "O,Sp,WCHR,BT,W",
    "location_text": "Church Hall",
    "location_street": "1 Example Street",
    "location_municipality": "Brooklyn",
    "location_province": "NY",
    "location_postal_code_1": "11201",
    "latitude": "40.69",
    "longitude": "-73.99",
    "time_zone": "America/New_York",
}


def test_bmlt_weekday_starts_at_one_for_sunday_and_formats_become_codes():
    (meeting,), problems = bmlt([BMLT_GOOD])
    assert not problems
    assert (meeting.day, meeting.time, meeting.end_time) == (0, 19 * 60 + 30, 21 * 60)
    assert meeting.types == ("O", "S", "X", "W"), "BT has no Meeting Guide code"
    assert meeting.location == "Church Hall" and meeting.city == "Brooklyn" and meeting.latitude == 40.69
    saturday = bmlt([dict(BMLT_GOOD, weekday_tinyint="7")])[0][0]
    assert saturday.day == 6


def test_bmlt_venue_types():
    virtual = dict(
        BMLT_GOOD,
        id_bigint="2",
        venue_type="2",
        virtual_meeting_link="https://meet.example.org/2",
        latitude="0",
        longitude="0",
    )
    hybrid = dict(BMLT_GOOD, id_bigint="3", venue_type="3", phone_meeting_number="+1-555-0199")
    in_person_with_stale_link = dict(BMLT_GOOD, id_bigint="1", virtual_meeting_link="https://old.example.org")
    (v, h, p), problems = bmlt([virtual, hybrid, in_person_with_stale_link])
    assert not problems
    assert v.attendance == "online" and v.latitude is None and v.address == ""
    assert h.attendance == "hybrid"
    assert p.attendance == "in_person" and p.conference_url == ""


def test_bmlt_answer_with_formats_has_its_meetings_under_a_key():
    meetings, _ = bmlt({"meetings": [BMLT_GOOD], "formats": []})
    assert [m.slug for m in meetings] == ["42"]


def test_malformed_bmlt_records_are_skipped_and_named():
    records = [
        dict(BMLT_GOOD, id_bigint="a", weekday_tinyint="0"),
        dict(BMLT_GOOD, id_bigint="b", start_time="25:00:00"),
        dict(BMLT_GOOD, id_bigint="c", venue_type="2"),
        dict(BMLT_GOOD, id_bigint="d", venue_type="9"),
        dict(BMLT_GOOD, id_bigint="e", location_street=""),
        dict(BMLT_GOOD, id_bigint="f", time_zone="Mars/Base"),
        dict(BMLT_GOOD, id_bigint="g", latitude="40.1", longitude=""),
        BMLT_GOOD,
    ]
    meetings, problems = bmlt(records)
    assert [m.slug for m in meetings] == ["42"]
    assert [(p.record, p.field) for p in problems] == [
        ("#0 (a)", "weekday_tinyint"),
        ("#1 (b)", "start_time"),
        ("#2 (c)", "virtual_meeting_link"),
        ("#3 (d)", "venue_type"),
        ("#4 (e)", "location_street"),
        ("#5 (f)", "time_zone"),
        ("#6 (g)", "longitude"),
    ]


def test_sample_feeds_load_with_their_malformed_records_reported():
    aa, aa_problems = guide(json.loads((SAMPLE_DIR / "aa_meeting_guide.json").read_text()))
    na, na_problems = bmlt(json.loads((SAMPLE_DIR / "na_bmlt.json").read_text()))
    assert len(aa) >= 38 and len(aa_problems) == 4
    assert len(na) >= 28 and len(na_problems) == 3
    assert {m.timezone for m in aa} >= {"America/New_York", "America/Los_Angeles", "America/Chicago"}
    assert {m.attendance for m in na} == {"in_person", "online", "hybrid"}
    codes = {code for m in aa for code in m.types}
    assert {"S", "W", "X", "LGBTQ", "M", "Y"} <= codes
