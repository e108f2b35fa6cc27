"""Ban Dân vận Trung ương: tasks it gives to the provinces' Ban Dân vận."""
from datetime import date

from tracker.demo.common import Demo

LS, LC = "Ban Dân vận Tỉnh ủy Lạng Sơn", "Ban Dân vận Tỉnh ủy Lào Cai"
TN, BK = "Ban Dân vận Tỉnh ủy Thái Nguyên", "Ban Dân vận Tỉnh ủy Bắc Kạn"
YB = "Ban Dân vận Tỉnh ủy Yên Bái"


def central(demo: Demo) -> None:
    c = demo.users["chuyenvien.trunguong@demo.vn"]
    # Every province reports on its own: no lead, all given in parallel.
    task = demo.task("33/CT-TTg", actor=c, on=date(2024, 9, 9), kind="so_ket", years=3,
                     description="Các tỉnh báo cáo sơ kết theo đề cương gửi kèm; Ban Dân vận "
                                 "Trung ương tổng hợp báo cáo Thủ tướng Chính phủ.")
    demo.give(task, {LS: "on_time", LC: "late", TN: "on_time", BK: "on_time", YB: "late"},
              actor=c, on=date(2024, 9, 10))
    task = demo.task("120-KL/TW", actor=c, on=date(2025, 10, 6), kind="tong_ket", years=10)
    demo.give(task, {LS: "on_time", LC: "overdue", TN: "late"}, actor=c, on=date(2025, 10, 7))
    # Yearly reports on Chỉ thị 33/CT-TTg, given after the merger to the three provinces.
    tasks = demo.periodic("33/CT-TTg", actor=c, on=date(2025, 1, 6), frequency="year",
                          first=2025, last=2026, due_day=15)
    for n, task in enumerate(tasks):
        on = min(date(task.period_start.year, 7, 15), demo.ago(20))
        plan = {name: demo.seasonal(task.due_on, k + 4 * n) for k, name in
                enumerate([LS, LC, TN])}
        demo.give(task, plan, actor=c, on=on)
