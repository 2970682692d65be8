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
1. :func:`normalize` lower-cases and canonicalises the text (NFKC, accents,
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
import unicodedata
from bisect import bisect_left, bisect_right
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Pattern, Set, Tuple

__all__ = ["CrisisKind", "detect_crisis", "normalize"]


class CrisisKind(str, enum.Enum):
    """What kind of handoff a message needs; values are Rasa intent names."""

    SUICIDE_SELF_HARM = "crisis"
    MEDICAL_EMERGENCY = "medical_emergency"


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

def _translation_table() -> dict:
    """One ``str.translate`` table: quotes, invisible and control characters,
    and sentence punctuation, all in a single C-speed pass."""
    table: dict = {}
    for code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        table[code] = " "
    # Zero-width and bidi characters can hide a word from a plain regex.
    for code in [0x00AD, 0x034F, 0x180E, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                 *range(0x2060, 0x2065)]:
        table[code] = None
    for ch in "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`\uff07":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u201e\u2033":
        table[ord(ch)] = '"'
    for ch in "!;:\u2026\u3002\u00a1":
        table[ord(ch)] = "."
    table[ord("\u00bf")] = "?"
    return table


_TABLE = _translation_table()
_COMBINING_RE = re.compile("[\u0300-\u036f]")
# "k*ll", "su*cide", "d!e": a masking character inside a word stands for a vowel.
_MASK_RE = re.compile(r"(?<=[a-zA-Z])[*#!|1](?=[a-zA-Z])")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")

# "O.D.", "OD'ing", "OD-ing", "OD'd" before punctuation is dropped.
_OD_DOTS_RE = re.compile(r"\bo\.d\.?(?=[\s'-]|$)")
_OD_RE = re.compile(r"\bod(?:['-]? ?(ing)|['-]e?d)\b")
# Contractions with an apostrophe: "don't" -> "do not", "he's" -> "he is".
_CONTRACTION_RE = re.compile(r"\b(\w+)'(t|re|ve|ll|d|s|m)\b")
_NOT_STEMS = {"can": "can not", "won": "will not", "ain": "am not"}
_WOULD_WORDS = frozenset({"i", "you", "he", "she", "we", "they"})
_IS_WORDS = frozenset({"he", "she", "it", "that", "what", "there", "who", "where", "here",
                       "everyone", "everybody", "nobody", "someone", "somebody", "life"})


def _expand_contraction(match: "re.Match[str]") -> str:
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


# Apostrophe-less contractions and txt-speak, applied token by token.
_WORD_MAP = {
    "im": "i am", "ive": "i have", "id": "i would",
    "cant": "can not", "cannot": "can not", "wont": "will not", "dont": "do not",
    "doesnt": "does not", "didnt": "did not", "isnt": "is not", "wasnt": "was not",
    "arent": "are not", "werent": "were not", "couldnt": "could not",
    "wouldnt": "would not", "shouldnt": "should not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "aint": "am not",
    "hes": "he is", "shes": "she is", "theyre": "they are", "youre": "you are",
    "thats": "that is", "whats": "what is", "theres": "there is",
    "u": "you", "ya": "you", "ur": "your", "r": "are", "yall": "you all",
    "wanna": "want to", "wana": "want to", "gonna": "going to",
    "gona": "going to", "gunna": "going to", "gotta": "got to", "tryna": "trying to",
    "kms": "kill myself", "rn": "right now", "tonite": "tonight", "2nite": "tonight",
    "2night": "tonight", "2day": "today", "2moro": "tomorrow", "tmrw": "tomorrow",
    "b4": "before", "ppl": "people", "bc": "because", "cuz": "because",
    "coz": "because", "cos": "because", "abt": "about", "pls": "please",
    "plz": "please", "n": "and", "sum1": "someone", "some1": "someone",
    "any1": "anyone", "no1": "no one", "noone": "no one", "every1": "everyone",
    "idk": "i do not know", "idc": "i do not care", "dunno": "do not know",
    "bf": "boyfriend", "gf": "girlfriend", "mum": "mom", "ded": "dead",
    "nothin": "nothing", "alot": "a lot", "thru": "through", "tho": "though",
    "wat": "what", "wut": "what", "shud": "should", "cud": "could", "wud": "would",
    "hav": "have", "anymor": "anymore", "nvr": "never", "evry": "every",
    "lyf": "life", "myslf": "myself", "sucide": "suicide", "ima": "i am going to",
    "imma": "i am going to", "bn": "been", "wnt": "want", "wnat": "want",
    "wamt": "want", "wan": "want", "h8": "hate", "rly": "really",
}
# Words (letters/digits) and the three punctuation tokens the patterns use.
_TOKEN_RE = re.compile(r"[^\W_]+|[.?,]")
# "want 2 die": a digit 2 after these words means "to".
_TWO_RE = re.compile(
    r"\b(want|wants|wanted|going|need|needs|have|has|had|like|about|ready|trying|try|"
    r"supposed|deserve|deserves|got|able|plan|planning|how) 2\b"
)


def normalize(text: str) -> str:
    """Canonical form of ``text`` that the patterns are written against.

    Lower case, no accents or invisible characters, contractions expanded
    ("can't" -> "can not", "im" -> "i am"), txt-speak expanded, repeated
    letters cut to two, and sentence punctuation kept as the space-separated
    tokens ``.``, ``?`` and ``,``; everything else becomes a single space.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = _MASK_RE.sub("i", s).translate(_TABLE).lower()
    if not s.isascii():
        s = unicodedata.normalize("NFC", _COMBINING_RE.sub("", unicodedata.normalize("NFD", s)))
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


# --------------------------------------------------------------------------
# Pattern building blocks (expanded into the patterns below)
# --------------------------------------------------------------------------

_MACROS: List[Tuple[str, str]] = [
    ("<ANYSELF>", r"(?:<SELF>|<REFL3>)"),
    ("<SELF>", r"(?:myself|my self|myslef|mysef|mysefl|myselv|mysel|meself|mself|myseld|mysself|myselg)"),
    ("<REFL3>", r"(?:himself|herself|themselves|themself|theirselves|hisself|himslef|herslef)"),
    ("<KILLV>", r"(?:kill|kil|kll|kiil|klil|kilk|kiol|kiul)(?:ing|in|ed|s)?"),
    ("<DIE>", r"(?:di+e+|dei|dye(?! (?:my|her|his|your|their|the|it)\b))"),
    ("<REL>", r"(?:friend|best friend|bestie|boyfriend|girlfriend|husband|wife|partner|son|"
              r"daughter|kid|child|baby|brother|sister|mom|mother|dad|father|roommate|roomie|"
              r"flatmate|housemate|cousin|uncle|aunt|sponsor|sponsee|buddy|mate|fiance|fiancee|"
              r"grandma|grandpa|grandmother|grandfather|neighbor|neighbour|coworker|ex|stepdad|"
              r"stepmom|stepfather|stepmother|stepson|stepdaughter|teen|teenager|nephew|niece|"
              r"pal|homie|bro|sis|twin|parents|friends)"),
    ("<PILLS>", r"(?:pills|pill|meds|medication|medications|tablets|tabs|capsules|xanax|xans|"
                r"bars|benzos|klonopin|valium|ativan|oxy|oxys|oxycodone|oxycontin|percs|percocet|"
                r"percocets|vicodin|norco|hydrocodone|tylenol|paracetamol|acetaminophen|"
                r"ibuprofen|advil|aspirin|sleeping pills|sleep pills|ambien|painkillers|"
                r"pain killers|opioids|opiates|fentanyl|fent|heroin|dope|morphine|methadone|"
                r"suboxone|insulin|seroquel|antidepressants|lithium|adderall|tramadol|"
                r"gabapentin|codeine|sleeping tablets)"),
    # Verbs of intent before "end it", "jump", "take all my pills".
    ("<INTENT>", r"(?:want|wanna|wanted|wants|going|ready|decided|plan|planning|plans|about|"
                 r"need|needs|have|has|just|should|could|might|will|would|try|trying|to|"
                 r"finally|i am|gotta|got|thinking about|thought about|think about|considering|"
                 r"tempted|wish i could|wish i would|gonna|i)"),
]


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

_MEDICAL_PATTERNS: List[str] = [
    # Overdosing right now, any subject, forgiving spelling ("overdosin", "oding").
    # ("scared of overdosing", "could end up overdosing" are worries, not events).
    r"(?<!of )(?<!about )(?<!up )(?<!avoid )(?<!prevent )(?<!from )(?<!without )(?<!against )"
    r"\b(?:o(?:ver|vr|ve|vre|ber|cer)\s?d[oa]s+(?:e?ing|e?in|eng|ign|img)|od(?:ing|in|eing))\b",
    # Has overdosed; history ("two years ago") is filtered by the past-time check.
    r"(?<!who )(?<!that )\bo(?:ver|vr|ve|vre)\s?d[oa]s+e?d\b",
    r"\b(?:i|he|she|they|we|someone|somebody|my (?:\w+ )?<REL>) (?:just |might have |may have |must have |"
    r"think |probably |literally |accidentally |already |has |have |had )*(?:od|odd|ods|oded|odded)\b",
    r"\b(?:i am|he is|she is|they are|we are) (?:od|oding)\b",
    # "having an overdose", "this looks like an overdose".
    r"\b(?:having|is having|am having|had|has|have|going through|in the middle of|went into|gone into|"
    r"suffering|suffered) (?:a |an )?(?:bad |serious |massive |possible |fentanyl |heroin |opioid )?"
    r"(?:overdose|od|overdoes)\b(?! (?:kit|kits|prevention|plan|training|reversal|response|risk|before)\b)",
    r"\b(?:this|it|that) (?:is|might be|could be|looks like|seems like|sounds like|must be) (?:a |an )?"
    r"(?:overdose|od)\b|\b(?:is|could|might) (?:this|it|that) (?:be )?(?:a |an )?(?:overdose|od)\b",
    r"\b(?:please|someone|somebody|sos) help\b(?: \w+){0,4} (?:overdos\w*|od)\b",
    # A message that is nothing but "OVERDOSE!!" / "sobredosis" is a call for help.
    r"^(?:an? )?(?:overdose|overdosis|sobre ?dosis|od)(?: [.?,])*$",
    r"\b(?:overdos\w*|od) (?:help|hurry|emergency|sos|911|right now)\b"
    r"(?! (?:resources|line|lines|kit|kits|info|information|training|center|centre)\b)",
    # Took too many / a whole bottle / 30 pills / double the dose.
    r"\b(?:took|take|taken|takin|tooken|swallowed|downed|popped|ingested|injected|snorted|shot|used|"
    r"did|done) (?:\w+ ){0,2}(?:way |far )?(?:too|2) (?:many|much)\b(?! (?:time|of (?:my|your|his|her|the|"
    r"their|our) time|space|on|responsibility|credit|blame|work|pressure|notice|shots|drinks|beers|"
    r"glasses|rounds|pints|cans|days|risks|chances|breaks|naps|photos|pictures|notes|classes|shifts|"
    r"hours|sugar|caffeine|coffee|vitamins|advice|selfies|sick|vacation|personal|steps|days off)\b)",
    r"\b(?:took|taken|swallowed|downed|popped|ingested|ate) (?:\w+ ){0,2}(?:(?:my|his|her|their|the) "
    r"(?:whole|entire) (?:prescription|script|bottle|supply|stash|pack)|a (?:whole|full|entire) "
    r"(?:bottle|pack|packet|box|strip)|the (?:whole|entire|rest of the) (?:bottle|pack|packet|box|strip)"
    r"|(?:a |two |several |like )?handfuls?|an? (?:whole|full|entire) (?:bottle|pack|packet|box|strip) of "
    r"(?:\w+ )?<PILLS>|(?:a bunch of|a ton of|a lot of|lots of|so many|a bottle of|"
    r"half a bottle of|the bottle of) <PILLS>|all (?:of )?(?:my|the|"
    r"his|her|their|these|those) (?:\w+ )?<PILLS>|(?:\d{2,}|twenty|thirty|forty|fifty|sixty|a hundred|"
    r"hundreds of) (?:of )?(?:my |the |his |her )?<PILLS>|(?:double|triple|twice|three times) (?:my|his|her|"
    r"the|their) (?:dose|prescription|usual))\b",
    # Poisoning.
    r"\b(?:drank|drink|drinking|swallowed|swallow|ate|ingested|took|had) (?:some |a lot of |a bunch of |a "
    r"bottle of |a cup of |a glass of )?(?:bleach|antifreeze|rat poison|poison|drain cleaner|weed killer|"
    r"pesticide|lighter fluid)\b",
    # Breathing.
    r"\b(?:not|no longer|stopped|stops|barely|hardly|can not|could not|trouble|struggling|struggles|"
    r"can barely) (?:breathing|breathe|breath|breating|brething|breahting|breathin)\b",
    r"\b(?:breathing|breath|breaths) (?:is |are |has |got |seems |sounds |looks )?(?:really |very |so |"
    r"super )?(?:slow|shallow|weird|funny|strange|raspy|gurgling|gurgly|stopped|irregular)\b",
    r"\b(?:gurgling|death rattle|snoring (?:really )?(?:weird|strange|loud and)|making (?:a )?"
    r"(?:gurgling|choking|snoring) (?:sound|sounds|noise|noises))\b",
    # Turning blue.
    r"\b(?:turning|turned|turns|going|gone|went|getting) (?:all |really |kind of |kinda )?"
    r"(?:blue|purple|gray|grey)\b(?! (?:in the face from|with envy|jays?|team|from (?:holding|the cold|"
    r"cold|laughing|yelling)|lol|haha)\b)",
    r"\b(?:lips|lip|face|skin|fingertips|fingers|nails|fingernails) (?:are |is |look |looks |turned |"
    r"turning |going |gone |getting |seem |seems )?(?:really |kind of |kinda |all |so )?"
    r"(?:blue|purple|gray|grey|bluish|blueish)\b(?! (?:from (?:the )?cold|because of the cold|with cold|"
    r"paint|makeup|dye|lol|haha)\b)",
    r"\b(?:blue|purple|bluish) (?:lips|lip|face|fingertips|nails)\b",
    # Won't wake up / unresponsive (not "I won't wake up": that is ideation).
    r"(?<!\bi )(?<!i am )(?<!just )(?<!about )(?<!of )(?<!to )(?<!do )"
    r"\b(?:will not|would not|does not|did not|"
    r"is not|are not|can not|not) "
    r"(?:wake|waking|wakin|wakeing) up\b(?! (?:for|on time|early|in time|in the morning|till|until|"
    r"before|when|at|so|to)\b)",
    r"\b(?:can not|could not|unable to) (?:wake|rouse) (?:him|her|them|my (?:\w+ )?<REL>)\b"
    r"(?! (?:up )?(?:for|on time|early|in time|in the morning|before)\b)",
    r"(?<!\bi )(?<!\bi just )\b(?:will not|would not|does not|is not) wake\b(?! (?:up|me|us|you)\b)",
    r"\b(?:can not|could not|unable to|trying to|tried to|try to) (?:wake|rouse|get) (?:him|her|them|"
    r"my (?:\w+ )?<REL>|\w+) (?:to )?(?:up|to wake up|to respond|awake)\b(?! (?:for|on time|early|"
    r"in time|in the morning|before)\b)",
    r"\b(?:unresponsive|unresponisve|non ?responsive|not responsive)\b",
    r"\b(?:he|she|they|my (?:\w+ )?<REL>) (?:will not|would not|does not|is not|can not) (?:wake|respond|"
    r"come to|come round|come around)\b(?! (?:up )?(?:for|on time|early|in time|in the morning|before)\b)",
    r"\b(?:gasping|struggling|fighting) for (?:air|breath)\b",
    r"\b(?:he|she|they|him|her|them|my (?:\w+ )?<REL>) (?:is |are |was |went |has gone |lying |laying |"
    r"seems |looks )?(?:unconscious|unconcious|unconsious|not responding|not reacting|not moving|"
    r"lifeless|limp)\b",
    r"\bpassed out and (?:will not|can not|is not|not|does not|barely|hardly|turning|throwing up|"
    r"vomiting|choking|making)\b",
    # Seizures and other acute signs.
    r"\b(?:having|had|has|is having|started having|started|went into|gone into|just had|in the middle "
    r"of) (?:a |another )?(?:seizure|seizures|siezure|siezures|seisure|convulsions)\b",
    r"\b(?:seizing|siezing|convulsing)\b(?! (?:the|an|a|on|upon|opportunities|control|power|assets)\b)",
    r"\bfoaming at (?:the )?mouth\b",
    r"\bchoking on (?:his|her|their|my|own|vomit|puke|throw up)\b",
    r"\b(?:throwing up|vomiting|puking|coughing up) blood\b",
    r"\b(?:chest pains?|chest (?:is )?(?:hurts|hurting|tight|tightness)|having a heart attack|"
    r"heart (?:has |is )?(?:stopped|stopping) beating|(?:can not|could not) find (?:a|his|her|their) "
    r"pulse|(?:has|have) no pulse)\b",
    r"\b(?:i|he|she|they) (?:think|thinks|feel like|feels like) (?:i am|he is|she is|they are) "
    r"(?:literally )?(?:dying|going to die)\b(?! inside| of| from (?:the )?(?:heat|cold|boredom)|"
    r" laughing)",
    # Someone else collapsing or dying right now.
    r"\b(?:he|she|they|someone|somebody|my (?:\w+ )?<REL>|a (?:man|guy|woman|girl|kid|person)) (?:just )?"
    r"collapsed\b",
    r"\b(?:he|she|they|my (?:\w+ )?<REL>) (?:is|are) dying\b(?! (?:of|from|to|for|in hospice|slowly|"
    r"inside|laughing)\b)",
    r"\b(?:think|thinks|afraid|scared) (?:that )?(?:he|she|they|my (?:\w+ )?<REL>) (?:is|are|might be|"
    r"may be) dead\b",
    r"\bam i dying\b",
    # Emergency services already needed.
    r"(?<!if )(?<!when )\b(?:should i|do i|i need to|need to|please|someone|somebody|i am going to|"
    r"going to|i have to|have to|just|i|we|i will|i am|am) (?:call|calling|dial|dialing|ring) (?:an? |the )?"
    r"(?:911|999|112|ambulance|paramedics|ems|emergency services|poison control)\b",
    r"\b(?:i|we|they|he|she|someone|somebody|my (?:\w+ )?<REL>) (?:just |already )?(?:called|phoned|"
    r"dialed) (?:an? |the )?(?:911|999|112|ambulance|paramedics|ems|emergency services|poison control)\b",
    r"\bcalling (?:911|999|112|an ambulance) (?:now|right now)\b",
    r"\b(?:need|send|sent|get|getting|waiting for) (?:an |a |the )?(?:ambulance|paramedics)\b",
    # Naloxone being given right now (not "how do I use narcan").
    r"\b(?:gave|given|giving|sprayed|administered|injected|used|give|spray) (?:him|her|them|my "
    r"(?:\w+ )?<REL>) (?:a |one |two |another |the |some |\w+ )?(?:doses? (?:of )?)?(?:narcan|naloxone)\b",
    r"\b(?:gave|sprayed|administered|used|injected) (?:a |one |two |another |the |some )?(?:doses? "
    r"(?:of )?)?(?:narcan|naloxone) (?:on|to|into|in) (?:him|her|them|my (?:\w+ )?<REL>)\b",
    r"\b(?:narcan|naloxone) (?:is not|was not|did not|does not|not|has not) (?:working|work|worked|"
    r"helping|help|helped|doing)\b",
    r"\bneeds? (?:narcan|naloxone) (?:now|right now|asap|fast|quick)\b",
    r"\b(?:has|have|having|got|getting) alcohol poisoning\b",
    # Spanish: "sobredosis" in the present, "no respira", "labios morados".
    r"\b(?:tiene|tengo|tienen|teniendo|esta|estoy|estan|le dio|me dio|les dio|sufre|sufriendo|hay|"
    r"creo que|acaba de|acabo de|tuvo|tuve|le esta dando|me esta dando) (?:\w+ ){0,3}sobre ?dosis\b",
    r"\bsobre ?dosis\b(?: (?:\w+|,)){0,4} (?:ayuda|auxilio|urgente|ahora|ya)\b",
    r"\b(?:ayuda|auxilio|urgente|socorro)\b(?: (?:\w+|,)){0,4} sobre ?dosis\b",
    r"\bno (?:respira|esta respirando|despierta|se despierta|reacciona|responde)\b",
    r"\b(?:dejo|deja|ha dejado) de respirar\b",
    r"\blabios (?:\w+ )?(?:azules|morados)\b",
    r"\bse (?:esta )?(?:poniendo|puso|pone) (?:azul|morad[oa])\b",
    r"\bconvulsi(?:on|ones|onando)\b",
    r"\b(?:tome|tomo|me tome|se tomo|trague|trago|se trago) (?:\w+ ){0,2}(?:demasiad[oa]s|tod[oa]s "
    r"(?:las|mis|sus)|un frasco|un bote|muchas|muchisimas) (?:\w+ )?(?:pastillas|pildoras|tabletas|"
    r"pastis|medicinas)\b",
    r"\bllama(?:r|d)? (?:a |al )?(?:911|una ambulancia|ambulancia)\b",
]


# --------------------------------------------------------------------------
# Suicide, self-harm and immediate danger
# --------------------------------------------------------------------------

_CRISIS_PATTERNS: List[str] = [
    # Explicit suicide words, forgiving spelling: "suicde", "sucidal", "suicidarme".
    r"\bsu(?:i|e|ic)?[cs](?:i|e)?d(?:e|es|al|ial|ally|ality|ar|arme|arse|io|ios|a|as|e?l)?\b",
    r"\bsu?icid\w*|\bsuisid\w*|\bscid(?:e|al)\b",
    r"\bunal\w?ive\w*|\bsewer ?sl?ide\b|\bself ?(?:delete|deletion|terminat\w*)\b",
    # Killing oneself or someone else killing themselves ("kms" is expanded).
    r"\b<KILLV> <ANYSELF>\b(?! (?:laughing|with laughter|working|at (?:work|the gym|the office)|to (?:get|"
    r"make|finish|meet|pay|keep|please)|trying to|over (?:nothing|this|that|it))\b)",
    r"\b(?:end|ending|ended|take|taking) (?:my|his|her|their) (?:own )?li(?:fe|ves)\b",
    r"\b(?:told|tell|tells|telling) me (?:to|i should) (?:go )?(?:kys|kill yourself|kill <SELF>|die|"
    r"go die|end it|unalive)\b",
    r"\b(?:i|me) (?:\w+ )?(?:want to|should|going to|will|might|need to|just|to) (?:kys|kill yourself)\b",
    r"\bcrisis (?:line|hotline|hot line|text line|number|helpline|help line)\b|\b988\b",
    r"\bdeath wish\b",
    # Wanting to die or not to exist (not "I don't want to die").
    r"(?<!not )(?<!never )(?<!nobody )(?<!no one )\b(?:want|wanna|wanted|wants|wish|wishing|wished|"
    r"need|needs|ready|planning|plan|plans|decided|deserve|deserves|hope|hoping|long|longing|like|"
    r"desperate|trying) (?:to|2) (?:just |really |simply )?(?:<DIE>|be dead|not (?:be )?"
    r"(?:alive|here|exist|wake up|be around)|stop (?:living|existing)|cease to exist|not exist(?:ing)?|"
    r"(?:go to )?sleep forever|never wake up)\b"
    r"(?! of (?:embarrassment|laughter|boredom|cringe)| laughing| down)",
    r"\bfeel(?:s|ing)? like (?:dying|i want to die|ending it|killing <SELF>|giving up on life|not "
    r"existing|disappearing forever)\b(?! (?:my|your|her|his|the|our|their|some|it)\b)",
    r"\bwish(?:ing|ed)? (?:that )?i (?:was|were|could be|would be|had been) (?:dead|never born|not "
    r"(?:alive|here|born|around))\b",
    r"\bwish(?:ing|ed)? (?:that )?i (?:could|would|might) (?:just )?(?:<DIE>|not wake up|"
    r"never wake up|fall asleep and (?:never|not) wake up|sleep forever|stop existing|cease to exist)\b",
    r"\bwish(?:ing|ed)? (?:that )?i (?:had|would have|could have) (?:never been born|died|not been born|"
    r"not woken up|never woken up)\b",
    r"\b(?:better off|happier|be better) dead\b|\brather be dead\b",
    r"\b(?:would|i would) rather (?:just )?<DIE>\b(?! than| before)",
    r"(?<!you )(?<!they )(?<!he )(?<!she )(?<!we )\b(?:should|might as well|may as well|ought to) (?:just )?"
    r"(?:<DIE>|be dead|end it|not exist|not be alive|kill <SELF>)\b",
    r"\b(?:do not|not|never) deserve to (?:live|be alive|be here|exist|wake up)\b",
    r"\brather (?:not (?:exist|be alive|be here|live|wake up)|be dead)\b",
    r"\bi (?:just |really )?want out(?= [.?,]|$)",
    r"\b(?:hate|hating) (?:being alive|existing|my existence|living like this)\b",
    r"\b(?:dying|death|being dead|not existing) (?:sounds|seems|looks|feels|would be|would feel|is) (?:so |"
    r"really |pretty )?(?:good|nice|peaceful|better|easier|appealing|welcome|like a relief|a relief|like "
    r"relief|like an escape|like the only way out|the only way out|like my only option|my only option)\b",
    r"\bganas de (?:morir\w*|matarme|suicidarme|desaparecer|no despertar)\b",
    r"\b(?:hope|hoping|pray|praying) (?:that )?i (?:do not|will not|never|dont) wake up\b",
    r"\b(?:go|going|went|fall|falling) to sleep and (?:never|not) wake up\b",
    r"\bsleep and never wake up\b",
    r"\b(?:do not|never) want to wake up\b(?! (?:early|at|before|for|so early|on time|in the morning|"
    r"to|with|hungover|hung over|like that|in (?:a|the|jail|hospital|a cell|someone)|next to|feeling|"
    r"sick|again)\b)",
    r"\bnever wake up\b(?! (?:on time|early|before|in time|until|till|at|for|with|hungover|like|in|"
    r"next to|sick|again)\b)",
    # No reason to live / life not worth living.
    r"\b(?:no|not a|not any|nothing|zero|without a|lost my|lost the|no more|can not find a|do not have "
    r"a|do not have any|have no) (?:single |real )?(?:reason|reasons|point|will|purpose|motivation) "
    r"(?:for me )?(?:to|for) (?:live|living|keep living|go on|going on|be alive|stay alive|exist|keep going|"
    r"wake up|stay)\b",
    r"\bnothing (?:left )?to live for\b",
    r"\b(?:do not|can not|could not) (?:see|find|think of) (?:a|any|one|the|a single) (?:good )?(?:reason|"
    r"point|purpose) (?:to|for|in) (?:live|living|go on|going on|keep going|be alive|stay alive|"
    r"wake up|keep living|staying alive)\b",
    r"\bwant (?:it all|everything|all of this|this all|my life|this life|all this|it|the pain|this pain|"
    r"my pain) to (?:end|be over|stop) (?:forever|for good|permanently)\b",
    r"\bwant (?:it all|everything|all of this|this all|my life|this life|all this) to (?:end|be over|stop)\b"
    r"(?! (?:with|between|so|and start)\b)",
    r"\bwhat is (?:even )?the point (?:anymore|any more|of anything anymore|of it all)\b",
    r"\bno point (?:in |to )?(?:living|life|going on|being alive|existing|my life|anything anymore|"
    r"carrying on|waking up|trying anymore)\b",
    r"\b(?:lost|losing|have no|no) (?:the |my )?will to live\b",
    r"\blife (?:is|is just|feels|seems) (?:not|no longer|never going to be) worth (?:living|it)\b",
    r"\bnot worth (?:living|being alive)\b|\blife is (?:pointless|meaningless|not worth it)\b",
    r"\bwhat is the point (?:of|in) (?:living|life|going on|being alive|existing|it all|waking up|"
    r"even trying anymore|anything anymore)\b",
    r"\bwhy (?:should|do|would|even|bother) (?:i )?(?:even )?(?:bother )?(?:keep )?(?:living|go on|"
    r"going on|stay alive|staying alive|be alive|being alive|exist|existing)\b",
    r"\b(?:tired|sick|exhausted) of (?:living|life|being alive|existing|breathing|it all|everything)\b"
    r"(?! (?:about|in|at|with|related)\b)",
    r"\bdone with (?:life|living|being alive|this life|existing|it all)\b|\b(?:i am|am) done (?:living|"
    r"being alive|existing)\b|\bhad enough of (?:life|living|being alive|existing)\b",
    r"\b(?:no way out|only way out|only option|only escape|only answer)(?: left)? (?:except|but|other than|"
    r"is|is to) (?:death|dying|to die|suicide|<DIE>)\b|\bdeath is (?:the|my) only (?:way out|option|answer|"
    r"escape)\b",
    r"\blet me <DIE>\b",
    r"\b(?:hope|hoping|pray|praying|wish) (?:that )?i (?:just )?<DIE>\b",
    r"\b(?:if i|i could|i should|i want to|i wish i could) (?:just )?(?:stopped|stop) (?:living|existing)\b",
    r"\b(?:do not|no longer|never|not) (?:want|wanna|wish) to (?:be alive|exist|keep living|go on living|"
    r"continue living|be on this earth|be in this world|breathe anymore|live anymore|be here anymore|"
    r"be around anymore|live another day|be here any more|live any more|be here tomorrow|wake up "
    r"anymore|be alive anymore)\b",
    r"\b(?:do not|no longer|never) want to live\b(?! (?:with|in|here|there|at|near|on|together|under|"
    r"far|close|somewhere|alone|like (?:my|him|her|them|that|a|an|the)|by|next|across|downtown|"
    r"abroad|where|without (?:my|a|the) (?:car|job))\b)",
    r"\b(?:do not|never) want to go on\b(?! (?:a|an|the|any|this|that|vacation|holiday|holidays|trip|"
    r"trips|tour|stage|dates?|camping|about|with|medication|meds|antabuse|suboxone|methadone|line|"
    r"online|social|facebook|twitter|my phone|those|these)\b)",
    # "I can't go on", "can't take it anymore".
    r"\bcan not go on\b(?! (?:a|an|the|any|this|that|vacation|holiday|holidays|trip|trips|tour|stage|"
    r"dates?|camping|about|with|medication|meds|antabuse|suboxone|methadone|line|online|social|"
    r"facebook|twitter|my phone|those|these|and on|tv|air|stage|record)\b)",
    r"\bcan not keep going\b(?! (?:to|back|on|out|in|there|with|down)\b)",
    r"\bcan not (?:take|handle|stand|bear|cope with|deal with|do|cope|fight) (?:it|this|life|living|"
    r"the pain|this pain|any of this|everything|this life)? ?(?:anymore|any more|much longer|no more)\b",
    r"\bcan not (?:take|bear|stand) (?:it|this|much more|any more|anymore|this pain|the pain)"
    r"(?= [.?]|$)",
    r"\bcan not (?:live|exist|continue|keep living|go on living) (?:like this|this way|with <SELF>|"
    r"anymore|any more|with this pain)\b",
    r"(?<!not )(?<!never )\bgiv(?:e|ing|en) up on (?:life|living|everything|<SELF>|being alive|it all)\b",
    r"\bgave up on (?:life|living|everything|being alive)\b",
    # Wanting to disappear or end it (not "end it with him", "disappear for a while").
    r"\b(?:want|wanna|wish|wishing|need|going|ready|plan|planning) (?:to |i could |i could just |"
    r"to just |i would |to simply |i can )?(?:disappear|vanish)\b(?! (?:from|off|for (?:a|the|some|few|"
    r"couple|while|weekend|day|week|month|bit|an|now)|to |into (?:my|a|the) |in(?:to)? (?:the )?"
    r"(?:mountains|woods|crowd|background)|on (?:a|vacation|holiday)|under|inside|somewhere|after)\b)",
    r"\b(?:disappear|vanish) (?:forever|for good|permanently|off the face of the earth)\b",
    r"\b<INTENT> (?:to )?(?:just |finally |simply |really )?(?:end|ending|finish|finishing) (?:it|it all|"
    r"everything|things|my pain|all of this|my suffering|this for good|it for good|the pain for good)\b"
    r"(?! (?:with|between|off|early|here|there|now with|today with|for (?:the |today|now)|on a|on "
    r"good|on a good|up|at|by|soon with|and move|and start)\b)",
    r"\b(?:end|ending|ended) it all\b(?! with\b)|\bend everything\b|\bend it tonight\b",
    r"\ball i (?:think|thought|can think|dream) about is (?:dying|death|suicide|killing <SELF>|ending it|"
    r"being dead)\b",
    r"\b(?:picturing|imagining|planning|planned|plan|think about|thinking about) my (?:own )?(?:funeral|"
    r"death|suicide)\b",
    r"\b(?:want to|wanna|ready to|going to|just want to|long to|need to) (?:go )?(?:be with|join|see) "
    r"(?:my \w+|him|her|them|god|jesus)(?: \w+)? (?:in heaven|on the other side|in the afterlife|in death)"
    r"\b",
    # Thoughts and preoccupation with death.
    r"\bthink(?:ing)? (?:about|of) (?:dying|death|ending (?:it|things|my life|everything|it all)|"
    r"killing <SELF>|not (?:being alive|being here|existing|waking up)|taking my (?:own )?life|"
    r"being dead|how to die|ways to die|jumping (?:off|from|in front)|hanging <SELF>|my funeral|"
    r"my own funeral)\b",
    r"\bthoughts (?:of|about) (?:dying|death|suicide|ending (?:it|things|my life)|killing <SELF>|"
    r"self harm|hurting <SELF>|not being here|not existing|taking my life|being dead)\b",
    r"\b(?:having|have|had|get|getting|been having) (?:really |very |so |some |these |those |the )?"
    r"(?:dark|death|morbid) thoughts\b",
    # Burden and goodbye language.
    r"\b(?:better|happier|easier|fine|okay|ok|relieved) (?:off |of )?(?:without me|with me gone|with me "
    r"dead|once i am gone|when i am gone|if i (?:was|were) (?:gone|dead|not (?:here|around|alive)|"
    r"never born)|if i (?:died|disappeared|did not exist|never existed|was not here|killed <SELF>|just (?:died|"
    r"disappeared|left this world|was not here)))\b",
    r"\b(?:i am|being|feel(?:ing)? like|i have become|i have been|become|am i) (?:just |such |only |"
    r"nothing but |a |the |huge |big |a huge |a big |such a |just a |only a )*burden\b",
    r"\bburden (?:to|on|for) (?:everyone|everybody|my family|them|you all|my kids|my children|the people|"
    r"my wife|my husband|my parents|my partner|the world|all of you|those around me|my friends)\b",
    r"\b(?:no one|nobody|no body) (?:\w+ ){0,2}(?:miss me|notice (?:if|when) i (?:died|die|was gone|were "
    r"gone|disappeared|disappear|vanished|was dead|killed|did not wake|stopped existing|was not (?:here|"
    r"around)|were not (?:here|around))|notice i (?:am|was) gone|care (?:if|when) i (?:die|died|am gone|"
    r"was gone|disappear|disappeared|killed|was dead|was not here|did not wake|live or die))\b"
    r"|\b(?:no one|nobody|no body) (?:\w+ ){0,2}(?:cares|notices) (?:if|when|whether) i (?:live or die|die|"
    r"died|am gone|disappear|was gone|was dead)\b",
    r"\bthis is (?:my )?(?:final |last )?goodbye\b|\b(?:my|a) (?:final|last) goodbye\b",
    r"\bgoodbye (?:forever|for good|cruel world|world|everyone forever)\b",
    r"\bsorry for everything(?: ,)? (?:goodbye|bye|i love you)\b|"
    r"\bgoodbye (?:everyone|everybody|all|world|guys)(?: ,)? (?:i love you|i am sorry|sorry|forgive me|"
    r"thank you for everything|tell)\b|\bi love you all(?: ,)? goodbye\b",
    r"\b(?:my will|my affairs)(?: (?:\w+|,)){0,6} (?:saying |say )?goodbyes?\b",
    r"\b(?:saying|say|said) (?:my )?goodbyes? (?:to (?:everyone|everybody|my (?:family|kids|children|"
    r"loved ones)|the world|all of you|you all)|forever|for good)\b",
    r"\bthis (?:is|will be|might be) (?:my|the) (?:last|final) (?:message|text|post|time you hear from "
    r"me|time i talk to|time you will hear)\b(?! (?:of|for|before|today|tonight|until|till)\b)",
    r"\b(?:will not|will never|never going to|are not going to|not going to) (?:ever )?(?:hear from|see) "
    r"me (?:again|ever again)\b",
    r"\b(?:wrote|written|writing|write|left|leaving|leave|finished|drafted|prepared|typed|recorded|"
    r"posted|sent|texted|sending|posting) "
    r"(?:\w+ ){0,2}(?:suicide|goodbye|final|last) (?:note|letter|message|video)s?\b",
    r"\b(?:wrote|written|writing|left|leaving|finished|prepared) (?:a |my |the |some )?notes? (?:for|to) "
    r"(?:my )?(?:family|kids|children|parents|wife|husband|partner|mom|dad|loved ones|everyone|"
    r"boyfriend|girlfriend|son|daughter|friends)\b",
    r"\bgiv(?:e|ing|en) away (?:all )?(?:of )?my (?:stuff|things|belongings|possessions|pets|dog|cat|"
    r"cats|dogs)\b|\bgave away (?:all )?(?:of )?my (?:stuff|things|belongings|possessions)\b",
    r"\b(?:put|putting|getting|got) my affairs in order\b",
    r"\b(?:will not|would not|not going to) be (?:here|around|alive) (?:much longer|for (?:much )?longer|"
    r"for long|anymore|any more|by (?:morning|tomorrow|tonight|the weekend)|to see)\b",
    r"\bi (?:will|would|am going to|plan to) be (?:dead|gone for good|gone forever|in the ground|"
    r"six feet under)\b|\b(?:i will|i would|i am going to) be gone by (?:morning|tomorrow|tonight|the "
    r"weekend|sunrise)\b",
    # Plans and means.
    r"\b(?:have|got|have got|has) (?:all )?(?:of )?(?:the|my|enough|a|some|these|those) (?:\w+ )?"
    r"(?:pills|meds|tablets|rope|noose|gun|razors?|blades?) "
    r"(?:ready|saved|stashed|hidden|lined up|counted|counted out|in front of me|in my hand|next to me|"
    r"picked out)\b",
    r"\b(?:enough|all (?:the|my)) <PILLS> to (?:<DIE>|end it|kill <SELF>|do it|not wake up|od|overdose|"
    r"end (?:it all|things|everything|my life))\b",
    r"\b(?:stockpil|hoard|collect|stash)\w* (?:up )?(?:my |all my |the |some |enough )?(?:\w+ )?<PILLS>\b",
    r"\b(?:saving|saved|saving up) (?:up )?(?:my |all my |enough )?(?:pills|meds|sleeping pills|"
    r"painkillers)\b(?! (?:for (?:my |the )?(?:trip|vacation|travel|later|emergencies|refill)|in case)\b)",
    r"\bnoose\b|\b(?:rope|belt|cord) (?:around|round) my neck\b",
    r"\bloaded (?:a|the|my|his|her)(?: \w+)? (?:gun|pistol|revolver|rifle|shotgun)\b",
    r"\bgun (?:to|against|in) my (?:head|mouth|temple|chest)\b",
    r"\b(?:blade|razor|knife|glass) (?:to|on|against|across|into) my (?:wrists?|arms?|skin|legs?|"
    r"thighs?|throat|neck)\b",
    r"\b(?:slit|slice|slash|slitting|slicing|slashing) (?:open )?my (?:wrists?|throat|veins?)\b",
    r"\b(?:cut|cutting|cuttin|carve|carving|carved|burn|burning|burned|burnt) (?:open |into )?my (?:wrists?|"
    r"arms?|legs?|thighs?|skin|stomach|hips?|throat|veins?)\b(?! (?:on|while|shaving|cooking|by accident|"
    r"accidentally|at work|at the|in the kitchen|playing|falling)\b)",
    r"\b(?:blade|razor|knife)\b(?: \w+){0,6} (?:my )?(?:wrists?|veins?)\b",
    r"\bhide (?:my |the )?(?:cuts|scars|blades|razors)\b",
    r"\b(?:ways|methods) to (?:<DIE>|kill <SELF>|end my life|commit)\b",
    r"\b(?:standing|sitting|stood|am|i am|i am sitting|i am standing) on (?:the|a|top of the|top of a) "
    r"(?:ledge|bridge|roof|rooftop|overpass|cliff|tracks|train tracks|railroad tracks|railway)\b"
    r"(?! (?:fixing|working|cleaning|repairing|painting|with (?:my|the|a) (?:dad|son|crew|team|friends)|"
    r"of (?:the|my|a) (?:car|house|garage|shed))\b)",
    r"\b(?:going to|about to|want to|ready to|will|planning to|plan to|thinking about|think about|"
    r"might|could just|gonna|i am going to) (?:just )?jump(?:ing)?\b(?! (?:in|into|on|onto|at|for|up|"
    r"rope|right|ship|start|to|around|the gun|back|through|over|aboard|out of bed|ahead|the line|"
    r"the queue|with|down|scare|off the wagon|on the wagon|higher|high|across)\b)",
    r"\bjump (?:off|from) (?:a|the|this|that|my) (?:bridge|building|roof|cliff|balcony|overpass|ledge|"
    r"parking garage|tower|skyscraper|window)\b",
    r"\b(?:jump|step|walk|throw <SELF>) (?:out )?(?:in ?front of|under) (?:a|the) (?:train|bus|car|"
    r"truck|traffic|subway|lorry)\b",
    r"\bdriv(?:e|ing) (?:my car )?(?:into|off) (?:a|the) (?:tree|wall|bridge|cliff|river|lake|oncoming "
    r"traffic|pole|road|overpass)\b|\bcrash my car (?:on purpose|into)\b",
    r"\b(?:going to|gonna|want to|plan to|planning to|thinking about|about to|ready to|will|might) "
    r"(?:just )?(?:take|swallow|down|pop) (?:a|the whole|an entire|a whole|the rest of the|the rest of "
    r"my) (?:bottle|handful|pack|box)\b",
    r"\b(?:going to|gonna|want to|plan to|planning to|thinking about|about to|ready to) (?:just )?"
    r"(?:take|swallow|down|pop) all (?:of )?(?:my|the|these|those) (?:\w+ )?<PILLS>(?: (?:at once|tonight|"
    r"and (?:never|not) wake|so i|to (?:die|end|sleep forever|not wake))\b|(?= [.?,]|$))",
    r"\b(?:i have|i have got|i got) (?:the|enough|all the|all my) (?:pills|rope|gun|noose|razor|blades)"
    r"(?= [.?,]|$)",
    r"\b(?:use|using|turn|turning) (?:it|them|that|this|the gun|the knife|the razor|the blade|a knife|a "
    r"gun) on <SELF>\b",
    r"\bthrow(?:ing)? <SELF> (?:off|from|in front of|infront of|under|into)\b",
    r"\b(?:made|make|making) <SELF> bleed\b|\bfrom where i cut\b|\bcut (?:too|really|so) deep\b",
    r"\b(?:to|going to|gonna|will|might|should|just) off <SELF>\b",
    r"\b(?:going to|gonna|want to|wanna|plan to|planning to|about to|ready to|trying to|try to|"
    r"intend to) (?:od|overdose)\b(?! on (?:accident|weed|caffeine|coffee|sugar))",
    r"\b(?:od|overdose|overdosed) on purpose\b|\bpurposely (?:od|overdose)\b|\bintentional(?:ly)? "
    r"(?:od|overdose)\b",
    r"\bhow (?:to|do i|can i|could i|should i) (?:<DIE>|od|overdose|kill <SELF>|end it|end my life|"
    r"hang <SELF>)\b",
    r"\bhow (?:many|much) (?:\w+ ){0,4}(?:to|would|will|does it take to|would it take to|until|before) "
    r"(?:(?:it |you |i |me |one |a person )?(?:<DIE>|kill|od|overdose|be lethal|end it|not wake up|"
    r"stop (?:your|my) heart))\b",
    r"\b(?:lethal|fatal|deadly) (?:dose|amount|combination|combo|mix)\b",
    r"\bpainless(?:ly)? (?:way|ways|death|method|methods|to die|suicide)\b|\b(?:die|death) painlessly\b",
    r"\b(?:best|easiest|quickest|fastest|surest|quietest) (?:way|ways|method|methods) to (?:<DIE>|end it|"
    r"kill <SELF>|od|overdose|end my life|not wake up)\b",
    # Self-harm, with accidents ("cut myself shaving") and idioms excluded.
    r"\bself ?(?:harm\w*|injur\w*|mutilat\w*|hurt\w*)\b|\bautolesion\w*",
    r"\b(?:cut|cuts|cutting|cuttin|cutted) <ANYSELF>\b(?! (?:some slack|slack|off|out|short|loose|free|"
    r"a break|in on|back|shaving|while|cooking|chopping|on (?:a|the|some|paper|glass|broken|accident|"
    r"tin|can)|by accident|accidentally|opening)\b)",
    r"\b(?:burn|burns|burning|burned|burnt) <ANYSELF>\b(?! (?:out|on (?:the|a|some|hot)|while|cooking|"
    r"making|with (?:hot|boiling|the)|taking|in the sun|at the beach|by accident|accidentally|ironing|"
    r"baking)\b)",
    r"\b(?:hurt|hurts|hurting|injure|injures|injuring|injured) <ANYSELF>\b(?! (?:at (?:the )?(?:gym|"
    r"work|practice)|playing|lifting|working out|exercising|running|skiing|falling|in (?:the )?(?:gym|"
    r"game|match|accident)|during|on (?:the )?(?:job|ice|stairs|trampoline|bike)|when i fell|by "
    r"falling|slipping|tripping|skating|hiking|training)\b)",
    r"\b(?:harm|harms|harming|harmed|mutilate|mutilating|mutilated|stab|stabs|stabbing|stabbed|"
    r"strangle|strangling|strangled|choke|choking|choked|suffocate|suffocating|suffocated|smother|"
    r"smothering|hang|hangs|hanging|hanged|punch|punches|punching|punched|hit|hits|hitting|slap|"
    r"slapping|bleed|bleeding) <ANYSELF>\b",
    r"\b(?:shoot|shooting|shot) <ANYSELF>\b(?! (?:up|in the foot|in the leg by accident)\b)",
    r"\b(?:drown|drowning|drowned) <ANYSELF>\b(?! in (?:work|booze|alcohol|drink|drinks|sorrows?|the "
    r"bottle|tv|games|video games|books|food|wine|beer|my (?:work|studies|sorrows|job)|coffee))",
    r"\b(?:poison|poisoning|poisoned) <ANYSELF>\b(?! (?:with|every|by drinking|by using|daily)\b)",
    r"\b(?:starve|starving|starved) <ANYSELF>\b(?! (?:of|for)\b)",
    r"\bscratch\w* <ANYSELF> (?:until|till|til|raw|bloody|to bleed)\b",
    r"\b(?:bang|banging|banged|hit|hitting|slam|slamming|slammed) my head (?:against|on|into) (?:the |a )?"
    r"(?:wall|walls|floor|door)\b",
    r"\b(?:started|start|starting|keep|kept|keeps|been|relapsed on|relapse on|urge to|urges to|wanting "
    r"to|want to|need to|tempted to|thinking about|thought about|craving|itching to|back to|going to) "
    r"(?:cutting|cuttin|cut|burning|burn)(?= (?:[.?,]|again|tonight|today|so|really|badly|bad|and|but|"
    r"because|every|more|deeper)|$)",
    r"\b(?:urge|urges|urging|itch|craving|cravings) to (?:cut|burn)\b(?! (?:back|down|out|off|ties|it|the|"
    r"my (?:hair|losses|hours|drinking|intake)|corners|costs|people|them|him|her|contact|sugar|carbs|"
    r"alcohol|drinking|caffeine|coffee|smoking|weed|booze|loose|in line|class|school|work|calories|"
    r"through|a deal|money|spending|sugar)\b)",
    r"\b(?:i|just|i have|i just) (?:cut|burned|burnt) (?:again|last night|tonight|today|this morning|"
    r"yesterday)\b",
    r"\b(?:fresh|new|deep) cuts\b|\bcuts on my (?:arms?|wrists?|legs?|thighs?|stomach)\b",
    r"\b(?:took|taking|take) apart (?:a |my |the )?(?:razor|sharpener|pencil sharpener)\b",
    # Someone else threatening suicide.
    r"\bthreat(?:en|ens|ened|ening) (?:suicide|to (?:end it|jump|overdose|od|hang|shoot <REFL3>))\b",
    r"\b(?:he|she|they|my (?:\w+ )?<REL>) (?:is|are|was|keeps|kept) (?:talking|saying|posting|texting) "
    r"(?:about|that) (?:dying|wanting to die|ending it|ending (?:his|her|their) life|not being here)\b",
    # Immediate danger and violence.
    r"\bthreat(?:en|ens|ened|ening) (?:to )?(?:kill|hurt|shoot|stab|murder|beat|strangle|choke|harm|"
    r"attack|burn|rape) (?:me|us|my|our|the kids|the baby|the children|everyone)\b",
    r"\b(?:someone|somebody|he|she|they|a man|a guy|a woman|my (?:\w+ )?<REL>) (?:is|are|keeps|kept|has "
    r"been|have been|was) (?:trying to (?:kill|hurt|choke|strangle|stab|shoot) |hitting |beating |choking "
    r"|strangling |stabbing |attacking |punching |kicking |raping |abusing |hurting |threatening )(?:me|us|"
    r"my (?:kids|children|baby|son|daughter|mom|dad))\b",
    # "my husband is going to kill me", but not "...when she finds out I skipped class".
    r"\b(?:someone|somebody|he|she|they|a man|a guy|my (?:\w+ )?<REL>) (?:is|are) (?:going to|gonna|about "
    r"to) (?:kill|hurt|shoot|stab) (?:me|us)(?= [.?,]|$| (?:tonight|right now|now|please|help|and|he is|she "
    r"is)\b)",
    r"\b(?:someone|somebody|he|she|they|a man|a guy|a woman|my (?:\w+ )?<REL>) (?:has|have|got|pulled|"
    r"pulled out|is holding|is waving|pointed|is pointing|came at me with|threatened me with|is coming "
    r"at me with) (?:a|his|her|their|the) (?:gun|knife|weapon|machete|blade)\b",
    r"\b(?:i am|i feel|we are|i am really|i am so|i am not|i do not feel) (?:not safe|unsafe|in danger|"
    r"scared for my life|afraid for my life|in immediate danger|fearing for my life|terrified for my "
    r"life)\b(?! (?:to drive|around|near|with (?:alcohol|booze|drinks|drugs)|at (?:bars|parties)|in "
    r"(?:bars|the bar)|driving|of)\b)",
    r"\b(?:do not|never) feel safe (?:at home|here|right now|in my (?:own )?(?:home|house|apartment)|"
    r"with (?:him|her|them)|around (?:him|her|them)|tonight|anymore)\b",
    r"\bnot safe (?:at home|here|right now|in my (?:own )?(?:home|house|apartment|room)|with (?:him|her|"
    r"them|my (?:\w+ )?<REL>)|around (?:him|her|them)|tonight)\b",
    r"\bi am not safe(?= [.?,]|$)",
    r"\b(?:fear|fearing|afraid|scared|terrified) for my life\b|\bmy life is in danger\b",
    r"\b(?:breaking|broke|trying to break|is breaking) (?:into|in to|in) (?:my|our|the) (?:house|home|"
    r"apartment|place|room|flat)\b",
    r"\b(?:going to|gonna|want to|about to|might|could|afraid i will|scared i will|urge to|urges to) "
    r"(?:hurt|harm|shoot|stab) (?:someone|somebody|people|my (?:kids|children|baby|wife|husband|partner|"
    r"family|mom|dad)|the kids|the baby|everyone)\b",
    r"\b(?:going to|gonna|want to|about to|afraid i will|scared i will|urge to|urges to) kill (?:someone|"
    r"somebody|people|everyone|my (?:kids|children|baby))\b",
    r"\b(?:will not|does not|would not) let me (?:leave|out)\b|\blocked me (?:in|inside)\b",
    r"\b(?:raped|sexually assaulted|strangled|choked) me\b|\bbeat me up\b",
    r"\b(?:i am|we are) being (?:attacked|beaten|hurt|abused|stalked|threatened|followed)\b",
    r"\b(?:scared|afraid|terrified|worried) (?:that )?(?:he|she|they|someone|somebody|my (?:\w+ )?<REL>) "
    r"(?:will|is going to|might|would|is gonna|is about to) (?:kill|hurt|shoot|stab|beat) (?:me|us)\b",
    r"\b(?:there is|there are) (?:someone|somebody|a man|a guy|an intruder|people) (?:in|inside) (?:my|our|"
    r"the) (?:house|home|apartment|room|flat)\b|\bintruder\b",
    r"\bsaid (?:he|she|they) (?:would|will|is going to|was going to|is gonna|were going to|are going to) "
    r"(?:kill|hurt|shoot|stab) (?:me|us)\b(?! if)",
    # Spanish.
    r"\b(?:me )?quiero morir(?:me)?\b|\bquisiera morir(?:me)?\b|\bme quiero morir\b|\bdeseo morir\b",
    r"\b(?:ya )?no quiero (?:seguir )?(?:vivir|viviendo|estar vivo|estar viva|existir|despertar)\b",
    r"\bme (?:voy a|quiero|pienso|tengo que) matar\b",
    r"\bmatarme\b(?! (?:de risa|trabajando|estudiando|a trabajar)\b)",
    r"\bse (?:quiere|va a|piensa) (?:matar|morir|quitar la vida)\b",
    r"\bquitarme la vida\b|\bacabar con (?:mi vida|todo)\b",
    r"\bno (?:vale|tiene sentido) (?:la pena )?vivir\b",
    r"\bno tengo (?:razon|razones|motivos?|nada) (?:para|por (?:lo )?que) vivir\b",
    r"\b(?:estarian|estaria|estarias|estaran) mejor sin mi\b|\bmejor (?:estar )?muert[oa]\b",
    r"\bdesaparecer para siempre\b|\bdejar de existir\b",
    r"\b(?:me corto|cortarme|me estoy cortando|me lastimo|lastimarme|hacerme dano|me hago dano)\b",
    r"\b(?:ya )?no (?:aguanto|puedo) mas\b|\badios para siempre\b",
]


try:  # The regex parser is only used to speed matching up, never for correctness.
    import re._parser as _sre_parse  # type: ignore[import-not-found]  # Python >= 3.11
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_FirstChars = Optional[FrozenSet[str]]


def _first_chars(items: Iterable[Any]) -> Tuple[_FirstChars, bool]:
    """Characters a parsed regex sequence can start with, and whether it can
    match the empty string. ``None`` means "could be anything"."""
    first: Set[str] = set()
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
    buckets: Dict[str, List[str]] = {}
    always: List[str] = []
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
_PAST_RE = re.compile(
    r"\b(?:years?|yrs|decades?) (?:ago|back)\b|\ba long time ago\b|\blong ago\b"
    r"|(?<!am )(?<!so )(?<!get )(?<!got )(?<!getting )\bused to\b"
    r"|\bback (?:in|when|then)\b|\b(?:in|since) (?:19|20)\d\d\b|\bin the past\b"
    r"|\b(?:when|since) i was (?:younger|young|a kid|a child|little|a teen|a teenager|in (?:high school|"
    r"middle school|college|school|university|my (?:teens|twenties|20s))|\d{1,2}|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|fourteen|thirteen)\b"
    r"|\bas a (?:kid|teen|teenager|child)\b|\bin my (?:teens|twenties|20s|early 20s|youth)\b"
    r"|\bhace (?:\w+ ){0,2}(?:anos|ano|decadas)\b|\bcuando era\b|\bsolia\b"
)
# Vaguer past ("once", "last year"): trusted only in a clause with no present tense,
# so "once I get home I am going to..." is not mistaken for history.
_WEAK_PAST_RE = re.compile(
    r"(?<!at )\b(?:once|last year|that year|those years|that summer|that winter|that time|at the time|in years|"
    r"survivor|survived|in recovery from|recovered from|recovering from|free from|clean from|free of|"
    r"el ano pasado)\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:years?|yrs) "
    r"(?:out|free|clean|sober)\b"
)
# Wanting, planning or feeling something now: a weak past marker does not
# outweigh it ("once I get home I'm going to...", "3 years sober and I want to die").
_INTENT_RE = re.compile(
    r"\b(?:want|wants|wanna|going to|will|plan|planning|thinking|think|feel|feels|keep|keeps|wish|hope|"
    r"need|can not|am going|quiero|voy)\b"
)
# Something current in the same clause cancels the past reading.
_CURRENT_RE = re.compile(
    r"\b(?:still|now|just|today|tonight|right now|currently|again|these days|lately|anymore|any more|"
    r"every day|everyday|this week|todavia|ahora|hoy)\b"
)
# The danger is back: never discard history in such a message.
_RECURRENCE_RE = re.compile(
    r"\b(?:did|done|doing|do|started|starting|start) (?:it|that) again\b"
    r"|\bstarted (?:again|back)\b|\bback to (?:cutting|it|hurting|harming)\b"
    r"|\brelapsed (?:on |with |into )?(?:it|cutting|self harm|that)\b"
    r"|\b(?:urges?|thoughts?|feelings?) (?:is |are |have |has )?(?:came|come|coming|comes) back\b"
    r"|\b(?:urges?|thoughts?|feelings?) (?:is|are) back\b"
    r"|\b(?:still|again) (?:want|wanting|think about (?:it|dying|suicide)|thinking about (?:it|dying|"
    r"suicide)|have (?:the )?urges|get urges|getting urges|feel like|do it|cut|cutting|hurt|hurting|harm)\b"
    r"|\bstill (?:do|does|am)\b(?= [.?,]|$)"
)
# For suicide and self-harm history, any relapse brings the risk back too
# ("I'm recovering from self harm but I relapsed last night").
_RELAPSE_RE = re.compile(r"\b(?:relapsed|relapsing|slipped|recaida|recai)\b")
# Generic "what should you do if someone..." questions about medical signs.
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:if|when|whether|in case|signs?|symptoms?|prevent\w*|risk|risks|avoid|training|learn|"
    r"teach|course|class|recogni[sz]e|identify|spot|tell if|know if|what happens|what causes|"
    r"what makes|best way|how to|how do|how can|what to do|what should|should you|do you|"
    r"si alguien|que hacer|como saber|senales|sintomas)\b"
)
# Teaching or learning about the signs: no generic subject needed.
_EDUCATIONAL_RE = re.compile(
    r"\b(?:signs?|symptoms?|recogni[sz]e|identify|training|course|class|learn|teach|prevent\w*|handout|"
    r"awareness|educat\w*|senales|sintomas)\b"
)
_GENERIC_SUBJECT_RE = re.compile(
    r"\b(?:someone|somebody|a person|people|anyone|anybody|a friend|a loved one|your friend|you|one|"
    r"alguien|una persona)\b"
)
_SPECIFIC_NOW_RE = re.compile(
    r"\b(?:my (?:\w+ )?(?:is|has|was|just|took|will not|can not|does not|did not|looks|seems|keeps|"
    r"started)|(?:he|she) (?:is|has|was|just|took|will not|can not|does not|did not|looks|seems|keeps|"
    r"started)|i am (?:overdosing|not breathing|dying|having|od|so high|really high|going to die|turning|"
    r"passing out|losing)|i (?:just|think|took|have taken|feel|did)|we (?:are|just)|right now|hurry|"
    r"please help|help me|help us|emergency|mi \w+ (?:no|tiene|esta))\b"
)
# A present-tense clause is never history, even if its sentence is about the past.
_PRESENT_RE = re.compile(
    r"\b(?:want|wants|wanna|am|is|are|feel|feels|going to|will|can not|do not|does not|have|has|keep|"
    r"keeps|need|needs|wish|plan|planning|thinking|think|hope|quiero|estoy|voy)\b"
)
# Recurring own symptoms (panic, anxiety) rather than an emergency happening now.
_HABITUAL_RE = re.compile(
    r"\b(?:whenever|every time|when i (?:am|get|have|feel)|panic attacks?|anxiety attacks?|"
    r"is (?:that|it|this) normal)\b"
)
_OTHERS_NOW_RE = re.compile(
    r"\b(?:(?:my (?:\w+ )?\w+|he|she|they) (?:is|are|has|was|just|took|will not|can not|does not|did not)|"
    r"right now|hurry|help me|please help|911|ambulance|overdos\w*|pills)\b"
)
_SENTENCE_BOUNDARY_RE = re.compile(r" [.?] | (?:but|pero) ")
_CLAUSE_BOUNDARY_RE = re.compile(
    r" [.?,] | (?:but|and|so|then|because|though|although|however|pero|y|aunque) "
)


# Run-on text without punctuation is cut into stretches of about this many
# characters, so context stays local and every check runs once per stretch.
_MAX_SPAN = 400

_Span = Tuple[int, int]


class _Context:
    """Clause and sentence lookup for one normalised message.

    Boundaries are found lazily (most messages have no hit at all) and each
    check is cached per clause or sentence, so a long message with many hits
    still costs time linear in its length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._bounds: Dict[Pattern[str], Tuple[List[int], List[int]]] = {}
        self._cache: Dict[Tuple[str, _Span], bool] = {}
        self._recurrence: Optional[bool] = None
        self._relapse: Optional[bool] = None

    def _boundaries(self, boundary: Pattern[str]) -> Tuple[List[int], List[int]]:
        if boundary not in self._bounds:
            spans: List[_Span] = []
            last = 0
            for m in boundary.finditer(self.text):
                spans += self._cuts(last, m.start())
                spans.append(m.span())
                last = m.end()
            spans += self._cuts(last, len(self.text))
            self._bounds[boundary] = ([s for s, _ in spans], [e for _, e in spans])
        return self._bounds[boundary]

    def _cuts(self, start: int, end: int) -> List[_Span]:
        """Artificial boundaries (at spaces) inside an over-long stretch."""
        cuts: List[_Span] = []
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
            self._cache[key] = check(self.text[span[0]:span[1]])
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
        _EDUCATIONAL_RE.search(sentence)
        or (_HYPOTHETICAL_RE.search(sentence) and _GENERIC_SUBJECT_RE.search(sentence))
    )


def _has_live_medical(ctx: _Context) -> bool:
    return any(
        not ctx.is_history(m.start(), m.end())
        and not ctx.is_generic_question(m.start(), m.end())
        and not ctx.is_habitual(m.start(), m.end())
        for m in _MEDICAL_RE.finditer(ctx.text)
    )


def _has_live_crisis(ctx: _Context) -> bool:
    return any(
        not ctx.is_history(m.start(), m.end(), relapse_matters=True) for m in _CRISIS_RE.finditer(ctx.text)
    )


def detect_crisis(text: str) -> Optional[CrisisKind]:
    """Classify ``text`` as a medical emergency, a suicide/self-harm/danger
    crisis, or neither (``None``).

    A medical emergency wins when both match, because calling 911 comes first.
    Never raises on odd input (empty, control characters, emoji, non-str).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    norm = normalize(text)
    if not norm:
        return None
    ctx = _Context(norm)
    if _has_live_medical(ctx):
        return CrisisKind.MEDICAL_EMERGENCY
    if _has_live_crisis(ctx):
        return CrisisKind.SUICIDE_SELF_HARM
    return None
