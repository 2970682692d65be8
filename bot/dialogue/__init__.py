"""The dialogue's structure (``bot/dialogue/table.yml``): topics, safety intents, forms.

Listed once and read here; ``bot.dialogue.generate`` writes the rules and the
domain's forms from it, the section actions and the item selector read the
sections of each topic from it. Checked on load like the knowledge files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge_base import Reader

TABLE_FILE = Path(__file__).resolve().parent / "table.yml"
# Rasa reads the domain from this folder, hand-written and generated files merged.
DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"


@dataclass(frozen=True)
class Topic:
    """A question and the action that answers it."""

    intent: str
    action: str
    # The knowledge section the answer lists, its short list, and the sections
    # whose single items the answer may show instead.
    section: str = ""
    brief: str = ""
    related: tuple[str, ...] = ()
    # Fixed items ("section:key") that answer the topic.
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyIntent:
    """An intent handed off at once with a fixed response, also inside forms."""

    intent: str
    response: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    name: str
    start: str
    done: str
    slots: tuple[str, ...]
    answers_from_text: bool


@dataclass(frozen=True)
class Dialogue:
    safety: tuple[SafetyIntent, ...]
    ignored_by_forms: tuple[str, ...]
    stop_intent: str
    stop_response: str
    topics: tuple[Topic, ...]
    forms: tuple[Form, ...]

    def topic(self, intent: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.intent == intent), None)

    @property
    def sections_of_intent(self) -> dict[str, list[str]]:
        """Intent -> the sections its answer may pick one item from."""
        return {topic.intent: list(topic.related) for topic in self.topics if topic.related}

    @property
    def items_answered_elsewhere(self) -> set[str]:
        """Items ("section:key") answered by an intent of their own, not by their section's."""
        entries: tuple[Topic | SafetyIntent, ...] = (*self.topics, *self.safety)
        return {item for entry in entries for item in entry.items}


@functools.cache
def load_dialogue(path: Path = TABLE_FILE) -> Dialogue:
    """Read and check the table (once per process)."""
    reader = Reader(path)
    data = reader.data

    def entries(field: str) -> list[dict]:
        found = reader.get(data, field, list, "")
        for index, raw in enumerate(found):
            if not isinstance(raw, dict):
                raise reader.fail(f"{field}[{index}]", "expected a mapping")
        return found

    def optional_strings(raw: dict, field: str, where: str) -> tuple[str, ...]:
        return reader.strings(raw, field, where) if field in raw else ()

    topics = tuple(
        Topic(
            intent=reader.get(raw, "intent", str, f"topics[{i}]"),
            action=reader.get(raw, "action", str, f"topics[{i}]"),
            section=reader.get(raw, "section", str, f"topics[{i}]") if "section" in raw else "",
            brief=reader.get(raw, "brief", str, f"topics[{i}]") if "brief" in raw else "",
            related=optional_strings(raw, "related", f"topics[{i}]"),
            items=optional_strings(raw, "items", f"topics[{i}]"),
        )
        for i, raw in enumerate(entries("topics"))
    )
    safety = tuple(
        SafetyIntent(
            intent=reader.get(raw, "intent", str, f"safety[{i}]"),
            response=reader.get(raw, "response", str, f"safety[{i}]"),
            items=optional_strings(raw, "items", f"safety[{i}]"),
        )
        for i, raw in enumerate(entries("safety"))
    )
    forms = []
    for name, raw in reader.get(data, "forms", dict, "").items():
        where = f"forms.{name}"
        forms.append(
            Form(
                name=name,
                start=reader.get(raw, "start", str, where),
                done=reader.get(raw, "done", str, where),
                slots=reader.strings(raw, "slots", where),
                answers_from_text=bool(raw.get("answers_from_text", False)),
            )
        )
    stop = reader.get(data, "stop", dict, "")
    intents = [t.intent for t in topics] + [s.intent for s in safety] + [f.start for f in forms]
    repeated = sorted({i for i in intents if intents.count(i) > 1})
    if repeated:
        raise reader.fail("topics", f"intent(s) listed twice: {', '.join(repeated)}")
    return Dialogue(
        safety=safety,
        ignored_by_forms=reader.strings(data, "ignored_by_forms", ""),
        stop_intent=reader.get(stop, "intent", str, "stop"),
        stop_response=reader.get(stop, "response", str, "stop"),
        topics=topics,
        forms=tuple(forms),
    )


def domain_dict() -> dict[str, Any]:
    """The whole domain as Rasa merges it from ``domain/`` (for checks and tests)."""
    from rasa.shared.core.domain import Domain  # heavy: only where the domain is read

    return Domain.load(str(DOMAIN_DIR)).as_dict()
