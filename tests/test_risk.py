"""Risk over the conversation: bot.risk.decide and the RiskPolicy's choices."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.crisis_guard import RISK_ENTITY
from bot.risk import AMBIGUOUS_INTENT, MEANS_INTENT, Decision, Level, MessageRisk, decide, prior_weight
from bot.risk_policy import AFTER_NO, ASK, HANDOFF, MEDICAL, next_action
from tests.conftest import entity

CALM, DISTRESS, AMBIGUOUS, DANGER = Level.CALM, Level.DISTRESS, Level.AMBIGUOUS, Level.DANGER


def test_danger_hands_off_whatever_came_before():
    assert decide([], MessageRisk(DANGER, "crisis")) is Decision.HANDOFF
    assert decide([CALM] * 5, MessageRisk(DANGER, "crisis")) is Decision.HANDOFF


def test_ambiguity_alone_gets_the_direct_question():
    assert decide([], MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)) is Decision.ASK
    assert decide([CALM, CALM], MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)) is Decision.ASK


def test_ambiguity_after_distress_hands_off():
    assert decide([DISTRESS], MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)) is Decision.HANDOFF
    assert decide([DISTRESS, CALM], MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)) is Decision.HANDOFF


def test_distress_long_ago_weighs_less_than_distress_just_now():
    assert prior_weight([DISTRESS] + [CALM] * 6) < prior_weight([DISTRESS])
    assert decide([DISTRESS] + [CALM] * 6, MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)) is Decision.ASK


def test_distress_that_keeps_coming_gets_the_question_but_once_is_just_listened_to():
    assert decide([], MessageRisk(DISTRESS)) is None
    assert decide([DISTRESS], MessageRisk(DISTRESS)) is None
    assert decide([DISTRESS, DISTRESS], MessageRisk(DISTRESS)) is Decision.ASK


def test_a_means_question_hands_off_only_after_distress():
    assert decide([], MessageRisk(CALM, MEANS_INTENT)) is None
    assert decide([DISTRESS], MessageRisk(CALM, MEANS_INTENT)) is Decision.HANDOFF


def test_calm_conversation_needs_nothing():
    assert decide([CALM, CALM], MessageRisk(CALM)) is None


# ---------------------------------------------------------------------------
# The policy, on trackers built from real events


def user(text: str, intent: str, level: Level = CALM) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, [entity(RISK_ENTITY, level.value)])


def tracker_of(*turns: tuple[UserUttered, list[str] | None], loop: str | None = None) -> DialogueStateTracker:
    """Turns of (user message, bot actions after it); the last has none yet."""
    events: list[Event] = [ActionExecuted("action_listen")]
    if loop:
        events += [ActionExecuted(loop), ActiveLoop(loop), ActionExecuted("action_listen")]
    for message, actions in turns:
        events.append(message)
        for action in actions or []:
            events.append(ActionExecuted(action))
        if actions:
            events.append(ActionExecuted("action_listen"))
    return DialogueStateTracker.from_events("test", events)


def test_an_ambiguous_message_gets_the_question_then_the_policy_listens():
    tracker = tracker_of((user("i wont be around much longer", AMBIGUOUS_INTENT, AMBIGUOUS), None))
    assert next_action(tracker) == ASK
    tracker.update(ActionExecuted(ASK))
    assert next_action(tracker) == "action_listen"


@pytest.mark.parametrize(
    "answer, level, expected",
    [
        ("deny", CALM, AFTER_NO),
        ("affirm", CALM, HANDOFF),
        ("risk_unsure", CALM, HANDOFF),
        ("nlu_fallback", CALM, HANDOFF),
        ("thank", CALM, HANDOFF),
        ("ask_means", CALM, HANDOFF),
        ("ask_strategy", DISTRESS, HANDOFF),
        ("inform", CALM, HANDOFF),
        ("ask_group", CALM, None),
        ("request_more", CALM, None),
    ],
)
def test_the_answer_to_the_question_hands_off_unless_no_or_a_calm_topic_question(answer, level, expected):
    tracker = tracker_of(
        (user("gave my dog away", AMBIGUOUS_INTENT, AMBIGUOUS), [ASK]),
        (user("whatever", answer, level), None),
    )
    assert next_action(tracker) == expected


def test_after_a_topic_question_the_ambiguous_message_still_weighs():
    tracker = tracker_of(
        (user("gave my dog away", AMBIGUOUS_INTENT, AMBIGUOUS), [ASK]),
        (user("what is aa", "ask_group"), ["action_describe_group"]),
        (user("soon it wont matter", AMBIGUOUS_INTENT, AMBIGUOUS), None),
    )
    assert next_action(tracker) == HANDOFF


def test_after_no_the_watch_goes_on_but_starts_afresh():
    after_no = [
        (user("gave my dog away", AMBIGUOUS_INTENT, AMBIGUOUS), [ASK]),
        (user("no", "deny"), [AFTER_NO, "utter_greet"]),
    ]
    # Another ambiguous message: asked again, not handed off (the "no" is believed)...
    assert next_action(tracker_of(*after_no, (user("soon it wont matter", AMBIGUOUS_INTENT, AMBIGUOUS), None))) == ASK
    # ...but after fresh distress it hands off.
    distress = (user("everything is falling apart", "ask_strategy", DISTRESS), ["action_suggest_strategy"])
    assert (
        next_action(tracker_of(*after_no, distress, (user("soon it wont matter", AMBIGUOUS_INTENT, AMBIGUOUS), None)))
        == HANDOFF
    )


def test_distress_then_ambiguity_hands_off_at_once():
    tracker = tracker_of(
        (user("lost my job and my wife left", "ask_strategy", DISTRESS), ["action_suggest_strategy"]),
        (user("i have to do it tonight", AMBIGUOUS_INTENT, AMBIGUOUS), None),
    )
    assert next_action(tracker) == HANDOFF


def test_medical_danger_gets_the_medical_response():
    assert next_action(tracker_of((user("he took too many pills", "medical_emergency", DANGER), None))) == MEDICAL


def test_inside_a_form_the_form_asks_again_after_the_handoff():
    tracker = tracker_of((user("i have to do it tonight", AMBIGUOUS_INTENT, AMBIGUOUS), None), loop="group_finder_form")
    tracker.update(ActionExecuted(HANDOFF))
    assert next_action(tracker) == "group_finder_form"


def test_ordinary_messages_are_left_to_the_other_policies():
    assert next_action(tracker_of((user("what is aa", "ask_group"), None))) is None
    tracker = tracker_of((user("what is aa", "ask_group"), None))
    tracker.update(ActionExecuted("action_describe_group"))
    assert next_action(tracker) is None


def test_the_classifier_alone_gets_the_question_not_the_handoff():
    from bot.risk import assess

    assert assess("this craving is killing me", None, None, "crisis") == MessageRisk(AMBIGUOUS, AMBIGUOUS_INTENT)
    assert assess("what is aa", None, None, "ask_group") == MessageRisk(CALM)
    # Explicit danger hands off whatever the classifier said.
    assert assess("i want to kill myself", None, None, "ask_group").level is DANGER


def test_the_nearest_examples_decide_close_paraphrases():
    from bot.risk import clearly_safe, near_risk

    assert near_risk(risky=0.7, safe=0.5) and not clearly_safe(risky=0.7, safe=0.5)
    assert clearly_safe(risky=0.5, safe=0.85) and not near_risk(risky=0.5, safe=0.85)
    # Equally near both, or near neither: neither side decides.
    assert not near_risk(0.7, 0.7) and not clearly_safe(0.8, 0.8)
    assert not near_risk(0.4, 0.2) and not clearly_safe(0.2, 0.5)


def test_the_model_gives_the_similarity_of_its_nearest_risky_and_safe_examples():
    import numpy as np

    from bot.risk import RiskModel

    model = RiskModel(np.zeros((4, 3)), np.zeros(4), np.eye(3)[:1], np.eye(3)[1:2])
    risky, safe = model.nearest(np.array([0.6, 0.8, 0.0]))
    assert (round(risky, 3), round(safe, 3)) == (0.6, 0.8)


@pytest.mark.parametrize(
    "first, answer, expected",
    [
        (HANDOFF, "affirm", HANDOFF),
        (HANDOFF, "nlu_fallback", HANDOFF),
        (MEDICAL, "risk_unsure", MEDICAL),
        (HANDOFF, "ask_group", None),
        (HANDOFF, "thank", None),
        (HANDOFF, "deny", None),
    ],
)
def test_right_after_the_lines_a_yes_or_unclear_reply_gets_them_again(first, answer, expected):
    danger = user("i want to die", "crisis", DANGER)
    tracker = tracker_of((danger, [first]), (user("yes", answer), None))
    assert next_action(tracker) == expected


def test_right_after_the_lines_inside_a_form_a_yes_gets_them_again_and_an_answer_goes_on():
    danger = user("i want to die", "crisis", DANGER)
    tracker = tracker_of(
        (danger, [HANDOFF, "group_finder_form"]), (user("yes", "affirm"), None), loop="group_finder_form"
    )
    assert next_action(tracker) == HANDOFF
    tracker = tracker_of(
        (danger, [HANDOFF, "group_finder_form"]), (user("alcohol", "inform"), None), loop="group_finder_form"
    )
    assert next_action(tracker) is None
    # Outside a form, a bare "not sure" (classified inform) gets the lines again.
    assert next_action(tracker_of((danger, [HANDOFF]), (user("not sure", "inform"), None))) == HANDOFF
