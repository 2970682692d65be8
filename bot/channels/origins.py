"""Which web pages may open a socket to the assistant.

Browsers do not apply CORS to WebSockets, so without this check any web site
could open a socket to the assistant from its visitors' browsers. The allowed
origins are the space-separated ``CHAT_ORIGIN`` environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


def allowed_origins() -> set | None:
    """Browser origins allowed to open a socket (``CHAT_ORIGIN``, space-separated).

    ``None`` (variable unset) allows every origin, as Rasa does.
    """
    value = os.environ.get("CHAT_ORIGIN", "").split()
    return set(value) if value else None


def origin_allowed(environ: Mapping[str, Any]) -> bool:
    """Whether a socket's WSGI/ASGI ``environ`` comes from an allowed page.

    A client that sends no ``Origin`` is not a browser page, so it is let in
    (to the JWT check, if one is configured).
    """
    origins = allowed_origins()
    origin = environ.get("HTTP_ORIGIN")
    return origins is None or not origin or origin in origins
