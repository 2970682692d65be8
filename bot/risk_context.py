"""Risk that shows only in context: distress, then a question about means.

"I lost my job" is not a crisis, and neither is "what are the tallest
bridges in town?" on its own; the second right after the first may be. The
NLU safety net marks each message (distress / calm) and forces an
``ask_means`` intent on questions about means, and a dialogue rule hands off
when a means question follows distress. Both checks take the message's
normalised text (``bot.text.normalise``: lowercase, txt-speak expanded),
which the NLU computes once per message.
"""

from __future__ import annotations

import re

from bot.crisis import PATTERNS

# Patterns as data, beside the explicit ones (bot/risk/explicit_patterns.yml).
_DISTRESS = re.compile(PATTERNS["distress"])
_MEANS = re.compile(PATTERNS["means"])


def is_distress(norm: str) -> bool:
    """The (normalised) message voices distress (loss, hopelessness), not yet danger."""
    return bool(_DISTRESS.search(norm))


def is_means_question(norm: str) -> bool:
    """The (normalised) message asks about a means of self-harm (heights, doses, guns)."""
    return bool(_MEANS.search(norm))
