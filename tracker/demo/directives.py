"""The directives named in the articles (the table of the brief), registered by the body
that follows them: central documents by the central coordinator, provincial ones by the
province's coordinator, who links them to the central document they implement."""
from datetime import date, timedelta

from tracker.demo.common import SYSTEM_START, Demo
from tracker.directives.operations import create_directive

CENTRAL = "chuyenvien.trunguong@demo.vn"
LANG_SON = "chuyenvien.langson@demo.vn"
LAO_CAI = "chuyenvien.laocai@demo.vn"
BAC_KAN = "chuyenvien.backan@demo.vn"

# (registered by, number, kind, issuer, issued on, title, implements, summary)
DIRECTIVES = [
    (CENTRAL, "290-QĐ/TW", "quyet_dinh", "Bộ Chính trị", date(2010, 2, 25),
     "Ban hành Quy chế công tác dân vận của hệ thống chính trị", None,
     "Quyết định của Bộ Chính trị khóa X. Công tác dân vận là trách nhiệm của cả hệ thống "
     "chính trị: Đảng lãnh đạo, chính quyền tổ chức thực hiện, Mặt trận, đoàn thể làm tham "
     "mưu và nòng cốt."),
    (CENTRAL, "16-CT/TTg", "chi_thi", "Thủ tướng Chính phủ", date(2016, 5, 16),
     "Tăng cường và đổi mới công tác dân vận trong các cơ quan hành chính Nhà nước, chính "
     "quyền các cấp trong tình hình mới", None, ""),
    (CENTRAL, "120-KL/TW", "ket_luan", "Bộ Chính trị", date(2016, 1, 7),
     "Tiếp tục đẩy mạnh, nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện quy chế "
     "dân chủ ở cơ sở", None, ""),
    (CENTRAL, "52-CT/TW", "chi_thi", "Ban Bí thư", date(2016, 1, 9),
     "Tăng cường sự lãnh đạo của Đảng đối với công tác nâng cao đời sống văn hóa, tinh thần "
     "cho công nhân lao động khu công nghiệp, khu chế xuất", None,
     "Chỉ thị của Ban Bí thư khóa XI."),
    (CENTRAL, "61-KL/TW", "ket_luan", "Ban Bí thư", date(2009, 12, 3),
     "Đề án nâng cao vai trò, trách nhiệm của Hội Nông dân trong phát triển nông nghiệp, xây "
     "dựng nông thôn mới và xây dựng giai cấp nông dân Việt Nam giai đoạn 2010 - 2020", None,
     "Kết luận của Ban Bí thư khóa X."),
    (CENTRAL, "33/CT-TTg", "chi_thi", "Thủ tướng Chính phủ", date(2021, 11, 26),
     "Tiếp tục tăng cường và đổi mới công tác dân vận Nhà nước, chính quyền các cấp trong "
     "tình hình mới", None, ""),
    (LANG_SON, "1536-QĐ/TU", "quyet_dinh", "Ban Thường vụ Tỉnh ủy Lạng Sơn",
     date(2010, 8, 23), "Về việc ban hành Quy chế công tác dân vận của hệ thống chính trị",
     "290-QĐ/TW",
     "Cụ thể hóa Quyết định 290-QĐ/TW; phân công đồng chí Phó Bí thư Thường trực Tỉnh ủy "
     "trực tiếp phụ trách công tác dân vận."),
    (LANG_SON, "320-QĐ/TU", "quyet_dinh", "Ban Thường vụ Tỉnh ủy Lạng Sơn", date(2016, 6, 13),
     "Về việc tiếp dân, đối thoại trực tiếp với Nhân dân của người đứng đầu cấp ủy, chính "
     "quyền các cấp", None,
     "Người đứng đầu cấp ủy, chính quyền các cấp tổ chức hội nghị đối thoại với Nhân dân "
     "theo định kỳ; kiến nghị chính đáng được giải quyết kịp thời."),
    (LANG_SON, "02/HD-UBND", "huong_dan", "UBND tỉnh Lạng Sơn", date(2017, 5, 15),
     "Hướng dẫn thực hiện công tác dân vận của các cơ quan Nhà nước trên địa bàn tỉnh", None,
     ""),
    (LANG_SON, "04-HD/TU", "huong_dan", "Tỉnh ủy Lạng Sơn", date(2017, 5, 19),
     "Hướng dẫn thực hiện công tác dân vận trong giải phóng mặt bằng", None, ""),
    (LANG_SON, "01-ĐA/BDVTU-UBND", "de_an", "Ban Dân vận Tỉnh ủy - UBND tỉnh Lạng Sơn",
     date(2019, 4, 24),
     "Xây dựng mô hình điểm “Chính quyền thân thiện” cấp cơ sở trên địa bàn tỉnh", None, ""),
    (LANG_SON, "80-KH/BDVTU-BCSĐ", "ke_hoach",
     "Ban Dân vận Tỉnh ủy - Ban cán sự đảng UBND tỉnh Lạng Sơn", date(2020, 2, 17),
     "Thực hiện công tác dân vận chính quyền và phong trào thi đua “Dân vận khéo” năm 2020",
     None, "Kế hoạch với 7 nội dung cụ thể."),
    (BAC_KAN, "21-QC/TU", "quy_che", "Ban Thường vụ Tỉnh ủy Bắc Kạn", date(2019, 5, 15),
     "Quy chế công tác dân vận của hệ thống chính trị tỉnh Bắc Kạn", "290-QĐ/TW",
     "Thay thế Quyết định số 81-QĐ/TU; quy định trách nhiệm thực hiện công tác dân vận của "
     "các tổ chức trong hệ thống chính trị tỉnh, từ tỉnh đến huyện, xã, phường, thị trấn."),
    (LAO_CAI, "18-CT/TU", "chi_thi", "Tỉnh ủy Lào Cai", date(2016, 9, 15),
     "Tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong cơ quan hành chính Nhà "
     "nước, chính quyền các cấp tỉnh Lào Cai", "16-CT/TTg", ""),
    (LAO_CAI, "33-CT/TU", "chi_thi", "Tỉnh ủy Lào Cai", date(2017, 10, 30),
     "Tăng cường sự lãnh đạo của Đảng đối với cấp ủy, chính quyền các cấp trong việc phòng "
     "chống tảo hôn và hôn nhân cận huyết thống trong vùng đồng bào dân tộc thiểu số trên "
     "địa bàn tỉnh Lào Cai", None, ""),
    (LAO_CAI, "18-KH/TU", "ke_hoach", "Tỉnh ủy Lào Cai", date(2016, 3, 4),
     "Tổ chức triển khai thực hiện Kết luận số 120-KL/TW, ngày 07/01/2016 của Bộ Chính trị",
     "120-KL/TW", ""),
    (LAO_CAI, "40-CT/TU", "chi_thi", "Tỉnh ủy Lào Cai", date(2014, 3, 28),
     "Tăng cường sự lãnh đạo của Đảng đối với công tác dân tộc trên địa bàn tỉnh Lào Cai",
     None, ""),
    (LAO_CAI, "09-CT/TU", "chi_thi", "Tỉnh ủy Lào Cai", date(2011, 4, 19),
     "Ngăn chặn tình trạng di cư tự do trên địa bàn", None, ""),
    (LAO_CAI, "17-CT/TU", "chi_thi", "Tỉnh ủy Lào Cai", date(2016, 7, 15),
     "Tăng cường sự lãnh đạo của Đảng đối với công tác người cao tuổi", None, ""),
]


def register_directives(demo: Demo) -> None:
    """Older documents are entered in the first weeks of use; newer ones a week after issue."""
    for n, (email, number, kind, issuer, issued_on, title, parent, summary) in \
            enumerate(DIRECTIVES):
        registered = max(issued_on + timedelta(days=7), SYSTEM_START + timedelta(days=2 + n))
        demo.directives[number] = create_directive(
            {"number": number, "kind": kind, "issuer": issuer, "issued_on": issued_on,
             "title": title, "summary": summary,
             "parent": demo.directives[parent] if parent else None},
            actor=demo.users[email], now=demo.moment(registered))
