"""What units and the Ban write in the demo, and the outcomes recurring reports take."""

# Outcomes of recurring reports: long past, recently due, not yet due.
SETTLED = ["on_time", "on_time", "late", "on_time", "returned_then_late", "on_time",
           "overdue", "on_time", "late", "on_time", "on_time"]
RECENT = ["on_time", "late", "submitted", "overdue", "on_time", "overdue_idle", "on_time"]
FUTURE = ["progress", "idle", "submitted", "progress", "returned", "idle", "pending_extension",
          "progress", "on_time"]

# ---- words the units and the Ban write ----------------------------------------------------

NOTES = {
    "so_ket": {"progress": [
        "Đã ban hành đề cương, đang tổng hợp số liệu từ các đơn vị trực thuộc.",
        "Đã hoàn thành dự thảo báo cáo sơ kết, trình Thường trực cho ý kiến.",
        "Đã tổ chức hội nghị sơ kết tại đơn vị, đang hoàn thiện báo cáo.",
    ]},
    "tong_ket": {"progress": [
        "Đã xây dựng đề cương tổng kết, gửi các chi bộ, phòng chuyên môn.",
        "Đang tổng hợp số liệu giai đoạn 10 năm, đối chiếu với báo cáo hằng năm.",
        "Đã hoàn thành dự thảo báo cáo tổng kết, đang lấy ý kiến đóng góp.",
    ]},
    "doi_thoai": {"progress": [
        "Đã xây dựng kế hoạch đối thoại, thông báo thời gian, địa điểm đến Nhân dân.",
        "Đã tổ chức đối thoại, đang tổng hợp ý kiến, kiến nghị để giải quyết.",
    ]},
    "bao_cao_dinh_ky": {"progress": [
        "Đang tổng hợp số liệu của các phòng, ban chuyên môn.",
        "Đã hoàn thành dự thảo báo cáo, trình lãnh đạo đơn vị ký.",
        "Đã đôn đốc các đơn vị trực thuộc gửi số liệu.",
    ]},
    "ke_hoach": {"progress": [
        "Đã xây dựng dự thảo kế hoạch, đang lấy ý kiến các phòng, ban.",
        "Đã ban hành kế hoạch, đang triển khai đến các chi bộ trực thuộc.",
    ]},
    "kiem_tra_giam_sat": {"progress": [
        "Đã thành lập đoàn kiểm tra, ban hành kế hoạch kiểm tra.",
        "Đã kiểm tra tại 03 đơn vị, đang dự thảo thông báo kết luận.",
    ]},
    "tuyen_truyen": {"progress": [
        "Đã tổ chức hội nghị quán triệt cho cán bộ chủ chốt.",
        "Đã đăng tải tin, bài trên trang thông tin điện tử của đơn vị.",
    ]},
    "tap_huan": {"progress": [
        "Đã xây dựng chương trình tập huấn, mời báo cáo viên.",
        "Đã tổ chức 01 lớp tập huấn, đang chuẩn bị lớp thứ hai.",
    ]},
    "khac": {"progress": [
        "Đang rà soát, đánh giá kết quả thực hiện tại đơn vị.",
        "Đã hoàn thành dự thảo báo cáo đánh giá.",
    ]},
}
SUBMIT_NOTES = [
    "Đã gửi báo cáo bằng văn bản và cập nhật lên hệ thống.",
    "Gửi báo cáo kết quả thực hiện kèm biểu số liệu.",
    "Đơn vị đã hoàn thành nhiệm vụ, gửi báo cáo để Ban tổng hợp.",
    "Báo cáo đã được lãnh đạo đơn vị ký, gửi bản chính qua đường văn thư.",
]
ACCEPT_NOTES = [
    "Báo cáo đầy đủ nội dung theo đề cương.",
    "Tiếp nhận; số liệu khớp với báo cáo của các đơn vị trực thuộc.",
    "",
    "Tiếp nhận, tổng hợp vào báo cáo chung của tỉnh.",
]
RETURN_REASONS = [
    "Báo cáo chưa có số liệu theo biểu mẫu kèm đề cương; đề nghị bổ sung.",
    "Chưa đánh giá hạn chế, nguyên nhân và bài học kinh nghiệm theo yêu cầu.",
    "Số liệu chưa khớp với báo cáo 6 tháng đã gửi; đề nghị rà soát lại.",
    "Thiếu phần phương hướng, nhiệm vụ thời gian tới; đề nghị hoàn thiện.",
]
EXTENSION_REASONS = [
    "Đơn vị đang tập trung cho công tác sắp xếp tổ chức bộ máy; đề nghị gia hạn để tổng hợp "
    "đầy đủ số liệu.",
    "Một số đơn vị trực thuộc chưa gửi số liệu; đề nghị gia hạn để báo cáo bảo đảm chất "
    "lượng.",
    "Đồng chí phụ trách đang đi học tập trung; đề nghị gia hạn thời gian nộp báo cáo.",
]
REFUSALS = [
    "Thời hạn tổng hợp báo cáo chung của tỉnh không thể lùi; đề nghị đơn vị gửi báo cáo đúng "
    "hạn, số liệu còn thiếu bổ sung sau.",
    "Nội dung đã được bố trí trong chương trình công tác; đề nghị thực hiện đúng kế hoạch.",
]
