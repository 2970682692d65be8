"""Cross-validated figures for the risk model's thresholds (training data only).

    .venv/bin/python scripts/risk_thresholds.py [--folds 5]

Trains bot.risk.RiskModel on four fifths of ``bot/risk/training.yml`` plus
the NLU examples (as ``bot.crisis_guard`` does) and scores the fifth, five
times. For the thresholds in ``bot/risk.py`` and a few around them it prints
how often danger and ambiguous messages are caught (handoff or question) and
how often safe ones get a handoff or a question. The held-out sets in
``tests/heldout`` are never used here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import risk  # noqa: E402
from bot.crisis_guard import DANGER_INTENTS  # noqa: E402
from bot.encoder import get_encoder  # noqa: E402


def nlu_examples() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    texts.append(text)
                    labels.append(DANGER_INTENTS.get(block["intent"], "safe"))
    return texts, labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    texts, labels = risk.load_training()
    more_texts, more_labels = nlu_examples()
    texts, labels = texts + more_texts, labels + more_labels
    vectors = get_encoder().encode(texts)
    labels_array = np.array(labels)
    folds = np.random.default_rng(2024).permutation(len(texts)) % args.folds

    probabilities = np.zeros((len(texts), len(risk.CLASSES)))
    for fold in range(args.folds):
        train, test = folds != fold, folds == fold
        model = risk.RiskModel.fit(vectors[train], list(labels_array[train]))
        for index in np.flatnonzero(test):
            p = model.probabilities(vectors[index])
            probabilities[index] = [p[c] for c in risk.CLASSES]

    high = probabilities[:, risk.CLASSES.index("high")]
    ambiguous = probabilities[:, risk.CLASSES.index("ambiguous")]
    print(f"{len(texts)} messages, {args.folds}-fold cross-validation")
    print(
        f"{'danger_at':>9} {'ambig_at':>8} | {'high: handoff':>13} {'caught':>6} | "
        f"{'ambig: caught':>13} | {'safe: handoff':>13} {'asked':>6}"
    )
    for danger_at in (0.5, risk.DANGER_AT, 0.7):
        for ambiguous_at in (0.4, risk.AMBIGUOUS_AT, 0.6):
            handoff = high >= danger_at
            caught = handoff | (high + ambiguous >= ambiguous_at)
            rate = lambda mask, label: mask[labels_array == label].mean()  # noqa: E731
            print(
                f"{danger_at:9.2f} {ambiguous_at:8.2f} | {rate(handoff, 'high'):13.3f} {rate(caught, 'high'):6.3f} | "
                f"{rate(caught, 'ambiguous'):13.3f} | {rate(handoff, 'safe'):13.3f} "
                f"{rate(caught & ~handoff, 'safe'):6.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
