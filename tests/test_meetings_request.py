"""Reading a request: fellowship, online / in person, place, types, radius."""

from __future__ import annotations

import pytest

from bot.knowledge_base import load_knowledge
from bot.meetings.parse_request import RequestWords, read_request, request_words
from bot.meetings.places import place_finder
from bot.meetings.search import SearchResults
from bot.meetings.vocabulary import load_vocabulary
from bot.meetings.when import WhenWords
from tests.conftest import nlu_entities
from tests.meetings_support import WEDNESDAY_6PM as NOW

VOCABULARY = load_vocabulary()
PLACES = place_finder("NY")


def words(text):
    return read_request(text, VOCABULARY, PLACES, load_knowledge())


def read(text):
    return words(text).request(NOW, VOCABULARY, PLACES, radius_miles=10)


@pytest.mark.parametrize(
    "text, fellowships",
    [
        ("is there an online NA meeting tonight", ("na",)),
        ("alcoholics anonymous near me", ("aa",)),
        ("a SMART meeting in an hour", ("smart",)),
        ("cocaine anonymous meetings", ("ca",)),
        ("al-anon or nar-anon meetings for my family", ("alanon", "naranon")),
        ("any meeting tonight", ()),
    ],
)
def test_fellowship_words(text, fellowships):
    assert read(text).query.fellowships == fellowships


@pytest.mark.parametrize(
    "text, attendance",
    [
        ("online NA", "online"),
        ("zoom meeting", "online"),
        ("in person AA", "in_person"),
        ("face to face meetings", "in_person"),
        ("AA tonight", None),
    ],
)
def test_online_or_in_person(text, attendance):
    assert read(text).query.attendance == attendance


def test_words_given_by_a_payload_make_the_request():
    request = RequestWords(fellowships=("smart",), attendance="online").request(
        NOW, VOCABULARY, PLACES, radius_miles=10
    )
    assert request.query.fellowships == ("smart",) and request.query.attendance == "online"


@pytest.mark.parametrize(
    "text", ["women's AA near 10027 tonight", "online NA in Austin, TX within 5 miles on saturday at 7pm"]
)
def test_the_words_travel_as_one_entity_of_the_nlu(text):
    """The NLU reads the message once; the action gets the same words back from the entity."""
    (entity,) = [e for e in nlu_entities(text) if e["entity"] == "meeting_request"]
    assert request_words([entity]) == words(text) and words(text).said


def test_a_message_without_meeting_words_has_no_entity():
    assert not [e for e in nlu_entities("hello there") if e["entity"] == "meeting_request"]


@pytest.mark.parametrize(
    "value", ["text", {"fellowships": "aa"}, {**RequestWords().entity_value(), "when": None}, None]
)
def test_an_odd_entity_value_is_not_read(value):
    assert request_words([{"entity": "meeting_request", "value": value}]) is None


def test_the_group_talked_about_fills_in_a_missing_fellowship():
    request = RequestWords(when=WhenWords(part="evening")).request(
        NOW, VOCABULARY, PLACES, radius_miles=10, group_in_context="smart"
    )
    assert request.query.fellowships == ("smart",)


@pytest.mark.parametrize(
    "text, label",
    [
        ("AA near 10001", "10001"),
        ("meetings in Brooklyn tonight", "Brooklyn, NY"),
        ("NA in Austin, TX", "Austin, TX"),
        ("austin tx", "Austin, TX"),
        ("Brooklyn", "Brooklyn, NY"),
        ("in person in manhattan", "New York, NY"),
    ],
)
def test_places(text, label):
    place = read(text).place
    assert place is not None and place.label == label


def test_a_state_abbreviation_is_not_a_fellowship():
    request = read("meetings in Los Angeles, CA")
    assert request.place.label == "Los Angeles, CA"
    assert request.query.fellowships == ()


@pytest.mark.parametrize(
    "text", ["meetings near me", "any spanish meetings in english", "in an hour", "is there a meeting at home"]
)
def test_no_place_when_none_is_named(text):
    assert read(text).place is None


@pytest.mark.parametrize(
    "text, wishes",
    [
        ("any spanish-speaking meetings", ("spanish",)),
        ("women's meetings", ("women",)),
        ("meetings for men", ("men",)),
        ("wheelchair accessible", ("wheelchair",)),
        ("LGBTQ friendly AA", ("lgbtq",)),
        ("young people", ("young_people",)),
        ("open speaker meeting for beginners", ("open", "speaker", "beginners")),
        ("closed meetings", ("closed",)),
        ("agnostic meetings", ("secular",)),
    ],
)
def test_type_words(text, wishes):
    assert read(text).query.wishes == wishes


def test_within_miles_sets_the_radius():
    assert read("AA within 25 miles of 10001").query.radius_miles == 25
    assert read("AA near 10001").query.radius_miles == 10


def test_the_slot_form_keeps_the_place_masked():
    request = read("women's AA near 10027 tonight")
    stored = request.to_slot(SearchResults((), 0, ("feed:a", "feed:b")))
    assert stored["place"] == "100xx"
    text = repr(stored)
    assert "10027" not in text and str(round(request.place.latitude, 2)) not in text
    assert stored["results"] == ["feed:a", "feed:b"] and stored["when"] == "tonight"
    city = read("meetings in brooklyn").to_slot(SearchResults((), 0, ()))
    assert city["place"] == "Brooklyn, NY"
