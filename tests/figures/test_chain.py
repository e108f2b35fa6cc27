"""Figures along the chain: forwarding carries the template down; each forwarding body's
roll-up recounted on random trees (adopted at every level) against sums done here."""
import random
from datetime import date

import pytest
from sqlalchemy import select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW
from tracker.assignments.models import Assignment
from tracker.assignments.operations import accept_report, submit_report
from tracker.chain.operations import forward_assignment
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.figures.operations import adopt_rollup, save_figures
from tracker.figures.queries import form_of_task
from tracker.figures.rollup import rollup_of_assignment, rollup_of_task
from tracker.figures.templates import attach_template, copy_library_template
from tracker.history.models import HistoryEntry


def _forward(assignment_id, bodies, actor, title="Giao tiếp"):
    parent = load_assignment(assignment_id)
    task = forward_assignment(parent, {"title": title, "description": "", "bodies": bodies,
                                       "due_on": date(2026, 12, 20), "lead": None},
                              actor=actor, now=NOW)
    db.session.commit()
    return task, list(db.session.scalars(select(Assignment).where(
        Assignment.task_id == task.id).order_by(Assignment.id)))


def test_forwarding_carries_the_template_down(chain_world):
    w = chain_world
    template = copy_library_template("dan_van_kheo", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    sub_task, [x1, x2] = _forward(w.assignment_a.id, [w.x1, w.x2], w.users.coord_a)
    assert form_of_task(sub_task.id).template.id == template.id
    deeper, _ = _forward(x1.id, [w.x1u], w.users.coord_x1)
    assert form_of_task(deeper.id).template.id == template.id


def test_adopt_takes_the_accepted_sums_and_says_where_they_came_from(chain_world):
    w = chain_world
    template = copy_library_template("dan_van_kheo", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    sub_task, [x1, x2, dept] = _forward(w.assignment_a.id, [w.x1, w.x2, w.dept],
                                        w.users.coord_a)
    for a, n, finish in ((x1, "1.200", "done"), (x2, "34", "done"), (dept, "99", "submitted")):
        save_figures(a, {"mo_hinh": {"cells": {"kinh_te/tap_the": n}}}, version=a.version,
                     actor=w.users.officer_x1, now=NOW)
        submit_report(a, note="", version=None, actor=w.users.officer_x1, now=NOW)
        if finish == "done":
            accept_report(a, note="", actor=w.users.coord_a, now=NOW)
    db.session.commit()
    parent = load_assignment(w.assignment_a.id)
    adopt_rollup(parent, version=parent.version, actor=w.users.coord_a, now=NOW)
    db.session.commit()
    value = db.session.scalar(select(FigureValue).where(
        FigureValue.assignment_id == parent.id, FigureValue.indicator == "mo_hinh",
        FigureValue.cell == ""))
    assert (value.value, value.source) == (1_234_000, "adopted")  # the submitted 99 not added
    entry = db.session.scalar(select(HistoryEntry).where(
        HistoryEntry.action == "figures_adopted"))
    assert sorted(entry.changes["source_assignments"]) == sorted([x1.id, x2.id])
    assert "Đảng ủy xã Y Tý" in entry.note
    # Still editable afterwards, and the province submits it up.
    parent = load_assignment(w.assignment_a.id)
    save_figures(parent, {"mo_hinh": "1.300"}, version=parent.version, actor=w.users.coord_a,
                 now=NOW)
    db.session.commit()
    roll = rollup_of_task(w.users.central, w.task)
    assert roll.submitted_sums == {} and roll.accepted_sums == {}
    assert {r.body.id for r in roll.missing} == {w.a.id, w.b.id}


def test_adopt_with_nothing_accepted_is_refused(chain_world):
    w = chain_world
    template = copy_library_template("so_tong_ket", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    _forward(w.assignment_a.id, [w.x1], w.users.coord_a)
    parent = load_assignment(w.assignment_a.id)
    with pytest.raises(ValidationError, match="chưa có báo cáo nào"):
        adopt_rollup(parent, version=parent.version, actor=w.users.coord_a, now=NOW)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_rollup_recount_on_random_trees(seed, make_body, make_user, make_directive,
                                        make_task):
    """Central -> provinces -> bodies -> (sometimes) bodies below; leaves type random
    figures, forwarding bodies adopt their roll-up; statuses random at every level."""
    from tracker.tasks.operations import assign_bodies
    rng = random.Random(seed)
    root = make_body("Ban Trung ương", kind="ban_dan_van", level="trung_uong")
    central = make_user("coordinator", body=root)
    task = make_task(directive=make_directive(actor=central, issued_on=date(2026, 1, 5)),
                     actor=central, due_on=date(2026, 12, 31))
    template = copy_library_template("dan_van_kheo", actor=central, now=NOW)
    attach_template(task, template, actor=central, now=NOW)
    indicators = form_of_task(task.id).indicators
    numeric = [i for i in indicators if i.type in ("integer", "decimal")]
    provinces = [make_body(f"Tỉnh {p}", parent=root) for p in range(rng.randint(2, 3))]
    top = assign_bodies(task, provinces, lead=None, due_on=None, actor=central, now=NOW)
    db.session.commit()
    stored: dict[int, dict] = {}  # assignment id -> {(code, cell): thousandths}
    status: dict[int, str] = {}

    def fill(a, actor):
        values, cells = {}, {}
        for indicator in numeric:
            if indicator.breakdowns and rng.random() < .6:
                split = {k: rng.randint(0, 90) for k, _ in indicator.cells()}
                values[indicator.code] = {"cells": {k: str(v) for k, v in split.items()}}
                cells.update({(indicator.code, k): v * 1000 for k, v in split.items()})
                cells[(indicator.code, "")] = sum(split.values()) * 1000
            elif indicator.required or rng.random() < .7:
                n = rng.randint(0, 3000)
                values[indicator.code] = f"{n:,}".replace(",", ".")
                cells[(indicator.code, "")] = n * 1000
        save_figures(a, values, version=a.version, actor=actor, now=NOW)
        stored[a.id] = cells

    def expected_sums(children):
        sums = {}
        for child in children:
            if status[child.id] == "done":
                for key, value in stored.get(child.id, {}).items():
                    sums[key] = sums.get(key, 0) + value
        return sums

    def finish(a, coordinator):
        status[a.id] = rng.choice(["in_progress", "submitted", "done", "done"])
        if status[a.id] != "in_progress":
            submit_report(a, note="", version=None, actor=coordinator, now=NOW)
        if status[a.id] == "done":
            accept_report(a, note="", actor=coordinator, now=NOW)

    def work(assignment, owner_coordinator, depth):
        """Fill (leaf) or forward, recurse, adopt (inner), then finish as the owner says."""
        body = db.session.get(type(root), assignment.body_id)
        coordinator = make_user("coordinator", body=body)
        if depth < 3 and rng.random() < (1 if depth == 1 else .4):
            kids = [make_body(f"{body.name}/{k}", parent=body, kind=rng.choice(
                ["cap_uy", "so_nganh", "mttq"]), level=rng.choice(["tinh", "xa"]))
                for k in range(rng.randint(1, 5))]
            _, children = _forward(assignment.id, kids, coordinator)
            for child in children:
                work(child, coordinator, depth + 1)
            db.session.commit()
            roll = rollup_of_assignment(coordinator, load_assignment(assignment.id))
            assert roll.accepted_sums == expected_sums(children)
            assert {r.assignment.id for r in roll.rows} == {c.id for c in children}
            parent = load_assignment(assignment.id)
            if any(status[c.id] == "done" for c in children):
                adopt_rollup(parent, version=parent.version, actor=coordinator, now=NOW)
                stored[parent.id] = expected_sums(children)
            else:
                fill(parent, coordinator)
        else:
            fill(assignment, coordinator)
        finish(load_assignment(assignment.id), owner_coordinator)
        db.session.commit()

    for a in top:
        work(a, central, 1)
    roll = rollup_of_task(central, task)
    assert roll.accepted_sums == expected_sums(top)


def test_assignment_rollup_and_form_statements_do_not_grow(app, chain_world, make_body):
    from tests.conftest import counted_queries, login
    w = chain_world
    template = copy_library_template("dan_van_kheo", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    counts = []
    for parent, coordinator, n in ((w.assignment_a, w.users.coord_a, 2),
                                   (w.assignment_b, w.users.coord_b, 12)):
        province = db.session.get(type(w.a), parent.body_id)
        kids = [make_body(f"Xã {n}-{k}", parent=province, kind="cap_uy", level="xa")
                for k in range(n)]
        _, children = _forward(parent.id, kids, coordinator)
        for child in children:
            save_figures(child, {"mo_hinh": "3"}, version=child.version, actor=coordinator,
                         now=NOW)
            submit_report(child, note="", version=None, actor=coordinator, now=NOW)
            accept_report(child, note="", actor=coordinator, now=NOW)
        db.session.commit()
        client = login(app.test_client(), coordinator)
        with counted_queries() as rollup:
            page = client.get(f"/assignments/{parent.id}/rollup")
        assert page.status_code == 200 and f">{3 * n}<" in page.get_data(as_text=True)
        with counted_queries() as form:
            assert client.get(f"/assignments/{parent.id}/figure-form").status_code == 200
        counts.append((len(rollup), len(form)))
    assert counts[0] == counts[1]
