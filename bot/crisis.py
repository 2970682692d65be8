"""Fast, rule-based crisis detection for user messages.

``detect_crisis(text)`` returns a :class:`CrisisKind` when a message signals
danger and ``None`` otherwise. It is a safety net that runs on every message,
so it is built to be:

* **recall-first**: a missed crisis is far worse than an unneeded handoff, so
  ambiguous-but-plausible wording ("I can't go on", "is AA ok for someone with
  suicidal thoughts?", "I'm not suicidal but...") hands off;
* **fast and safe on any input**: every pattern is compiled once at import,
  uses bounded repetition only (no nested unbounded quantifiers), and the
  whole check is linear in the message length;
* **private**: nothing is printed or logged.

How it works
------------
1. :func:`bot.text.normalise` lower-cases and canonicalises the text (NFKC, accents,
   curly quotes, zero-width characters, "sooooo" -> "soo", contractions and
   txt-speak such as ``u``, ``im``, ``wanna``, ``kms``) and turns punctuation
   into boundary tokens (`` . `` ``? `` `` , ``).
2. Two groups of patterns are searched: medical emergencies first (they need
   911 before anything else), then suicide / self-harm / danger.
3. A hit is discarded only when its own clause clearly talks about the past
   ("two years ago", "used to", "when I was 16", or "once"/"survivor" with
   no wish or plan in the clause) and nothing current ("still", "now",
   "tonight"). A message that says the danger is back ("I did it again", "the
   urges are back", or any relapse for suicide/self-harm history) is never
   discarded. Medical hits are also discarded in generic or educational
   sentences ("what should you do if someone stops breathing?", "the signs are
   blue lips...") and for one's own recurring symptoms ("I can't breathe when I
   have panic attacks"), unless someone specific is in trouble right now.
4. All of this is linear in the message length: each kind is one regex that
   only tries, at each word start, the patterns that can begin with that
   letter, and the context checks are cached per clause.

Decisions worth knowing
-----------------------
* ``kms`` means "kill myself" and hands off. ``kys`` ("kill yourself") is
  abuse aimed at someone else, so on its own it does not hand off; being told
  to kill yourself ("people keep telling me to kys") does, because bullying of
  that kind is itself a risk factor.
* Figurative "X is killing me", "I'm dying to...", "drop-dead", "killing time"
  do not hand off; "kill myself" does even when it may be a joke.
* Denials ("I'm not suicidal", "I'm not going to hurt myself") still hand off:
  the reply is a gentle check-in and costs little. "I don't want to die" alone
  does not, nor does "I'd rather die than drink again".
* The word "suicide" (and misspellings) hands off in any context, including
  questions ("what's the suicide hotline?", "is AA ok if I'm suicidal?"), and
  so does burden language ("I'm a burden on everyone").
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path
from re import Pattern
from typing import Any

import yaml

from bot.knowledge_base import load_knowledge
from bot.text import normalise

__all__ = ["CrisisKind", "detect_crisis", "detect_normalised", "PATTERNS", "PATTERNS_FILE"]

# The patterns are data (loaded once, at import); this module is the engine.
# bot.risk_context reads its context patterns from the same file.
PATTERNS_FILE = Path(__file__).resolve().parent / "risk" / "explicit_patterns.yml"
PATTERNS: dict[str, Any] = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))


class CrisisKind(str, enum.Enum):
    """What kind of handoff a message needs; values are Rasa intent names."""

    SUICIDE_SELF_HARM = "crisis"
    MEDICAL_EMERGENCY = "medical_emergency"


# --------------------------------------------------------------------------
# Pattern building blocks (expanded into the patterns below)
# --------------------------------------------------------------------------

# <CRISIS_NUMBER>: the number of the crisis line, which a message may name
# ("should I call <number>?"); from the operator's crisis-lines file, so the
# patterns never type it.
_CRISIS_NUMBER = normalise(load_knowledge().crisis.crisis_line.number)
_MACROS: list[tuple[str, str]] = [(m["name"], m["regex"]) for m in PATTERNS["macros"]]
_MACROS.append(("<CRISIS_NUMBER>", re.escape(_CRISIS_NUMBER)))


def _expand(pattern: str) -> str:
    """Replace ``<MACRO>`` placeholders (which may nest) with their regexes."""
    for _ in range(4):
        before = pattern
        for name, body in _MACROS:
            pattern = pattern.replace(name, body)
        if pattern == before:
            break
    return pattern


# --------------------------------------------------------------------------
# Medical emergencies (checked first: these need 911 right now)
# --------------------------------------------------------------------------

_MEDICAL_PATTERNS: list[str] = PATTERNS["medical"]


# --------------------------------------------------------------------------
# Suicide, self-harm and immediate danger
# --------------------------------------------------------------------------

_CRISIS_PATTERNS: list[str] = PATTERNS["crisis"]


try:  # The regex parser is only used to speed matching up, never for correctness.
    import re._parser as _sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

_FirstChars = frozenset[str] | None


def _first_chars(items: Iterable[Any]) -> tuple[_FirstChars, bool]:
    """Characters a parsed regex sequence can start with, and whether it can
    match the empty string. ``None`` means "could be anything"."""
    first: set[str] = set()
    for op, av in items:
        if op in (_sre_parse.AT, _sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            continue  # zero-width: look at what follows
        if op is _sre_parse.LITERAL:
            chars: _FirstChars = frozenset(chr(av))
            nullable = False
        elif op is _sre_parse.IN:
            if any(kind is not _sre_parse.LITERAL for kind, _ in av):
                return None, False
            chars, nullable = frozenset(chr(code) for _, code in av), False
        elif op is _sre_parse.SUBPATTERN:
            chars, nullable = _first_chars(av[-1])
        elif op is _sre_parse.BRANCH:
            results = [_first_chars(alt) for alt in av[1]]
            if any(c is None for c, _ in results):
                return None, False
            chars = frozenset().union(*(c for c, _ in results if c is not None))
            nullable = any(n for _, n in results)
        elif op in (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT):
            chars, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        else:
            return None, False
        if chars is None:
            return None, False
        first |= chars
        if not nullable:
            return frozenset(first), False
    return frozenset(first), True


def _starting_chars(pattern: str) -> _FirstChars:
    """First characters ``pattern`` can match, or ``None`` if unknown."""
    try:
        chars, nullable = _first_chars(_sre_parse.parse(pattern))
    except Exception:  # pragma: no cover - unknown parser internals: stay correct, just slower
        return None
    return None if nullable else chars


def _compile(patterns: Iterable[str]) -> Pattern[str]:
    """Compile one kind's patterns into a single regex.

    Every pattern starts at the beginning of a word, so the regex first checks
    that (one cheap test per character), then, via a one-character lookahead,
    tries only the patterns that can start with the current letter instead of
    all of them. Patterns whose first letter cannot be worked out are always
    tried, so this changes speed, not results.
    """
    buckets: dict[str, list[str]] = {}
    always: list[str] = []
    for raw in patterns:
        pattern = _expand(raw)
        if pattern.startswith(r"\b"):
            pattern = pattern[2:]  # the shared word-start check does this job
        chars = _starting_chars(pattern)
        if chars is None:
            always.append(pattern)
            continue
        for ch in chars:
            buckets.setdefault(ch, []).append(pattern)
    alternatives = [
        "(?={}){}".format(re.escape(ch), "(?:" + "|".join(f"(?:{p})" for p in group) + ")")
        for ch, group in sorted(buckets.items())
    ]
    alternatives.extend(f"(?:{p})" for p in always)
    return re.compile(r"(?<![^\W_])(?=[^\W_])(?:" + "|".join(alternatives) + ")")


def _compile_plain(patterns: Iterable[str]) -> Pattern[str]:
    """The same patterns without the first-letter dispatch (used by tests to
    check that :func:`_compile` is only an optimisation)."""
    return re.compile("|".join(f"(?:{_expand(p)})" for p in patterns))


_MEDICAL_RE = _compile(_MEDICAL_PATTERNS)
_CRISIS_RE = _compile(_CRISIS_PATTERNS)


# --------------------------------------------------------------------------
# Context checks that can discard a hit
# --------------------------------------------------------------------------

# Clearly-past time in the same clause: "two years ago", "used to", "when I was 16".
_PAST_RE = re.compile(PATTERNS["context"]["past"])
# Vaguer past ("once", "last year"): trusted only in a clause with no present tense,
# so "once I get home I am going to..." is not mistaken for history.
_WEAK_PAST_RE = re.compile(PATTERNS["context"]["weak_past"])
# Wanting, planning or feeling something now: a weak past marker does not
# outweigh it ("once I get home I'm going to...", "3 years sober and I want to die").
_INTENT_RE = re.compile(PATTERNS["context"]["intent"])
# Something current in the same clause cancels the past reading.
_CURRENT_RE = re.compile(PATTERNS["context"]["current"])
# The danger is back: never discard history in such a message.
_RECURRENCE_RE = re.compile(PATTERNS["context"]["recurrence"])
# For suicide and self-harm history, any relapse brings the risk back too
# ("I'm recovering from self harm but I relapsed last night").
_RELAPSE_RE = re.compile(PATTERNS["context"]["relapse"])
# Generic "what should you do if someone..." questions about medical signs.
_HYPOTHETICAL_RE = re.compile(PATTERNS["context"]["hypothetical"])
# Teaching or learning about the signs: no generic subject needed.
_EDUCATIONAL_RE = re.compile(PATTERNS["context"]["educational"])
_GENERIC_SUBJECT_RE = re.compile(PATTERNS["context"]["generic_subject"])
_SPECIFIC_NOW_RE = re.compile(PATTERNS["context"]["specific_now"])
# A present-tense clause is never history, even if its sentence is about the past.
_PRESENT_RE = re.compile(PATTERNS["context"]["present"])
# Recurring own symptoms (panic, anxiety) rather than an emergency happening now.
_HABITUAL_RE = re.compile(PATTERNS["context"]["habitual"])
_OTHERS_NOW_RE = re.compile(PATTERNS["context"]["others_now"])
_SENTENCE_BOUNDARY_RE = re.compile(r" [.?] | (?:but|pero) ")
_CLAUSE_BOUNDARY_RE = re.compile(r" [.?,] | (?:but|and|so|then|because|though|although|however|pero|y|aunque) ")


# Run-on text without punctuation is cut into stretches of about this many
# characters, so context stays local and every check runs once per stretch.
_MAX_SPAN = 400

_Span = tuple[int, int]


class _Context:
    """Clause and sentence lookup for one normalised message.

    Boundaries are found lazily (most messages have no hit at all) and each
    check is cached per clause or sentence, so a long message with many hits
    still costs time linear in its length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._bounds: dict[Pattern[str], tuple[list[int], list[int]]] = {}
        self._cache: dict[tuple[str, _Span], bool] = {}
        self._recurrence: bool | None = None
        self._relapse: bool | None = None

    def _boundaries(self, boundary: Pattern[str]) -> tuple[list[int], list[int]]:
        if boundary not in self._bounds:
            spans: list[_Span] = []
            last = 0
            for m in boundary.finditer(self.text):
                spans += self._cuts(last, m.start())
                spans.append(m.span())
                last = m.end()
            spans += self._cuts(last, len(self.text))
            self._bounds[boundary] = ([s for s, _ in spans], [e for _, e in spans])
        return self._bounds[boundary]

    def _cuts(self, start: int, end: int) -> list[_Span]:
        """Artificial boundaries (at spaces) inside an over-long stretch."""
        cuts: list[_Span] = []
        pos = start + _MAX_SPAN
        while pos < end:
            space = self.text.find(" ", pos, end)
            if space < 0:
                break
            cuts.append((space, space + 1))
            pos = space + _MAX_SPAN
        return cuts

    def span(self, boundary: Pattern[str], start: int, end: int) -> _Span:
        """Where the clause or sentence around ``[start, end)`` begins and ends."""
        starts, ends = self._boundaries(boundary)
        i = bisect_right(ends, start)  # boundaries ending at or before the hit
        left = ends[i - 1] if i else 0
        j = bisect_left(starts, end)  # first boundary starting after the hit
        right = starts[j] if j < len(starts) else len(self.text)
        return left, right

    @property
    def recurrence(self) -> bool:
        """The message says the danger is back ("I did it again")."""
        if self._recurrence is None:
            self._recurrence = bool(_RECURRENCE_RE.search(self.text))
        return self._recurrence

    @property
    def relapse(self) -> bool:
        """The message mentions a relapse of any kind."""
        if self._relapse is None:
            self._relapse = bool(_RELAPSE_RE.search(self.text))
        return self._relapse

    def _cached(self, name: str, span: _Span, check: Callable[[str], bool]) -> bool:
        key = (name, span)
        if key not in self._cache:
            self._cache[key] = check(self.text[span[0] : span[1]])
        return self._cache[key]

    def is_history(self, start: int, end: int, relapse_matters: bool = False) -> bool:
        """True when the hit sits in a clause that only talks about the past."""
        clause_span = self.span(_CLAUSE_BOUNDARY_RE, start, end)
        sentence_span = self.span(_SENTENCE_BOUNDARY_RE, start, end)
        if not self._cached("past_clause", clause_span, _clause_is_past):
            # "In 2019 I hit bottom and tried to end my life": the time is in a
            # sibling clause. Only trust it if this clause is not in the present.
            if not self._cached("bare_clause", clause_span, _clause_is_bare):
                return False
            if not self._cached("past_sentence", sentence_span, lambda s: bool(_PAST_RE.search(s))):
                return False
        return not (self.recurrence or (relapse_matters and self.relapse))

    def is_habitual(self, start: int, end: int) -> bool:
        """True for "I can't breathe when I have panic attacks, is that normal?":
        a recurring symptom of one's own, not someone collapsing right now."""
        return self._cached("habitual", self.span(_SENTENCE_BOUNDARY_RE, start, end), _sentence_is_habitual)

    def is_generic_question(self, start: int, end: int) -> bool:
        """True for "what do you do if someone is not breathing?"-style questions."""
        return self._cached("generic", self.span(_SENTENCE_BOUNDARY_RE, start, end), _sentence_is_generic)


def _clause_is_past(clause: str) -> bool:
    """A clause about the past with nothing current in it."""
    if _CURRENT_RE.search(clause):
        return False
    if _PAST_RE.search(clause):
        return True
    return bool(_WEAK_PAST_RE.search(clause) and not _INTENT_RE.search(clause))


def _clause_is_bare(clause: str) -> bool:
    """A clause with no present or current time of its own."""
    return not (_CURRENT_RE.search(clause) or _PRESENT_RE.search(clause))


def _sentence_is_habitual(sentence: str) -> bool:
    return bool(_HABITUAL_RE.search(sentence) and not _OTHERS_NOW_RE.search(sentence))


def _sentence_is_generic(sentence: str) -> bool:
    if _SPECIFIC_NOW_RE.search(sentence):
        return False
    return bool(
        _EDUCATIONAL_RE.search(sentence) or (_HYPOTHETICAL_RE.search(sentence) and _GENERIC_SUBJECT_RE.search(sentence))
    )


def _has_live_medical(ctx: _Context) -> bool:
    return any(
        not ctx.is_history(m.start(), m.end())
        and not ctx.is_generic_question(m.start(), m.end())
        and not ctx.is_habitual(m.start(), m.end())
        for m in _MEDICAL_RE.finditer(ctx.text)
    )


def _has_live_crisis(ctx: _Context) -> bool:
    return any(not ctx.is_history(m.start(), m.end(), relapse_matters=True) for m in _CRISIS_RE.finditer(ctx.text))


def detect_crisis(text: str) -> CrisisKind | None:
    """Classify ``text`` as a medical emergency, a suicide/self-harm/danger
    crisis, or neither (``None``).

    For callers outside the NLU (the channel, tests); the NLU has the
    message's normalised text already and calls :func:`detect_normalised`.
    Never raises on odd input (empty, control characters, emoji, non-str).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    return detect_normalised(normalise(text))


def detect_normalised(norm: str) -> CrisisKind | None:
    """:func:`detect_crisis` on text already passed through :func:`bot.text.normalise`.

    A medical emergency wins when both match, because calling 911 comes first.
    """
    if not norm:
        return None
    ctx = _Context(norm)
    if _has_live_medical(ctx):
        return CrisisKind.MEDICAL_EMERGENCY
    if _has_live_crisis(ctx):
        return CrisisKind.SUICIDE_SELF_HARM
    return None
