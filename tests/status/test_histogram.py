"""The status histogram stays equal to a plain recount through every kind of change."""
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import NOW, shared_archive
from tracker.assignments import operations as work
from tracker.assignments.models import Assignment
from tracker.bodies.models import Body
from tracker.bodies.operations import merge_body
from tracker.extensions import db
from tracker.status.histogram import bucket_of, rebuild
from tracker.status.models import StatusCount, StatusTotal, StatusYearCount


def recount() -> Counter:
    """What the histogram must hold, counted the slow way."""
    expected: Counter = Counter()
    bodies = {b.id: b for b in db.session.scalars(select(Body))}
    for a in db.session.scalars(select(Assignment)):
        bucket = bucket_of(a.status, a.completed_on, a.effective_due_on)
        for node in bodies[a.body_id].path.strip("/").split("/"):
            expected[(int(node), bucket, a.effective_due_on)] += 1
    return expected


def stored() -> Counter:
    """The histogram, once its sums per year and in all are checked against it."""
    counts = Counter({(r.node_id, r.bucket, r.deadline): r.n
                      for r in db.session.scalars(select(StatusCount)) if r.n})
    per_year: Counter = Counter()
    for (node, bucket, deadline), n in counts.items():
        per_year[(node, bucket, deadline.year)] += n
    years = {(r.node_id, r.bucket, r.year): r.n
             for r in db.session.scalars(select(StatusYearCount)) if r.n}
    assert years == {key: n for key, n in per_year.items() if n}
    per_total: Counter = Counter()
    for (node, bucket, _), n in counts.items():
        per_total[(node, bucket)] += n
    totals = {(r.node_id, r.bucket): r.n for r in db.session.scalars(select(StatusTotal)) if r.n}
    assert totals == {key: n for key, n in per_total.items() if n}
    return counts


def test_every_change_keeps_the_counts_exact(app, make_body, make_user, make_directive,
                                             make_task, make_assignment):
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    province = make_body("Tỉnh Bắc Kạn", parent=root)
    successor = make_body("Tỉnh Thái Nguyên", parent=root)
    district = make_body("Huyện Ba Bể", parent=province, level="huyen")
    commune = make_body("Đảng ủy xã Nam Mẫu", parent=district, kind="cap_uy", level="xa")
    other = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province)
    officer = make_user("officer", body=commune)
    directive = make_directive(actor=coordinator)
    task = make_task(directive=directive, actor=coordinator, due_on=date(2026, 12, 1))
    a1 = make_assignment(task=task, body=commune)
    a2 = make_assignment(task=task, body=other, role="support", due_on=date(2026, 10, 1))
    assert stored() == recount()

    at = NOW - timedelta(days=60)
    work.update_progress(a1, {"progress": 30, "note": ""}, version=None, actor=officer, now=at)
    db.session.commit()
    assert stored() == recount()
    work.request_extension(a1, {"requested_due_on": date(2027, 1, 15), "reason": "Chờ"},
                           actor=officer, now=at)
    db.session.commit()
    work.extend_deadline(a2, {"new_due_on": date(2026, 10, 20), "reason": "Bão lũ"},
                         actor=coordinator, now=at)
    db.session.commit()
    assert stored() == recount()
    work.submit_report(a1, note="", version=None, actor=officer, now=NOW)
    work.accept_report(a1, note="", actor=coordinator, now=NOW)
    db.session.commit()
    assert stored() == recount()
    work.reassign(a2, district, reason="Huyện phụ trách", actor=coordinator, now=NOW)
    db.session.commit()
    assert stored() == recount()
    merge_body(province, successor, actor=None, now=NOW)  # Bắc Kạn into Thái Nguyên
    db.session.commit()
    assert stored() == recount()
    counts = stored()
    assert counts[(successor.id, "done_on_time", date(2026, 12, 1))] == 1  # a1, now below it
    assert counts[(root.id, "open_started", date(2026, 10, 20))] == 0
    assert rebuild(db.session) > 0
    db.session.commit()
    assert stored() == recount()


def test_the_migration_fills_the_counts_of_existing_assignments(tmp_path, demo_data):
    """Upgrading a database that already has assignments (the demo's) computes their
    histogram and its sums."""
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
        downgrade(revision="0002")
        upgrade()
        assert stored() == expected and len(expected) > 100
        db.session.remove()
        db.engine.dispose()
