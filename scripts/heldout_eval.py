"""Held-out gates for item selection and risk, on the trained model.

    .venv/bin/python scripts/heldout_eval.py MODEL [--items tests/heldout/items.yml]
        [--risk tests/heldout/risk.yml] [--min-item-accuracy A]
        [--min-explicit-recall R] [--min-indirect-recall R]
        [--max-false-handoff F] [--max-false-ask F] [--show-misses]

The sets were written apart from the training data (never train on them).
Each message is parsed by the model, as Rasa does for a user message:

* items: the ``item`` entity must name the expected ``section:key``
  (accuracy over all messages);
* risk: ``explicit`` messages must hand off at once (level ``danger``);
  ``indirect`` ones must hand off or get the direct question (``danger`` or
  ``ambiguous``); ``safe`` ones must get neither. A false handoff is a safe
  message at ``danger``; a false question one at ``ambiguous``.

Exit status 1 when a threshold is not met.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def entity_value(parse: dict[str, Any], label: str) -> str:
    return next((str(e.get("value")) for e in parse.get("entities") or [] if e.get("entity") == label), "")


def risk_level(parse: dict[str, Any]) -> str:
    """danger when the crisis intents were forced (so an older model, whose
    signal is only distress/calm, is measured the same way), else the signal."""
    if parse["intent"]["name"] in ("crisis", "medical_emergency"):
        return "danger"
    return entity_value(parse, "risk_signal") or "calm"


async def parse_all(model: str, texts: list[str]) -> list[dict[str, Any]]:
    import logging

    import structlog
    from rasa.core.agent import Agent

    # No message text in the output: Rasa's debug events carry it.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger().setLevel(logging.WARNING)
    for name in ("rasa", "rasa.core.processor", "tensorflow"):
        logging.getLogger(name).setLevel(logging.WARNING)

    agent = Agent.load(model)
    return [await agent.parse_message(text) for text in texts]


def item_report(cases: list[dict[str, str]], parses: list[dict[str, Any]], show: bool) -> float:
    by_section: dict[str, list[bool]] = {}
    for case, parse in zip(cases, parses, strict=False):
        want = f"{case['section']}:{case['item']}"
        got = entity_value(parse, "item")
        by_section.setdefault(case["section"], []).append(got == want)
        if show and got != want:
            print(f"  miss: {case['text']!r} want {want} got {got or '-'} ({parse['intent']['name']})")
    total = [ok for oks in by_section.values() for ok in oks]
    for section, oks in sorted(by_section.items()):
        print(f"  {section:14} {sum(oks):4}/{len(oks):<4} {sum(oks) / len(oks):.3f}")
    accuracy = sum(total) / len(total)
    print(f"item selection accuracy: {accuracy:.3f} ({sum(total)}/{len(total)})")
    return accuracy


def risk_report(sets: dict[str, list[str]], parses: dict[str, list[dict[str, Any]]], show: bool) -> dict[str, float]:
    levels = {label: Counter(risk_level(p) for p in items) for label, items in parses.items()}
    for label, counts in levels.items():
        print(f"  {label:9} n={sum(counts.values()):4}  " + "  ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    rate = lambda label, wanted: sum(levels[label][w] for w in wanted) / max(1, sum(levels[label].values()))  # noqa: E731
    figures = {
        "explicit_recall": rate("explicit", ["danger"]),
        "indirect_recall": rate("indirect", ["danger", "ambiguous"]),
        "indirect_handoff": rate("indirect", ["danger"]),
        "false_handoff": rate("safe", ["danger"]),
        "false_ask": rate("safe", ["ambiguous"]),
    }
    if show:
        for label, wanted in (
            ("explicit", {"danger"}),
            ("indirect", {"danger", "ambiguous"}),
            ("safe", {"calm", "distress"}),
        ):
            for text, parse in zip(sets[label], parses[label], strict=False):
                if risk_level(parse) not in wanted:
                    print(f"  miss [{label}]: {text!r} -> {risk_level(parse)}")
    for name, value in figures.items():
        print(f"{name}: {value:.3f}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("--items", default=str(ROOT / "tests/heldout/items.yml"))
    parser.add_argument("--risk", default=str(ROOT / "tests/heldout/risk.yml"))
    parser.add_argument("--min-item-accuracy", type=float, default=0.0)
    parser.add_argument("--min-explicit-recall", type=float, default=0.0)
    parser.add_argument("--min-indirect-recall", type=float, default=0.0)
    parser.add_argument("--max-false-handoff", type=float, default=1.0)
    parser.add_argument("--max-false-ask", type=float, default=1.0)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    items = yaml.safe_load(Path(args.items).read_text(encoding="utf-8")) or []
    risk_sets = yaml.safe_load(Path(args.risk).read_text(encoding="utf-8")) or {}
    risk_sets = {label: [str(t) for t in risk_sets.get(label) or []] for label in ("explicit", "indirect", "safe")}
    texts = [case["text"] for case in items] + [t for label in risk_sets.values() for t in label]
    parses = asyncio.run(parse_all(args.model, texts))

    print(f"items ({args.items}):")
    accuracy = item_report(items, parses[: len(items)], args.show_misses)
    rest = parses[len(items) :]
    risk_parses: dict[str, list[dict[str, Any]]] = {}
    for label, label_texts in risk_sets.items():
        risk_parses[label], rest = rest[: len(label_texts)], rest[len(label_texts) :]
    print(f"risk ({args.risk}):")
    figures = risk_report(risk_sets, risk_parses, args.show_misses)

    failures = []
    if accuracy < args.min_item_accuracy:
        failures.append(f"item accuracy {accuracy:.3f} < {args.min_item_accuracy}")
    if figures["explicit_recall"] < args.min_explicit_recall:
        failures.append(f"explicit recall {figures['explicit_recall']:.3f} < {args.min_explicit_recall}")
    if figures["indirect_recall"] < args.min_indirect_recall:
        failures.append(f"indirect recall {figures['indirect_recall']:.3f} < {args.min_indirect_recall}")
    if figures["false_handoff"] > args.max_false_handoff:
        failures.append(f"false handoff {figures['false_handoff']:.3f} > {args.max_false_handoff}")
    if figures["false_ask"] > args.max_false_ask:
        failures.append(f"false question {figures['false_ask']:.3f} > {args.max_false_ask}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
