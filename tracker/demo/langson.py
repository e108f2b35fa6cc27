"""Lạng Sơn: tổng kết 10 năm Quyết định 290-QĐ/TW (seed 000), dân vận chính quyền and
“Dân vận khéo” 2020 (seed 002), the dialogues of Quyết định 320-QĐ/TU, and this year's work."""
from datetime import date, timedelta

from tracker.demo.common import Demo
from tracker.demo.reform import REFORM

P = "tỉnh Lạng Sơn"
BDV, UBND, HDND = "Ban Dân vận Tỉnh ủy Lạng Sơn", f"UBND {P}", f"HĐND {P}"
SNV, STP, SGD = f"Sở Nội vụ {P}", f"Sở Tư pháp {P}", f"Sở Giáo dục và Đào tạo {P}"
SYT, STNMT = f"Sở Y tế {P}", f"Sở Tài nguyên và Môi trường {P}"
SLD = f"Sở Lao động - Thương binh và Xã hội {P}"
MTTQ, PN, ND = f"Ủy ban MTTQ {P}", f"Hội Liên hiệp Phụ nữ {P}", f"Hội Nông dân {P}"
TD, LDLD, CCB = "Tỉnh đoàn Lạng Sơn", f"Liên đoàn Lao động {P}", f"Hội Cựu chiến binh {P}"
CA, QS = f"Công an {P}", f"Bộ Chỉ huy Quân sự {P}"
BP = f"Bộ Chỉ huy Bộ đội Biên phòng {P}"
TAND, VKS = f"Tòa án nhân dân {P}", f"Viện kiểm sát nhân dân {P}"
DAI = f"Đài Phát thanh và Truyền hình {P}"
HU_CL, UB_CL = "Huyện ủy Cao Lộc", "UBND huyện Cao Lộc"
TU_TP, UB_TP = "Thành ủy Lạng Sơn", "UBND thành phố Lạng Sơn"
HU_HL, UB_HL = "Huyện ủy Hữu Lũng", "UBND huyện Hữu Lũng"
YEN_TRACH, HOA_BINH = "Đảng ủy xã Yên Trạch", "Đảng ủy xã Hoà Bình"
MAI_PHA = "Đảng ủy xã Mai Pha"


def _dialogue(held_on, level, host, place, participants, raised, settled):
    return {"held_on": held_on, "level": level, "host": host, "place": place,
            "participants": participants, "opinions_raised": raised,
            "opinions_settled": settled}


def lang_son(demo: Demo) -> None:
    c = demo.users["chuyenvien.langson@demo.vn"]
    _ten_years_290(demo, c)
    _dialogues_2020(demo, c)
    _dan_van_kheo_2020(demo, c)
    _friendly_government(demo, c)
    _this_year(demo, c)
    _half_year_reports(demo, c)


def _ten_years_290(demo: Demo, c) -> None:
    """Seed 000: each body's part of the ten-year review, with the figures it reported."""
    task = demo.task("290-QĐ/TW", actor=c, on=date(2019, 12, 16), kind="tong_ket", years=10,
                     description="Báo cáo tổng kết 10 năm thực hiện Quyết định 290-QĐ/TW và "
                                 "Quyết định số 1536-QĐ/TU của Ban Thường vụ Tỉnh ủy, theo đề "
                                 "cương của Ban Dân vận Tỉnh ủy.")
    mttq = [
        ("p", date(2020, 1, 14), 50, "Đã tổng hợp kết quả giám sát của Mặt trận các cấp."),
        ("f", date(2020, 2, 18), "Cuộc giám sát việc thực hiện nghị quyết, chính sách", "cuộc",
         7292),
        ("s", date(2020, 2, 20), "Gửi báo cáo tổng kết của Ủy ban MTTQ tỉnh."),
        ("r", date(2020, 2, 24), "Chưa có số liệu các hội nghị đối thoại giữa người đứng đầu "
                                 "cấp ủy, chính quyền với Nhân dân do Mặt trận phối hợp tổ "
                                 "chức; đề nghị bổ sung."),
        ("f", date(2020, 3, 2), "Hội nghị đối thoại do Mặt trận phối hợp tổ chức", "hội nghị",
         505),
        ("s", date(2020, 3, 3), "Đã bổ sung số liệu đối thoại theo yêu cầu."),
        ("a", date(2020, 3, 5), "Tiếp nhận báo cáo đã bổ sung."),
    ]
    huu_lung = [
        ("p", date(2020, 2, 3), 40, "Đã xây dựng đề cương, giao các chi bộ, đảng bộ cơ sở."),
        ("x", date(2020, 2, 17), date(2020, 3, 16),
         "Do ảnh hưởng của dịch bệnh Covid-19, huyện chưa tổ chức được hội nghị tổng kết; đề "
         "nghị gia hạn."),
        ("g", date(2020, 2, 18), "Đồng ý gia hạn do dịch bệnh Covid-19."),
        ("s", date(2020, 3, 12), "Gửi báo cáo tổng kết của Huyện ủy Hữu Lũng."),
        ("a", date(2020, 3, 13)),
    ]
    demo.give(task, {
        BDV: ("on_time", [
            ("Huyện, thành phố thí điểm Trưởng Ban Dân vận kiêm Chủ tịch Ủy ban MTTQ",
             "huyện, thành phố", 7),
            ("Chương trình hành động của Ban Thường vụ Tỉnh ủy về công tác dân vận",
             "văn bản", 3),
            ("Nghị quyết của Ban Thường vụ Tỉnh ủy về công tác dân vận", "văn bản", 5),
            ("Chỉ thị của Ban Thường vụ Tỉnh ủy về công tác dân vận", "văn bản", 15),
            ("Quy chế, quy định về công tác dân vận", "văn bản", 5),
            ("Hướng dẫn về công tác dân vận", "văn bản", 2)]),
        HDND: ("on_time", [
            ("Hội nghị lấy ý kiến đóng góp dự án luật", "hội nghị", 18),
            ("Dự án luật được lấy ý kiến", "dự án", 20),
            ("Điểm tiếp xúc cử tri", "điểm", 696),
            ("Lượt cử tri tham dự tiếp xúc", "lượt", 32004),
            ("Ý kiến, kiến nghị của cử tri được tổng hợp", "ý kiến", 5355)]),
        UBND: "on_time",
        MTTQ: mttq,
        PN: ("on_time", [("Mô hình, điển hình của các cấp Hội", "mô hình", 6660),
                         ("Cán bộ, hội viên tham gia thực hiện", "người", 118800)]),
        ND: "on_time", TD: "on_time", CCB: "on_time",
        LDLD: ("late", [("Lượt đoàn viên, người lao động được chăm lo Tết (“Tết Sum vầy”)",
                         "lượt", 97000),
                        ("Tổng số tiền hỗ trợ chương trình “Tết Sum vầy”", "đồng",
                         29_600_000_000)]),
        CA: ("on_time", [("Mô hình liên kết tự phòng, tự quản, tự bảo vệ về an ninh trật tự",
                          "mô hình", 79)]),
        QS: "on_time", BP: "late", TAND: "on_time", VKS: "late", STP: "on_time",
        SNV: "on_time",
        DAI: ("on_time", [("Tin, bài, phóng sự về công tác dân vận", "tin, bài", 2500),
                          ("Chuyên mục, chuyên đề", "chuyên mục", 400)]),
        HU_CL: "late", TU_TP: "on_time", HU_HL: huu_lung,
    }, actor=c, on=date(2019, 12, 17), lead=BDV)


def _dialogues_2020(demo: Demo, c) -> None:
    """Seed 002: in 2020 every party committee and government held its dialogue; UBND tỉnh
    settled 8 of the 11 cases it brought to dialogue."""
    task = demo.task("320-QĐ/TU", actor=c, on=date(2020, 2, 10), kind="doi_thoai",
                     title="Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính "
                           "quyền với Nhân dân năm 2020", due=date(2020, 12, 15),
                     description="Theo Quyết định số 320-QĐ/TU. Ghi nhận từng cuộc đối thoại: "
                                 "ngày, cấp, người chủ trì, số người tham gia, số ý kiến nêu "
                                 "và đã giải quyết.")

    def held(dialogue, recorded, sent, accepted, figures=()):
        events = [("d", recorded, dialogue)]
        events += [("f", recorded, *figure) for figure in figures]
        return events + [("s", sent, "Gửi báo cáo kết quả đối thoại năm 2020."),
                         ("a", accepted, "")]

    demo.give(task, {
        UBND: held(_dialogue(date(2020, 9, 24), "tinh", "Chủ tịch UBND tỉnh Lạng Sơn",
                             "Trụ sở Tiếp công dân tỉnh Lạng Sơn", 45, 11, 8),
                   date(2020, 9, 28), date(2020, 12, 8), date(2020, 12, 11),
                   [("Vụ việc đưa ra đối thoại", "vụ việc", 11),
                    ("Vụ việc đã giải quyết qua đối thoại", "vụ việc", 8)]),
        HU_CL: held(_dialogue(date(2020, 7, 16), "huyen", "Bí thư Huyện ủy Cao Lộc",
                              "Hội trường UBND xã Yên Trạch", 152, 17, 15),
                    date(2020, 7, 20), date(2020, 12, 10), date(2020, 12, 14)),
        UB_CL: held(_dialogue(date(2020, 10, 8), "huyen", "Chủ tịch UBND huyện Cao Lộc",
                              "Nhà văn hóa xã Thụy Hùng", 118, 9, 9),
                    date(2020, 10, 9), date(2020, 12, 4), date(2020, 12, 7)),
        TU_TP: held(_dialogue(date(2020, 8, 20), "huyen", "Bí thư Thành ủy Lạng Sơn",
                              "Hội trường Thành ủy Lạng Sơn", 210, 21, 18),
                    date(2020, 8, 24), date(2020, 12, 22), date(2020, 12, 24)),
        UB_TP: held(_dialogue(date(2020, 11, 5), "huyen", "Chủ tịch UBND thành phố Lạng Sơn",
                              "Nhà văn hóa xã Mai Pha", 96, 8, 7),
                    date(2020, 11, 6), date(2020, 12, 11), date(2020, 12, 14)),
        HU_HL: held(_dialogue(date(2020, 9, 10), "huyen", "Bí thư Huyện ủy Hữu Lũng",
                              "Hội trường UBND xã Hoà Bình", 134, 12, 10),
                    date(2020, 9, 14), date(2020, 12, 9), date(2020, 12, 11)),
        UB_HL: held(_dialogue(date(2020, 10, 22), "huyen", "Chủ tịch UBND huyện Hữu Lũng",
                              "Nhà văn hóa xã Yên Thịnh", 88, 6, 6),
                    date(2020, 10, 23), date(2020, 12, 10), date(2020, 12, 14)),
        YEN_TRACH: held(_dialogue(date(2020, 6, 25), "xa", "Bí thư Đảng ủy xã Yên Trạch",
                                  "Trụ sở Đảng ủy, UBND xã Yên Trạch", 64, 7, 7),
                        date(2020, 6, 26), date(2020, 12, 1), date(2020, 12, 3)),
        HOA_BINH: held(_dialogue(date(2020, 8, 6), "xa", "Bí thư Đảng ủy xã Hoà Bình",
                                 "Hội trường UBND xã Hoà Bình", 58, 5, 4),
                       date(2020, 8, 7), date(2020, 12, 2), date(2020, 12, 3)),
        MTTQ: "on_time",
    }, actor=c, on=date(2020, 2, 11), lead=UBND)


def _dan_van_kheo_2020(demo: Demo, c) -> None:
    """Seed 002: Kế hoạch 80-KH/BDVTU-BCSĐ and the 4,198 “Dân vận khéo” models of 2020."""
    task = demo.task("80-KH/BDVTU-BCSĐ", actor=c, on=date(2020, 2, 24), kind="tuyen_truyen",
                     title="Tuyên truyền, quán triệt Kế hoạch số 80-KH/BDVTU-BCSĐ và phong trào "
                           "thi đua “Dân vận khéo” năm 2020", due=date(2020, 4, 30))
    demo.give(task, {SNV: "on_time", STP: "on_time", SGD: "late", SYT: "on_time",
                     STNMT: "on_time", SLD: "late", DAI: "on_time", UB_CL: "on_time",
                     UB_TP: "on_time", UB_HL: "on_time"},
              actor=c, on=date(2020, 2, 25), lead=SNV)
    task = demo.task("80-KH/BDVTU-BCSĐ", actor=c, on=date(2020, 10, 12),
                     kind="bao_cao_dinh_ky", period=(date(2020, 1, 1), date(2020, 12, 31)),
                     title="Báo cáo kết quả thực hiện công tác dân vận chính quyền và phong "
                           "trào thi đua “Dân vận khéo” năm 2020", due=date(2020, 12, 10))
    models = [("Mô hình “Dân vận khéo”", "mô hình", 4198),
              ("Mô hình tập thể", "mô hình", 1781),
              ("Mô hình cá nhân", "mô hình", 2417),
              ("Mô hình lĩnh vực kinh tế", "mô hình", 1497),
              ("Mô hình lĩnh vực văn hóa – xã hội", "mô hình", 1222),
              ("Mô hình lĩnh vực quốc phòng – an ninh", "mô hình", 618),
              ("Mô hình lĩnh vực xây dựng hệ thống chính trị", "mô hình", 861)]
    yen_trach = [
        ("p", date(2020, 11, 3), 60, "Bộ phận “Một cửa” xã Yên Trạch niêm yết công khai đầy đủ "
                                     "thủ tục hành chính; đang hoàn thiện báo cáo."),
        ("s", date(2020, 12, 2), "Gửi báo cáo của Đảng ủy xã Yên Trạch."),
        ("a", date(2020, 12, 4), "Mô hình điểm “Chính quyền thân thiện” có kết quả tốt."),
    ]
    demo.give(task, {BDV: ("on_time", models), UBND: "on_time", SNV: "on_time",
                     UB_CL: "on_time", UB_TP: "on_time", UB_HL: "late",
                     YEN_TRACH: yen_trach},
              actor=c, on=date(2020, 10, 13), lead=BDV)


def _friendly_government(demo: Demo, c) -> None:
    """Seed 002: sơ kết the “Chính quyền thân thiện” pilot before spreading it."""
    task = demo.task("01-ĐA/BDVTU-UBND", actor=c, on=date(2021, 2, 22), kind="so_ket", years=2)
    demo.give(task, {BDV: "on_time", UBND: "on_time", SNV: "on_time", UB_CL: "late",
                     UB_TP: "on_time", UB_HL: "on_time", YEN_TRACH: "on_time",
                     MAI_PHA: "late"}, actor=c, on=date(2021, 2, 23), lead=BDV)


def _this_year(demo: Demo, c) -> None:
    """Work relative to today, so that every state exists whenever the demo is loaded."""
    # Overdue by a few days.
    due = demo.ago(4)
    task = demo.task("1536-QĐ/TU", actor=c, on=demo.ago(75), kind="kiem_tra_giam_sat",
                     title="Kiểm tra việc thực hiện Quy chế công tác dân vận của hệ thống "
                           f"chính trị năm {due.year}", due=due)
    demo.give(task, {BDV: "on_time", SNV: "overdue", MTTQ: "on_time", HU_CL: "submitted",
                     HU_HL: "late", TU_TP: "on_time", STP: "overdue_idle", ND: "returned"},
              actor=c, on=demo.ago(74), lead=BDV)
    # Overdue by more than 120 days; extensions granted and refused.
    due = demo.ago(150)
    task = demo.task("33/CT-TTg", actor=c, on=demo.ago(230), kind="tap_huan",
                     title="Tập huấn kỹ năng dân vận chính quyền cho cán bộ, công chức cấp xã "
                           f"năm {due.year}", due=due)
    demo.give(task, {SNV: "granted_then_on_time", MTTQ: "refused_then_late",
                     HU_CL: "overdue_idle", YEN_TRACH: "overdue", UB_HL: "on_time",
                     UB_TP: "late", HOA_BINH: "overdue"}, actor=c, on=demo.ago(229), lead=SNV)
    # Within the deadline: in progress, not started, submitted, returned, asking for time.
    due = demo.ahead(12)
    task = demo.task("33/CT-TTg", actor=c, on=demo.ago(30), kind="ke_hoach",
                     title="Xây dựng kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm "
                           f"{due.year + 1}", due=due)
    demo.give(task, {SNV: "pending_extension", MTTQ: "idle", HU_CL: "returned",
                     TU_TP: "submitted", HU_HL: "progress", BDV: "progress", YEN_TRACH: "idle"},
              actor=c, on=demo.ago(29), lead=SNV)
    # This year's dialogues, some held already.
    due = demo.ahead(24)
    # Given after 1/7/2025, the districts' part goes to the communes that succeeded them.
    level, cl, tp = (("xa", "Đảng ủy xã Cao Lộc", "Đảng ủy phường Lương Văn Tri")
                     if demo.ago(259) >= REFORM else
                     ("huyen", "Huyện ủy Cao Lộc", "Thành ủy Lạng Sơn"))
    task = demo.task("320-QĐ/TU", actor=c, on=demo.ago(260), kind="doi_thoai",
                     title="Tổ chức đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền "
                           f"với Nhân dân năm {due.year}", due=due)
    demo.give(task, {
        UBND: [("d", demo.ago(118), _dialogue(demo.ago(120), "tinh", "Chủ tịch UBND tỉnh Lạng "
                                              "Sơn", "Trụ sở Tiếp công dân tỉnh Lạng Sơn", 52,
                                              9, 6)),
               ("p", demo.ago(117), 50, "Đã tổ chức 01 cuộc đối thoại cấp tỉnh; 03 ý kiến "
                                        "đang được các sở xem xét giải quyết.")],
        HU_CL: [("d", demo.ago(93), _dialogue(demo.ago(95), level, f"Bí thư {cl}",
                                              "Nhà văn hóa thôn Gia Cát", 140, 15, 12)),
                ("p", demo.ago(40), 70, "Đã tổ chức đối thoại; đang đôn đốc các thôn.")],
        YEN_TRACH: [("d", demo.ago(58), _dialogue(demo.ago(60), "xa", "Bí thư Đảng ủy xã Yên "
                                                  "Trạch", "Trụ sở Đảng ủy, UBND xã Yên Trạch",
                                                  71, 6, 6)),
                    ("s", demo.ago(3), "Gửi báo cáo kết quả đối thoại của xã.")],
        TU_TP: [("d", demo.ago(68), _dialogue(demo.ago(70), level, f"Bí thư {tp}",
                                              f"Hội trường {tp}", 185, 14, 11)),
                ("s", demo.ago(10), "Gửi báo cáo kết quả đối thoại."),
                ("a", demo.ago(7), "")],
        HU_HL: "idle", HOA_BINH: "idle", MTTQ: "progress",
    }, actor=c, on=demo.ago(259), lead=UBND)
    # Propaganda on land clearance (Hướng dẫn 04-HD/TU).
    due = demo.ahead(38)
    task = demo.task("04-HD/TU", actor=c, on=demo.ago(100), kind="tuyen_truyen",
                     title="Tuyên truyền, vận động Nhân dân trong giải phóng mặt bằng các dự án "
                           f"trọng điểm năm {due.year}", due=due)
    demo.give(task, {UB_CL: "progress", HU_CL: "progress", UB_HL: "idle", STNMT: "progress",
                     MTTQ: "submitted", SNV: "submitted", YEN_TRACH: "progress"},
              actor=c, on=demo.ago(99), lead=UB_CL)
    # Given out last week: nobody has started yet.
    due = demo.ahead(45)
    task = demo.task("1536-QĐ/TU", actor=c, on=demo.ago(6), kind="khac",
                     title="Rà soát, đề xuất sửa đổi Quy chế công tác dân vận của hệ thống chính "
                           "trị sau sắp xếp tổ chức bộ máy", due=due)
    demo.give(task, {BDV: "progress", SNV: "idle", STP: "idle", MTTQ: "idle", HU_CL: "idle",
                     TU_TP: "idle", HU_HL: "idle"}, actor=c, on=demo.ago(5), lead=BDV)


def _half_year_reports(demo: Demo, c) -> None:
    """Six-month reports under Hướng dẫn 02/HD-UBND, 2025–2026, each given as its term opens."""
    tasks = demo.periodic("02/HD-UBND", actor=c, on=date(2025, 1, 6), frequency="half_year",
                          first=2025, last=2026, due_day=15,
                          description="Báo cáo kết quả thực hiện công tác dân vận của cơ quan "
                                      "nhà nước theo Hướng dẫn số 02/HD-UBND.")
    bodies = [SNV, STP, SGD, SYT, STNMT, UB_CL, UB_TP, UB_HL, CA, MTTQ]
    # The demo officers' own bodies get varied outcomes, by term.
    chosen = {SNV: ["on_time", "late", "overdue", "returned"],
              MTTQ: ["late", "on_time", "overdue", "returned"]}
    for n, task in enumerate(tasks):
        on = min(task.period_start + timedelta(days=6), demo.ago(20))  # as the term opens
        plan = {name: demo.seasonal(task.due_on, k + 3 * n) for k, name in enumerate(bodies)}
        plan.update({name: outcomes[n] for name, outcomes in chosen.items()})
        demo.give(task, plan, actor=c, on=on, lead=SNV)
