"""Custom actions of the assistant, one module per concern.

The action server imports this package; every action class below is
registered with rasa_sdk on import.
"""
from actions import fallback, group_finder, groups, more, overview, progress, resources, sections, strategies  # noqa: F401
