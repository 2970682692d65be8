"""Privacy, checked on the running assistant's own SQLite tracker store.

E-mail addresses and phone numbers never reach the database or the logs;
"delete my conversation" (the command on both channels, and the REST
endpoint) leaves no row of that conversation; other web sites cannot open a
socket. The unit tests of the same code are in ``tests/test_privacy.py``.
"""

from __future__ import annotations

import json
import uuid

from bot.knowledge_base import load_knowledge
from scripts.assistant import Assistant
from tests.conftest import stored_bytes
from tests.harness import RawSocket, SocketChat, stored_events
from tests.live.conftest import AA_ANSWER, new_sender

DELETED = load_knowledge().deleted_message
DELETE_COMMAND = load_knowledge().delete_command


def test_a_zip_code_is_stored_only_as_its_area(assistant: Assistant) -> None:
    who = new_sender()
    reply = assistant.say(who, "any AA meetings near 10001 this week")
    assert "100xx" in reply and "10001" not in reply
    texts = [json.loads(data).get("text") or "" for data in stored_events(assistant.tracker_db, who)]
    assert any("100xx" in t for t in texts), texts
    assert not any("10001" in data for data in stored_events(assistant.tracker_db, who))


def secrets() -> list[str]:
    """A unique e-mail address and phone number, and their digits."""
    tag = uuid.uuid4().hex[:8]
    number = f"{int(tag, 16) % 900 + 100}"
    return [f"jo.{tag}@example.org", f"(212) {number}-{tag[:4].translate(str.maketrans('abcdef', '123456'))}"]


def assert_nowhere(assistant: Assistant, values: list[str]) -> None:
    """Not in the database file (rows or free pages) nor in any log."""
    raw = stored_bytes(assistant.tracker_db)
    logs = assistant.logs()
    for value in values:
        assert value.encode() not in raw and value not in logs, value


def test_contact_details_are_masked_before_they_are_stored(assistant: Assistant) -> None:
    who, (email, phone) = new_sender(), secrets()
    assert assistant.say(who, f"I go to AA, mail me at {email} or call {phone}").strip()
    events = stored_events(assistant.tracker_db, who)
    texts = [json.loads(data).get("text") or "" for data in events]
    assert any("[email]" in t and "[phone]" in t for t in texts), texts
    assert_nowhere(assistant, [email, phone, phone.replace(" ", "")])


async def test_contact_details_are_masked_over_socketio(assistant: Assistant) -> None:
    who, (email, phone) = new_sender(), secrets()
    async with SocketChat(assistant.server_url, who) as chat:
        assert (await chat.say(f"my email is {email}, my phone {phone}")).strip()
    assert any("[email]" in data for data in stored_events(assistant.tracker_db, who))
    assert_nowhere(assistant, [email, phone])


def test_the_delete_command_removes_every_row_and_confirms(assistant: Assistant) -> None:
    who, keep = new_sender(), new_sender()
    marker = f"zebra{uuid.uuid4().hex[:8]}"
    assistant.say(who, f"tell me about AA, my note {marker}")
    assistant.say(who, "can I attend online?")
    assistant.say(keep, "what is smart recovery")
    assert stored_events(assistant.tracker_db, who) and stored_events(assistant.tracker_db, keep)

    assert assistant.say(who, DELETE_COMMAND) == DELETED

    assert stored_events(assistant.tracker_db, who) == []
    assert stored_events(assistant.tracker_db, keep)
    assert marker.encode() not in stored_bytes(assistant.tracker_db)
    # The conversation starts afresh: no context survives.
    assert AA_ANSWER in assistant.say(who, "what is alcoholics anonymous")
    assert len([e for e in stored_events(assistant.tracker_db, who) if '"event": "user"' in e]) == 1


async def test_the_delete_command_over_socketio(assistant: Assistant) -> None:
    who = new_sender()
    async with SocketChat(assistant.server_url, who) as chat:
        await chat.say("what is narcotics anonymous")
        assert stored_events(assistant.tracker_db, who)
        assert await chat.say(DELETE_COMMAND) == DELETED
    assert stored_events(assistant.tracker_db, who) == []


def test_the_delete_endpoint(assistant: Assistant) -> None:
    who = new_sender()
    assistant.say(who, "what is al-anon")
    status, reply = assistant.post(json.dumps({"sender": who}).encode(), url=assistant.delete_url)
    assert (status, reply) == (200, {"deleted": True})
    assert stored_events(assistant.tracker_db, who) == []
    for bad in (b"", b"[]", b"{broken", json.dumps({"sender": 5}).encode(), json.dumps({}).encode()):
        status, reply = assistant.post(bad, url=assistant.delete_url)
        assert status == 400 and reply["error"]


def test_rasas_http_api_is_off(assistant: Assistant) -> None:
    """Without --enable-api nobody can read conversations through /conversations."""
    who = new_sender()
    assistant.say(who, "hello")
    assert assistant.get(f"{assistant.server_url}/conversations/{who}/tracker") == 404
    assert assistant.get(f"{assistant.server_url}/status") == 404


async def test_other_web_sites_cannot_open_a_socket(assistant: Assistant) -> None:
    """Browsers do not apply CORS to WebSockets: the channel checks the origin."""
    evil = RawSocket(assistant, origin="https://evil.example")
    assert (await evil.open()).startswith("44")  # socket.io CONNECT_ERROR
    await evil.ws.close()
    page = RawSocket(assistant, origin=assistant.page_url.rstrip("/"))
    assert (await page.open()).startswith("40")  # CONNECT
    await page.ws.close()
