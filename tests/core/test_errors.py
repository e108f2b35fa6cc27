"""One wording of an edit conflict (core/errors.py: CONFLICT_MESSAGE, raised as EditConflict
by check_version and by edit_conflicts around SQLAlchemy's StaleDataError): no module
writes a conflict on `version` of its own."""
import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
HOME = TRACKER / "core" / "errors.py"


def _own_version_conflicts(path: Path) -> list[int]:
    """Lines raising a DomainError subclass with an error on "version" (not EditConflict)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id.endswith("Error") and node.args \
                and isinstance(node.args[0], ast.Dict) \
                and any(isinstance(k, ast.Constant) and k.value == "version"
                        for k in node.args[0].keys):
            found.append(node.lineno)
    return found


def test_the_scan_finds_a_conflict_written_by_hand(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('raise ConflictError({"version": gettext("Đã có người sửa.")})\n',
                      encoding="utf-8")
    assert _own_version_conflicts(sample) == [1]


def test_no_module_words_an_edit_conflict_of_its_own():
    wrong = {str(path.relative_to(TRACKER)): lines for path in sorted(TRACKER.rglob("*.py"))
             if path != HOME and (lines := _own_version_conflicts(path))}
    assert wrong == {}
