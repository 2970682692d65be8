"""Advantages, disadvantages, ethics, family, resources, overview, "more"."""

from __future__ import annotations

from actions.more import ActionShowMore
from actions.overview import ActionAnswerOverview
from actions.resources import ActionSuggestResource
from actions.sections import ActionAnswerSection
from tests.conftest import entity


async def test_advantages_overview_gives_the_brief_list(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionAnswerSection(), tracker_for("whats good about these groups", "ask_advantages"), domain
    )
    text = render(messages[0])
    for item in knowledge.section("advantages_brief").items:
        assert item.title in text and item.points[0].text in text


async def test_disadvantages_overview_gives_the_brief_list(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(ActionAnswerSection(), tracker_for("any downsides", "ask_disadvantages"), domain)
    text = render(messages[0])
    for item in knowledge.section("disadvantages_brief").items:
        assert item.title in text


async def test_ethics_overview_lists_all_ten_dilemmas(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(ActionAnswerSection(), tracker_for("ethical problems?", "ask_ethics"), domain)
    text = render(messages[0])
    assert all(item.title in text for item in knowledge.section("ethics").items)


async def test_the_item_the_nlu_chose_is_answered(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for(
        "is there a risk of groupthink", "ask_disadvantages", [entity("item", "disadvantages:groupthink")]
    )
    _, messages = await run_action(ActionAnswerSection(), tracker, domain)
    assert messages[0]["title"] == knowledge.section("disadvantages").item("groupthink").title


async def test_confidentiality_gets_the_advantage_and_the_dilemma(tracker_for, run_action, domain, knowledge):
    _, messages = await run_action(
        ActionAnswerSection(), tracker_for("will they tell anyone what i say", "ask_confidentiality"), domain
    )
    assert [m["title"] for m in messages] == [
        knowledge.section("advantages").item("anonymity").title,
        knowledge.section("ethics").item("confidentiality_privacy").title,
    ]


async def test_bad_advice_gets_the_harmful_advice_dilemma(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionAnswerSection(), tracker_for("my sponsor told me to skip therapy", "ask_bad_advice"), domain
    )
    item = knowledge.section("ethics").item("harmful_advice")
    assert item.points[1].text in render(messages[0])


async def test_an_item_of_a_related_section_is_answered_from_its_own_section(
    tracker_for, run_action, domain, knowledge
):
    tracker = tracker_for("my group feels like a cult", "ask_ethics", [entity("item", "disadvantages:groupthink")])
    events, messages = await run_action(ActionAnswerSection(), tracker, domain)
    assert messages[0]["title"] == knowledge.section("disadvantages").item("groupthink").title
    assert {"event": "slot", "timestamp": None, "name": "topic", "value": "disadvantages"} in events


async def test_an_item_of_an_unrelated_section_is_not_answered(tracker_for, run_action, domain, knowledge, render):
    tracker = tracker_for("any downsides", "ask_disadvantages", [entity("item", "strategies:setting_goals")])
    _, messages = await run_action(ActionAnswerSection(), tracker, domain)
    assert "title" not in messages[0]
    assert knowledge.section("disadvantages_brief").items[0].title in render(messages[0])


async def test_family_boundaries_question_gets_the_boundaries_strategy(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for(
        "how do i stop enabling my brother", "ask_family_support", [entity("item", "family:setting_boundaries")]
    )
    _, messages = await run_action(ActionAnswerSection(), tracker, domain)
    assert messages[0]["title"] == knowledge.section("family").item("setting_boundaries").title


async def test_family_overview_names_the_six_strategies(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionAnswerSection(), tracker_for("how can i help my wife", "ask_family_support"), domain
    )
    text = render(messages[0])
    assert all(item.title in text for item in knowledge.section("family").items)


async def test_button_picks_an_item(tracker_for, run_action, domain, knowledge):
    tracker = tracker_for("/ask_advantages", "ask_advantages", [entity("item", "advantages:holistic_approach")])
    _, messages = await run_action(ActionAnswerSection(), tracker, domain)
    assert messages[0]["title"] == knowledge.section("advantages").item("holistic_approach").title


async def test_resource_by_need_comes_with_its_links(tracker_for, run_action, domain, render, knowledge):
    tracker = tracker_for("need a sober living house", "ask_resource", [entity("resource", "sober living")])
    _, messages = await run_action(ActionSuggestResource(), tracker, domain)
    item = knowledge.section("resources").item("sober_living_housing")
    text = render(messages[0])
    assert item.title in text and all(link.name in text for link in item.links)


async def test_resource_without_a_need_lists_the_fourteen(tracker_for, run_action, domain, render, knowledge):
    _, messages = await run_action(
        ActionSuggestResource(), tracker_for("what resources are there", "ask_resource"), domain
    )
    text = render(messages[0])
    assert all(item.title in text for item in knowledge.section("resources").items)


async def test_more_after_the_overview_gives_the_conclusion(tracker_for, run_action, domain, render, knowledge):
    events, messages = await run_action(
        ActionAnswerOverview(), tracker_for("what are self help groups", "ask_overview"), domain
    )
    assert knowledge.overview.summary in render(messages[0])
    _, messages = await run_action(
        ActionShowMore(), tracker_for("tell me more", "request_more", history=events), domain
    )
    assert knowledge.overview.conclusion in render(messages[0])


async def test_more_continues_advantages_in_detail(tracker_for, run_action, domain, knowledge):
    _, messages = await run_action(
        ActionShowMore(), tracker_for("more", "request_more", slots={"topic": "advantages"}), domain
    )
    assert messages[0]["title"] == knowledge.section("advantages").items[0].title


async def test_more_with_no_topic_asks_what_about(tracker_for, run_action, domain):
    _, messages = await run_action(ActionShowMore(), tracker_for("more", "request_more"), domain)
    assert messages[0]["response"] == "utter_ask_what_more"
