"""The chain of one central task in the structure of 2026: the central Ban gives its review
to the provinces, each province forwards it (giao tiếp) to all its communes and wards, some
departments and the Ủy ban MTTQ, collects their reports, and reports up. Dates are relative
to today, so the chain shows every state whenever the demo is loaded."""
from datetime import timedelta

from tracker.chain.operations import forward_assignment
from tracker.chain.queries import assignment_for_forward
from tracker.demo.common import Demo
from tracker.demo.reform import COMMUNES_2025, party_committee

# Per province: the sub-deadline (days from today), the departments it forwards to beside
# its communes and front, the communes' stories (in the order of COMMUNES_2025), the
# others', and what the province itself has done with the central assignment.
PLANS = {
    "Lạng Sơn": (-6, ["Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tư pháp"],
                 ["on_time", "on_time", "late", "on_time", "on_time", "late", "on_time",
                  "on_time"],
                 ["on_time", "late", "overdue", "submitted", "on_time"], "submitted"),
    "Lào Cai": (9, ["Sở Nội vụ", "Sở Y tế", "Sở Tư pháp"],
                ["on_time", "submitted", "progress", "idle", "returned", "on_time",
                 "pending_extension", "progress", "idle", "submitted"],
                ["on_time", "progress", "idle", "submitted"], "progress"),
    "Thái Nguyên": (-15, ["Sở Nội vụ", "Sở Giáo dục và Đào tạo"],
                    ["on_time", "late", "overdue", "overdue_idle", "on_time", "late",
                     "submitted", "overdue", "on_time"],
                    ["late", "overdue_idle", "on_time"], "idle"),
}
FIGURES = [("Hội nghị sơ kết đã tổ chức", "hội nghị", 1),
           ("Lượt cán bộ, đảng viên, Nhân dân dự", "lượt người", 0)]


def chain(demo: Demo) -> None:
    """After the 2025 reform (the bodies of 2026 exist): central task → provinces → communes."""
    central = demo.users["chuyenvien.trunguong@demo.vn"]
    on = demo.ago(62)
    task = demo.task("33/CT-TTg", actor=central, on=on, kind="so_ket", years=5,
                     due=demo.ahead(25),
                     description="Các tỉnh, thành phố tổ chức sơ kết ở cấp tỉnh và chỉ đạo các "
                                 "xã, phường, đặc khu, các sở, ngành, Mặt trận Tổ quốc sơ kết; "
                                 "tổng hợp báo cáo gửi Ban Tuyên giáo và Dân vận Trung ương.")
    tops = demo.assign(task, [f"Tỉnh {p}" for p in PLANS], actor=central, on=on)
    for n, (province, (due_days, departments, communes, others, own)) in enumerate(
            PLANS.items()):
        coordinator = next(u for u in demo.users.values() if u.role == "coordinator"
                           and u.body_id == demo.bodies[f"Tỉnh {province}"].id)
        top = tops[f"Tỉnh {province}"]
        names = [party_committee(w, name) for w, name, *_ in COMMUNES_2025[province]]
        names += [f"{d} tỉnh {province}" for d in departments] + [f"Ủy ban MTTQ tỉnh {province}"]
        stories = communes + others
        forwarded_on = on + timedelta(days=3 + n)
        sub = forward_assignment(assignment_for_forward(coordinator, top.id), {
            "title": f"{task.title} (các xã, phường, sở, ngành tỉnh {province})",
            "description": f"Ban Tuyên giáo và Dân vận Tỉnh ủy {province} giao tiếp nhiệm vụ của "
                           "Trung ương; các đơn vị gửi báo cáo sơ kết và số liệu về Ban.",
            "due_on": demo.today + timedelta(days=due_days),
            "bodies": [demo.bodies[name] for name in names], "lead": None},
            actor=coordinator, now=demo.moment(forwarded_on))
        demo.tasks.append(sub)
        given = demo.assignments_of(sub)
        demo.assignment_count += len(given)
        for i, (name, story) in enumerate(zip(names, stories, strict=True)):
            figures = [(f, unit, value or 60 + 17 * i) for f, unit, value in FIGURES] \
                if story in ("on_time", "late", "submitted") and i < len(communes) else ()
            demo.play(given[demo.bodies[name].id], story, coordinator=coordinator,
                      kind=task.kind, start=forwarded_on, i=i, figures=figures)
        demo.play(top, own, coordinator=central, kind=task.kind, start=forwarded_on, i=n)
