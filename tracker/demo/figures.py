"""Figures on the demo's chain: the central task that was forwarded carries the
"Sơ kết, tổng kết" template; the bodies that reported have their forms filled (as they
would have typed them before submitting), and each province that received accepted reports
adopted their roll-up. Does nothing when the demo has no forwarded task."""
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.figures import operations, queries
from tracker.figures.library import LIBRARY
from tracker.figures.rollup import rollup_of_assignment
from tracker.figures.templates import attach_template, carry_down, create_template
from tracker.history.operations import record
from tracker.tasks.models import Task

# What some bodies write under "Kết quả nổi bật, hạn chế, kiến nghị" (the draft report
# quotes them, with the body's name, for the writer to pick from).
NOTES = (
    "Kinh phí tổ chức hội nghị ở cơ sở còn hạn hẹp; một số thôn, bản ở xa, đi lại khó khăn.",
    "Việc sáp nhập đơn vị hành chính làm chậm tổng hợp số liệu của một số thôn, tổ dân phố.",
    "Đề nghị cấp trên sớm ban hành hướng dẫn chấm điểm thi đua “Dân vận khéo” sau sáp nhập.",
)


def _cells(i: int) -> dict:
    """A commune's or department's figures, varied by its position."""
    cells = {("da_to_chuc", ""): (1000, None), ("hoi_nghi", ""): ((1 + i % 3) * 1000, None),
             ("luot_nguoi", ""): ((60 + 17 * i) * 1000, None),
             ("khen_thuong", "tap_the"): ((i % 4) * 1000, None),
             ("khen_thuong", "ca_nhan"): ((2 + i % 5) * 1000, None),
             ("khen_thuong", ""): ((i % 4 + 2 + i % 5) * 1000, None)}
    if i % 4 == 1:
        cells[("ket_qua", "")] = (None, NOTES[i // 4 % len(NOTES)])
    return cells


def _fill(assignment, cells, *, source: str, actor, now, note: str = "") -> None:
    state = queries.assignment_form(assignment)
    changes = operations._write(assignment, state, cells, source=source, actor=actor, now=now)
    record("assignment", assignment.id, "figures_adopted" if source == "adopted" else "figures",
           actor=actor, now=now, note=note, changes=changes)


def figures(demo) -> None:
    subs = list(db.session.scalars(select(Task).where(Task.parent_assignment_id.is_not(None))
                                   .order_by(Task.id)))
    if not subs:
        return
    tops = {db.session.get(Assignment, t.parent_assignment_id) for t in subs}
    top_tasks = {a.task_id for a in tops}
    central = demo.users["chuyenvien.trunguong@demo.vn"]
    template = create_template(LIBRARY["so_tong_ket"], actor=central, now=demo.now,
                               library_key="so_tong_ket")
    for task_id in top_tasks:
        attach_template(db.session.get(Task, task_id), template, actor=central, now=demo.now)
    for sub in subs:  # in creation order: a sub-task's parent task has its template already
        carry_down(db.session.get(Assignment, sub.parent_assignment_id).task_id, sub,
                   now=demo.now)
    for sub in subs:
        given = list(db.session.scalars(select(Assignment).where(
            Assignment.task_id == sub.id).order_by(Assignment.id)))
        for i, a in enumerate(given):
            if a.status in ("submitted", "done"):
                unit = demo.reporter(db.session.get(Body, a.body_id), central)
                _fill(a, _cells(i), source="typed", actor=unit, now=demo.now)
    db.session.flush()
    for top in sorted(tops, key=lambda a: a.id):
        roll = rollup_of_assignment(None, top)
        if roll.accepted:
            cells = {key: (value, None) for key, value in roll.accepted_sums.items()
                     if key[0] in ("hoi_nghi", "luot_nguoi", "khen_thuong")}
            _fill(top, cells, source="adopted", actor=central, now=demo.now,
                  note=f"Lấy số liệu tổng hợp từ {len(roll.accepted)} đơn vị cấp dưới.")
    db.session.flush()
