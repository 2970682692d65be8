"""Tests for the rule-based crisis detector (``bot/crisis.py``).

The labelled corpus lives in ``tests/data/crisis_corpus.yml``; scoring is shared
with ``python -m bot.crisis_report`` so the CLI and these tests agree.
"""

from __future__ import annotations

import random
import string
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import crisis
from bot.crisis import CrisisKind, detect_crisis
from bot.crisis_report import (
    MAX_FALSE_POSITIVE_RATE,
    NEGATIVE_NOTES,
    POSITIVE_NOTES,
    CorpusItem,
    CrisisScore,
    load_corpus,
    main,
    score_corpus,
)
from bot.text import normalise

MIN_ITEMS_PER_SIDE = 200
MAX_MS_FOR_10K = 50.0


def data_path(name: str) -> Path:
    """A file in ``tests/data`` next to this test file."""
    return Path(__file__).resolve().parent / "data" / name


@pytest.fixture(scope="module")
def corpus() -> tuple[list[CorpusItem], list[CorpusItem]]:
    return load_corpus(data_path("crisis_corpus.yml"))


@pytest.fixture(scope="module")
def score(corpus: tuple[list[CorpusItem], list[CorpusItem]]) -> CrisisScore:
    return score_corpus(*corpus)


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------


def test_recall_is_perfect(score: CrisisScore) -> None:
    missed = "\n".join(f"  [{m.note}] {m.text!r}" for m in score.misses)
    assert score.recall == 1.0, f"{len(score.misses)} crisis message(s) not handed off:\n{missed}"


def test_false_positive_rate_is_low(score: CrisisScore) -> None:
    listed = "\n".join(f"  [{i.note}] -> {k.value}: {i.text!r}" for i, k in score.false_positives)
    assert (
        score.false_positive_rate <= MAX_FALSE_POSITIVE_RATE
    ), f"false-positive rate {score.false_positive_rate:.3f} > {MAX_FALSE_POSITIVE_RATE}:\n{listed}"


def test_every_handoff_has_the_right_kind(score: CrisisScore) -> None:
    wrong = "\n".join(
        f"  [{i.note}] expected {i.kind.value if i.kind else None}, got {k.value}: {i.text!r}"
        for i, k in score.wrong_kind
    )
    assert not score.wrong_kind, f"wrong kind for {len(score.wrong_kind)} message(s):\n{wrong}"


def test_corpus_is_big_and_covers_every_category(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    positives, negatives = corpus
    assert len(positives) >= MIN_ITEMS_PER_SIDE
    assert len(negatives) >= MIN_ITEMS_PER_SIDE
    pos_notes = Counter(item.note for item in positives)
    neg_notes = Counter(item.note for item in negatives)
    assert set(pos_notes) == set(POSITIVE_NOTES), f"missing: {set(POSITIVE_NOTES) - set(pos_notes)}"
    assert set(neg_notes) == set(NEGATIVE_NOTES), f"missing: {set(NEGATIVE_NOTES) - set(neg_notes)}"
    thin = {n: c for n, c in (pos_notes + neg_notes).items() if c < 10}
    assert not thin, f"categories with fewer than 10 examples: {thin}"
    assert {i.kind for i in positives} == set(CrisisKind), "both kinds must be represented"


def test_corpus_has_no_duplicates_or_contradictions(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    positives, negatives = corpus
    texts = [normalise(i.text) for i in [*positives, *negatives]]
    duplicates = [t for t, c in Counter(texts).items() if c > 1]
    assert not duplicates, f"duplicate corpus messages: {duplicates}"


def test_corpus_has_long_rambling_messages(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    positives, negatives = corpus
    long_pos = [i for i in positives if i.note == "long"]
    assert len(long_pos) >= 15
    assert all(300 <= len(i.text) <= 1500 for i in long_pos)
    assert sum(len(i.text) >= 300 for i in negatives) >= 5, "need long negatives too"


def test_load_corpus_rejects_bad_entries(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("must_hand_off:\n  - {text: 'x', kind: crisis, note: nonsense}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_corpus(bad)
    bad.write_text("must_hand_off:\n  - {text: 'x', kind: maybe, note: explicit}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_corpus(bad)


# --------------------------------------------------------------------------
# The scoring itself must be able to fail
# --------------------------------------------------------------------------


def _always(kind: CrisisKind | None) -> Callable[[str], CrisisKind | None]:
    return lambda _text: kind


def test_scoring_catches_a_detector_that_never_fires(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    result = score_corpus(*corpus, detector=_always(None))
    assert result.recall == 0.0
    assert len(result.misses) == len(corpus[0])
    assert not result.passed()


def test_scoring_catches_a_detector_that_always_fires(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    result = score_corpus(*corpus, detector=_always(CrisisKind.SUICIDE_SELF_HARM))
    assert result.recall == 1.0
    assert result.false_positive_rate == 1.0
    assert result.wrong_kind, "medical emergencies labelled as crisis must be reported"
    assert not result.passed()


def test_report_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(data_path("crisis_corpus.yml"))]) == 0
    failing = tmp_path / "failing.yml"
    failing.write_text(
        "must_hand_off:\n"
        "  - {text: 'what is a sober living house', kind: crisis, note: explicit}\n"
        "must_not_hand_off:\n"
        "  - {text: 'i want to kill myself', note: other}\n",
        encoding="utf-8",
    )
    assert main([str(failing)]) == 1
    out = capsys.readouterr().out
    assert "MISSES (1)" in out and "FALSE POSITIVES (1)" in out


# --------------------------------------------------------------------------
# Behaviour worth pinning down beyond the corpus
# --------------------------------------------------------------------------


def test_medical_emergency_takes_precedence() -> None:
    text = "I want to die and I just took a whole bottle of pills"
    assert detect_crisis(text) is CrisisKind.MEDICAL_EMERGENCY


def test_kind_values_are_the_rasa_intent_names() -> None:
    assert CrisisKind.SUICIDE_SELF_HARM.value == "crisis"
    assert CrisisKind.MEDICAL_EMERGENCY.value == "medical_emergency"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "   \t\n  ",
        "\U0001f622\U0001f494\U0001f64f",
        "\u200b\u200d\ufeff",
        "\x00",
        "\x00\x01\x02\x1b[31m\x7f",
        "hello\x00world",
        "\r\n\r\n",
        "'''...???!!!,,,",
        "\ud83d",  # lone surrogate
    ],
)
def test_odd_input_is_not_a_crisis_and_does_not_raise(text: str) -> None:
    assert detect_crisis(text) is None


def test_non_string_input_returns_none() -> None:
    assert detect_crisis(None) is None  # type: ignore[arg-type]
    assert detect_crisis(b"i want to die") is None  # type: ignore[arg-type]


def test_hidden_characters_do_not_hide_a_crisis() -> None:
    assert detect_crisis("i want to k\u200bill my\u00adself") is CrisisKind.SUICIDE_SELF_HARM
    assert detect_crisis("I\u2019m gonna end it\x00 tonight") is CrisisKind.SUICIDE_SELF_HARM
    assert detect_crisis("ＩＭ ＳＵＩＣＩＤＡＬ") is CrisisKind.SUICIDE_SELF_HARM  # full-width (NFKC)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("I\u2019m SOOOO tired", "i am soo tired"),
        ("u wanna know?", "you want to know ?"),
        ("can't, won't, don't", "can not , will not , do not"),
        ("kms", "kill myself"),
        ("está aquí", "esta aqui"),
        ("wh\u200bat", "what"),
        ("my friend is OD'ing", "my friend is overdosing"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_kys_alone_is_abuse_but_being_told_to_is_a_crisis() -> None:
    assert detect_crisis("kys") is None
    assert detect_crisis("people at school keep telling me to kys") is CrisisKind.SUICIDE_SELF_HARM


def test_detector_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    detect_crisis("I want to end my life")
    detect_crisis("my friend is not breathing")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_first_letter_dispatch_is_only_an_optimisation(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    """The bucketed regexes find a hit exactly where the plain ones do."""
    rng = random.Random(7)
    words = ["i", "want", "to", "die", "kill", "myself", "not", "breathing", "my", "friend", "is"]
    extra = [" ".join(rng.choice(words) for _ in range(8)) for _ in range(300)]
    texts = [normalise(i.text) for i in [*corpus[0], *corpus[1]]] + extra
    for patterns in (crisis._MEDICAL_PATTERNS, crisis._CRISIS_PATTERNS):
        fast, plain = crisis._compile(patterns), crisis._compile_plain(patterns)
        for text in texts:
            assert bool(fast.search(text)) == bool(plain.search(text)), text


# --------------------------------------------------------------------------
# Speed and robustness on long input
# --------------------------------------------------------------------------


def _best_ms(text: str, runs: int = 3) -> tuple[float, CrisisKind | None]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = detect_crisis(text)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best, result


def _random_text(n: int, seed: int) -> str:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " \n\t" + "éñü’“”😀"
    return "".join(rng.choice(alphabet) for _ in range(n))


LONG_BENIGN = {
    "random_chars": _random_text(10_000, 1),
    "repeated_word": ("killing " * 1300)[:10_000],
    "repeated_i": "i " * 5_000,
    "repeated_phrase": ("i want to go to my meeting and i do not want to be late . " * 200)[:10_000],
    "one_letter": "a" * 10_000,
    "punctuation": "?!., " * 2_000,
    "nested_words": ("not " * 2_500),
    # Many hits that are all discarded by the context checks must stay linear.
    "many_generic_questions": ("is it an overdose if you " * 400)[:10_000],
    "many_history_hits": ("i used to self harm years ago, " * 330)[:10_000],
}


@pytest.mark.parametrize("name", sorted(LONG_BENIGN))
def test_long_benign_input_is_fast_and_not_a_crisis(name: str) -> None:
    text = LONG_BENIGN[name]
    assert len(text) >= 9_000
    ms, result = _best_ms(text)
    assert result is None, name
    assert ms < MAX_MS_FOR_10K, f"{name}: {ms:.1f} ms"


@pytest.mark.parametrize(
    "tail, kind",
    [
        ("and honestly i want to kill myself tonight", CrisisKind.SUICIDE_SELF_HARM),
        ("my friend is not breathing and his lips are blue", CrisisKind.MEDICAL_EMERGENCY),
    ],
)
def test_crisis_buried_in_10k_characters_is_found_fast(tail: str, kind: CrisisKind) -> None:
    filler = ("I went to my meeting today and talked with my sponsor about cravings. " * 150)[:9_900]
    for text in (filler + " " + tail, tail + ". " + filler, filler[:5_000] + tail + ". " + filler[5_000:]):
        ms, result = _best_ms(text)
        assert result is kind
        assert ms < MAX_MS_FOR_10K, f"{ms:.1f} ms"


def test_typical_messages_take_well_under_a_millisecond(
    corpus: tuple[list[CorpusItem], list[CorpusItem]],
) -> None:
    texts = [i.text for i in [*corpus[0], *corpus[1]] if len(i.text) < 200]
    start = time.perf_counter()
    for text in texts:
        detect_crisis(text)
    mean_ms = (time.perf_counter() - start) * 1000 / len(texts)
    assert mean_ms < 1.0, f"mean {mean_ms:.3f} ms per message"
