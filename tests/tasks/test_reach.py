"""TaskReach stays equal to a recount through every kind of change (assign, forward,
reassign, remove, move, merge), and the tasks list read from it shows the tasks of the
slow rule: owned in scope or assigned to a body in scope."""
from collections import Counter
from datetime import date

from sqlalchemy import select

from tests.chain import conftest as chain
from tests.conftest import NOW, counted_queries, shared_archive
from tracker.assignments import operations as work
from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.bodies.operations import merge_body, move_body
from tracker.chain.operations import forward_assignment
from tracker.extensions import db
from tracker.tasks import queries, reach
from tracker.tasks.models import Task, TaskReach
from tracker.tasks.operations import assign_bodies

chain_world = chain.chain_world  # the chain tests' world, a fixture here too
load_assignment = chain.load_assignment


def recount() -> Counter:
    """What TaskReach must hold, counted the slow way: each assignment once for every body
    strictly above its body."""
    expected: Counter = Counter()
    paths = {b.id: b.path for b in db.session.scalars(select(Body))}
    for a in db.session.scalars(select(Assignment)):
        for node in paths[a.body_id].strip("/").split("/")[:-1]:
            expected[(int(node), a.task_id)] += 1
    return expected


def stored() -> Counter:
    """TaskReach without its rows that fell to 0 (read as absent)."""
    return Counter({(r.node_id, r.task_id): r.n
                    for r in db.session.scalars(select(TaskReach)) if r.n})


def visible_the_slow_way(user) -> set[int]:
    bodies = {b.id: b for b in db.session.scalars(select(Body))}
    inside = {i for i, b in bodies.items() if b.path.startswith(user.body.path)}
    assigned = {a.task_id for a in db.session.scalars(select(Assignment))
                if a.body_id in inside}
    return {t.id for t in db.session.scalars(select(Task))
            if t.owner_body_id in inside or t.id in assigned}


def check(users) -> None:
    db.session.expire_all()
    assert stored() == recount()
    for user in users:
        user = db.session.get(type(user), user.id)
        listed = set(db.session.scalars(queries.task_page_query(user)[0]).unique())
        assert {t.id for t in listed} == visible_the_slow_way(user), user.body.name
        for task_id in visible_the_slow_way(user):
            assert queries.get_task(user, task_id) is not None
        hidden = {t.id for t in db.session.scalars(select(Task))} - visible_the_slow_way(user)
        for task_id in hidden:
            assert queries.get_task(user, task_id) is None


def test_every_change_keeps_the_reach_exact(chain_world, make_body, make_user):
    w = chain_world
    u = w.users
    commune_b2 = make_body("Đảng ủy xã Tân Thanh", parent=w.b, kind="cap_uy", level="xa")
    everyone = [u.central, u.coord_a, u.coord_b, u.coord_x1, u.officer_x1, u.officer_x2,
                u.officer_dept, u.officer_y1, make_user("officer", body=w.x1u),
                make_user("officer", body=commune_b2)]
    check(everyone)  # the top task assigned to both provinces
    assert stored()[(w.root.id, w.task.id)] == 2

    # Forwarded by province A to its department and communes, then by a commune below it.
    sub = forward_assignment(load_assignment(w.assignment_a.id), {
        "title": "Sơ kết kế hoạch (cấp xã)", "description": "", "due_on": date(2026, 12, 15),
        "bodies": [w.dept, w.x1, w.x2], "lead": None}, actor=u.coord_a, now=NOW)
    db.session.commit()
    check(everyone)
    [x1_row] = db.session.scalars(select(Assignment).where(
        Assignment.task_id == sub.id, Assignment.body_id == w.x1.id))
    forward_assignment(load_assignment(x1_row.id), {
        "title": "Sơ kết (thôn)", "description": "", "due_on": date(2026, 12, 10),
        "bodies": [w.x1u], "lead": None}, actor=u.coord_x1, now=NOW)
    db.session.commit()
    check(everyone)
    assert stored()[(w.a.id, sub.id)] == 3 and stored()[(w.root.id, sub.id)] == 3

    # Assigned directly below a province by the centre.
    more = assign_bodies(w.task, [w.y1, commune_b2], lead=None, due_on=None, actor=u.central,
                         now=NOW)
    db.session.commit()
    check(everyone)

    # Reassigned from province B's commune to province A's department.
    work.reassign(db.session.get(Assignment, more[1].id), w.x2, reason="Nhầm đơn vị",
                  actor=u.central, now=NOW)
    db.session.commit()
    check(everyone)

    # Removed (no page removes an assignment; a script or a future one may).
    db.session.delete(db.session.get(Assignment, more[0].id))
    db.session.commit()
    check(everyone)
    assert (w.b.id, w.task.id) not in stored()

    # A commune moved to the other province with its hamlet, then province A merged into B.
    move_body(db.session.get(Body, w.x1.id), db.session.get(Body, w.b.id), actor=None, now=NOW)
    db.session.commit()
    check(everyone)
    assert stored()[(w.b.id, sub.id)] == 1  # x1's assignment of the sub-task
    merge_body(db.session.get(Body, w.a.id), db.session.get(Body, w.b.id), actor=None, now=NOW)
    db.session.commit()
    check(everyone)
    assert stored()[(w.b.id, sub.id)] == 3

    assert reach.rebuild(db.session) == len(recount())
    db.session.commit()
    check(everyone)


def test_writing_assignments_costs_one_upsert_of_reach(chain_world, make_body):
    """The flush that creates assignments reads their bodies' paths once (the histogram's
    locked read) and writes the reach of every body above them in one statement."""
    w = chain_world
    communes = [make_body(f"Xã {n}", parent=w.b, kind="cap_uy", level="xa") for n in range(5)]
    with counted_queries() as statements:
        assign_bodies(w.task, communes, lead=None, due_on=None, actor=w.users.central, now=NOW)
        db.session.flush()
    assert sum("task_reach" in s for s in statements) == 1
    db.session.commit()
    assert stored() == recount()


def test_the_migration_fills_the_reach_of_existing_assignments(tmp_path, demo_data):
    """Upgrading a database that already has assignments (the demo's) computes their
    reach, as a rebuild does."""
    from flask_migrate import downgrade, upgrade

    from tracker import create_app
    from tracker.backup.archive import restore_backup
    from tracker.config import TestConfig
    from tracker.storage.stores import file_store

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'filled.sqlite3'}"
        INSTANCE_DIR = tmp_path
        UPLOAD_DIR = tmp_path / "uploads"

    other = create_app(Config)
    with other.app_context():
        upgrade()
        restore_backup(shared_archive("demo_data"), file_store())
        db.session.commit()
        expected = recount()
        assert stored() == expected and len(expected) > 100
        downgrade(revision="0018")
        upgrade()
        assert stored() == expected
        db.session.remove()
        db.engine.dispose()
