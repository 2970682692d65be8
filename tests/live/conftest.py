"""The live tests' assistant, on ports of its own so that a developer's
`make run` can keep running."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.harness import Assistant, running_assistant

PORTS = {"RASA_PORT": "5105", "ACTION_PORT": "5155", "WEB_PORT": "8180"}


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with running_assistant(tmp_path_factory.mktemp("live"), PORTS) as running:
        yield running
