"""The two locks (requirements/runtime.lock, requirements/dev.lock) against pyproject.toml: the
runtime lock holds every runtime dependency and none of the tests' tools, the development lock
holds both at the same versions, and every pin carries hashes (pip and uv install with
--require-hashes, so a lock without them would not install at all)."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(.*?)(?=^[A-Za-z0-9]|\Z)", re.M | re.S)
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
TOOLS = {"pytest", "pytest-django", "mypy", "ruff", "playwright", "locust", "hypothesis", "moto"}


def pins(lock: str) -> dict[str, tuple[Version, list[str]]]:
    text = (ROOT / "requirements" / lock).read_text()
    found = {}
    for name, version, rest in PIN.findall(text):
        found[canonicalize_name(name)] = (
            Version(version),
            re.findall(r"--hash=sha256:[0-9a-f]{64}", rest),
        )
    return found


RUNTIME = pins("runtime.lock")
DEV = pins("dev.lock")


def test_the_locks_are_read() -> None:
    assert len(RUNTIME) > 50
    assert len(DEV) > len(RUNTIME) + 40


@pytest.mark.parametrize("lock", [RUNTIME, DEV], ids=["runtime", "dev"])
def test_every_pin_has_hashes(lock: dict[str, tuple[Version, list[str]]]) -> None:
    assert [name for name, (_, hashes) in lock.items() if not hashes] == []


def test_every_runtime_dependency_is_locked_at_an_allowed_version() -> None:
    for line in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(line)
        version, _ = RUNTIME[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), (line, version)


def test_every_test_dependency_is_in_the_dev_lock_only() -> None:
    for line in PYPROJECT["project"]["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        version, _ = DEV[name]
        assert requirement.specifier.contains(version, prereleases=True), (line, version)
    assert DEV.keys() >= TOOLS
    assert TOOLS & RUNTIME.keys() == set()


def requirements_reached(lines: list[str]) -> set[str]:
    """Every distribution that the requirements `lines` need on this machine, transitively, as
    the installed packages' metadata say (extras followed, markers evaluated)."""
    reached: set[str] = set()
    pending = [Requirement(line) for line in lines]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in reached:
            continue
        reached.add(name)
        for line in metadata.distribution(name).requires or []:
            needed = Requirement(line)
            extras = {"", *requirement.extras}
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in extras):
                pending.append(needed)
    return reached


def test_each_lock_holds_everything_its_packages_need() -> None:
    """make install runs pip with --no-deps: a dependency missing from a lock would be missing
    from the installation."""
    project = PYPROJECT["project"]
    runtime = requirements_reached(project["dependencies"])
    dev = requirements_reached(
        [*project["dependencies"], *project["optional-dependencies"]["test"]]
    )

    assert runtime - RUNTIME.keys() == set()
    assert dev - DEV.keys() == set()
    assert len(runtime) > 50


def test_the_dev_lock_has_the_runtime_versions() -> None:
    assert {name: DEV[name][0] for name in RUNTIME} == {name: RUNTIME[name][0] for name in RUNTIME}


def test_make_installs_with_hashes_required() -> None:
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if re.match(r"INSTALL = ", line)]
    assert len(installs) == 2
    assert all("--require-hashes" in line and line.endswith(" -r") for line in installs)
