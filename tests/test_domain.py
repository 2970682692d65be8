"""The domain's fixed safety texts match the crisis-line configuration, and
every response an action sends exists."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def response_text(domain, name):
    return " ".join(v["text"] for v in domain["responses"][name])


def test_crisis_responses_are_generated_from_the_crisis_lines(domain, knowledge):
    from scripts.crisis_responses import DOMAIN, updated_domain

    text = DOMAIN.read_text(encoding="utf-8")
    assert updated_domain(text) == text, "run: python scripts/crisis_responses.py"
    for handoff in knowledge.handoff_responses:
        rendered = response_text(domain, handoff.name)
        for line in handoff.lines:
            assert line.how in rendered, (handoff.name, line.key)


def test_crisis_response_has_988_by_call_or_text_and_911(domain):
    text = response_text(domain, "utter_crisis")
    assert "call or text 988" in text and "911" in text and "741741" in text and "1-800-662-4357" in text
    assert "Spanish" in text


def test_medical_emergency_puts_911_first(domain):
    text = response_text(domain, "utter_medical_emergency")
    assert text.index("911") < text.index("988")


def test_crisis_intents_are_ignored_by_every_form(domain):
    for name, form in domain["forms"].items():
        assert {"crisis", "medical_emergency"} <= set(form["ignored_intents"]), name


def test_every_response_used_by_actions_exists(domain):
    from scripts.validate import responses_sent_by_actions

    used = responses_sent_by_actions()
    assert used and used <= set(domain["responses"])


def test_greeting_says_it_is_automated_and_not_for_emergencies(domain):
    text = response_text(domain, "utter_greet").lower()
    assert "automated" in text and "911" in text and "988" in text


def test_form_interruption_rules_are_up_to_date():
    from scripts.form_rules import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), "run: python scripts/form_rules.py"


def test_item_examples_in_the_nlu_are_up_to_date():
    from scripts.item_examples import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), "run: python scripts/item_examples.py"


def test_every_item_has_example_phrasings_and_every_section_general_ones(knowledge):
    from scripts.item_examples import INTENT_OF_SECTION

    for name in INTENT_OF_SECTION:
        section = knowledge.section(name)
        assert len(section.general_examples) >= 5, name
        thin = [item.key for item in section.items if len(item.examples) < 5]
        assert not thin, f"{name}: items with fewer than 5 examples: {thin}"


def test_every_entity_the_actions_read_is_extracted(knowledge):
    """The NLU word finder is in the pipeline and every label it emits is a domain entity."""
    import yaml as yaml_module

    from bot.words import KnowledgeWords

    config = yaml_module.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    domain = yaml_module.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert any(c["name"] == "bot.nlu_words.WordFinder" for c in config["pipeline"])
    declared = {e if isinstance(e, str) else next(iter(e)) for e in domain["entities"]}
    assert KnowledgeWords(knowledge).labels <= declared
