"""The operator's local resource directory (``knowledge/local_resources.yml``).

Validated on load the way ``bot/knowledge_base.py`` validates its files: a
mistake fails at start naming the file and the field. Each entry's category
must be a resource of ``resources.yml``; its place is a ZIP code or
coordinates. ``local_resources_near`` gives the entries of a category close
to a place, nearest first, to show before the national resources.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge_base import KNOWLEDGE_DIR, Reader, load_knowledge
from bot.meetings.places import Place, PlaceFinder, haversine_miles, place_finder

DIRECTORY_PATH = KNOWLEDGE_DIR / "local_resources.yml"
TEXT_FIELDS = ("name", "what", "address", "phone", "hours", "url", "cost")


@dataclass(frozen=True)
class LocalResource:
    category: str
    name: str
    what: str
    address: str
    phone: str
    hours: str
    url: str
    cost: str
    languages: tuple[str, ...]
    latitude: float
    longitude: float


@dataclass(frozen=True)
class LocalDirectory:
    resources: tuple[LocalResource, ...]
    radius_miles: float
    sample: bool


def _number(value: Any) -> float | None:
    """A YAML number as a float; None for anything else (a bool is not a number here)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _coordinates(reader: Reader, raw: Mapping[str, Any], where: str, places: PlaceFinder) -> tuple[float, float]:
    if "latitude" in raw or "longitude" in raw:
        lat, lon = _number(raw.get("latitude")), _number(raw.get("longitude"))
        if lat is None or lon is None:
            raise reader.fail(f"{where}.latitude", "latitude and longitude must both be numbers")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise reader.fail(f"{where}.latitude", "out of range")
        return lat, lon
    zip_code = str(reader.get(raw, "zip", str, where))
    place = places.zip_code(zip_code)
    if place is None:
        raise reader.fail(f"{where}.zip", f"{zip_code!r} is not a US ZIP code")
    return place.latitude, place.longitude


@functools.cache
def load_local_directory(path: Path = DIRECTORY_PATH) -> LocalDirectory:
    """Read and check the directory (once per process and file)."""
    reader = Reader(Path(path))
    categories = [item.key for item in load_knowledge().section("resources").items]
    places = place_finder()
    resources = []
    for index, raw in enumerate(reader.get(reader.data, "resources", list, "", empty_ok=True)):
        where = f"resources[{index}]"
        if not isinstance(raw, dict):
            raise reader.fail(where, "expected a mapping")
        category = reader.choice(raw, "category", where, categories)
        text = {field: reader.get(raw, field, str, where) for field in TEXT_FIELDS}
        if not text["url"].startswith("https://"):
            raise reader.fail(f"{where}.url", "must start with https://")
        lat, lon = _coordinates(reader, raw, where, places)
        resources.append(
            LocalResource(
                category=category,
                languages=reader.strings(raw, "languages", where),
                latitude=lat,
                longitude=lon,
                **text,
            )
        )
    radius = reader.data.get("radius_miles", 15)
    if isinstance(radius, bool) or not isinstance(radius, (int, float)) or radius <= 0:
        raise reader.fail("radius_miles", "expected a positive number")
    return LocalDirectory(tuple(resources), float(radius), bool(reader.data.get("sample", False)))


def local_resources_near(
    category: str, place: Place, directory: LocalDirectory | None = None, limit: int = 3
) -> list[tuple[LocalResource, float]]:
    """Entries of this category within the directory's radius, nearest first, with miles."""
    directory = directory or load_local_directory()
    found = []
    for resource in directory.resources:
        if resource.category != category:
            continue
        miles = float(haversine_miles(place.latitude, place.longitude, resource.latitude, resource.longitude))
        if miles <= directory.radius_miles:
            found.append((resource, miles))
    return sorted(found, key=lambda pair: pair[1])[:limit]


def describe_local(resource: LocalResource, miles: float) -> str:
    """One entry in plain words, for a chat message."""
    languages = ", ".join(resource.languages)
    return (
        f"• {resource.name} — {resource.what}\n"
        f"  {resource.address} ({miles:.1f} miles) · {resource.phone} · {resource.url}\n"
        f"  Hours: {resource.hours} · Cost: {resource.cost} · Languages: {languages}"
    )
