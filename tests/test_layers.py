"""A drawing of the imports: the core and the history know no feature, no feature imports
another feature's views (features react to each other through signals, registries and
queries instead), and the README shows the drawing as it is."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tracker"
BASE = {"core", "history"}  # the layers every feature may use
FEATURES = {p.name for p in TRACKER.iterdir() if p.is_dir() and (p / "__init__.py").exists()} \
    - BASE


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative imports
    resolved (TYPE_CHECKING-only imports excluded: they are never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
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
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def drawing(layer: str) -> dict[str, set[str]]:
    """Per file of the layer: the tracker packages it imports."""
    edges = {}
    for path in sorted((TRACKER / layer).rglob("*.py")):
        packages = {name.split(".")[1] for name in imports_of(path)
                    if name.startswith("tracker.") and len(name.split(".")) > 1}
        edges[str(path.relative_to(ROOT))] = packages
    return edges


def feature_graph() -> dict[str, list[str]]:
    """Per feature: the other features it imports."""
    return {feature: sorted(set().union(*drawing(feature).values()) & FEATURES - {feature})
            for feature in sorted(FEATURES)}


def test_the_drawing_sees_the_features():
    """The drawing is not blind: it finds what a feature is known to import."""
    assert {"assignments", "bodies", "tasks", "status", "reminders", "api"} <= FEATURES
    assert "assignments" in drawing("status")["tracker/status/queries.py"]
    assert "tracker.reminders.views" in imports_of(TRACKER / "__init__.py")


@pytest.mark.parametrize("layer", sorted(BASE))
def test_the_layer_imports_no_feature(layer):
    wrong = {file: sorted(packages & FEATURES) for file, packages in drawing(layer).items()
             if packages & FEATURES}
    assert wrong == {}, f"{layer} imports features: {wrong}"


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_no_feature_imports_another_features_views(feature):
    """A page of one feature never reaches into another's request handlers: what it needs
    is a query, an operation or a `can` boolean."""
    views = re.compile(r"^tracker\.(\w+)\.views(\.|$)")
    wrong = {}
    for path in sorted((TRACKER / feature).rglob("*.py")):
        borrowed = sorted(name for name in imports_of(path)
                          if (m := views.match(name)) and m.group(1) != feature)
        if borrowed:
            wrong[str(path.relative_to(ROOT))] = borrowed
    assert wrong == {}


def test_the_readme_shows_the_drawing_of_every_feature():
    """README, "How it is built": one line per feature with the features it imports."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for feature, imported in feature_graph().items():
        line = f"{feature + '/':14}→ {', '.join(imported) or '(none)'}"
        assert line in readme, line
