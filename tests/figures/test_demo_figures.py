"""The demo's chain gets a figure form: filled where bodies reported, adopted above."""
from types import SimpleNamespace

from sqlalchemy import select

from tests.conftest import NOW
from tests.figures.test_chain import _forward
from tracker.assignments.operations import accept_report, submit_report
from tracker.demo.figures import figures
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.figures.rollup import rollup_of_task


def test_demo_chain_figures(chain_world):
    w = chain_world
    _, [x1, x2] = _forward(w.assignment_a.id, [w.x1, w.x2], w.users.coord_a)
    for a in (x1, x2):
        submit_report(a, note="", version=None, actor=w.users.officer_x1, now=NOW)
    accept_report(x1, note="", actor=w.users.coord_a, now=NOW)
    db.session.commit()
    demo = SimpleNamespace(users={"chuyenvien.trunguong@demo.vn": w.users.central}, now=NOW,
                           reporter=lambda body, coordinator: coordinator)
    figures(demo)
    db.session.commit()
    adopted = db.session.scalar(select(FigureValue.value).where(
        FigureValue.assignment_id == w.assignment_a.id, FigureValue.indicator == "luot_nguoi",
        FigureValue.cell == ""))
    assert adopted == 60_000  # x1 (the first body) reported 60 and was accepted
    assert rollup_of_task(w.users.central, w.task).form.template.name.startswith("Sơ kết")
