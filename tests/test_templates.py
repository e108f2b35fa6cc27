"""Templates receive values and booleans, not rules: no template compares a user's role
(permissions and auth decide, the page gets a boolean), lists assignment statuses itself
(state.py decides: a `can` boolean or a state) or a set of task kinds (tasks.models)."""
import re
from pathlib import Path

import pytest

from tracker.assignments.models import STATUSES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ROLE_CHECK = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)")
KIND_LIST = re.compile(r"kind\s+(not\s+)?in\s*[(\[]\s*'")  # e.g. the review kinds
STATUS_LIST = re.compile(r"status\s+(not\s+)?in\s*[(\[]\s*'(%s)'" % "|".join(STATUSES))


def offending(pattern: re.Pattern) -> dict[str, list[int]]:
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
        lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
        if lines:
            found[str(path.relative_to(TEMPLATES))] = lines
    return found


@pytest.mark.parametrize("line", [
    "{% if current_user.role == 'officer' %}",
    "{% if a.body.contact_email and a.status in ('not_started', 'in_progress') %}",
    "{% if task.kind in ('so_ket', 'tong_ket') %}"])
def test_the_scan_sees_a_rule(line):
    assert ROLE_CHECK.search(line) or STATUS_LIST.search(line) or KIND_LIST.search(line)


def test_no_template_compares_a_role():
    assert offending(ROLE_CHECK) == {}


def test_no_template_lists_assignment_statuses():
    assert offending(STATUS_LIST) == {}


def test_no_template_lists_task_kinds():
    assert offending(KIND_LIST) == {}


def test_a_web_worker_compiles_every_template_before_its_first_request(app):
    """gunicorn.conf.py's post_worker_init compiles every template of templates/ (each page's
    first request in a worker no longer does), and so every template compiles."""
    import runpy
    from types import SimpleNamespace
    settings = runpy.run_path(str(TEMPLATES.parent / "gunicorn.conf.py"))
    app.jinja_env.cache.clear()
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    ours = {str(p.relative_to(TEMPLATES)) for p in [*TEMPLATES.rglob("*.html"),
                                                       *TEMPLATES.rglob("*.txt")]}
    compiled = {name for _loader, name in app.jinja_env.cache.keys()}
    assert ours <= compiled, sorted(ours - compiled)
