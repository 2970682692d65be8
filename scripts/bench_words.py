"""What the NLU word finder costs per message, beside its anchors.

    .venv/bin/python scripts/bench_words.py

Over the held-out NLU messages (tests/heldout/nlu.yml): the normaliser alone,
the knowledge's words alone, and everything the word finder emits (the
knowledge's words and the ``meeting_request`` entity), in alternating rounds.
Compare the ratios; absolute times depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge_base import load_knowledge  # noqa: E402
from bot.text import normalise  # noqa: E402
from bot.words import KnowledgeWords, message_words  # noqa: E402

ROUNDS = 5


def heldout_messages() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu.yml").read_text(encoding="utf-8"))
    return [
        line[2:].strip() for block in data["nlu"] for line in block["examples"].splitlines() if line.startswith("- ")
    ]


def ms_per_message(texts: list[str], norms: list[str], work: Callable[[str, str], object]) -> float:
    started = time.perf_counter()
    for text, norm in zip(texts, norms, strict=True):
        work(text, norm)
    return (time.perf_counter() - started) / len(texts) * 1000


def main() -> None:
    knowledge = load_knowledge()
    texts = heldout_messages()
    norms = [normalise(text) for text in texts]
    knowledge_words, all_words = KnowledgeWords(knowledge), message_words(knowledge)
    kinds: dict[str, Callable[[str, str], object]] = {
        "normalise": lambda text, norm: normalise(text),
        "knowledge words": lambda text, norm: knowledge_words.entities(norm),
        "word finder (all)": lambda text, norm: all_words.entities(text, norm),
    }
    times: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(ROUNDS):
        for name, work in kinds.items():
            times[name].append(ms_per_message(texts, norms, work))
    print(f"{len(texts)} messages x {ROUNDS} alternating rounds, median ms per message")
    anchor = statistics.median(times["normalise"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:18} {median:7.3f} ms  ({median / anchor:5.1f}x normalise)")


if __name__ == "__main__":
    main()
