"""Yên Bái until its merger into Lào Cai on 1/7/2025: its work stays with its bodies, now
inside Lào Cai's subtree (the districts' under the communes that succeeded them)."""
from datetime import date

from tracker.demo.common import Demo

P = "tỉnh Yên Bái"
BDV, UBND, MTTQ = "Ban Dân vận Tỉnh ủy Yên Bái", f"UBND {P}", f"Ủy ban MTTQ {P}"
SNV, PN = f"Sở Nội vụ {P}", f"Hội Liên hiệp Phụ nữ {P}"
TU_YB, HU_VC = "Thành ủy Yên Bái", "Huyện ủy Văn Chấn"
SON_THINH, CAT_THINH = "Đảng ủy xã Sơn Thịnh", "Đảng ủy xã Cát Thịnh"


def yen_bai(demo: Demo) -> None:
    c = demo.users["chuyenvien.yenbai@demo.vn"]
    task = demo.task("120-KL/TW", actor=c, on=date(2024, 4, 8), kind="kiem_tra_giam_sat",
                     title="Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở năm 2024",
                     due=date(2024, 10, 31))
    demo.give(task, {BDV: "on_time", UBND: "on_time", MTTQ: "late", TU_YB: "on_time",
                     HU_VC: "late", SON_THINH: "on_time", CAT_THINH: "returned_then_late"},
              actor=c, on=date(2024, 4, 9), lead=BDV)
    # The last report before the merger: Văn Chấn never sent it; it is still overdue, now
    # under xã Văn Chấn, which succeeded the district.
    task = demo.task("120-KL/TW", actor=c, on=date(2025, 3, 10), kind="bao_cao_dinh_ky",
                     period=(date(2025, 1, 1), date(2025, 6, 30)), due=date(2025, 6, 13),
                     title="Báo cáo 6 tháng đầu năm 2025 về thực hiện quy chế dân chủ ở cơ sở")
    demo.give(task, {BDV: "on_time", UBND: "on_time", SNV: "late", PN: "on_time",
                     TU_YB: "on_time", HU_VC: "overdue_idle", CAT_THINH: "on_time"},
              actor=c, on=date(2025, 3, 11), lead=BDV)
