"""`rasa data validate`, failing on any warning that is not explained here.

Explained warnings:
- responses sent by custom actions (``actions/*.py``), a form's questions
  (``utter_ask_<slot>``) and the responses the risk policy predicts
  (``bot/risk_policy.py``: the direct question and the reply to "no") are
  "not used in any story or rule": the stories name the action or the form,
  not the response, and the policy needs no stories;
- the intents ``empty_message`` (sent by the input channel for an empty
  text), ``ask_means`` and ``risk_ambiguous`` (forced by the NLU safety net)
  and ``risk_unsure`` (the "Not sure" quick reply) have no training examples
  on purpose.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.dialogue import domain_dict  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Set by the input channel or the NLU safety net, never by the classifier.
NOT_CLASSIFIED_INTENTS = {"empty_message", "ask_means", "risk_ambiguous", "risk_unsure"}
# Handled by the risk policy, not by stories or rules.
POLICY_INTENTS = {"risk_ambiguous", "risk_unsure"}


def responses_sent_by_actions() -> set[str]:
    names: set[str] = set()
    for path in [*(ROOT / "actions").glob("*.py"), ROOT / "bot" / "risk_policy.py"]:
        names |= set(re.findall(r'"(utter_[a-z_]+)"', path.read_text(encoding="utf-8")))
    return names


def form_questions() -> set[str]:
    domain = domain_dict()
    return {f"utter_ask_{slot}" for form in domain.get("forms", {}).values() for slot in form["required_slots"]}


def explained(warning: str, by_actions: set[str]) -> bool:
    utterance = re.search(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule", warning)
    if utterance:
        return utterance.group(1) in by_actions
    intent = re.search(
        r"The intent '([a-z_]+)' is listed in the domain file, but is not found in the NLU training data", warning
    )
    if intent:
        return intent.group(1) in NOT_CLASSIFIED_INTENTS
    # The risk policy answers these without stories (bot/risk_policy.py).
    unused = re.search(r"The intent '([a-z_]+)' is not used in any story or rule", warning)
    return bool(unused) and unused.group(1) in POLICY_INTENTS


def main() -> int:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "data", "validate", "--domain", "domain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    warnings = [line for line in output.splitlines() if "UserWarning" in line or " WARNING " in line]
    by_actions = responses_sent_by_actions() | form_questions()
    unexplained = [w for w in warnings if not explained(w, by_actions)]
    for line in unexplained:
        print(line)
    print(f"rasa data validate: exit {result.returncode}, {len(warnings)} warnings, {len(unexplained)} unexplained")
    return 1 if result.returncode or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
