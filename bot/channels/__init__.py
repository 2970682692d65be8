"""Input channels that never crash on bad input and never log message text.

``SafeRestInput`` replaces Rasa's stock REST channel under the same name and
URL (``/webhooks/rest/webhook``); ``SafeSocketIOInput`` replaces the stock
socket.io channel (``/socket.io``). The stock channels answer HTTP 500 to an
empty body or a JSON array, crash on a socket.io payload that is not an
object, log message text on errors, put every REST request without a sender
into one shared "default" conversation, and (socket.io, with
python-socketio 5) never join the conversation's room, so replies are lost.

Both channels here, for every message:

1. check the request and refuse a bad one with a reason (REST: 400/413 JSON;
   socket.io: a ``bad_request`` event to that socket only);
2. clean the text (``clean_text``): control characters removed, e-mail
   addresses and phone numbers masked (``bot.privacy.mask_pii``) so they are
   never stored or logged, length bounded; an empty message becomes the
   ``/empty_message`` intent;
3. intercept the delete command (the knowledge's ``delete_command``,
   ``bot/knowledge/service_messages.yml``): the conversation's stored events
   are deleted and the person gets a confirmation; the command itself never
   reaches Rasa, so nothing new is stored;
4. otherwise run the turn, and when it produced no reply (action server down)
   or takes longer than ``bot.timeouts.REPLY_TIMEOUT`` (action server hung)
   send a short apology. The turn itself is not cancelled by that limit, so
   Rasa still finishes it and saves the conversation.

``POST /webhooks/rest/delete`` with ``{"sender": "..."}`` deletes a
conversation without sending a message.

One module for each job:

- ``limits``: what a message may be (sizes, ``clean_text``, ``shorten``);
- ``transport``: parsing and checking a request or payload (``BadRequest``);
- ``deletion``: the delete command and forgetting a conversation;
- ``turns``: running a turn, with the apology when it gives no reply;
- ``origins``: which web pages may open a socket (``CHAT_ORIGIN``);
- ``rest`` and ``socketio``: the two channels, named in ``credentials.yml``
  as ``bot.channels.SafeRestInput`` and ``bot.channels.SafeSocketIOInput``.
"""

from bot.channels.rest import SafeRestInput
from bot.channels.socketio import SafeSocketIOInput

__all__ = ["SafeRestInput", "SafeSocketIOInput"]
