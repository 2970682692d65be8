"""Score the crisis detector against its labelled corpus.

    python -m bot.crisis_report [corpus.yml]

Prints recall, false-positive rate, counts per note category, and every miss,
false positive and wrong kind. Exits 1 when recall < 1.0 or the
false-positive rate is above 3%. The scoring function is shared with
``tests/test_crisis_detection.py`` so the two never disagree.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.crisis import CrisisKind, detect_crisis

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "crisis_corpus.yml"
MIN_RECALL = 1.0
MAX_FALSE_POSITIVE_RATE = 0.03

POSITIVE_NOTES = (
    "explicit",
    "indirect",
    "plan_means",
    "self_harm",
    "overdose",
    "third_person",
    "danger",
    "goodbye_burden",
    "typo_txt",
    "long",
    "after_innocent",
    "spanish",
)
NEGATIVE_NOTES = (
    "figurative",
    "prevention_question",
    "relapse",
    "family_worry",
    "past_history",
    "on_topic",
    "other",
)

Detector = Callable[[str], CrisisKind | None]


@dataclass(frozen=True)
class CorpusItem:
    """One labelled message; ``kind`` is ``None`` for must-not-hand-off items."""

    text: str
    note: str
    kind: CrisisKind | None = None


@dataclass
class CrisisScore:
    """How a detector did on a corpus."""

    positives: int
    negatives: int
    misses: list[CorpusItem] = field(default_factory=list)
    false_positives: list[tuple[CorpusItem, CrisisKind]] = field(default_factory=list)
    wrong_kind: list[tuple[CorpusItem, CrisisKind]] = field(default_factory=list)
    note_counts: dict[str, int] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        """Share of must-hand-off messages that handed off (any kind)."""
        return (self.positives - len(self.misses)) / self.positives if self.positives else 0.0

    @property
    def false_positive_rate(self) -> float:
        """Share of must-not-hand-off messages that handed off."""
        return len(self.false_positives) / self.negatives if self.negatives else 0.0

    def passed(self, min_recall: float = MIN_RECALL, max_fpr: float = MAX_FALSE_POSITIVE_RATE) -> bool:
        return self.recall >= min_recall and self.false_positive_rate <= max_fpr


def load_corpus(path: Path = DEFAULT_CORPUS) -> tuple[list[CorpusItem], list[CorpusItem]]:
    """Read the YAML corpus; raise ``ValueError`` on a malformed entry."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    positives = [_item(raw, positive=True) for raw in data.get("must_hand_off") or []]
    negatives = [_item(raw, positive=False) for raw in data.get("must_not_hand_off") or []]
    return positives, negatives


def _item(raw: object, positive: bool) -> CorpusItem:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise ValueError(f"corpus entry needs a text: {raw!r}")
    note = raw.get("note")
    allowed = POSITIVE_NOTES if positive else NEGATIVE_NOTES
    if note not in allowed:
        raise ValueError(f"unknown note {note!r} for {raw['text']!r}; expected one of {allowed}")
    if not positive:
        if "kind" in raw:
            raise ValueError(f"must_not_hand_off entry has a kind: {raw['text']!r}")
        return CorpusItem(raw["text"], str(note))
    try:
        kind = CrisisKind(raw.get("kind"))
    except ValueError:
        raise ValueError(f"bad kind {raw.get('kind')!r} for {raw['text']!r}") from None
    return CorpusItem(raw["text"], str(note), kind)


def score_corpus(
    positives: Sequence[CorpusItem],
    negatives: Sequence[CorpusItem],
    detector: Detector = detect_crisis,
) -> CrisisScore:
    """Run ``detector`` on every item and collect misses and false positives."""
    score = CrisisScore(positives=len(positives), negatives=len(negatives))
    score.note_counts = dict(Counter(item.note for item in [*positives, *negatives]))
    for item in positives:
        got = detector(item.text)
        if got is None:
            score.misses.append(item)
        elif got is not item.kind:
            score.wrong_kind.append((item, got))
    for item in negatives:
        got = detector(item.text)
        if got is not None:
            score.false_positives.append((item, got))
    return score


def format_report(score: CrisisScore) -> str:
    """Human-readable summary of a :class:`CrisisScore`."""
    lines = [
        f"must hand off:     {score.positives}",
        f"must not hand off: {score.negatives}",
        f"recall:              {score.recall:.4f}  (need >= {MIN_RECALL})",
        f"false-positive rate: {score.false_positive_rate:.4f}  (need <= {MAX_FALSE_POSITIVE_RATE})",
        f"wrong kind:          {len(score.wrong_kind)}",
        "",
        "per note:",
    ]
    for note in (*POSITIVE_NOTES, *NEGATIVE_NOTES):
        lines.append(f"  {note:<20} {score.note_counts.get(note, 0)}")
    if score.misses:
        lines += ["", f"MISSES ({len(score.misses)}):"]
        lines += [f"  [{m.note}] {m.text!r}" for m in score.misses]
    if score.false_positives:
        lines += ["", f"FALSE POSITIVES ({len(score.false_positives)}):"]
        lines += [f"  [{i.note}] -> {got.value}: {i.text!r}" for i, got in score.false_positives]
    if score.wrong_kind:
        lines += ["", f"WRONG KIND ({len(score.wrong_kind)}):"]
        lines += [
            f"  [{i.note}] expected {i.kind.value if i.kind else None}, got {got.value}: {i.text!r}"
            for i, got in score.wrong_kind
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.crisis_report", description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="labelled corpus (YAML)")
    args = parser.parse_args(argv)
    positives, negatives = load_corpus(args.corpus)
    score = score_corpus(positives, negatives)
    print(format_report(score))
    return 0 if score.passed() else 1


if __name__ == "__main__":
    sys.exit(main())
