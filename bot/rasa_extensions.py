"""The one place where this project replaces parts of Rasa.

Nothing here happens on import: ``install()`` does it, and ``bot.server`` (the
command that starts Rasa for ``make run``) calls it before Rasa loads
anything. Each replaced function is listed in ``REPLACED`` with a fingerprint
of Rasa's own source; ``tests/test_rasa_extensions.py`` fails when a Rasa
upgrade changes one of them, so the replacement is checked again instead of
silently running against different code.

1. ``RemoteAction.run`` (``bot.timeouts``): a short timeout, and a hung action
   server fails fast and like Rasa expects (see that module).
2. ``RemoteAction._validate_action_result``: Rasa calls ``jsonschema.validate``
   on every action server response, which first checks the schema itself
   against the JSON Schema metaschema, every time (measured: about 30 % of the
   Rasa process's CPU at 20 concurrent conversations). The response is
   validated here against the same schema, with a validator whose schema was
   checked once.
3. ``FailSafeTrackerStore.retrieve``: when the database is down, Rasa's
   wrapper answers "no such conversation", so the turn starts an empty
   conversation (context and earlier risk signals forgotten) and saves it to
   an in-memory store that is never read again. Here the turn fails instead,
   and the channel sends its apology, which gives the crisis and emergency lines
   (``bot.channels``). Only the error's type is kept: its text can quote SQL
   parameters, that is conversation content.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import rasa.core.actions.action
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.trackers import DialogueStateTracker

from bot import timeouts

# Rasa's own functions, read before install() replaces them, with the sha256
# of their source in Rasa 3.6.21: those install() replaces, and those the
# project's subclasses override or build on (bot/tracker_store.py, bot/lock_store.py).
FINGERPRINTS: tuple[tuple[Callable[..., Any], str], ...] = (
    (RemoteAction.run, "ccabf6f1160d527a157fad5bd285ce69e8221b1bcad23f8a61499b4360a1c17e"),
    (RemoteAction._validate_action_result, "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42"),
    (FailSafeTrackerStore.retrieve, "35d77318b0cc79771af3c667bc8c34cd5a56e494eaa8c4d713fd754b9d00d276"),
    (SQLTrackerStore.__init__, "64e704d159dfa35b86175cccdc9d08b05cbf91b2e0779bccf115671106ad9314"),
    (SQLTrackerStore.save, "57165e46eab3de0866e77f03df0bf7fd5eac2c1de617ed431b934c9a4edfeef6"),
    (LockStore.lock, "8b9b716c031a34445100c32e7123859553831d2ac4747ae2b47a581f137ea371"),
    (LockStore._acquire_lock, "ead2fff373291c24619f2a2b53453f64ed2975ed68f53dce0e56041061356f05"),
)


def qualified_name(function: Callable[..., Any]) -> str:
    """ "module.Class.function", as a Rasa upgrade's changelog would name it."""
    return f"{function.__module__}.{function.__qualname__}"


# The same table, by name: Rasa's function, and its fingerprint.
ORIGINALS: dict[str, Callable[..., Any]] = {qualified_name(function): function for function, _ in FINGERPRINTS}
REPLACED: dict[str, str] = {qualified_name(function): digest for function, digest in FINGERPRINTS}


def source_fingerprint(function: Callable[..., Any]) -> str:
    """sha256 of a function's source, to notice when Rasa changes it."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


@lru_cache(maxsize=1)
def action_result_validator() -> Any:
    """A validator for Rasa's action response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``_validate_action_result``, with the same errors, without re-checking the schema."""
    error = best_match(action_result_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


class TrackerStoreUnavailable(RuntimeError):
    """The conversation could not be read: the turn must not go on without it."""


async def retrieve_or_fail(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
    """``FailSafeTrackerStore.retrieve`` that fails the turn when the store fails (see point 3)."""
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception as error:  # any store failure: the driver's types vary
        raise TrackerStoreUnavailable(type(error).__name__) from None


# Rasa's action call behind the action server's timeout and circuit breaker.
guarded_remote_run = timeouts.guarded(ORIGINALS[qualified_name(RemoteAction.run)])


def install() -> None:
    """Put this project's replacements in place (idempotent)."""
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = timeouts.ACTION_TIMEOUT
    RemoteAction.run = guarded_remote_run
    RemoteAction._validate_action_result = validate_action_result
    FailSafeTrackerStore.retrieve = retrieve_or_fail
