"""The meeting actions with CollectingDispatcher and trackers built from events."""

from __future__ import annotations

import json
import os
import tempfile

import pytest

# The action module builds its service on import: keep its database out of var/.
os.environ.setdefault("MEETINGS_DB", os.path.join(tempfile.mkdtemp(prefix="meetings-test-"), "meetings.db"))

from actions.local_resources import local_resources_text  # noqa: E402
from actions.meetings import MORE_BUTTON, PAGE_SLOT, QUERY_SLOT, ActionFindMeetings, ActionMoreMeetings  # noqa: E402
from tests.conftest import apply_events, entity, slots_set, tracker_from_events, user_event  # noqa: E402
from tests.meetings_support import WEDNESDAY_6PM as NOW  # noqa: E402
from tests.meetings_support import sample_service  # noqa: E402


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    return sample_service(tmp_path_factory.mktemp("meetings"), NOW)


async def test_finds_online_na_meetings_tonight(service, tracker_for, run_action, domain):
    tracker = tracker_for("is there an online NA meeting tonight", "find_meeting")
    events, (message,) = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    assert message["text"].startswith("I found ")
    assert "online NA meeting" in message["text"] and "tonight" in message["text"]
    assert "Join online: https://meet.example.org/" in message["text"]
    slots = slots_set(events)
    assert slots[PAGE_SLOT] == 1 and slots[QUERY_SLOT]["fellowships"] == ["na"]
    json.dumps(slots[QUERY_SLOT])  # JSON-able


async def test_the_place_is_masked_in_the_slot(service, tracker_for, run_action, domain):
    tracker = tracker_for("AA meetings near 10001 on saturday morning", "find_meeting")
    events, (message,) = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    assert "near 100xx on Saturday morning" in message["text"] and "miles away" in message["text"]
    stored = slots_set(events)[QUERY_SLOT]
    assert stored["place"] == "100xx"
    assert "10001" not in json.dumps(stored)


async def test_more_meetings_pages_through_the_same_list(service, run_action, domain):
    history = [user_event("any meetings this weekend", "find_meeting")]
    events, (first,) = await run_action(ActionFindMeetings(lambda: service), tracker_from_events(history), domain)
    assert first["buttons"] == [MORE_BUTTON]
    stored = slots_set(events)[QUERY_SLOT]
    history = apply_events(history, events) + [user_event("/request_more_meetings", "request_more_meetings")]
    events, (second,) = await run_action(ActionMoreMeetings(lambda: service), tracker_from_events(history), domain)
    assert second["text"].startswith(f"More meetings this weekend, 4–6 of {stored['total']}:")
    assert slots_set(events) == {PAGE_SLOT: 2}
    first_names = {line for line in first["text"].splitlines() if line.startswith("• ")}
    second_names = {line for line in second["text"].splitlines() if line.startswith("• ")}
    assert len(second_names) == 3 and not first_names & second_names


async def test_more_at_the_end_says_so_and_gives_the_finders(service, run_action, domain, knowledge):
    history = [user_event("a SMART meeting in an hour", "find_meeting")]
    events, (first,) = await run_action(ActionFindMeetings(lambda: service), tracker_from_events(history), domain)
    assert first["buttons"] == []
    history = apply_events(history, events) + [user_event("more", "request_more_meetings")]
    _, (message,) = await run_action(ActionMoreMeetings(lambda: service), tracker_from_events(history), domain)
    assert message["text"].startswith("That's all the SMART meetings")
    assert knowledge.groups["smart"].meeting_finder in message["text"]


async def test_more_without_an_earlier_search_searches(service, tracker_for, run_action, domain):
    _, (message,) = await run_action(
        ActionMoreMeetings(lambda: service), tracker_for("more meetings", "request_more_meetings"), domain
    )
    assert message["text"].startswith("I found ")


async def test_entities_from_the_nlu_are_used(service, tracker_for, run_action, domain):
    tracker = tracker_for(
        "meetings", "find_meeting", [entity("group_name", "smart"), entity("meeting_format", "online")]
    )
    events, _ = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    stored = slots_set(events)[QUERY_SLOT]
    assert stored["fellowships"] == ["smart"] and stored["attendance"] == "online"


async def test_nothing_found_never_invents_a_meeting(service, tracker_for, run_action, domain, knowledge):
    tracker = tracker_for("nar-anon meetings near 90012 tonight", "find_meeting")
    _, (message,) = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    assert message["text"].startswith("I couldn't find any Nar-Anon meetings near 900xx tonight")
    assert knowledge.groups["naranon"].meeting_finder in message["text"]
    assert "Where:" not in message["text"] and "Join online" not in message["text"]


def test_local_resources_near_the_place_in_the_message(tracker_for):
    text = local_resources_text(tracker_for("i need rehab near 10002", "ask_resource"), "treatment_centers")
    assert text.startswith("Near 100xx (sample listings, not real services):")
    assert "Harbor Light Outpatient Program (SAMPLE)" in text and "Sunset Coast" not in text
    assert local_resources_text(tracker_for("i need rehab", "ask_resource"), "treatment_centers") == ""
    assert (
        local_resources_text(tracker_for("rehab near 59001", "ask_resource"), "treatment_centers") == ""
    ), "nothing within reach"


@pytest.mark.parametrize(
    "stored, page",
    [
        ("text", 1),
        ({"results": "x"}, 2),
        ({"fellowships": [{}], "wishes": [], "results": [], "total": 1, "start": 1.0, "when": ""}, None),
        (None, "two"),
        ({"results": [1]}, float("inf")),
    ],
)
async def test_odd_slot_values_start_a_new_search(service, tracker_for, run_action, domain, stored, page):
    tracker = tracker_for("more", "request_more_meetings", slots={QUERY_SLOT: stored, PAGE_SLOT: page})
    events, (message,) = await run_action(ActionMoreMeetings(lambda: service), tracker, domain)
    assert message["text"].startswith("I found ") and slots_set(events)[PAGE_SLOT] == 1


async def test_the_group_talked_about_is_the_fellowship_searched(service, tracker_for, run_action, domain):
    tracker = tracker_for("can i join one from my couch tonight", "find_meeting", slots={"group": "smart"})
    events, (message,) = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    assert slots_set(events)[QUERY_SLOT]["fellowships"] == ["smart"]
    assert "SMART" in message["text"]


async def test_a_fellowship_named_in_the_message_wins_over_the_group_talked_about(
    service, tracker_for, run_action, domain
):
    tracker = tracker_for("any NA meetings tonight", "find_meeting", slots={"group": "aa"})
    events, _ = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    slots = slots_set(events)
    # ...and follow-ups ("are they online too?") are about the group searched.
    assert slots[QUERY_SLOT]["fellowships"] == ["na"] and slots["group"] == "na"


async def test_a_state_named_with_a_city_is_not_a_fellowship(service, tracker_for, run_action, domain):
    """Neither the meeting words nor the group names of "Los Angeles, CA" hold Cocaine Anonymous."""
    tracker = tracker_for("any meetings in Los Angeles, CA tonight", "find_meeting")
    assert not [e for e in tracker.latest_message["entities"] if e["entity"] == "group_name"]
    events, _ = await run_action(ActionFindMeetings(lambda: service), tracker, domain)
    assert (
        slots_set(events)[QUERY_SLOT]["fellowships"] == []
        and slots_set(events)[QUERY_SLOT]["place"] == "Los Angeles, CA"
    )


def test_a_group_named_beside_a_city_and_state_stays(tracker_for):
    tracker = tracker_for("where are the aa meetings in Los Angeles, CA", "find_meeting")
    assert [e["value"] for e in tracker.latest_message["entities"] if e["entity"] == "group_name"] == ["aa"]
