import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Until pyproject.toml lists it with the other markers.
    config.addinivalue_line(
        "markers", "subprocess: starts real worker processes (manage.py worker) on its own database"
    )
