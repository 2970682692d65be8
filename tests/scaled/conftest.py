"""The scaled set's fault tests: one set (scripts/scaled.sh start) for the
session, on ports of its own (6005, 6055, 6080, 6105-6106, 6155-6156, 6380,
6432), so a developer's `make run` can keep running.

They start two Rasa processes, two action servers, PostgreSQL, Redis and
HAProxy, and need root for the Debian packages, so they run only when asked
for by path (`make test-scaled`, `pytest tests/scaled`), not within
`pytest tests` (`make unit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scaled.scaled_set import PROCESSES, ScaledSet, running_scaled_set, wait_until

HERE = Path(__file__).resolve().parent


def _asked_for(config: pytest.Config) -> bool:
    for arg in config.args:
        path = Path(str(arg).split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if HERE in collection_path.parents and collection_path.name.startswith("test_") and not _asked_for(config):
        return True
    return None


@pytest.fixture(scope="session")
def scaled() -> Iterator[ScaledSet]:
    with running_scaled_set() as (running, _took):
        yield running


@pytest.fixture(autouse=True)
def set_healthy_again(scaled: ScaledSet) -> Iterator[None]:
    """Every test starts, and leaves, with every process UP behind HAProxy
    (a failed test may have left PostgreSQL or Redis stopped)."""
    yield
    scaled.script("start-postgres")
    scaled.script("start-redis")
    wait_until(scaled.all_up, 300, "every process UP again: " + ", ".join(PROCESSES))
