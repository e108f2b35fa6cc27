"""The shipped library of figure templates, built from what the provincial reports count
(seeds: Lạng Sơn 2020 "4.198 mô hình Dân vận khéo ..."; Lào Cai 2021 "176 cuộc đối thoại
..."; "8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết"). A Ban copies one and adapts it.

Names are data in the language of the office (they end up in reports word for word), so
they are not catalogue messages.
"""
FIELDS = {"code": "linh_vuc", "name": "Lĩnh vực", "options": [
    {"code": "kinh_te", "name": "Kinh tế"},
    {"code": "van_hoa_xa_hoi", "name": "Văn hóa – xã hội"},
    {"code": "quoc_phong_an_ninh", "name": "Quốc phòng – an ninh"},
    {"code": "xay_dung_htct", "name": "Xây dựng hệ thống chính trị"}]}
HOLDERS = {"code": "loai", "name": "Tập thể/cá nhân", "options": [
    {"code": "tap_the", "name": "Tập thể"}, {"code": "ca_nhan", "name": "Cá nhân"}]}
# The codes are the dialogue levels of recorded dialogues (assignments.DIALOGUE_LEVELS).
LEVELS = {"code": "cap", "name": "Cấp chủ trì", "options": [
    {"code": "tinh", "name": "Cấp tỉnh"}, {"code": "huyen", "name": "Cấp huyện"},
    {"code": "xa", "name": "Cấp xã"}]}


def _i(code, name, unit="", type_="integer", required=False, source="", breakdowns=()):
    return {"code": code, "name": name, "unit": unit, "type": type_, "required": required,
            "source": source, "breakdowns": list(breakdowns)}


LIBRARY = {
    "dan_van_kheo": {
        "name": "Phong trào thi đua “Dân vận khéo”",
        "description": "Mô hình “Dân vận khéo” theo lĩnh vực, tập thể và cá nhân; khen "
                       "thưởng; tuyên truyền (như báo cáo dân vận chính quyền năm 2020 của "
                       "tỉnh Lạng Sơn).",
        "indicators": [
            _i("mo_hinh", "Số mô hình “Dân vận khéo”", "mô hình", required=True,
               breakdowns=[FIELDS, HOLDERS]),
            _i("mo_hinh_moi", "Mô hình mới xây dựng trong kỳ", "mô hình"),
            _i("khen_thuong", "Được khen thưởng", "tập thể, cá nhân", breakdowns=[HOLDERS]),
            _i("tin_bai", "Tin, bài, phóng sự tuyên truyền", "tin, bài"),
            _i("danh_gia", "Đánh giá chung, kiến nghị", type_="text"),
        ],
    },
    "doi_thoai": {
        "name": "Đối thoại trực tiếp giữa người đứng đầu với Nhân dân",
        "description": "Số cuộc đối thoại, lượt người tham gia, ý kiến nêu và đã giải quyết, "
                       "theo cấp chủ trì (Quyết định 320-QĐ/TU; báo cáo 6 tháng đầu năm 2021 "
                       "của tỉnh Lào Cai). Lấy từ các cuộc đối thoại đã ghi nhận.",
        "indicators": [
            _i("so_cuoc", "Số cuộc đối thoại", "cuộc", required=True,
               source="dialogues.count", breakdowns=[LEVELS]),
            _i("so_nguoi", "Số người tham gia", "lượt người", required=True,
               source="dialogues.participants", breakdowns=[LEVELS]),
            _i("y_kien", "Ý kiến, kiến nghị được nêu", "ý kiến",
               source="dialogues.opinions_raised", breakdowns=[LEVELS]),
            _i("y_kien_giai_quyet", "Ý kiến, kiến nghị đã giải quyết", "ý kiến",
               source="dialogues.opinions_settled", breakdowns=[LEVELS]),
            _i("da_to_chuc", "Cấp ủy, chính quyền đã tổ chức đối thoại theo quy định",
               type_="boolean"),
            _i("danh_gia", "Đánh giá, kiến nghị", type_="text"),
        ],
    },
    "so_tong_ket": {
        "name": "Sơ kết, tổng kết (chung)",
        "description": "Hội nghị sơ kết/tổng kết, quán triệt, kiểm tra, văn bản, khen thưởng "
                       "(“8/8 huyện, 16/18 sở, ngành đã tổ chức sơ kết”).",
        "indicators": [
            _i("da_to_chuc", "Đã tổ chức hội nghị sơ kết, tổng kết", type_="boolean",
               required=True),
            _i("hoi_nghi", "Hội nghị quán triệt, triển khai", "hội nghị"),
            _i("luot_nguoi", "Lượt người tham gia", "lượt người"),
            _i("van_ban", "Văn bản lãnh đạo, chỉ đạo đã ban hành", "văn bản"),
            _i("kiem_tra", "Cuộc kiểm tra, giám sát", "cuộc"),
            _i("khen_thuong", "Được khen thưởng", "tập thể, cá nhân", breakdowns=[HOLDERS]),
            _i("ty_le_hoan_thanh", "Tỷ lệ nhiệm vụ hoàn thành", "%", type_="percent"),
            _i("ket_qua", "Kết quả nổi bật, hạn chế, kiến nghị", type_="text"),
        ],
    },
}
