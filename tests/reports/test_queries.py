"""The draft report reads a fixed number of statements whatever the number of bodies (a
few per level of the chain), scoped like the roll-up; and the one percentage function."""
import pytest

from tests.conftest import NOW, counted_queries, login
from tests.figures.test_chain import _forward
from tracker.assignments.operations import accept_report, submit_report
from tracker.core.shares import percent
from tracker.extensions import db
from tracker.figures.operations import save_figures
from tracker.figures.templates import attach_template, copy_library_template


@pytest.mark.parametrize("part, whole, expected", [
    (0, 0, 0.0), (0, 5, 0.0), (5, 5, 100.0), (2, 3, 66.7), (1, 3, 33.3),
    (1, 16, 6.3),     # 6.25: half up (round() would give 6.2)
    (35, 46, 76.1), (1, 2000, 0.1), (1, 2001, 0.0), (284, 395, 71.9)])
def test_percent_rounds_half_up_on_integers(part, whole, expected):
    assert percent(part, whole) == expected


def _report_statements(client, url) -> int:
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    response.close()
    return len(statements)


def test_report_statements_do_not_grow_with_the_bodies(app, chain_world, make_body):
    w = chain_world
    template = copy_library_template("dan_van_kheo", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    province, central = [], []
    for parent, coordinator, n in ((w.assignment_a, w.users.coord_a, 2),
                                   (w.assignment_b, w.users.coord_b, 12)):
        body = db.session.get(type(w.a), parent.body_id)
        kids = [make_body(f"Xã {n}-{k}", parent=body, kind="cap_uy", level="xa")
                for k in range(n)]
        _, children = _forward(parent.id, kids, coordinator)
        for child in children[::2]:
            save_figures(child, {"mo_hinh": "3", "danh_gia": "Còn khó khăn"},
                         version=child.version, actor=coordinator, now=NOW)
            submit_report(child, note="", version=None, actor=coordinator, now=NOW)
            accept_report(child, note="", actor=coordinator, now=NOW)
        db.session.commit()
        client = login(app.test_client(), coordinator)
        province.append([_report_statements(client, f"/assignments/{parent.id}/report{q}")
                         for q in ("", "?format=xlsx")])
        client = login(app.test_client(), w.users.central)
        central.append([_report_statements(client, f"/tasks/{w.task.id}/report{q}")
                        for q in ("", "?format=xlsx")])
    assert province[0] == province[1], "a province's report: 2 bodies, then 12"
    assert central[0] == central[1], "the central report: 2 communes below, then 14"
