"""Risk that shows only in context: distress, then a question about means.

"I lost my job" is not a crisis, and neither is "what are the tallest
bridges in town?" on its own; the second right after the first may be. The
NLU safety net marks each message (distress / calm) and forces an
``ask_means`` intent on questions about means, and a dialogue rule hands off
when a means question follows distress. Patterns run on
``bot.crisis.normalize``'s output (lowercase, txt-speak expanded).
"""
from __future__ import annotations

import re

from bot.crisis import _PATTERNS, normalize

# Patterns as data, beside the explicit ones (bot/risk/explicit_patterns.yml).
_DISTRESS = re.compile(_PATTERNS["distress"])
_MEANS = re.compile(_PATTERNS["means"])


def is_distress(text: str) -> bool:
    """The message voices distress (loss, hopelessness), not yet danger."""
    return bool(_DISTRESS.search(normalize(text)))


def is_means_question(text: str) -> bool:
    """The message asks about a means of self-harm (heights, doses, guns)."""
    return bool(_MEANS.search(normalize(text)))
