"""A small world where every count is known: the central Ban, province A (An Giang: two
departments, a district with two communes, one of them merged into the other at the end)
and province B (Bạc Liêu); a directive of each province and a central one, tasks with
deadlines on both sides of 22/11/2026, done on time, done late (against the first or an
extended deadline), submitted, returned, in progress, untouched, and dialogues held on
dates that periods cut across. Built through the operations, as users would."""
from datetime import date, datetime, timezone
from types import SimpleNamespace

from tests.conftest import shared_data
from tracker.assignments import operations as ops
from tracker.bodies.operations import merge_body
from tracker.extensions import db
from tracker.tasks.operations import assign_bodies


def at(day: date) -> datetime:
    """09:00 in Vietnam on `day`, as the operations' `now`."""
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=timezone.utc)


NOW = at(date(2026, 11, 22))

# What happens to each assignment: (action, dates).
#   none                      untouched
#   progress                  progress reported
#   on_time / late (d)        report submitted on d, then accepted
#   submitted (d)             report submitted on d, waiting
#   returned (d)              report submitted on d, returned
#   extend (d)                deadline extended to d, nothing else
#   extend+accept (d, s)      deadline extended to d, report submitted on s and accepted
PLAN_A = {  # directive 12-CT/TU of province A: task -> body -> what happens
    "T1": {"x": ("on_time", date(2026, 3, 20)), "m": ("late", date(2026, 4, 15)),
           "d": ("extend", date(2026, 12, 31)), "c1": ("none",),
           "c2": ("submitted", date(2026, 4, 10))},
    "T2": {"x": ("progress",), "m": ("extend+accept", date(2026, 11, 30), date(2026, 11, 20)),
           "d": ("extend+accept", date(2026, 10, 15), date(2026, 11, 1)),
           "c1": ("on_time", date(2026, 9, 25)), "c2": ("returned", date(2026, 9, 20))},
    "T3": {"x": ("on_time", date(2026, 11, 10)), "m": ("none",), "d": ("progress",),
           "c1": ("submitted", date(2026, 11, 18))},
    "T4": {"x": ("late", date(2026, 1, 5)), "m": ("on_time", date(2025, 12, 31)),
           "d": ("none",), "c2": ("progress",)},
}
TASKS_A = {"T1": ("so_ket", "Sơ kết 01 năm thực hiện Chỉ thị 12", date(2026, 3, 31)),
           "T2": ("doi_thoai", "Đối thoại với Nhân dân năm 2026", date(2026, 9, 30)),
           "T3": ("bao_cao_dinh_ky", "Báo cáo năm 2026", date(2026, 12, 15)),
           "T4": ("ke_hoach", "Kế hoạch triển khai", date(2025, 12, 31))}
# (task, body) -> dialogues: (held on, level, participants, raised, settled)
DIALOGUES = {
    ("T2", "x"): [(date(2026, 3, 12), "tinh", 120, 15, 10), (date(2026, 8, 5), "huyen", 80, 9, 9)],
    ("T2", "d"): [(date(2026, 6, 20), "huyen", 60, 7, 5), (date(2025, 12, 31), "xa", 45, 4, 4)],
    ("T2", "c1"): [(date(2026, 1, 1), "xa", 30, 3, 1), (date(2026, 9, 15), "xa", 25, 2, 2)],
    ("T2", "c2"): [(date(2026, 6, 30), "xa", 20, 5, 0)],
    ("T1", "m"): [(date(2026, 2, 10), "tinh", 200, 30, 28)],
    ("TC", "x"): [(date(2026, 7, 1), "tinh", 90, 11, 6)],
    ("TC", "y"): [(date(2026, 11, 11), "tinh", 150, 20, 18)],
    ("TB", "z"): [(date(2026, 5, 5), "huyen", 70, 8, 3)],
}


@shared_data
def known_world(make_body, make_user, make_directive, make_task):
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    a = make_body("Tỉnh An Giang", parent=root)
    bodies = {
        "x": make_body("Sở Nội vụ tỉnh An Giang", parent=a, kind="so_nganh"),
        "m": make_body("Ủy ban MTTQ tỉnh An Giang", parent=a, kind="mttq"),
        "d": make_body("Huyện Châu Thành", parent=a, level="huyen"),
    }
    bodies["c1"] = make_body("Xã An Hòa", parent=bodies["d"], level="xa")
    bodies["c2"] = make_body("Xã An Bình", parent=bodies["d"], level="xa")
    b = make_body("Tỉnh Bạc Liêu", parent=root)
    bodies["y"] = make_body("Sở Nội vụ tỉnh Bạc Liêu", parent=b, kind="so_nganh")
    bodies["z"] = make_body("Huyện Hòa Bình", parent=b, level="huyen")
    users = {
        "leader_root": make_user("leader", body=root),
        "coord_root": make_user("coordinator", body=root),
        "leader_a": make_user("leader", body=a), "coord_a": make_user("coordinator", body=a),
        "officer_a": make_user("officer", body=a),
        "leader_b": make_user("leader", body=b), "coord_b": make_user("coordinator", body=b),
        "officer_b": make_user("officer", body=b),
    }
    directive_a = make_directive(actor=users["coord_a"], number="12-CT/TU",
                                 issuer="Tỉnh ủy An Giang", issued_on=date(2025, 1, 10),
                                 title="Về tăng cường công tác dân vận")
    directive_b = make_directive(actor=users["coord_b"], number="34-CT/TU",
                                 issuer="Tỉnh ủy Bạc Liêu", issued_on=date(2025, 3, 3),
                                 title="Về công tác hòa giải ở cơ sở")
    central = make_directive(actor=users["coord_root"], number="99-QĐ/TW", kind="quyet_dinh",
                             issuer="Ban Bí thư", issued_on=date(2024, 6, 1),
                             title="Quy chế dân chủ ở cơ sở")
    tasks, assignments = {}, {}
    for key, (kind, title, due) in TASKS_A.items():
        tasks[key] = make_task(directive=directive_a, actor=users["coord_a"], kind=kind,
                               title=title, due_on=due,
                               **({"review_years": 1} if kind == "so_ket" else {}))
        given = [bodies[name] for name in PLAN_A[key]]
        for name, made in zip(PLAN_A[key], assign_bodies(
                tasks[key], given, lead=given[0], due_on=None, actor=users["coord_a"],
                now=at(date(2025, 2, 1))), strict=True):
            assignments[(key, name)] = made
    tasks["TB"] = make_task(directive=directive_b, actor=users["coord_b"], kind="so_ket",
                            title="Sơ kết Chỉ thị 34", due_on=date(2026, 6, 30), review_years=1)
    for name, made in zip(("y", "z"), assign_bodies(
            tasks["TB"], [bodies["y"], bodies["z"]], lead=bodies["y"], due_on=None,
            actor=users["coord_b"], now=at(date(2025, 4, 1))), strict=True):
        assignments[("TB", name)] = made
    tasks["TC"] = make_task(directive=central, actor=users["coord_root"], kind="doi_thoai",
                            title="Đối thoại theo Quy chế dân chủ", due_on=date(2026, 10, 30))
    for name, made in zip(("x", "y", "z"), assign_bodies(
            tasks["TC"], [bodies["x"], bodies["y"], bodies["z"]], lead=None, due_on=None,
            actor=users["coord_root"], now=at(date(2024, 7, 1))), strict=True):
        assignments[("TC", name)] = made
    db.session.commit()

    def officer(key):
        return users["officer_b"] if key[1] in ("y", "z") else users["officer_a"]

    for key, rows in DIALOGUES.items():
        for held_on, level, people, raised, settled in rows:
            ops.record_dialogue(assignments[key], {
                "held_on": held_on, "level": level, "host": "Bí thư", "place": "Hội trường",
                "participants": people, "opinions_raised": raised,
                "opinions_settled": settled}, actor=officer(key), now=NOW)
    coordinator = users["coord_a"]
    for task, plan in PLAN_A.items():
        for name, (action, *days) in plan.items():
            a_ = assignments[(task, name)]
            if action == "progress":
                ops.update_progress(a_, {"progress": 40, "note": "Đang làm"}, version=None,
                                    actor=users["officer_a"], now=NOW)
            if action in ("extend", "extend+accept"):
                ops.extend_deadline(a_, {"new_due_on": days[0], "reason": "Gia hạn"},
                                    actor=coordinator, now=NOW)
            submitted = {"on_time": 0, "late": 0, "submitted": 0, "returned": 0,
                         "extend+accept": 1}.get(action)
            if submitted is not None:
                ops.submit_report(a_, note="Báo cáo", version=None, actor=users["officer_a"],
                                  now=at(days[submitted]))
            if action in ("on_time", "late", "extend+accept"):
                ops.accept_report(a_, note="", actor=coordinator, now=at(days[submitted]))
            if action == "returned":
                ops.return_report(a_, reason="Thiếu số liệu", actor=coordinator,
                                  now=at(days[0]))
    # TB in province B: y done late, z untouched (overdue).
    ops.submit_report(assignments[("TB", "y")], note="", version=None,
                      actor=users["officer_b"], now=at(date(2026, 7, 20)))
    ops.accept_report(assignments[("TB", "y")], note="", actor=users["coord_b"],
                      now=at(date(2026, 7, 21)))
    db.session.commit()
    # The commune An Bình merged into An Hòa: its work stays its own, under its successor.
    merge_body(bodies["c2"], bodies["c1"], actor=coordinator, now=NOW)
    db.session.commit()
    return SimpleNamespace(root=root, a=a, b=b, bodies=bodies, users=users, tasks=tasks,
                           assignments=assignments, directive_a=directive_a,
                           directive_b=directive_b, central=central)
