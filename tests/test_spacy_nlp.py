"""The trained model carries its spaCy pipeline (bot/spacy_nlp.py): it loads,
tokenizes and finds the knowledge's entities in a folder with no build/ beside it, also
when Rasa's training cache restores everything instead of retraining."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.model_training import train_nlu

from scripts.assistant import ROOT

CONFIG = """\
recipe: default.v1
language: en
assistant_id: spacy-nlp-test
pipeline:
  - name: bot.spacy_nlp.SpacyNLP
  - name: SpacyTokenizer
  - name: bot.nlu_words.WordFinder
"""
NLU = """\
version: "3.1"
nlu:
  - intent: ask_cost
    examples: |
      - is it free?
      - what does it cost?
  - intent: greet
    examples: |
      - hello
      - hi there
"""


@pytest.fixture
def trained_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Two archives of one training set: the second made from Rasa's cache alone."""
    (tmp_path / "config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "nlu.yml").write_text(NLU, encoding="utf-8")
    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(ROOT))  # the component is imported from bot/
    return [
        Path(
            train_nlu(
                str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"), fixed_model_name=name
            )
        )
        for name in ("first", "cached")
    ]


async def test_the_archive_finds_entities_without_a_build_folder(
    trained_twice: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for archive in trained_twice:
        agent = Agent.load(str(archive))
        parsed = await agent.parse_message("is AA free?")
        words = [e for e in parsed["entities"] if e["entity"] != "meeting_request"]
        assert {(e["entity"], e["value"]) for e in words} == {("group_name", "aa")}, archive.name
        (request,) = [e["value"] for e in parsed["entities"] if e["entity"] == "meeting_request"]
        assert request["fellowships"] == ["aa"], archive.name
    assert not (elsewhere / "build").exists()
