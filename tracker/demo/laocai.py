"""Lào Cai: the reviews and dialogues of the first half of 2021 (seed 003), the six-month
reports of 2025–2026 under Chỉ thị 18-CT/TU, and this year's work."""
from datetime import date, timedelta

from tracker.demo.common import Demo
from tracker.demo.reform import REFORM

P = "tỉnh Lào Cai"
BDV, UBND = "Ban Dân vận Tỉnh ủy Lào Cai", f"UBND {P}"
SNV, STP, SYT = f"Sở Nội vụ {P}", f"Sở Tư pháp {P}", f"Sở Y tế {P}"
SGD, STNMT = f"Sở Giáo dục và Đào tạo {P}", f"Sở Tài nguyên và Môi trường {P}"
SLD = f"Sở Lao động - Thương binh và Xã hội {P}"
MTTQ, PN, ND = f"Ủy ban MTTQ {P}", f"Hội Liên hiệp Phụ nữ {P}", f"Hội Nông dân {P}"
TD, LDLD, CCB = "Tỉnh đoàn Lào Cai", f"Liên đoàn Lao động {P}", f"Hội Cựu chiến binh {P}"
CA, BP = f"Công an {P}", f"Bộ Chỉ huy Bộ đội Biên phòng {P}"
HU_BX, TU_SP, HU_BT = "Huyện ủy Bát Xát", "Thị ủy Sa Pa", "Huyện ủy Bảo Thắng"
Y_TY, TRINH_TUONG, QUANG_KIM = "Đảng ủy xã Y Tý", "Đảng ủy xã Trịnh Tường", "Đảng ủy xã Quang Kim"


def _dialogue(held_on, level, host, place, participants, raised, settled):
    return {"held_on": held_on, "level": level, "host": host, "place": place,
            "participants": participants, "opinions_raised": raised,
            "opinions_settled": settled}


def lao_cai(demo: Demo) -> None:
    c = demo.users["chuyenvien.laocai@demo.vn"]
    _child_marriage_review(demo, c)
    _dialogues_first_half_2021(demo, c)
    _reviews_2021(demo, c)
    _this_year(demo, c)
    _half_year_reports(demo, c)


def _child_marriage_review(demo: Demo, c) -> None:
    """Sơ kết 03 năm Chỉ thị 33-CT/TU, due 30/10/2020: done on time by some, late by others."""
    task = demo.task("33-CT/TU", actor=c, on=date(2020, 8, 12), kind="so_ket", years=3,
                     description="Các cơ quan, đơn vị gửi báo cáo sơ kết về Ban Dân vận Tỉnh "
                                 "ủy để tổng hợp, tham mưu Tỉnh ủy tổ chức hội nghị sơ kết.")
    demo.give(task, {
        BDV: "on_time",
        PN: [("p", date(2020, 9, 14), 60, "Đã tổng hợp kết quả tuyên truyền phòng, chống tảo "
                                          "hôn của các cấp Hội."),
             ("s", date(2020, 10, 10), "Gửi báo cáo sơ kết của Hội Liên hiệp Phụ nữ tỉnh."),
             ("a", date(2020, 10, 15), "Báo cáo đầy đủ, số liệu rõ ràng.")],
        SYT: [("s", date(2020, 10, 16), "Gửi báo cáo sơ kết của Sở Y tế."),
              ("r", date(2020, 10, 20), "Chưa có số liệu khám sức khỏe tiền hôn nhân theo "
                                        "yêu cầu của đề cương; đề nghị bổ sung."),
              ("s", date(2020, 10, 28), "Đã bổ sung số liệu khám sức khỏe tiền hôn nhân."),
              ("a", date(2020, 11, 2))],
        STP: "on_time", SGD: "on_time", TD: "late", MTTQ: "on_time", CA: "on_time",
        BP: "late",
        HU_BX: [("p", date(2020, 10, 5), 50, "Đang tổng hợp báo cáo của các đảng ủy xã."),
                ("s", date(2020, 11, 6), "Gửi báo cáo sơ kết của Huyện ủy Bát Xát (chậm do "
                                         "chờ số liệu các xã vùng cao)."),
                ("a", date(2020, 11, 9))],
        TU_SP: "on_time", HU_BT: "on_time", Y_TY: "on_time", TRINH_TUONG: "late",
    }, actor=c, on=date(2020, 8, 13), lead=BDV)


def _dialogues_first_half_2021(demo: Demo, c) -> None:
    """176 dialogues with 10,948 people by June 2021: province 1/120, district 16/1,770,
    commune 169/9,058. A few are recorded one by one, the totals as figures."""
    task = demo.task("18-CT/TU", actor=c, on=date(2021, 1, 8), kind="doi_thoai",
                     title="Tổ chức tiếp xúc, đối thoại trực tiếp giữa người đứng đầu cấp ủy, "
                           "chính quyền với Nhân dân 6 tháng đầu năm 2021",
                     due=date(2021, 6, 30))
    totals = [("Số cuộc đối thoại", "cuộc", 176), ("Số lượt người tham gia", "lượt người", 10948),
              ("Số cuộc đối thoại cấp tỉnh", "cuộc", 1),
              ("Số người tham gia cấp tỉnh", "người", 120),
              ("Số cuộc đối thoại cấp huyện", "cuộc", 16),
              ("Số người tham gia cấp huyện", "người", 1770),
              ("Số cuộc đối thoại cấp xã", "cuộc", 169),
              ("Số người tham gia cấp xã", "người", 9058)]
    lead = [# A first count in April, updated in June: the history keeps both.
            ("f", date(2021, 4, 6), "Số cuộc đối thoại", "cuộc", 98),
            ("f", date(2021, 4, 6), "Số lượt người tham gia", "lượt người", 5730),
            ("d", date(2021, 5, 24), _dialogue(date(2021, 5, 21), "tinh",
                                               "Thường trực Tỉnh ủy Lào Cai",
                                               "Hội trường Huyện ủy Bảo Thắng", 120, 18, 15)),
            *[("f", date(2021, 6, 25), *figure) for figure in totals],
            ("s", date(2021, 6, 28), "Tổng hợp kết quả đối thoại 6 tháng đầu năm 2021 toàn "
                                     "tỉnh."),
            ("a", date(2021, 7, 5), "Tổng hợp vào báo cáo công tác dân vận 6 tháng đầu năm.")]

    def held(dialogues, sent, accepted):
        return [*(("d", d["held_on"] + timedelta(days=2), d) for d in dialogues),
                ("s", sent, "Gửi báo cáo kết quả đối thoại 6 tháng đầu năm."),
                ("a", accepted, "")]

    demo.give(task, {
        BDV: lead,
        HU_BX: held([_dialogue(date(2021, 3, 18), "huyen", "Bí thư Huyện ủy Bát Xát",
                               "Nhà văn hóa xã Y Tý", 110, 13, 11),
                     _dialogue(date(2021, 4, 22), "huyen", "Chủ tịch UBND huyện Bát Xát",
                               "Hội trường UBND xã Trịnh Tường", 95, 8, 8)],
                    date(2021, 6, 24), date(2021, 6, 29)),
        QUANG_KIM: held([_dialogue(date(2021, 5, 12), "xa", "Bí thư Đảng ủy xã Quang Kim",
                                   "Nhà văn hóa thôn, xã Quang Kim", 62, 5, 5)],
                        date(2021, 6, 18), date(2021, 6, 21)),
        TU_SP: held([_dialogue(date(2021, 4, 8), "huyen", "Bí thư Thị ủy Sa Pa",
                               "Hội trường UBND xã Tả Phìn", 124, 16, 12)],
                    date(2021, 7, 9), date(2021, 7, 12)),
        HU_BT: held([_dialogue(date(2021, 3, 25), "huyen", "Bí thư Huyện ủy Bảo Thắng",
                               "Nhà văn hóa xã Xuân Quang", 136, 11, 10)],
                    date(2021, 6, 25), date(2021, 6, 29)),
        UBND: "on_time",
    }, actor=c, on=date(2021, 1, 9), lead=BDV)


def _reviews_2021(demo: Demo, c) -> None:
    """The reviews the Ban advised the Tỉnh ủy on in the first half of 2021 (seed 003)."""
    task = demo.task("18-KH/TU", actor=c, on=date(2021, 1, 11), kind="so_ket", years=5)
    demo.give(task, {BDV: "on_time", UBND: "on_time", SNV: "late", MTTQ: "on_time",
                     LDLD: "on_time", HU_BX: "on_time", TU_SP: "late", HU_BT: "on_time"},
              actor=c, on=date(2021, 1, 12), lead=BDV)
    task = demo.task("52-CT/TW", actor=c, on=date(2020, 11, 16), kind="so_ket", years=5)
    demo.give(task, {LDLD: "on_time", SLD: "late", TD: "on_time", PN: "on_time",
                     MTTQ: "late"}, actor=c, on=date(2020, 11, 17), lead=LDLD)
    # The Đề án of 61-KL/TW ran 2010–2020: its ten-year review follows the end of the term.
    task = demo.task("61-KL/TW", actor=c, on=date(2020, 12, 14), kind="tong_ket", years=10,
                     due=date(2021, 3, 31),
                     description="Đề án giai đoạn 2010 - 2020: tổng kết sau khi kết thúc giai "
                                 "đoạn, theo hướng dẫn của Trung ương Hội Nông dân Việt Nam.")
    demo.give(task, {
        ND: "granted_then_on_time",
        STNMT: [("p", date(2021, 3, 10), 50, "Đang tổng hợp số liệu giao đất, giao rừng."),
                ("e", date(2021, 3, 26), date(2021, 4, 15),
                 "Sở được giao bổ sung số liệu giao đất, giao rừng giai đoạn 2010 - 2020."),
                ("s", date(2021, 4, 13), "Gửi báo cáo của Sở."), ("a", date(2021, 4, 16))],
        SLD: "on_time", MTTQ: "on_time", HU_BX: "late", HU_BT: "late",
    }, actor=c, on=date(2020, 12, 15), lead=ND)
    task = demo.task("09-CT/TU", actor=c, on=date(2021, 2, 22), kind="tong_ket", years=10)
    demo.give(task, {CA: "on_time", BP: "on_time", HU_BX: "returned_then_late",
                     TU_SP: "on_time", SLD: "late", MTTQ: "on_time"},
              actor=c, on=date(2021, 2, 23), lead=CA)
    task = demo.task("17-CT/TU", actor=c, on=date(2021, 5, 10), kind="so_ket", years=5)
    demo.give(task, {BDV: "on_time", SLD: "on_time", SYT: "late", MTTQ: "on_time",
                     CCB: "on_time"}, actor=c, on=date(2021, 5, 11), lead=BDV)
    task = demo.task("40-CT/TU", actor=c, on=date(2021, 3, 15), kind="khac",
                     title="Đánh giá kết quả thực hiện Chỉ thị số 40-CT/TU, ngày 28/03/2014 của "
                           "Tỉnh ủy Lào Cai về công tác dân tộc", due=date(2021, 5, 31))
    demo.give(task, {BDV: "on_time", UBND: "on_time", BP: "on_time", HU_BX: "on_time",
                     TU_SP: "late", HU_BT: "on_time"}, actor=c, on=date(2021, 3, 16), lead=BDV)
    task = demo.task("40-CT/TU", actor=c, on=date(2021, 1, 18), kind="tuyen_truyen",
                     title="Tổ chức hội nghị tuyên truyền chính sách dân tộc, tôn giáo cho "
                           "người có uy tín tại các huyện", due=date(2021, 6, 30))
    demo.give(task, {
        BDV: ("on_time", [("Hội nghị tuyên truyền", "hội nghị", 9),
                          ("Lượt người có uy tín tham dự", "lượt người", 1300)]),
        HU_BX: "on_time", TU_SP: "on_time", HU_BT: "late",
    }, actor=c, on=date(2021, 1, 19), lead=BDV)
    task = demo.task("18-KH/TU", actor=c, on=date(2021, 6, 14), kind="tap_huan",
                     title="Tổ chức hội nghị tập huấn về công tác tôn giáo và quy chế dân chủ ở "
                           "cơ sở năm 2021", due=date(2021, 9, 30))
    demo.give(task, {BDV: "on_time", SNV: "on_time", MTTQ: "on_time", HU_BX: "late",
                     TU_SP: "on_time", HU_BT: "on_time"}, actor=c, on=date(2021, 6, 15),
              lead=BDV)
    task = demo.task("18-CT/TU", actor=c, on=date(2021, 7, 5), kind="ke_hoach",
                     title="Xây dựng Kế hoạch “Tăng cường và đổi mới công tác dân vận của các cơ "
                           "quan Nhà nước, MTTQ và các tổ chức chính trị - xã hội các cấp trên "
                           "địa bàn tỉnh, giai đoạn 2021 - 2025”", due=date(2021, 9, 30))
    demo.give(task, {BDV: "on_time", UBND: "on_time", SNV: "late", MTTQ: "on_time"},
              actor=c, on=date(2021, 7, 6), lead=BDV)


def _this_year(demo: Demo, c) -> None:
    """Work relative to today: every state for Bát Xát and its communes."""
    due = demo.ago(3)
    task = demo.task("33-CT/TU", actor=c, on=demo.ago(60), kind="kiem_tra_giam_sat",
                     title="Kiểm tra việc thực hiện Chỉ thị số 33-CT/TU về phòng, chống tảo hôn, "
                           f"hôn nhân cận huyết thống năm {due.year}", due=due)
    demo.give(task, {PN: "on_time", HU_BX: "overdue", Y_TY: "on_time", TU_SP: "late",
                     HU_BT: "submitted", TRINH_TUONG: "overdue_idle"},
              actor=c, on=demo.ago(59), lead=PN)
    due = demo.ahead(20)
    task = demo.task("40-CT/TU", actor=c, on=demo.ago(45), kind="tap_huan",
                     title=f"Tập huấn nghiệp vụ công tác dân tộc cho người có uy tín năm "
                           f"{due.year}", due=due)
    demo.give(task, {BDV: "progress", HU_BX: "pending_extension", TU_SP: "idle",
                     HU_BT: "progress", QUANG_KIM: "idle", BP: "submitted"},
              actor=c, on=demo.ago(44), lead=BDV)
    due = demo.ago(135)
    task = demo.task("18-KH/TU", actor=c, on=demo.ago(200), kind="ke_hoach",
                     title=f"Xây dựng kế hoạch thực hiện dân chủ ở cơ sở năm {due.year}",
                     due=due)
    demo.give(task, {
        BDV: "on_time",
        HU_BX: [("p", due - timedelta(days=20), 60, "Đã xây dựng dự thảo kế hoạch."),
                ("s", due - timedelta(days=5), "Gửi dự thảo kế hoạch của Huyện ủy."),
                ("r", due - timedelta(days=2), "Kế hoạch chưa phân công cụ thể cho các đảng "
                                               "ủy xã vùng biên; đề nghị hoàn thiện.")],
        HU_BT: "on_time", TU_SP: "late", Y_TY: "overdue", UBND: "refused_then_late",
    }, actor=c, on=demo.ago(199), lead=BDV)
    due = demo.ahead(35)
    task = demo.task("18-CT/TU", actor=c, on=demo.ago(270), kind="doi_thoai",
                     title="Tổ chức tiếp xúc, đối thoại trực tiếp giữa người đứng đầu cấp ủy, "
                           f"chính quyền với Nhân dân năm {due.year}", due=due)
    # Given after 1/7/2025, the districts' part goes to the communes that succeeded them.
    level, bx, bt = (("xa", "Đảng ủy xã Bát Xát", "Đảng ủy xã Bảo Thắng")
                     if demo.ago(269) >= REFORM else
                     ("huyen", "Huyện ủy Bát Xát", "Huyện ủy Bảo Thắng"))
    demo.give(task, {
        BDV: "progress",
        HU_BX: [("d", demo.ago(150), _dialogue(demo.ago(152), level, f"Bí thư {bx}",
                                               "Nhà văn hóa thôn Quang Kim", 118, 12, 9)),
                ("d", demo.ago(62), _dialogue(demo.ago(64), level, f"Phó Bí thư {bx}",
                                              "Hội trường UBND xã Y Tý", 102, 9, 7)),
                ("p", demo.ago(60), 60, "Đã tổ chức 02 cuộc đối thoại.")],
        Y_TY: [("d", demo.ago(80), _dialogue(demo.ago(81), "xa", "Bí thư Đảng ủy xã Y Tý",
                                             "Trụ sở Đảng ủy, UBND xã Y Tý", 57, 4, 4)),
               ("s", demo.ago(5), "Gửi báo cáo kết quả đối thoại của xã.")],
        TU_SP: "idle",
        HU_BT: [("d", demo.ago(33), _dialogue(demo.ago(35), level, f"Bí thư {bt}",
                                              "Nhà văn hóa thôn Phong Niên", 126, 10, 8)),
                ("p", demo.ago(30), 50, "Đã tổ chức đối thoại; đang giải quyết 02 ý kiến còn "
                                        "lại.")],
    }, actor=c, on=demo.ago(269), lead=BDV)


def _half_year_reports(demo: Demo, c) -> None:
    """Six-month reports under Chỉ thị 18-CT/TU, 2025–2026."""
    tasks = demo.periodic("18-CT/TU", actor=c, on=date(2025, 1, 8), frequency="half_year",
                          first=2025, last=2026, due_day=20)
    bodies = [UBND, SNV, STP, CA, BP, MTTQ, HU_BX, TU_SP, HU_BT]
    for n, task in enumerate(tasks):
        on = min(task.period_start + timedelta(days=8), demo.ago(20))
        plan = {name: demo.seasonal(task.due_on, k + 2 * n + 1) for k, name in enumerate(bodies)}
        demo.give(task, plan, actor=c, on=on, lead=UBND)
