"""The crisis lines file is the one source of every line a user sees.

Replacing bot/knowledge/crisis_lines.yml with another country's file (here
tests/data/crisis_lines_uk.yml) changes the crisis responses, every other
response that mentions a line, the service messages, the community
resources, the chat page's help panel and the masking allow-list, and leaves
no trace of the default file's lines.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.crisis_lines import CrisisLines
from bot.dialogue.generate import responses
from bot.knowledge_base import KNOWLEDGE_DIR, Knowledge, KnowledgeError, load_knowledge
from bot.privacy import numbers_published_in

UK_FILE = Path(__file__).resolve().parent / "data" / "crisis_lines_uk.yml"


def knowledge_with(tmp_path: Path, crisis_file: Path) -> Knowledge:
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    shutil.copy(crisis_file, directory / "crisis_lines.yml")
    return load_knowledge(directory)


@pytest.fixture(scope="module")
def uk(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    return knowledge_with(tmp_path_factory.mktemp("uk"), UK_FILE)


def everything_a_user_sees(knowledge: Knowledge) -> str:
    """Every text made from the crisis lines, as one string."""
    from bot.web.build import crisis_data

    resource_links = [
        f"{link.name} {link.phone} {link.url}" for item in knowledge.section("resources").items for link in item.links
    ]
    panel = [f"{line['name']} {line['how']} {line['links']}" for line in crisis_data(knowledge.crisis)["lines"]]
    return "\n".join([responses(knowledge), knowledge.unavailable_message, *resource_links, *panel])


def test_another_countrys_file_replaces_every_line_a_user_sees(uk: Knowledge) -> None:
    us = load_knowledge().crisis
    seen = everything_a_user_sees(uk)
    for line in us.lines:
        # A number as a whole word: "911" must not hide in "0911..." only.
        assert not re.search(rf"(?<![\d-]){re.escape(line.number)}(?![\d-])", seen), line.number
        # A generic name ("Emergency services") may be the other country's too.
        assert line.name not in seen or line.name in {other.name for other in uk.crisis.lines}, line.key
        assert line.url not in seen, line.key
    assert us.country not in seen
    for line in uk.crisis.lines:
        assert line.number in responses(uk), line.key
    assert uk.crisis.crisis_line.short in uk.unavailable_message
    assert uk.crisis.emergency_line.short in uk.unavailable_message


def test_the_country_is_shown_on_the_help_panel(uk: Knowledge) -> None:
    from bot.web.build import crisis_data

    assert crisis_data(uk.crisis)["country"] == "United Kingdom"
    assert crisis_data(load_knowledge().crisis)["country"] == load_knowledge().crisis.country


def test_another_countrys_numbers_are_not_masked(uk: Knowledge) -> None:
    treatment = uk.crisis.by_role("treatment")
    assert re.sub(r"\D", "", treatment.number) in numbers_published_in(uk)
    assert re.sub(r"\D", "", treatment.number) not in numbers_published_in(load_knowledge())


def test_every_line_has_links_the_phone_can_open(knowledge: Knowledge) -> None:
    for line in knowledge.crisis.lines:
        assert line.links, line.key
        for link in line.links:
            assert re.fullmatch(r"(tel|sms):\+?\d+(\?&body=\w+)?", link["href"]), link
            assert line.number in link["label"]


def test_a_text_keyword_is_in_the_sms_link(knowledge: Knowledge) -> None:
    keyworded = [line for line in knowledge.crisis.lines if line.text_keyword]
    assert keyworded
    for line in keyworded:
        assert any(link["href"].endswith(f"body={line.text_keyword}") for link in line.links)


def test_a_placeholder_for_a_line_the_country_lacks_fails(knowledge: Knowledge) -> None:
    crisis: CrisisLines = knowledge.crisis
    assert crisis.fill("[[Crisis]] now") == crisis.crisis_line.short.capitalize() + " now"
    with pytest.raises(ValueError, match="names no crisis line"):
        crisis.fill("[[coastguard]]")
    with pytest.raises(ValueError, match="has no hours"):
        crisis.fill("[[emergency.hours]]")


def test_a_file_without_an_emergency_line_fails_on_load(tmp_path: Path) -> None:
    broken = tmp_path / "crisis_lines.yml"
    text = UK_FILE.read_text(encoding="utf-8").replace("role: emergency", "role: treatment", 1)
    broken.write_text(
        text.replace('role: treatment\n    name: "FRANK"', 'role: text\n    name: "FRANK"'), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError):
        knowledge_with(tmp_path, broken)
