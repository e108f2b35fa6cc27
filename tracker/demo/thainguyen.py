"""Bắc Kạn until its merger into Thái Nguyên on 1/7/2025 (seed 001), then Thái Nguyên with
the old Bắc Kạn inside it: the merged bodies keep their assignments and history."""
from datetime import date

from tracker.demo.common import Demo

BK = "tỉnh Bắc Kạn"
BK_BDV, BK_UBND, BK_HDND = "Ban Dân vận Tỉnh ủy Bắc Kạn", f"UBND {BK}", f"HĐND {BK}"
BK_SNV, BK_MTTQ, BK_PN = f"Sở Nội vụ {BK}", f"Ủy ban MTTQ {BK}", f"Hội Liên hiệp Phụ nữ {BK}"
BK_ND, BK_TD = f"Hội Nông dân {BK}", "Tỉnh đoàn Bắc Kạn"
BK_CA, BK_QS = f"Công an {BK}", f"Bộ Chỉ huy Quân sự {BK}"
TU_BK, HU_BB = "Thành ủy Bắc Kạn", "Huyện ủy Ba Bể"
NAM_MAU, DUONG_QUANG = "Đảng ủy xã Nam Mẫu", "Đảng ủy xã Dương Quang"

TN = "tỉnh Thái Nguyên"
TN_BDV, TN_UBND, TN_MTTQ = "Ban Dân vận Tỉnh ủy Thái Nguyên", f"UBND {TN}", f"Ủy ban MTTQ {TN}"
TN_SNV, TN_SLD = f"Sở Nội vụ {TN}", f"Sở Lao động - Thương binh và Xã hội {TN}"
TN_LDLD, TN_TD, TN_PN = f"Liên đoàn Lao động {TN}", "Tỉnh đoàn Thái Nguyên", \
    f"Hội Liên hiệp Phụ nữ {TN}"
TU_TN, HU_DT = "Thành ủy Thái Nguyên", "Huyện ủy Đại Từ"
TAN_CUONG, LA_BANG = "Đảng ủy xã Tân Cương", "Đảng ủy xã La Bằng"


def bac_kan(demo: Demo) -> None:
    c = demo.users["chuyenvien.backan@demo.vn"]
    # Seed 001: ten years of Quyết định 290-QĐ/TW, with the figures each body reported.
    task = demo.task("290-QĐ/TW", actor=c, on=date(2019, 12, 9), kind="tong_ket", years=10,
                     description="Tổng kết 10 năm thực hiện Quyết định 290-QĐ/TW và Quy chế số "
                                 "21-QC/TU (thay thế Quyết định số 81-QĐ/TU).")
    demo.give(task, {
        BK_BDV: ("on_time", [
            ("Lượt cán bộ dự tập huấn, bồi dưỡng của Trung ương", "lượt", 30),
            ("Hội nghị tập huấn, bồi dưỡng nghiệp vụ công tác dân vận", "hội nghị", 40),
            ("Lượt người dự tập huấn, bồi dưỡng", "lượt người", 20000),
            ("Lượt địa phương, đơn vị được kiểm tra", "lượt", 781),
            ("Lượt sơ kết, tổng kết nghị quyết, chỉ thị, kết luận", "lượt", 45),
            ("Cuộc tuyên truyền chủ trương, chính sách", "cuộc", 100),
            ("Lượt người dự tuyên truyền", "lượt người", 2500),
            ("Tin, bài, phóng sự về công tác dân vận", "tin, bài", 500)]),
        BK_HDND: ("on_time", [("Nghị quyết liên quan đến đời sống Nhân dân (từ 2011)",
                               "nghị quyết", 368)]),
        BK_UBND: ("late", [("Đơn thư khiếu nại, tố cáo, kiến nghị tiếp nhận (từ 2015)", "đơn",
                            11244),
                           ("Đơn thụ lý giải quyết theo thẩm quyền", "đơn", 7568),
                           ("Đơn đã giải quyết", "đơn", 7344),
                           ("Huyện, thành phố thực hiện cơ chế một cửa", "huyện, thành phố", 8),
                           ("Sở, ngành thực hiện cơ chế một cửa (trên 18)", "sở, ngành", 16)]),
        BK_QS: ("on_time", [("Đợt tuyên truyền đặc biệt phối hợp với Ban Dân vận", "đợt",
                             10)]),
        BK_CA: "on_time",
        BK_MTTQ: ("on_time", [("Diện tích đất Nhân dân hiến xây dựng nông thôn mới", "m²",
                               302523),
                              ("Ngày công Nhân dân đóng góp", "ngày công", 408200)]),
        BK_PN: "on_time", BK_ND: "late", BK_TD: "on_time", TU_BK: "on_time", HU_BB: "late",
    }, actor=c, on=date(2019, 12, 10), lead=BK_BDV)

    task = demo.task("21-QC/TU", actor=c, on=date(2024, 3, 11), kind="so_ket", years=5)
    demo.give(task, {BK_BDV: "on_time", BK_UBND: "on_time", BK_SNV: "late",
                     BK_MTTQ: "on_time", TU_BK: "on_time", HU_BB: "overdue",
                     NAM_MAU: "on_time"}, actor=c, on=date(2024, 3, 12), lead=BK_BDV)
    task = demo.task("21-QC/TU", actor=c, on=date(2024, 3, 18), kind="tap_huan",
                     title="Tập huấn, bồi dưỡng nghiệp vụ công tác dân vận năm 2024",
                     due=date(2024, 6, 28))
    demo.give(task, {BK_BDV: "on_time", TU_BK: "on_time", HU_BB: "late", BK_PN: "on_time",
                     BK_TD: "on_time"}, actor=c, on=date(2024, 3, 19), lead=BK_BDV)
    task = demo.task("21-QC/TU", actor=c, on=date(2024, 8, 5), kind="kiem_tra_giam_sat",
                     title="Kiểm tra việc thực hiện Quy chế công tác dân vận tại các huyện, thành "
                           "phố năm 2024", due=date(2024, 11, 29))
    demo.give(task, {BK_BDV: "on_time", TU_BK: "on_time", HU_BB: "late",
                     DUONG_QUANG: "on_time"}, actor=c, on=date(2024, 8, 6), lead=BK_BDV)
    # The last report before the merger: some were accepted after 1/7/2025, by the same
    # coordinator, now in Thái Nguyên; Ba Bể never sent it.
    task = demo.task("21-QC/TU", actor=c, on=date(2025, 3, 3), kind="bao_cao_dinh_ky",
                     period=(date(2025, 1, 1), date(2025, 6, 30)), due=date(2025, 6, 13),
                     title="Báo cáo 6 tháng đầu năm 2025 thực hiện Quy chế số 21-QC/TU, ngày "
                           "15/05/2019 của Ban Thường vụ Tỉnh ủy Bắc Kạn")
    demo.give(task, {
        BK_BDV: "on_time", BK_UBND: "on_time", BK_MTTQ: "on_time",
        TU_BK: [("p", date(2025, 6, 2), 70, "Đang chờ số liệu của các phường, xã."),
                ("s", date(2025, 6, 27), "Gửi báo cáo 6 tháng của Thành ủy Bắc Kạn."),
                ("a", date(2025, 7, 10), "Tiếp nhận sau sáp nhập; lưu vào hồ sơ Bắc Kạn cũ.")],
        BK_SNV: [("s", date(2025, 6, 30), "Gửi báo cáo 6 tháng của Sở Nội vụ."),
                 ("a", date(2025, 7, 8), "")],
        HU_BB: "overdue_idle",
    }, actor=c, on=date(2025, 3, 4), lead=BK_BDV)


def thai_nguyen(demo: Demo) -> None:
    c = demo.users["chuyenvien.thainguyen@demo.vn"]
    task = demo.task("52-CT/TW", actor=c, on=date(2020, 11, 10), kind="so_ket", years=5,
                     description="Đánh giá đời sống văn hóa, tinh thần của công nhân lao động "
                                 "tại các khu công nghiệp trên địa bàn tỉnh.")
    demo.give(task, {TN_LDLD: "on_time", TN_SLD: "late", TN_TD: "on_time", TN_PN: "on_time",
                     TU_TN: "on_time", HU_DT: "late"}, actor=c, on=date(2020, 11, 11),
              lead=TN_LDLD)
    task = demo.task("33/CT-TTg", actor=c, on=date(2022, 1, 10), kind="tuyen_truyen",
                     title="Tuyên truyền, quán triệt Chỉ thị số 33/CT-TTg đến cán bộ, công chức "
                           "các cấp", due=date(2022, 3, 31))
    demo.give(task, {TN_BDV: "on_time", TN_UBND: "on_time", TN_SNV: "late", TU_TN: "on_time",
                     HU_DT: "on_time"}, actor=c, on=date(2022, 1, 11), lead=TN_BDV)
    # After the merger: the province is larger, the ten-year review of 52-CT/TW is due.
    task = demo.task("52-CT/TW", actor=c, on=date(2025, 9, 15), kind="tong_ket", years=10)
    demo.give(task, {TN_LDLD: "on_time", TN_SNV: "late", TN_TD: "overdue", TN_PN: "on_time",
                     TU_TN: "returned_then_late", HU_DT: "overdue_idle", TN_MTTQ: "on_time"},
              actor=c, on=date(2025, 9, 16), lead=TN_LDLD)
    due = demo.ahead(15)
    task = demo.task("33/CT-TTg", actor=c, on=demo.ago(40), kind="kiem_tra_giam_sat",
                     title="Kiểm tra công tác dân vận chính quyền sau sắp xếp đơn vị hành chính "
                           f"năm {due.year}", due=due)
    demo.give(task, {TN_BDV: "progress", TN_SNV: "idle", TN_UBND: "submitted",
                     TN_MTTQ: "progress", TU_TN: "idle", HU_DT: "returned",
                     TAN_CUONG: "progress", LA_BANG: "idle"}, actor=c, on=demo.ago(39),
              lead=TN_BDV)
