"""Fails when the held-out intent macro-F1 is below the gate.

python scripts/nlu_gate.py results/nlu/intent_report.json --min-macro-f1 0.90
"""

from __future__ import annotations

import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report")
    parser.add_argument("--min-macro-f1", type=float, required=True)
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    macro = report["macro avg"]["f1-score"]
    worst = sorted(
        (name, scores["f1-score"])
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and name not in ("macro avg", "weighted avg", "micro avg")
    )
    for name, f1 in sorted(worst, key=lambda pair: pair[1])[:6]:
        print(f"  {name:<22} F1 {f1:.3f}")
    print(f"intent macro-F1 {macro:.3f} (gate {args.min_macro_f1:.2f})")
    return 0 if macro >= args.min_macro_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
