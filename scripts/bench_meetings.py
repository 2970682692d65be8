"""How fast is a meeting search? A synthetic feed of 20,000 meetings, a few
hundred varied requests, p50/p95 of the search (and of reading the request).

    .venv/bin/python scripts/bench_meetings.py [--meetings 20000] [--queries 400]

Prints figures only; the tests assert nothing about time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.knowledge_base import load_knowledge  # noqa: E402
from bot.meetings.model import Meeting  # noqa: E402
from bot.meetings.parse_request import read_request  # noqa: E402
from bot.meetings.places import place_finder  # noqa: E402
from bot.meetings.search import MeetingIndex  # noqa: E402
from bot.meetings.vocabulary import load_vocabulary  # noqa: E402

CITIES = [  # (lat, lon, zone)
    (40.75, -73.99, "America/New_York"),
    (41.88, -87.63, "America/Chicago"),
    (39.74, -104.99, "America/Denver"),
    (34.05, -118.24, "America/Los_Angeles"),
    (33.45, -112.07, "America/Phoenix"),
    (30.27, -97.74, "America/Chicago"),
]
FELLOWSHIPS = ["aa", "aa", "aa", "na", "na", "smart", "ca", "alanon", "naranon"]
CODES = ["O", "C", "D", "SP", "BE", "S", "X", "W", "M", "LGBTQ", "Y", "A", "ST", "MED"]
REQUESTS = [
    "is there an online NA meeting tonight",
    "AA meetings near 10001 on saturday morning",
    "any spanish-speaking meetings",
    "women's meetings",
    "wheelchair accessible meetings near 60601",
    "a SMART meeting in an hour",
    "meetings now",
    "lgbtq meetings in chicago this weekend",
    "in person aa tomorrow evening near 90012",
    "young people meetings on friday night",
    "any meeting",
    "closed AA meetings at 7pm",
    "beginners meetings in austin tx",
    "online al-anon meetings on sunday",
    "agnostic meetings this weekend",
    "speaker meetings near 80202 within 25 miles",
]


def synthetic_meetings(count: int, rng: random.Random) -> list[Meeting]:
    meetings = []
    for i in range(count):
        lat, lon, zone = rng.choice(CITIES)
        online = rng.random() < 0.3
        in_person = not online or rng.random() < 0.3
        meetings.append(
            Meeting(
                fellowship=rng.choice(FELLOWSHIPS),
                name=f"Synthetic meeting {i}",
                slug=f"m{i}",
                feed="bench",
                day=rng.randrange(7),
                time=rng.randrange(6 * 60, 24 * 60, 15),
                timezone=zone,
                types=tuple(rng.sample(CODES, rng.randint(1, 4))),
                address=f"{i} Bench Street" if in_person else "",
                latitude=lat + rng.uniform(-0.4, 0.4) if in_person else None,
                longitude=lon + rng.uniform(-0.4, 0.4) if in_person else None,
                conference_url=f"https://example.org/m{i}" if online else "",
            )
        )
    return meetings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    rng = random.Random(2026)
    vocabulary = load_vocabulary()
    places = place_finder("NY")
    knowledge = load_knowledge()

    started = time.perf_counter()
    index = MeetingIndex(synthetic_meetings(args.meetings, rng), vocabulary.wishes)
    build_ms = (time.perf_counter() - started) * 1000

    zone = ZoneInfo("America/New_York")
    base = datetime(2026, 3, 1, 0, 0, tzinfo=zone)
    parse_ms, search_ms, found = [], [], []
    for _ in range(args.queries):
        # Varied clocks too: any minute of two weeks around the March DST change.
        now = base + timedelta(minutes=rng.randrange(14 * 24 * 60))
        text = rng.choice(REQUESTS)
        started = time.perf_counter()
        # What the NLU reads (once per message) and what the action adds.
        words = read_request(text, vocabulary, places, knowledge)
        request = words.request(now, vocabulary, places, radius_miles=10)
        parse_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        results = index.search(request.query, offset=rng.choice([0, 3, 6]))
        search_ms.append((time.perf_counter() - started) * 1000)
        found.append(results.total)

    print(f"meetings: {len(index)}  index built in {build_ms:.0f} ms")
    print(f"queries: {args.queries}  matches per query: median {statistics.median(found):.0f}, max {max(found)}")
    print(
        f"search  p50 {percentile(search_ms, 0.50):.2f} ms  p95 {percentile(search_ms, 0.95):.2f} ms"
        f"  max {max(search_ms):.2f} ms"
    )
    print(f"request p50 {percentile(parse_ms, 0.50):.2f} ms  p95 {percentile(parse_ms, 0.95):.2f} ms")


if __name__ == "__main__":
    main()
