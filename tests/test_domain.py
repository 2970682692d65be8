"""The domain's fixed safety texts match the crisis-line configuration, and
every response an action sends exists."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def response_text(domain, name):
    return " ".join(v["text"] for v in domain["responses"][name])


def test_crisis_responses_are_generated_from_the_crisis_lines(domain, knowledge):
    assert knowledge.crisis.handoff_responses
    for handoff in knowledge.crisis.handoff_responses:
        rendered = response_text(domain, handoff.name)
        assert rendered == handoff.text
        for line in handoff.lines:
            assert line.how in rendered, (handoff.name, line.key)


def test_crisis_response_has_the_crisis_line_by_call_or_text_and_the_emergency_number(domain, knowledge):
    text = response_text(domain, "utter_crisis")
    crisis, emergency = knowledge.crisis.crisis_line, knowledge.crisis.emergency_line
    assert crisis.call and crisis.text and f"call or text {crisis.number}" in text
    assert f"call {emergency.number}" in text
    for line in knowledge.crisis.lines:
        assert line.number in text, line.key
    assert "Spanish" in text and "Spanish" in crisis.languages


def test_medical_emergency_puts_the_emergency_number_first(domain, knowledge):
    text = response_text(domain, "utter_medical_emergency")
    assert text.index(knowledge.crisis.emergency_line.number) < text.index(knowledge.crisis.crisis_line.number)


def test_crisis_intents_are_ignored_by_every_form(domain):
    for name, form in domain["forms"].items():
        assert {"crisis", "medical_emergency"} <= set(form["ignored_intents"]), name


def test_every_response_used_by_actions_exists(domain):
    from scripts.validate import responses_sent_by_actions

    used = responses_sent_by_actions()
    assert used and used <= set(domain["responses"])


def test_greeting_says_it_is_automated_and_not_for_emergencies(domain, knowledge):
    text = response_text(domain, "utter_greet")
    assert "automated" in text.lower()
    assert knowledge.crisis.emergency_line.short in text and knowledge.crisis.crisis_line.short in text


def test_every_generated_file_is_up_to_date():
    from bot.dialogue.generate import main

    assert main(["--check"]) == 0, "run: make generate"


def test_every_item_has_example_phrasings_and_every_section_general_ones(knowledge):
    from bot.dialogue import load_dialogue

    names = [topic.section for topic in load_dialogue().topics if topic.section]
    assert len(names) == 6
    for name in names:
        section = knowledge.section(name)
        assert len(section.general_examples) >= 5, name
        thin = [item.key for item in section.items if len(item.examples) < 5]
        assert not thin, f"{name}: items with fewer than 5 examples: {thin}"


def test_every_entity_the_actions_read_is_extracted(knowledge):
    """The NLU word finder is in the pipeline and every label it emits is a domain entity."""
    import yaml as yaml_module

    from bot.dialogue import domain_dict
    from bot.words import message_words

    config = yaml_module.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    domain = domain_dict()
    assert any(c["name"] == "bot.nlu_words.WordFinder" for c in config["pipeline"])
    declared = {e if isinstance(e, str) else next(iter(e)) for e in domain["entities"]}
    assert message_words(knowledge).labels <= declared


def test_every_form_hands_off_and_answers_every_topic_inside_it():
    """Rules from the dialogue table: no form can swallow a crisis or a question."""
    import yaml as yaml_module

    from bot.dialogue import load_dialogue

    dialogue = load_dialogue()
    rules = yaml_module.safe_load((ROOT / "data/rules/generated/forms.yml").read_text(encoding="utf-8"))["rules"]
    inside = {
        (rule["condition"][0]["active_loop"], rule["steps"][0]["intent"], rule["steps"][1]["action"])
        for rule in rules
        if "condition" in rule and "intent" in rule["steps"][0]
    }
    assert len(dialogue.forms) == 2
    for form in dialogue.forms:
        for safety in dialogue.safety:
            assert (form.name, safety.intent, safety.response) in inside
        for topic in dialogue.topics:
            assert (form.name, topic.intent, topic.action) in inside
