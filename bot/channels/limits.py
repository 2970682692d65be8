"""What a message may be: its size, its characters, and its text once cleaned.

``clean_text`` turns whatever a person sent into text that may be stored and
classified: NFC, no control characters, contact details masked, no floods of
emoji or punctuation, and a bounded length that keeps any danger signal.
"""

from __future__ import annotations

import re
import unicodedata

from bot.crisis import detect_crisis
from bot.privacy import mask_pii

# 10,000 characters fit even when every one is JSON-escaped as \uXXXX, or as
# a surrogate pair for an emoji (12 bytes): 120 KB.
MAX_BODY_BYTES = 128 * 1024
# About two pages: longer messages keep their beginning and end (and any danger
# signal from the middle, see shorten()). The NLU's time grows faster than the
# length: 10,000 characters of one-letter words kept the server busy for 4 s.
MAX_TEXT_CHARS = 5_000
MAX_SENDER_CHARS = 128
# Sent for a message that is empty once cleaned: an intent, not text, so the
# classifier never has to guess what nothing means.
EMPTY_MESSAGE_INTENT = "/empty_message"
# Every emoji or punctuation mark is a token to the NLU, and 10,000 of them
# keep the server busy for seconds (spaCy's tokenizer is quadratic on one long
# run of them, the classifier slow on long sequences). A run of one repeated
# symbol ("!!!!!!", "🙏🙏🙏🙏") is cut to three, and symbols past MAX_SYMBOLS
# are dropped: they add nothing to what a message means.
MAX_SYMBOLS = 500
_REPEATED_SYMBOL = re.compile(r"([^\w\s])\1{3,}")
_SYMBOL = re.compile(r"[^\w\s]")
# Size of the passage kept from the middle of an over-long message when the
# crisis detector fires there (see shorten()).
CRISIS_WINDOW = 1_000

# C0/C1 control characters except tab and newline, lone surrogates, and
# invisible zero-width spaces (a message of only those is empty).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b\u2060\ufeff]")


def clean_text(text: str) -> str:
    """The user's text as it may be stored: NFC, no control characters, contact
    details masked, no floods of emoji or punctuation, bounded length.

    Masking comes before shortening, so that the cut can never leave half of
    a phone number readable.
    """
    text = mask_pii(CONTROL_CHARS.sub(" ", unicodedata.normalize("NFC", text)).strip())
    return shorten(_fewer_symbols(text).strip()) or EMPTY_MESSAGE_INTENT


def _fewer_symbols(text: str) -> str:
    """Repeated symbols cut to three, and none past the MAX_SYMBOLS-th."""
    text = _REPEATED_SYMBOL.sub(r"\1\1\1", text)
    seen = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen <= MAX_SYMBOLS else ""

    return _SYMBOL.sub(keep, text)


def shorten(text: str) -> str:
    """``text`` within MAX_TEXT_CHARS: its beginning and its end, where people
    usually put what matters most, and any danger signal from the middle.

    A pasted letter can bury "I'm going to end it tonight" in its middle; the
    crisis safety net only sees what is kept, so the first passage of the cut
    part that the detector flags is kept too.
    """
    if len(text) <= MAX_TEXT_CHARS:
        return text
    half = MAX_TEXT_CHARS // 2
    head, middle, tail = text[:half], text[half:-half], text[-half:]
    passage = _crisis_passage(middle)
    if passage and detect_crisis(f"{head} {tail}") is None:
        return f"{head[:half - len(passage) - 5]} ... {passage} ... {tail}"
    return f"{head} ... {tail}"


def _crisis_passage(text: str) -> str:
    """The first window of ``text`` in which the crisis detector fires, or ""."""
    if detect_crisis(text) is None:
        return ""
    step = CRISIS_WINDOW // 2
    for start in range(0, max(len(text) - step, 1), step):
        window = text[start : start + CRISIS_WINDOW]
        if detect_crisis(window) is not None:
            return window
    return text[-CRISIS_WINDOW:]
