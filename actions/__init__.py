"""Custom actions of the assistant, one module per concern.

The action server imports this package; every action class below is
registered with rasa_sdk on import.
"""

from actions import (  # noqa: F401
    fallback,
    group_finder,
    groups,
    local_resources,
    meetings,
    more,
    overview,
    progress,
    resources,
    sections,
    strategies,
)
