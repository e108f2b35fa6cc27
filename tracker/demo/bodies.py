"""The body tree of the demo and its accounts.

As built in 2019: Ban Dân vận Trung ương at the root; five provinces below it, each with its
provincial bodies, two or three districts (huyện, thành phố, thị xã) and, under each district
party committee, two or three commune party committees. Names are the real ones from the
articles and the administrative map before 1/7/2025. Then 2025 (`reorganise`, and
tracker/demo/reform.py): the sở are reorganised and the Bans merge on 1/3/2025; on 1/7/2025
Bắc Kạn merges into Thái Nguyên and Yên Bái into Lào Cai, the districts give way to the
communes of 2025 and the mass organisations come under the Ủy ban MTTQ.
"""
from datetime import date
from typing import NamedTuple

from tracker.auth.operations import create_user
from tracker.bodies.operations import create_body, merge_body, update_body
from tracker.demo.common import SYSTEM_START, Demo
from tracker.demo.reform import (
    COMMUNES_2025,
    MERGED_PROVINCES,
    REFORM,
    ROOT_2025,
    build_communes,
    reorganise_2025,
)

ROOT = "Ban Dân vận Trung ương"
DEMO_PASSWORD = "demo123456"  # create_user asks for 10 characters at least
BAC_KAN_MERGED = REFORM
REORGANISED = date(2025, 3, 1)


class DemoAccount(NamedTuple):
    email: str
    role: str
    body: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("admin@demo.vn", "admin", ROOT_2025,
                "Quản trị toàn hệ thống: người dùng, đơn vị, chính sách nhắc việc"),
    DemoAccount("trunguong@demo.vn", "leader", ROOT_2025,
                "Lãnh đạo Trung ương: xem mọi tỉnh, các việc quá hạn, trang tình hình"),
    DemoAccount("chuyenvien.trunguong@demo.vn", "coordinator", ROOT_2025,
                "Chuyên viên Trung ương: đăng ký văn bản Trung ương, giao nhiệm vụ cho các tỉnh, "
                "theo dõi cả chuỗi đến cấp xã"),
    DemoAccount("chuyenvien.langson@demo.vn", "coordinator", "Tỉnh Lạng Sơn",
                "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn: giao, đôn đốc, tiếp nhận "
                "báo cáo, giao tiếp nhiệm vụ Trung ương cho các xã, phường"),
    DemoAccount("lanhdao.langson@demo.vn", "leader", "Tỉnh Lạng Sơn",
                "Lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn: xem toàn tỉnh"),
    DemoAccount("chuyenvien.laocai@demo.vn", "coordinator", "Tỉnh Lào Cai",
                "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy Lào Cai (gồm cả Yên Bái cũ)"),
    DemoAccount("quantri.laocai@demo.vn", "admin", "Tỉnh Lào Cai",
                "Quản trị của tỉnh Lào Cai: chỉ người dùng và đơn vị trong tỉnh"),
    DemoAccount("chuyenvien.thainguyen@demo.vn", "coordinator", "Tỉnh Thái Nguyên",
                "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên (gồm cả Bắc Kạn cũ)"),
    DemoAccount("chuyenvien.backan@demo.vn", "coordinator", "Tỉnh Thái Nguyên",
                "Chuyên viên Ban Dân vận Tỉnh ủy Bắc Kạn cũ; chuyển sang Tỉnh Thái Nguyên khi "
                "sáp nhập 01/7/2025"),
    DemoAccount("chuyenvien.yenbai@demo.vn", "coordinator", "Tỉnh Lào Cai",
                "Chuyên viên Ban Dân vận Tỉnh ủy Yên Bái cũ; chuyển sang Tỉnh Lào Cai khi sáp "
                "nhập 01/7/2025"),
    DemoAccount("donvi.sonoivu.langson@demo.vn", "officer", "Sở Nội vụ tỉnh Lạng Sơn",
                "Cán bộ đầu mối Sở Nội vụ: cập nhật tiến độ, số liệu, nộp báo cáo, xin gia hạn"),
    DemoAccount("donvi.mttq.langson@demo.vn", "officer", "Ủy ban MTTQ tỉnh Lạng Sơn",
                "Cán bộ đầu mối Ủy ban MTTQ tỉnh Lạng Sơn"),
    DemoAccount("donvi.caoloc@demo.vn", "officer", "Đảng ủy xã Cao Lộc",
                "Cán bộ đầu mối Đảng ủy xã Cao Lộc (trước 01/7/2025: Huyện ủy Cao Lộc, nay là "
                "đơn vị kế thừa): báo cáo nhiệm vụ tỉnh giao tiếp"),
    DemoAccount("donvi.batxat@demo.vn", "officer", "Đảng ủy xã Bát Xát",
                "Cán bộ đầu mối Đảng ủy xã Bát Xát (trước 01/7/2025: Huyện ủy Bát Xát)"),
]

# Fictional people (not the officials named in the articles), body at creation, position.
_PEOPLE = {
    "admin@demo.vn": ("Trần Quốc Bảo", ROOT, "Quản trị hệ thống"),
    "trunguong@demo.vn": ("Nguyễn Thị Thanh Hương", ROOT,
                          "Vụ trưởng, Ban Tuyên giáo và Dân vận Trung ương"),
    "chuyenvien.trunguong@demo.vn": ("Phạm Minh Đức", ROOT,
                                     "Chuyên viên Ban Tuyên giáo và Dân vận Trung ương"),
    "chuyenvien.langson@demo.vn": ("Hoàng Thị Thu Trang", "Tỉnh Lạng Sơn",
                                   "Chuyên viên Ban Dân vận Tỉnh ủy"),
    "lanhdao.langson@demo.vn": ("Lương Văn Hùng", "Tỉnh Lạng Sơn",
                                "Phó Trưởng Ban Dân vận Tỉnh ủy"),
    "chuyenvien.laocai@demo.vn": ("Lò Thị Mai", "Tỉnh Lào Cai",
                                  "Chuyên viên Ban Dân vận Tỉnh ủy"),
    "quantri.laocai@demo.vn": ("Vàng Văn Sáng", "Tỉnh Lào Cai",
                               "Chuyên viên Văn phòng Tỉnh ủy, quản trị hệ thống"),
    "chuyenvien.thainguyen@demo.vn": ("Dương Thị Lan", "Tỉnh Thái Nguyên",
                                      "Chuyên viên Ban Dân vận Tỉnh ủy"),
    "chuyenvien.backan@demo.vn": ("Triệu Văn Toàn", "Tỉnh Bắc Kạn",
                                  "Chuyên viên Ban Dân vận Tỉnh ủy"),
    "chuyenvien.yenbai@demo.vn": ("Hà Thị Thu", "Tỉnh Yên Bái",
                                  "Chuyên viên Ban Dân vận Tỉnh ủy"),
    "donvi.sonoivu.langson@demo.vn": ("Nông Thị Hạnh", "Sở Nội vụ tỉnh Lạng Sơn",
                                      "Chuyên viên phụ trách công tác dân vận chính quyền"),
    "donvi.mttq.langson@demo.vn": ("Vi Văn Thắng", "Ủy ban MTTQ tỉnh Lạng Sơn",
                                   "Chuyên viên Ban Phong trào"),
    "donvi.caoloc@demo.vn": ("Lộc Thị Phương", "Huyện ủy Cao Lộc",
                             "Chuyên viên Ban Dân vận Huyện ủy"),
    "donvi.batxat@demo.vn": ("Giàng Seo Chứ", "Huyện ủy Bát Xát",
                             "Chuyên viên Ban Dân vận Huyện ủy"),
}

# (province, border province?, [(district kind word, district name, [communes])])
PROVINCES = [
    ("Lạng Sơn", True, [
        ("Thành phố", "Lạng Sơn", ["Mai Pha", "Hoàng Đồng", "Quảng Lạc"]),
        ("Huyện", "Cao Lộc", ["Yên Trạch", "Thụy Hùng", "Gia Cát"]),
        # "Hoà" with the old tone placement, as many documents still write it: search
        # folds both spellings to the same key.
        ("Huyện", "Hữu Lũng", ["Hoà Bình", "Yên Thịnh", "Hữu Liên"]),
    ]),
    ("Lào Cai", True, [
        ("Huyện", "Bát Xát", ["Y Tý", "Trịnh Tường", "Quang Kim"]),
        ("Thị xã", "Sa Pa", ["Tả Phìn", "Bản Hồ"]),
        ("Huyện", "Bảo Thắng", ["Xuân Quang", "Phong Niên"]),
    ]),
    ("Thái Nguyên", False, [
        ("Thành phố", "Thái Nguyên", ["Phúc Xuân", "Tân Cương", "Quyết Thắng"]),
        ("Huyện", "Đại Từ", ["La Bằng", "Hoàng Nông", "Phú Xuyên"]),
    ]),
    ("Bắc Kạn", False, [
        ("Thành phố", "Bắc Kạn", ["Dương Quang", "Nông Thượng"]),
        ("Huyện", "Ba Bể", ["Nam Mẫu", "Khang Ninh", "Cao Thượng"]),
    ]),
    ("Yên Bái", False, [
        ("Thành phố", "Yên Bái", ["Minh Bảo", "Tuy Lộc"]),
        ("Huyện", "Văn Chấn", ["Sơn Thịnh", "Cát Thịnh"]),
    ]),
]

# (name pattern, kind, short name); {p} is the province name.
PROVINCIAL_BODIES = [
    ("Tỉnh ủy {p}", "cap_uy", "TU"),
    ("Ban Dân vận Tỉnh ủy {p}", "ban_dan_van", "BDV TU"),
    ("HĐND tỉnh {p}", "hdnd", "HĐND tỉnh"),
    ("UBND tỉnh {p}", "ubnd", "UBND tỉnh"),
    ("Sở Nội vụ tỉnh {p}", "so_nganh", "SNV"),
    ("Sở Tư pháp tỉnh {p}", "so_nganh", "STP"),
    ("Sở Giáo dục và Đào tạo tỉnh {p}", "so_nganh", "SGDĐT"),
    ("Sở Y tế tỉnh {p}", "so_nganh", "SYT"),
    ("Sở Tài nguyên và Môi trường tỉnh {p}", "so_nganh", "STNMT"),
    ("Sở Lao động - Thương binh và Xã hội tỉnh {p}", "so_nganh", "SLĐTBXH"),
    ("Ủy ban MTTQ tỉnh {p}", "mttq", "MTTQ tỉnh"),
    ("Hội Liên hiệp Phụ nữ tỉnh {p}", "doan_the", "Hội LHPN tỉnh"),
    ("Hội Nông dân tỉnh {p}", "doan_the", "Hội ND tỉnh"),
    ("Tỉnh đoàn {p}", "doan_the", "Tỉnh đoàn"),
    ("Liên đoàn Lao động tỉnh {p}", "doan_the", "LĐLĐ tỉnh"),
    ("Hội Cựu chiến binh tỉnh {p}", "doan_the", "Hội CCB tỉnh"),
    ("Công an tỉnh {p}", "cong_an", "CA tỉnh"),
    ("Bộ Chỉ huy Quân sự tỉnh {p}", "quan_su", "BCHQS tỉnh"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh {p}", "bien_phong", "BĐBP tỉnh"),
    ("Tòa án nhân dân tỉnh {p}", "toa_an", "TAND tỉnh"),
    ("Viện kiểm sát nhân dân tỉnh {p}", "vien_kiem_sat", "VKSND tỉnh"),
]
EXTRA = {"Lạng Sơn": [("Đài Phát thanh và Truyền hình tỉnh Lạng Sơn", "khac", "Đài PT-TH")]}

# What a district's party committee, people's committee and front are called.
_COMMITTEE = {"Huyện": "Huyện ủy", "Thành phố": "Thành ủy", "Thị xã": "Thị ủy"}


def build_bodies(demo: Demo) -> None:
    """The whole tree, as of the rollout (created by the system, no actor)."""
    def add(name, kind, level, parent, short_name="", on=SYSTEM_START):
        return demo.add_body(create_body({"name": name, "kind": kind, "level": level,
                                          "short_name": short_name},
                                         parent=parent, actor=None, now=demo.moment(on)))

    root = add(ROOT, "ban_dan_van", "trung_uong", None, "BDVTW")
    for province, border, districts in PROVINCES:
        top = add(f"Tỉnh {province}", "dia_phuong", "tinh", root)
        for pattern, kind, short in PROVINCIAL_BODIES:
            if kind == "bien_phong" and not border:
                continue
            add(pattern.format(p=province), kind, "tinh", top, short)
        for name, kind, short in EXTRA.get(province, []):
            add(name, kind, "tinh", top, short)
        for word, name, communes in districts:
            district = add(f"{word} {name}", "dia_phuong", "huyen", top)
            committee = add(f"{_COMMITTEE[word]} {name}", "cap_uy", "huyen", district)
            add(f"UBND {word.lower()} {name}", "ubnd", "huyen", district)
            add(f"Ủy ban MTTQ {word.lower()} {name}", "mttq", "huyen", district)
            for commune in communes:
                # A commune party committee answers to the district committee.
                add(f"Đảng ủy xã {commune}", "cap_uy", "xa", committee)
    # No new work for what the 2025 reorganisation retires (see `reorganise`); work given
    # after the reform to a body that has a successor goes to the successor.
    for province in ("Lạng Sơn", "Lào Cai", "Thái Nguyên"):
        demo.retired[f"Sở Lao động - Thương binh và Xã hội tỉnh {province}"] = REORGANISED
    continuing = {f"Đảng ủy {word} {name}" for communes in COMMUNES_2025.values()
                  for word, name, _, _, stays in communes if stays}
    for old in MERGED_PROVINCES:
        top = demo.bodies[f"Tỉnh {old}"]
        for name, body in list(demo.bodies.items()):
            if body.path.startswith(top.path) and name not in continuing:
                demo.retired[name] = REFORM
    build_communes(demo, lambda *args: add(*args, on=REFORM))


def create_accounts(demo: Demo) -> None:
    for account in DEMO_ACCOUNTS:
        full_name, body, position = _PEOPLE[account.email]
        user = create_user({"email": account.email, "full_name": full_name,
                            "position": position, "role": account.role,
                            "body": demo.bodies[body], "password": DEMO_PASSWORD},
                           actor=None, now=demo.moment(SYSTEM_START, 1))
        demo.add_user(user)


def reorganise(demo: Demo) -> None:
    """What happened to the bodies in 2025, through the same operations an admin uses.

    1/3/2025: in every province still standing, Sở Lao động - Thương binh và Xã hội merges
    into Sở Nội vụ and Sở Tài nguyên và Môi trường becomes Sở Nông nghiệp và Môi trường.
    Then the Bans merge, the provinces merge and the districts give way to the communes of
    2025 (tracker/demo/reform.py). Everything keeps its history and assignments, inside the
    subtree of the body that succeeded it.
    """
    admin = demo.users["admin@demo.vn"]
    march = demo.moment(REORGANISED)
    for province in ("Lạng Sơn", "Lào Cai", "Thái Nguyên"):
        actor = demo.users["quantri.laocai@demo.vn"] if province == "Lào Cai" else admin
        merge_body(demo.bodies[f"Sở Lao động - Thương binh và Xã hội tỉnh {province}"],
                   demo.bodies[f"Sở Nội vụ tỉnh {province}"], actor=actor, now=march)
        environment = demo.bodies[f"Sở Tài nguyên và Môi trường tỉnh {province}"]
        update_body(environment, {"name": f"Sở Nông nghiệp và Môi trường tỉnh {province}",
                                  "short_name": "SNNMT", "kind": "so_nganh", "level": "tinh"},
                    actor=actor, now=march)
    reorganise_2025(demo)
