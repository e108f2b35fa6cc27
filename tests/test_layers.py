"""A drawing of the imports: the core and the history know no feature. Features react to
each other through signals and registries (history labels, template globals) instead."""
import ast
from pathlib import Path

import pytest

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
BASE = {"core", "history"}  # the layers every feature may use
FEATURES = {p.name for p in TRACKER.iterdir() if p.is_dir() and (p / "__init__.py").exists()} \
    - BASE


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (TYPE_CHECKING-only
    imports excluded: they are never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def drawing(layer: str) -> dict[str, set[str]]:
    """Per file of the layer: the tracker packages it imports."""
    edges = {}
    for path in sorted((TRACKER / layer).rglob("*.py")):
        packages = {name.split(".")[1] for name in imports_of(path)
                    if name.startswith("tracker.") and len(name.split(".")) > 1}
        edges[str(path.relative_to(TRACKER.parent))] = packages
    return edges


def test_the_drawing_sees_the_features():
    """The drawing is not blind: it finds what a feature is known to import."""
    assert {"assignments", "bodies", "tasks", "status", "reminders", "api"} <= FEATURES
    assert "assignments" in drawing("status")["tracker/status/queries.py"]


@pytest.mark.parametrize("layer", sorted(BASE))
def test_the_layer_imports_no_feature(layer):
    wrong = {file: sorted(packages & FEATURES) for file, packages in drawing(layer).items()
             if packages & FEATURES}
    assert wrong == {}, f"{layer} imports features: {wrong}"

