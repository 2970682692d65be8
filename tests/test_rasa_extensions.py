"""The replacements of Rasa's code: installed explicitly, and checked against Rasa's source."""

from __future__ import annotations

from typing import Any

import pytest
import rasa.core.actions.action
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rasa_extensions, timeouts
from tests.conftest import remote_action


@pytest.mark.parametrize("name", sorted(rasa_extensions.REPLACED))
def test_rasas_replaced_code_is_the_code_the_replacement_was_written_for(name: str) -> None:
    # When this fails after a Rasa upgrade: read Rasa's new version of the
    # function, adapt the replacement, then record the new fingerprint.
    assert rasa_extensions.source_fingerprint(rasa_extensions.ORIGINALS[name]) == rasa_extensions.REPLACED[name]


def test_every_replacement_is_fingerprinted() -> None:
    assert set(rasa_extensions.ORIGINALS) == set(rasa_extensions.REPLACED)


def test_install_puts_the_replacements_in_place_and_can_run_twice() -> None:
    rasa_extensions.install()
    rasa_extensions.install()
    assert rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT == timeouts.ACTION_TIMEOUT <= 10
    assert RemoteAction.run is rasa_extensions.guarded_remote_run
    assert RemoteAction._validate_action_result is rasa_extensions.validate_action_result
    assert FailSafeTrackerStore.retrieve is rasa_extensions.retrieve_or_fail


VALID = {"events": [{"event": "slot", "name": "group", "value": "aa"}], "responses": [{"text": "hi"}]}
INVALID = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": ["not an object"]},
    {"events": [{"event": "slot"}]},  # a slot event needs a name
]


def test_the_fast_validator_accepts_what_rasas_accepts() -> None:
    action = remote_action()
    assert rasa_extensions.ORIGINALS["rasa.core.actions.action.RemoteAction._validate_action_result"](action, VALID)
    assert rasa_extensions.validate_action_result(action, VALID)


@pytest.mark.parametrize("result", INVALID)
def test_the_fast_validator_refuses_what_rasas_refuses_with_the_same_message(result: dict[str, Any]) -> None:
    action = remote_action()
    original = rasa_extensions.ORIGINALS["rasa.core.actions.action.RemoteAction._validate_action_result"]
    with pytest.raises(ValidationError) as rasas:
        original(action, result)
    with pytest.raises(ValidationError) as ours:
        rasa_extensions.validate_action_result(action, result)
    assert ours.value.message == rasas.value.message


class BrokenStore(InMemoryTrackerStore):
    """A store whose database is down; the error quotes conversation content."""

    async def retrieve(self, sender_id: str) -> Any:
        raise OSError("connection refused; parameters: ('someone', 'i feel awful')")


async def test_a_store_that_cannot_be_read_fails_the_turn_instead_of_starting_an_empty_conversation() -> None:
    rasa_extensions.install()
    store = FailSafeTrackerStore(BrokenStore(Domain.empty()))
    with pytest.raises(rasa_extensions.TrackerStoreUnavailable) as raised:
        await store.retrieve("someone")
    assert str(raised.value) == "OSError" and raised.value.__cause__ is None


async def test_a_store_that_answers_is_read_as_before() -> None:
    rasa_extensions.install()
    inner = InMemoryTrackerStore(Domain.empty())
    await inner.save(DialogueStateTracker.from_events("someone", [ActionExecuted("action_listen")]))
    tracker = await FailSafeTrackerStore(inner).retrieve("someone")
    assert tracker is not None and tracker.sender_id == "someone"
