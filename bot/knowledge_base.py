"""The one place that reads the knowledge files in ``bot/knowledge/``.

Every file is validated as it is loaded: a missing or mistyped field fails at
start-up with a message naming the file and the field, never later in the
middle of a conversation. Everything here is immutable and loaded once per
process (``load_knowledge`` is cached).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.crisis_lines import ROLES, CrisisLines, read_crisis_lines
from bot.text import normalise

KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge"

# Section files share one schema; their names are the section names.
SECTION_NAMES = (
    "advantages_brief",
    "advantages",
    "disadvantages_brief",
    "disadvantages",
    "ethics",
    "strategies",
    "family",
    "resources",
)
GROUP_KEYS = ("aa", "na", "smart", "ca", "alanon", "naranon")
APPROACH_TYPES = ("twelve_step", "science_based", "family_support")
AUDIENCES = ("self", "family")
SUBSTANCES = ("alcohol", "drugs", "cocaine")
VOCABULARY_LABELS = ("substance", "family_member", "approach", "meeting_format", "strategy_topic")


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed, or breaks the schema."""


@dataclass(frozen=True)
class Point:
    """One labelled bullet of an item ("Strategy: ...", "Benefit: ...")."""

    label: str
    text: str


@dataclass(frozen=True)
class Link:
    """A well-established outside resource (its ``source`` is checked on load)."""

    name: str
    url: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Item:
    """A numbered item of a section, as written in the source document."""

    key: str
    number: int
    title: str
    keywords: tuple[str, ...]
    points: tuple[Point, ...]
    # How people ask about the item in their own words: with its title and
    # points they are what the item selector compares a message with.
    examples: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


class PhraseMatcher:
    """Finds which of a set of phrases a text mentions, as whole words.

    Phrases and texts pass through the one normaliser (``bot.text.normalise``),
    so "al-anon", "Al Anon" and "al anon" are one phrase, and "women's" is
    "womens". One regular expression per matcher,
    compiled once; longer phrases win over shorter ones so "sober living"
    beats "living".
    """

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._value_of: dict[str, str] = {}
        for value, words in phrases.items():
            for word in words:
                self._value_of.setdefault(normalise(word), value)
        ordered = sorted(self._value_of, key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
        self._regex = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    def values_in(self, text: str, *, normalised: bool = False) -> list[str]:
        """Values mentioned in ``text``, in order of first mention, no repeats.

        ``normalised``: the text is already ``normalise``'s output (the NLU's
        normalised text of a message), so it is not normalised again."""
        found: list[str] = []
        for match in self._regex.finditer(text if normalised else normalise(text)):
            value = self._value_of[match.group(0)]
            if value not in found:
                found.append(value)
        return found

    def value_of(self, phrase: str) -> str | None:
        """The value a single phrase stands for (e.g. an entity's text)."""
        return self._value_of.get(normalise(phrase))

    @property
    def phrases(self) -> dict[str, str]:
        """Normalised phrase -> value."""
        return dict(self._value_of)


@dataclass(frozen=True)
class Section:
    """A section of the document: intro, numbered items, closing."""

    name: str
    title: str
    source: str
    intro: str
    items: tuple[Item, ...]
    closing: str
    # Ways of asking about the section as a whole (no one item in mind).
    general_examples: tuple[str, ...] = ()

    def item(self, key: str) -> Item:
        """The item with this key (KeyError names the section)."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{self.name} has no item {key!r}")

    @functools.cached_property
    def keyword_matcher(self) -> PhraseMatcher:
        return PhraseMatcher({item.key: item.keywords for item in self.items})

    def with_situation(self, situation: str) -> list[Item]:
        """Items that help in a situation (strategies: cravings, boredom...)."""
        return [item for item in self.items if situation in item.situations]


@dataclass(frozen=True)
class Group:
    """One self-help group (AA, NA, SMART Recovery, CA, Al-Anon, Nar-Anon)."""

    key: str
    name: str
    short_name: str
    purpose: str
    format: str
    who_for: str
    approach: str
    approach_type: str
    audience: str
    substances: tuple[str, ...]
    online: str
    website: str
    meeting_finder: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    """The document's summary, the role of groups, and its conclusion."""

    summary: str
    groups_role: str
    conclusion: str


@dataclass(frozen=True)
class Knowledge:
    """Everything the assistant knows, validated."""

    groups: Mapping[str, Group]
    groups_intro: str
    sections: Mapping[str, Section]
    overview: Overview
    vocabulary: Mapping[str, PhraseMatcher]
    answer_words: PhraseMatcher
    # Words that make an intent certain whatever the classifier says (bot/intent_guards.py).
    guard_words: PhraseMatcher
    crisis: CrisisLines
    unavailable_message: str
    deleted_message: str
    # The message that deletes the conversation (bot/channels/deletion.py).
    delete_command: str
    # intent -> quick-reply label, for offering the nearest topics
    topic_labels: Mapping[str, str]

    @functools.cached_property
    def group_matcher(self) -> PhraseMatcher:
        """Alias -> group key ("alcoholics anon" -> "aa")."""
        return PhraseMatcher({g.key: g.aliases + (g.name, g.short_name) for g in self.groups.values()})

    def section(self, name: str) -> Section:
        return self.sections[name]


class Reader:
    """Reads one YAML file and checks its fields, naming file and field on error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KnowledgeError(f"{path}: file is missing") from None
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path}: expected a mapping at the top level")
        self.data = data

    def fail(self, where: str, problem: str) -> KnowledgeError:
        return KnowledgeError(f"{self.path.name}: field '{where}': {problem}")

    def get(self, node: Mapping[str, Any], field: str, kind: type, where: str, *, empty_ok: bool = False) -> Any:
        path = f"{where}.{field}" if where else field
        if field not in node:
            raise self.fail(path, "is missing")
        value = node[field]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise self.fail(path, f"expected {kind.__name__}, got {type(value).__name__}")
        if not empty_ok and kind in (str, list) and not value:
            raise self.fail(path, "is empty")
        return value

    def strings(
        self,
        node: Mapping[str, Any],
        field: str,
        where: str,
        *,
        allowed: Iterable[str] | None = None,
        empty_ok: bool = False,
    ) -> tuple[str, ...]:
        values = self.get(node, field, list, where, empty_ok=empty_ok)
        allowed = tuple(allowed) if allowed is not None else None
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{where}.{field}[{index}]", "expected a non-empty string")
            if allowed is not None and value not in allowed:
                raise self.fail(f"{where}.{field}[{index}]", f"{value!r} is not one of {', '.join(allowed)}")
        return tuple(values)

    def choice(self, node: Mapping[str, Any], field: str, where: str, allowed: Iterable[str]) -> str:
        value = self.get(node, field, str, where)
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.fail(f"{where}.{field}", f"{value!r} is not one of {', '.join(allowed)}")
        return value


def _read_links(reader: Reader, node: Mapping[str, Any], where: str, crisis: CrisisLines) -> tuple[Link, ...]:
    """A resource's links; ``crisis_line: <role>`` stands for that crisis line (none if the country has none)."""
    links = []
    for index, raw in enumerate(reader.get(node, "links", list, where, empty_ok=True)):
        here = f"{where}.links[{index}]"
        if not isinstance(raw, dict):
            raise reader.fail(here, "expected a mapping")
        if "crisis_line" in raw:
            line = crisis.by_role(reader.choice(raw, "crisis_line", here, ROLES))
            if line is not None:
                links.append(Link(name=line.listing, url=line.url, phone=line.number))
            continue
        url, phone = raw.get("url", ""), raw.get("phone", "")
        if not (url or phone):
            raise reader.fail(here, "needs a url or a phone")
        if url and not str(url).startswith("https://"):
            raise reader.fail(f"{here}.url", "must start with https://")
        reader.get(raw, "source", str, here)  # a fact from outside the document must be cited
        links.append(Link(name=reader.get(raw, "name", str, here), url=str(url), phone=str(phone)))
    return tuple(links)


def _read_section(path: Path, name: str, crisis: CrisisLines) -> Section:
    reader = Reader(path)
    data = reader.data
    items = []
    seen: set[str] = set()
    for index, raw in enumerate(reader.get(data, "items", list, "")):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        key = reader.get(raw, "key", str, where)
        if key in seen:
            raise reader.fail(f"{where}.key", f"{key!r} is used twice")
        seen.add(key)
        points = []
        for p_index, point in enumerate(reader.get(raw, "points", list, where)):
            p_where = f"{where}.points[{p_index}]"
            if not isinstance(point, dict):
                raise reader.fail(p_where, "expected a mapping")
            points.append(
                Point(
                    label=reader.get(point, "label", str, p_where, empty_ok=True),
                    text=reader.get(point, "text", str, p_where),
                )
            )
        items.append(
            Item(
                key=key,
                number=reader.get(raw, "number", int, where),
                title=reader.get(raw, "title", str, where),
                keywords=reader.strings(raw, "keywords", where),
                points=tuple(points),
                examples=reader.strings(raw, "examples", where, empty_ok=True) if "examples" in raw else (),
                situations=reader.strings(raw, "situations", where) if name == "strategies" else (),
                links=_read_links(reader, raw, where, crisis) if name == "resources" else (),
            )
        )
    return Section(
        name=name,
        title=reader.get(data, "title", str, ""),
        source=reader.get(data, "source", str, ""),
        intro=reader.get(data, "intro", str, "", empty_ok=True),
        items=tuple(items),
        closing=reader.get(data, "closing", str, "", empty_ok=True),
        general_examples=reader.strings(data, "general_examples", "", empty_ok=True)
        if "general_examples" in data
        else (),
    )


def _read_groups(path: Path) -> tuple[dict[str, Group], str]:
    reader = Reader(path)
    groups: dict[str, Group] = {}
    for index, raw in enumerate(reader.get(reader.data, "groups", list, "")):
        where = f"groups[{index}]"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        key = reader.choice(raw, "key", where, GROUP_KEYS)
        text = functools.partial(reader.get, raw, kind=str, where=where)
        # Facts from outside the document must be cited (checked, not shown).
        text("online_source")
        reader.strings(raw, "sources", where)
        groups[key] = Group(
            key=key,
            name=text("name"),
            short_name=text("short_name"),
            purpose=text("purpose"),
            format=text("format"),
            who_for=text("who_for"),
            approach=text("approach"),
            approach_type=reader.choice(raw, "approach_type", where, APPROACH_TYPES),
            audience=reader.choice(raw, "audience", where, AUDIENCES),
            substances=reader.strings(raw, "substances", where, allowed=SUBSTANCES),
            online=text("online"),
            website=text("website"),
            meeting_finder=text("meeting_finder"),
            aliases=reader.strings(raw, "aliases", where),
        )
    missing = [k for k in GROUP_KEYS if k not in groups]
    if missing:
        raise reader.fail("groups", f"missing group(s): {', '.join(missing)}")
    return groups, reader.get(reader.data, "intro", str, "")


GUARD_CATEGORIES = ("medication", "medical_request", "meeting", "nearby")


def _read_vocabulary(path: Path) -> tuple[dict[str, PhraseMatcher], PhraseMatcher, PhraseMatcher]:
    reader = Reader(path)
    vocabulary = {}
    for label in VOCABULARY_LABELS:
        table = reader.get(reader.data, label, dict, "")
        vocabulary[label] = PhraseMatcher({value: reader.strings(table, value, label) for value in table})
    table = reader.get(reader.data, "answer_words", dict, "")
    answer_words = PhraseMatcher(
        {value: reader.strings(table, value, "answer_words") for value in ("skip", "no_preference")}
    )
    table = reader.get(reader.data, "guard_words", dict, "")
    guard_words = PhraseMatcher({value: reader.strings(table, value, "guard_words") for value in GUARD_CATEGORIES})
    return vocabulary, answer_words, guard_words


def _check_situations(strategies: Section, topics: PhraseMatcher, path: Path) -> None:
    """Every strategy situation must be a vocabulary strategy_topic and vice versa."""
    known = set(topics.phrases.values())
    used = {s for item in strategies.items for s in item.situations}
    if used - known:
        raise KnowledgeError(
            f"strategies.yml: field 'items.situations': unknown {sorted(used - known)} (see {path.name})"
        )
    if known - used:
        raise KnowledgeError(f"{path.name}: field 'strategy_topic': no strategy for {sorted(known - used)}")


@functools.cache
def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Load and validate every knowledge file (once per process and folder)."""
    directory = Path(directory)
    crisis = read_crisis_lines(Reader(directory / "crisis_lines.yml"))
    sections = {name: _read_section(directory / f"{name}.yml", name, crisis) for name in SECTION_NAMES}
    groups, groups_intro = _read_groups(directory / "groups.yml")
    vocabulary, answer_words, guard_words = _read_vocabulary(directory / "vocabulary.yml")
    _check_situations(sections["strategies"], vocabulary["strategy_topic"], directory / "vocabulary.yml")

    overview_reader = Reader(directory / "overview.yml")
    overview = Overview(
        **{f: overview_reader.get(overview_reader.data, f, str, "") for f in ("summary", "groups_role", "conclusion")}
    )

    messages = Reader(directory / "service_messages.yml")
    return Knowledge(
        groups=groups,
        groups_intro=groups_intro,
        sections=sections,
        overview=overview,
        vocabulary=vocabulary,
        answer_words=answer_words,
        guard_words=guard_words,
        crisis=crisis,
        unavailable_message=crisis.fill(messages.get(messages.data, "unavailable", str, ""), "service_messages.yml"),
        deleted_message=messages.get(messages.data, "deleted", str, ""),
        delete_command=messages.get(messages.data, "delete_command", str, ""),
        topic_labels=_read_topic_labels(messages),
    )


def _read_topic_labels(reader: Reader) -> dict[str, str]:
    labels = reader.get(reader.data, "topics", dict, "")
    for intent, label in labels.items():
        if not isinstance(label, str) or not label.strip():
            raise reader.fail(f"topics.{intent}", "expected a non-empty label")
    return dict(labels)
