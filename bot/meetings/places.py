"""Where a person is: a US ZIP code or city to coordinates, and distances.

The ZIP codes, cities and coordinates come from the ``zipcodes`` package,
which ships its data (no download at run time). A city is the centre of its
ZIP codes; a city name without a state is the state where that name has
most ZIP codes, unless the operator's own state has one.

Privacy: ``Place.masked`` is the only form that may be kept (slots, logs):
a ZIP code becomes its first three digits ("100xx"), a city stays a city and
state (already coarse). The exact place is used for one search only.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.meetings.vocabulary import Vocabulary, load_vocabulary
from bot.text import normalise

EARTH_RADIUS_MILES = 3958.8
# A ZIP code, or one the channel already masked to its first three digits
# ("100xx", see bot/privacy.py): then the centre of that ZIP area.
ZIP_PATTERN = re.compile(r"(?<!\d)(\d{5}|\d{3}xx)(?:-\d{4})?(?![\dx])")
_CITY_STATE = re.compile(r"([a-z][a-z .'-]*?),?\s+([a-z]{2})\b")
_WORD = re.compile(r"[a-z][a-z.'-]*")
MAX_CITY_WORDS = 4


@dataclass(frozen=True)
class Place:
    """A resolved place: coordinates, what to show, what may be stored."""

    label: str
    latitude: float
    longitude: float
    masked: str
    timezone: str = ""
    # What finds it again (``PlaceFinder.place``): the ZIP code as given, or the city's label.
    key: str = ""


def haversine_miles(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in miles, between degrees; numbers or numpy arrays
    (the index measures every candidate meeting at once)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, np.radians(np.subtract(lon2, lon1))
    a = np.sin(d_phi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(a))


def mask_zip(zip_code: str) -> str:
    return f"{zip_code[:3]}xx"


@dataclass(frozen=True)
class _Gazetteer:
    """ZIP code (or masked "100xx") -> place, (city, state) -> place, city -> [(ZIP count, state)]."""

    zips: dict[str, Place]
    cities: dict[tuple[str, str], Place]
    states_of: dict[str, list[tuple[int, str]]]


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Built once per process from the package data (about half a second).

    ``zipcodes`` reads its data when imported (0.3 s, about 90 MB), so it is
    imported here: the Rasa process only needs this module's patterns."""
    import zipcodes

    zips: dict[str, Place] = {}
    points: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for row in zipcodes.list_all():
        if not row.get("lat") or not row.get("long"):
            continue
        lat, lon, zone = float(row["lat"]), float(row["long"]), row.get("timezone") or ""
        zips[row["zip_code"]] = Place(row["zip_code"], lat, lon, mask_zip(row["zip_code"]), zone, row["zip_code"])
        if row.get("zip_code_type") == "STANDARD":
            points[(normalise(row["city"], punctuation=True), row["state"])].append((lat, lon, zone))
    by_prefix: dict[str, list[Place]] = defaultdict(list)
    for place in zips.values():
        by_prefix[place.masked].append(place)
    for masked, places in by_prefix.items():
        zips[masked] = Place(
            f"the {masked} area",
            statistics.median(p.latitude for p in places),
            statistics.median(p.longitude for p in places),
            masked,
            places[0].timezone,
            masked,
        )
    cities: dict[tuple[str, str], Place] = {}
    states_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (city, state), coords in points.items():
        # The median, not the mean: a few ZIP codes of a big city lie far out.
        lat = statistics.median(c[0] for c in coords)
        lon = statistics.median(c[1] for c in coords)
        label = f"{city.title()}, {state}"
        cities[(city, state)] = Place(label, lat, lon, label, coords[0][2], label)
        states_of[city].append((len(coords), state))
    return _Gazetteer(zips, cities, dict(states_of))


class PlaceFinder:
    """ZIP codes and city names in messages to places."""

    def __init__(self, vocabulary: Vocabulary, default_state: str = "") -> None:
        self._vocabulary = vocabulary
        self._default_state = default_state.upper()
        gazetteer = _gazetteer()
        self._zips = gazetteer.zips
        self._cities = gazetteer.cities
        self._states_of = gazetteer.states_of
        # Place cues by their first word: every message is read in the NLU, so
        # each word is compared only with the cues that can start there.
        self._cues_by_first_word: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for cue in vocabulary.place_cues:
            words = tuple(cue.split())
            self._cues_by_first_word[words[0]].append(words)

    def zip_code(self, code: str) -> Place | None:
        return self._zips.get(code)

    def city(self, name: str, state: str = "") -> Place | None:
        """A city by name, with or without its state."""
        name = normalise(name, punctuation=True)
        alias = self._vocabulary.place_aliases.get(name)
        if alias:
            name, _, state = alias.lower().rpartition(", ")
        if state:
            return self._cities.get((name, state.upper()))
        states = self._states_of.get(name)
        if not states:
            return None
        if self._default_state and any(s == self._default_state for _, s in states):
            return self._cities[(name, self._default_state)]
        return self._cities[(name, max(states)[1])]

    def place(self, key: str) -> Place | None:
        """The place of a ``Place.key`` ("10001", "100xx", "Brooklyn, NY")."""
        if ZIP_PATTERN.fullmatch(key):
            return self.zip_code(key)
        name, _, state = key.rpartition(", ")
        return self.city(name, state) if name else self.city(key)

    def find(self, lowered: str) -> tuple[Place | None, str]:
        """The place a message names, and the message without it; ``lowered``
        is the message normalised with ``punctuation=True``."""
        for match in ZIP_PATTERN.finditer(lowered):
            place = self.zip_code(match.group(1))
            if place:
                return place, _cut(lowered, match.start(), match.end())
        for finder in (self._city_with_state, self._city_after_cue, self._whole_message):
            found = finder(lowered)
            if found:
                place, start, end = found
                return place, _cut(lowered, start, end)
        return None, lowered

    def _city_with_state(self, text: str) -> tuple[Place, int, int] | None:
        for match in _CITY_STATE.finditer(text):
            words = match.group(1).split()
            # The longest run of words before the state that is a city there.
            for start in range(max(0, len(words) - MAX_CITY_WORDS), len(words)):
                name = " ".join(words[start:])
                if name in self._vocabulary.not_places:
                    continue
                place = self.city(name, match.group(2))
                if place:
                    offset = match.start(1) + len(" ".join(words[:start])) + (1 if start else 0)
                    return place, offset, match.end()
        return None

    def _city_after_cue(self, text: str) -> tuple[Place, int, int] | None:
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        for index, (word, _, _) in enumerate(words):
            for cue in self._cues_by_first_word.get(word, ()):
                if tuple(w for w, _, _ in words[index : index + len(cue)]) != cue:
                    continue
                found = self._longest_city(words[index + len(cue) :])
                if found:
                    return found
        return None

    def _whole_message(self, text: str) -> tuple[Place, int, int] | None:
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        if 0 < len(words) <= MAX_CITY_WORDS:
            found = self._longest_city(words)
            if found and found[2] == words[-1][2]:
                return found
        return None

    def _longest_city(self, words: list[tuple[str, int, int]]) -> tuple[Place, int, int] | None:
        for size in range(min(MAX_CITY_WORDS, len(words)), 0, -1):
            name = " ".join(w for w, _, _ in words[:size])
            if name in self._vocabulary.not_places or _is_other_vocabulary(name, self._vocabulary):
                continue
            place = self.city(name)
            if place:
                return place, words[0][1], words[size - 1][2]
        return None


def _is_other_vocabulary(name: str, vocabulary: Vocabulary) -> bool:
    """Words that mean a type, a day or a time are not read as a city ("in english")."""
    matchers: Iterable = (
        vocabulary.wish_words,
        vocabulary.part_words,
        vocabulary.weekday_words,
        vocabulary.relative_words,
    )
    return any(m.value_of(name) for m in matchers)


def _cut(text: str, start: int, end: int) -> str:
    return f"{text[:start]} {text[end:]}".strip()


@functools.cache
def place_finder(default_state: str = "") -> PlaceFinder:
    """The finder for an operator's state (the data behind it is shared)."""
    return PlaceFinder(load_vocabulary(), default_state)
