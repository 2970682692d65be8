"""Group actions: descriptions, context follow-ups, comparison, religion."""

from __future__ import annotations

import pytest

from actions.groups import ActionAnswerReligion, ActionDescribeGroup, ActionListGroups
from tests.conftest import entity


async def test_describes_the_group_named_by_an_alias(tracker_for, run_action, domain, render, knowledge):
    tracker = tracker_for("what is alcoholics anon", "ask_group", [entity("group_name", "alcoholics anon")])
    events, messages = await run_action(ActionDescribeGroup(), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_group_description"]
    text = render(messages[0])
    assert knowledge.groups["aa"].purpose in text
    assert "12-step" in text
    assert {"event": "slot", "name": "group", "value": "aa", "timestamp": None} in events


async def test_follow_up_without_a_name_is_about_the_group_discussed_last(
    tracker_for, run_action, domain, render, knowledge
):
    tracker = tracker_for("can i do it online", "ask_group_online", slots={"group": "aa"})
    _, messages = await run_action(ActionDescribeGroup(), tracker, domain)
    assert messages[0]["response"] == "utter_group_online"
    assert knowledge.groups["aa"].online in render(messages[0])


async def test_each_follow_up_intent_has_its_own_answer(tracker_for, run_action, domain, render, knowledge):
    smart = knowledge.groups["smart"]
    expected = {
        "ask_group_audience": smart.who_for,
        "ask_group_meetings": smart.format,
        "ask_group_website": smart.website,
    }
    for intent, fact in expected.items():
        _, messages = await run_action(
            ActionDescribeGroup(), tracker_for("and?", intent, slots={"group": "smart"}), domain
        )
        assert fact in render(messages[0]), intent


async def test_asks_which_group_when_none_is_known(tracker_for, run_action, domain):
    _, messages = await run_action(
        ActionDescribeGroup(), tracker_for("how often do they meet", "ask_group_meetings"), domain
    )
    assert messages[0]["response"] == "utter_ask_which_group"


async def test_two_groups_are_compared_side_by_side(tracker_for, run_action, domain, render, knowledge):
    tracker = tracker_for("AA vs SMART", "ask_group", [entity("group_name", "AA"), entity("group_name", "smart")])
    _, messages = await run_action(ActionDescribeGroup(), tracker, domain)
    text = render(messages[0])
    assert messages[0]["response"] == "utter_group_comparison"
    assert knowledge.groups["aa"].approach in text and knowledge.groups["smart"].approach in text


async def test_button_payload_with_a_canonical_key_works(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionDescribeGroup(), tracker_for("/ask_group", "ask_group", [entity("group_name", "naranon")]), domain
    )
    assert knowledge.groups["naranon"].name in render(messages[0])


async def test_list_names_all_six_groups(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(ActionListGroups(), tracker_for("what groups are there", "ask_groups_list"), domain)
    text = render(messages[0])
    for group in knowledge.groups.values():
        assert group.name in text


async def test_religion_answer_explains_pressure_and_offers_smart(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionAnswerReligion(), tracker_for("do i have to believe in god", "ask_religion"), domain
    )
    text = render(messages[0])
    assert knowledge.section("ethics").item("coercion_pressure").points[0].text in text
    assert knowledge.groups["smart"].purpose in text


def pairs_of_groups():
    from itertools import combinations

    from bot.knowledge_base import load_knowledge

    return list(combinations(load_knowledge().groups, 2))


@pytest.mark.parametrize("first, second", pairs_of_groups())
async def test_every_pair_of_groups_can_be_compared(first, second, tracker_for, run_action, domain, render, knowledge):
    tracker = tracker_for(
        f"{first} or {second}?", "ask_group", [entity("group_name", first), entity("group_name", second)]
    )
    _, messages = await run_action(ActionDescribeGroup(), tracker, domain)
    text = render(messages[0])
    for key in (first, second):
        group = knowledge.groups[key]
        assert group.who_for in text and group.approach in text and group.format in text
