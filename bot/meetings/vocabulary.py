"""The data files of the meetings package, validated on load.

``types.yml`` names the Meeting Guide type codes, ``bmlt_formats.yml`` maps
BMLT format keys to them, ``request_words.yml`` holds the words people use
for types, times of day, days and places. A mistake fails at start-up naming
the file and the field (the checks of ``bot/knowledge_base.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge_base import PhraseMatcher, Reader

DATA_DIR = Path(__file__).resolve().parent
RELATIVE_DAYS = ("today", "tomorrow", "weekend", "now")
WINDOW_FIELDS = ("now_minutes_before", "now_minutes_after", "at_time_minutes_around", "default_days_ahead")


@dataclass(frozen=True)
class PartOfDay:
    """A time of day: minutes after midnight; ``end`` may pass midnight (> 1440)."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Vocabulary:
    type_names: Mapping[str, str]
    bmlt_formats: Mapping[str, str]
    # wish ("spanish") -> the codes that meet it
    wishes: Mapping[str, tuple[str, ...]]
    wish_labels: Mapping[str, str]
    wish_words: PhraseMatcher
    parts_of_day: Mapping[str, PartOfDay]
    part_words: PhraseMatcher
    weekday_words: PhraseMatcher
    relative_words: PhraseMatcher
    windows: Mapping[str, int]
    place_cues: tuple[str, ...]
    not_places: frozenset[str]
    place_aliases: Mapping[str, str]

    def type_name(self, code: str) -> str:
        """Plain words for a type code (the code itself if the spec lacks it)."""
        return self.type_names.get(code, code)


def _minutes(reader: Reader, text: Any, where: str) -> int:
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
    except ValueError:
        raise reader.fail(where, f"expected HH:MM, got {text!r}") from None
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise reader.fail(where, f"{text!r} is not a time of day")
    return hours * 60 + minutes


def _read_types(path: Path) -> dict[str, str]:
    reader = Reader(path)
    reader.get(reader.data, "source", str, "")
    names = reader.get(reader.data, "types", dict, "")
    for code, name in names.items():
        if not isinstance(name, str) or not name:
            raise reader.fail(f"types.{code}", "expected a name")
    return {str(code): name for code, name in names.items()}


def _read_bmlt(path: Path, known: Mapping[str, str]) -> dict[str, str]:
    reader = Reader(path)
    formats = reader.get(reader.data, "formats", dict, "")
    for key, code in formats.items():
        if str(code) not in known:
            raise reader.fail(f"formats.{key}", f"{code!r} is not a type code of types.yml")
    return {str(key): str(code) for key, code in formats.items()}


def _read_wishes(reader: Reader, known: Mapping[str, str]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    wishes, labels = {}, {}
    for wish, raw in reader.get(reader.data, "types", dict, "").items():
        where = f"types.{wish}"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        codes = tuple(str(c) for c in reader.get(raw, "codes", list, where))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise reader.fail(f"{where}.codes", f"{unknown} not in types.yml")
        reader.strings(raw, "words", where)
        wishes[wish] = codes
        labels[wish] = reader.get(raw, "label", str, where)
    return wishes, labels


def _read_parts(reader: Reader) -> tuple[dict[str, PartOfDay], PhraseMatcher]:
    parts, words = {}, {}
    for name, raw in reader.get(reader.data, "parts_of_day", dict, "").items():
        where = f"parts_of_day.{name}"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        start = _minutes(reader, reader.get(raw, "start", str, where), f"{where}.start")
        end = _minutes(reader, reader.get(raw, "end", str, where), f"{where}.end")
        parts[name] = PartOfDay(name, start, end if end > start else end + 24 * 60)
        words[name] = reader.strings(raw, "words", where)
    return parts, PhraseMatcher(words)


@functools.cache
def load_vocabulary(directory: Path = DATA_DIR) -> Vocabulary:
    """Load and check the three data files (once per process)."""
    directory = Path(directory)
    type_names = _read_types(directory / "types.yml")
    bmlt = _read_bmlt(directory / "bmlt_formats.yml", type_names)
    reader = Reader(directory / "request_words.yml")
    data = reader.data
    wishes, wish_labels = _read_wishes(reader, type_names)
    parts, part_words = _read_parts(reader)

    weekdays = reader.get(data, "weekdays", dict, "")
    if sorted(weekdays) != list(range(7)):
        raise reader.fail("weekdays", "needs the days 0 (Sunday) to 6 (Saturday)")
    relative = reader.get(data, "relative_days", dict, "")
    for name in RELATIVE_DAYS:
        reader.strings(relative, name, "relative_days")
    windows = reader.get(data, "windows", dict, "")
    for name in WINDOW_FIELDS:
        reader.get(windows, name, int, "windows")
    places = reader.get(data, "places", dict, "")
    aliases = reader.get(places, "aliases", dict, "places")

    return Vocabulary(
        type_names=type_names,
        bmlt_formats=bmlt,
        wishes=wishes,
        wish_labels=wish_labels,
        wish_words=PhraseMatcher({wish: data["types"][wish]["words"] for wish in wishes}),
        parts_of_day=parts,
        part_words=part_words,
        weekday_words=PhraseMatcher({str(day): reader.strings(weekdays, day, "weekdays") for day in weekdays}),
        relative_words=PhraseMatcher({name: relative[name] for name in RELATIVE_DAYS}),
        windows={name: windows[name] for name in WINDOW_FIELDS},
        place_cues=reader.strings(places, "cue_words", "places"),
        not_places=frozenset(reader.strings(places, "not_places", "places")),
        place_aliases={str(k).lower(): str(v) for k, v in aliases.items()},
    )
