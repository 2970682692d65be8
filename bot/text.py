"""The one text normaliser: every component that matches words matches on its output.

The crisis patterns (``bot/risk/explicit_patterns.yml``), the risk context
patterns, the knowledge's phrase lists (``knowledge_base.PhraseMatcher``), the
intent guards and the meeting words are all written against :func:`normalise`.
The NLU computes it once per message (``bot.nlu_words``); code outside the
NLU (the channel, tests, the meeting parsers) calls it directly.

One option, ``punctuation=True``, keeps the punctuation as typed, for the
parsers that read numbers and names *in* it: clock times ("7:30", "7 p.m."),
distances ("2.5 miles") and city names ("St. Louis, MO"). The word form turns
":" into "." and drops "." inside words, which would make "7:30" read as a
sentence end.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

__all__ = ["normalise", "WORD_MAP_FILE"]

# The txt-speak map lives beside the crisis patterns that are written against it.
WORD_MAP_FILE = Path(__file__).resolve().parent / "risk" / "explicit_patterns.yml"
_WORD_MAP: dict[str, str] = yaml.safe_load(WORD_MAP_FILE.read_text(encoding="utf-8"))["word_map"]


def _character_table() -> dict:
    """Quotes, invisible and control characters, in one ``str.translate`` pass."""
    table: dict = {}
    for code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        table[code] = " "
    # Zero-width and bidi characters can hide a word from a plain regex.
    for code in [
        0x00AD,
        0x034F,
        0x180E,
        0xFEFF,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
    ]:
        table[code] = None
    for ch in "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`\uff07":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u201e\u2033":
        table[ord(ch)] = '"'
    return table


_CHARACTERS = _character_table()
# The word form also turns sentence punctuation into the tokens the patterns use.
_WORD_TABLE = {**_CHARACTERS, **{ord(ch): "." for ch in "!;:\u2026\u3002\u00a1"}, ord("\u00bf"): "?"}
_COMBINING_RE = re.compile("[\u0300-\u036f]")
# "k*ll", "su*cide", "d!e": a masking character inside a word stands for a vowel.
_MASK_RE = re.compile(r"(?<=[a-zA-Z])[*#!|1](?=[a-zA-Z])")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")
_SPACES_RE = re.compile(r"\s+")

# "O.D.", "OD'ing", "OD-ing", "OD'd" before punctuation is dropped.
_OD_DOTS_RE = re.compile(r"\bo\.d\.?(?=[\s'-]|$)")
_OD_RE = re.compile(r"\bod(?:['-]? ?(ing)|['-]e?d)\b")
# Contractions with an apostrophe: "don't" -> "do not", "he's" -> "he is".
_CONTRACTION_RE = re.compile(r"\b(\w+)'(t|re|ve|ll|d|s|m)\b")
_NOT_STEMS = {"can": "can not", "won": "will not", "ain": "am not"}
_WOULD_WORDS = frozenset({"i", "you", "he", "she", "we", "they"})
_IS_WORDS = frozenset(
    {
        "he",
        "she",
        "it",
        "that",
        "what",
        "there",
        "who",
        "where",
        "here",
        "everyone",
        "everybody",
        "nobody",
        "someone",
        "somebody",
        "life",
    }
)


def _expand_contraction(match: re.Match[str]) -> str:
    word, suffix = match.group(1), match.group(2)
    if suffix == "t":
        if word in _NOT_STEMS:
            return _NOT_STEMS[word]
        return word[:-1] + " not" if word.endswith("n") else word + "t"
    if suffix == "m":
        return "i am" if word == "i" else word + "m"
    if suffix == "d":
        return word + " would" if word in _WOULD_WORDS else word + "d"
    if suffix == "s":
        return word + " is" if word in _IS_WORDS else word + "s"
    return word + {"re": " are", "ve": " have", "ll": " will"}[suffix]


# Words (letters/digits) and the three punctuation tokens the patterns use.
_TOKEN_RE = re.compile(r"[^\W_]+|[.?,]")
# "want 2 die": a digit 2 after these words means "to", but not before a unit
# ("i have 2 weeks sober", "need 2 hours").
_TWO_RE = re.compile(
    r"\b(want|wants|wanted|going|need|needs|have|has|had|like|about|ready|trying|try|"
    r"supposed|deserve|deserves|got|able|plan|planning|how) 2\b"
    r"(?! (?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|miles?|am|pm)\b)"
)


def _characters(text: str, table: dict) -> str:
    """NFKC, no invisible characters, straight quotes, lower case, no accents."""
    s = unicodedata.normalize("NFKC", text).translate(table).lower()
    if not s.isascii():
        s = unicodedata.normalize("NFC", _COMBINING_RE.sub("", unicodedata.normalize("NFD", s)))
    return s


def normalise(text: str, *, punctuation: bool = False) -> str:
    """Canonical form of ``text`` that the patterns and phrase lists are written against.

    Lower case, no accents or invisible characters, contractions expanded
    ("can't" -> "can not", "im" -> "i am"), txt-speak expanded, repeated
    letters cut to two, and sentence punctuation kept as the space-separated
    tokens ``.``, ``?`` and ``,``; everything else (hyphens, slashes,
    apostrophes) becomes a single space or joins the word ("women's" ->
    "womens").

    ``punctuation=True``: only the character clean-up (NFKC, invisible
    characters, quotes, lower case, accents) and single spaces, punctuation
    as typed, for the parsers of clock times, distances and city names.
    """
    if not text:
        return ""
    if punctuation:
        return _SPACES_RE.sub(" ", _characters(text, _CHARACTERS)).strip()
    s = _characters(_MASK_RE.sub("i", unicodedata.normalize("NFKC", text)), _WORD_TABLE)
    s = _REPEAT_RE.sub(r"\1\1", s)
    if "od" in s or "o.d" in s:
        s = _OD_DOTS_RE.sub("od", s)
        s = _OD_RE.sub(lambda m: "overdosing" if m.group(1) else "overdosed", s)
    if "w/o" in s:
        s = s.replace("w/o", "without")
    if "'" in s:
        s = _CONTRACTION_RE.sub(_expand_contraction, s).replace("'", "")
    s = " ".join([_WORD_MAP.get(tok, tok) for tok in _TOKEN_RE.findall(s)])
    if " 2" in s:
        s = _TWO_RE.sub(r"\1 to", s)
    return s
