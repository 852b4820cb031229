from collections.abc import Iterator

import pytest
from axes.utils import reset


@pytest.fixture(autouse=True)
def axes_reset(db: None) -> Iterator[None]:
    """No lockout leaks between tests (the database rolls back too; this also clears caches)."""
    reset()
    yield
    reset()
