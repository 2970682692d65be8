"""Not understood: say what was understood and offer the nearest topics."""

from __future__ import annotations

from actions.fallback import ActionOfferNearestTopics
from tests.conftest import entity, tracker_from_events


def fallback_tracker(ranking, entities=None):
    parse = {
        "text": "hmm",
        "intent": {"name": "nlu_fallback", "confidence": 0.45},
        "intent_ranking": [{"name": name, "confidence": c} for name, c in ranking],
        "entities": entities or [],
    }
    return tracker_from_events([{"event": "user", "text": "hmm", "parse_data": parse}])


async def test_the_nearest_topics_are_offered_best_first(run_action, domain, knowledge):
    ranking = [
        ("nlu_fallback", 0.45),
        ("ask_resource", 0.3),
        ("greet", 0.2),
        ("ask_strategy", 0.1),
        ("ask_ethics", 0.05),
        ("ask_group", 0.01),
    ]
    _, messages = await run_action(ActionOfferNearestTopics(), fallback_tracker(ranking), domain)
    assert messages[0]["response"] == "utter_nearest_topics"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_resource", "/ask_strategy", "/ask_ethics"]
    assert [b["title"] for b in messages[0]["buttons"]][0] == knowledge.topic_labels["ask_resource"]


async def test_a_named_group_is_said_back(run_action, domain, render):
    ranking = [("nlu_fallback", 0.45), ("ask_group", 0.3)]
    tracker = fallback_tracker(ranking, [entity("group_name", "na")])
    _, messages = await run_action(ActionOfferNearestTopics(), tracker, domain)
    assert "Narcotics Anonymous" in render(messages[0])


async def test_without_any_topic_in_the_ranking_the_menu_is_offered(run_action, domain):
    _, messages = await run_action(
        ActionOfferNearestTopics(), fallback_tracker([("nlu_fallback", 0.9), ("greet", 0.1)]), domain
    )
    assert messages[0]["response"] == "utter_fallback"


def test_every_topic_label_names_an_intent_of_the_domain(domain, knowledge):
    assert set(knowledge.topic_labels) <= set(domain["intents"])
