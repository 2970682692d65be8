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

from bot.crisis import normalize

_DISTRESS = re.compile(
    r"\b("
    r"lost my (job|house|home|kids?|wife|husband|partner|family|everything)|"
    r"(wife|husband|partner|girlfriend|boyfriend) (left|dumped) me|got (fired|evicted|laid off|kicked out)|"
    r"(everything|my life) is (falling apart|ruined|over|a mess)|nothing matters|no point( in anything)?|"
    r"(i am|i feel|feeling) (so )?(hopeless|worthless|empty|trapped|numb|desperate|broken)|"
    r"(can'?t|can ?not) (take|handle|do) (it|this) any ?more|worst day of my life|"
    r"(i am|i feel) (so )?(alone|done)|nobody (cares|would notice)|hate my life|"
    r"everyone (hates|left) me|i give up"
    r")\b"
)
_MEANS = re.compile(
    r"\b("
    r"(tallest|highest|high) (bridges?|buildings?|cliffs?|rooftops?|towers?|parking garages?)|"
    r"(bridges?|buildings?|cliffs?|rooftops?) (high|tall) enough|how (high|tall) (is|are) the .{0,30}(bridge|building|cliff)|"
    r"how (many|much) .{0,40}(to|would) (die|kill|not wake up|stop my heart|be fatal|overdose)|"
    r"(lethal|fatal|deadly) (dose|amount)|"
    r"where (can|do) i (buy|get) a (gun|rope)|"
    r"(buy|get) (a gun|rope) (today|tonight|now)|"
    r"train (times|tracks) near me|"
    r"painless (way|ways|method)"
    r")"
)


def is_distress(text: str) -> bool:
    """The message voices distress (loss, hopelessness), not yet danger."""
    return bool(_DISTRESS.search(normalize(text)))


def is_means_question(text: str) -> bool:
    """The message asks about a means of self-harm (heights, doses, guns)."""
    return bool(_MEANS.search(normalize(text)))
