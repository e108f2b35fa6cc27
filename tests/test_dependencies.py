"""The whole dependency tree is pinned (constraints.txt), what is installed is what is
pinned, and no pin is below the fix of a known advisory (advisories.txt), checked offline."""
import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
UNPINNED = {"pip", "setuptools", "wheel", "distribute"}  # the virtualenv's own tools


def _lines(name: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in (ROOT / name).read_text().splitlines()
            if line.split("#", 1)[0].strip() and not line.startswith("-r")]


def pins() -> dict[str, Version]:
    found = {}
    for line in _lines("constraints.txt"):
        requirement = Requirement(line)
        [spec] = requirement.specifier
        assert spec.operator == "==", line
        found[canonicalize_name(requirement.name)] = Version(spec.version)
    return found


def test_every_requirement_is_pinned_at_its_version():
    constraints = pins()
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in _lines(name):
            requirement = Requirement(line)
            key = canonicalize_name(requirement.name)
            assert key in constraints, f"{requirement.name} of {name} is not in constraints.txt"
            assert constraints[key] in requirement.specifier, line


def test_every_installed_package_is_pinned():
    """A dependency that came in with a new requirement must be locked too (scripts/lock)."""
    constraints = pins()
    for dist in metadata.distributions():
        key = canonicalize_name(dist.metadata["Name"])
        if key in UNPINNED:
            continue
        assert key in constraints, f"{key} {dist.version} is installed but not in " \
                                   "constraints.txt: run scripts/lock"
        assert Version(dist.version) == constraints[key], \
            f"{key}: {dist.version} installed, {constraints[key]} pinned"


def advisories() -> list[tuple[str, Version, str]]:
    found = []
    for line in (ROOT / "advisories.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=(\S+)\s+(.+)", line.strip())
            assert match, line
            found.append((canonicalize_name(match[1]), Version(match[2]), match[3]))
    return found


@pytest.mark.parametrize("name, fixed_in, advisory", advisories(),
                         ids=[entry[0] for entry in advisories()])
def test_no_pin_has_a_known_advisory(name, fixed_in, advisory):
    pinned = pins().get(name)
    assert pinned is not None, f"advisories.txt lists {name}, which is no longer pinned"
    assert pinned >= fixed_in, f"{name}=={pinned} is affected by {advisory}"
