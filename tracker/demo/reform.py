"""The 2025 reform in the demo: the Ban Tuyên giáo and the Ban Dân vận merge at every level
(1/3/2025), local government loses its district level and provinces merge (1/7/2025), and
the socio-political organisations come under the Ủy ban MTTQ. Everything goes through the
admin's operations (rename, move, merge), so every old assignment stays with its body, under
the body that succeeded it, with its history.

Communes: each former district is succeeded by the commune or ward at its seat (a new body,
with its party committee, people's committee and front); other communes either continue
(their party committee moves directly under the province) or are absorbed by a neighbour.
The names follow the 2025 map for the few communes the demo needs; the demo is a selection.
"""
from datetime import date

from tracker.bodies.operations import merge_body, move_body, update_body

MERGED_BANS = date(2025, 3, 1)
REFORM = date(2025, 7, 1)
ROOT_2025 = "Ban Tuyên giáo và Dân vận Trung ương"

# province -> communes after 1/7/2025: (word, name, former district it succeeds or None,
# former communes it absorbs, continuing: the commune existed before under this name).
COMMUNES_2025 = {
    "Lạng Sơn": [
        ("phường", "Lương Văn Tri", ("Thành phố", "Lạng Sơn"), ["Quảng Lạc"], False),
        ("phường", "Kỳ Lừa", None, ["Mai Pha", "Hoàng Đồng"], False),
        ("xã", "Cao Lộc", ("Huyện", "Cao Lộc"), ["Gia Cát"], False),
        ("xã", "Hữu Lũng", ("Huyện", "Hữu Lũng"), [], False),
        ("xã", "Thụy Hùng", None, ["Yên Trạch"], True),
        ("xã", "Hoà Bình", None, [], True),
        ("xã", "Yên Thịnh", None, [], True),
        ("xã", "Hữu Liên", None, [], True),
    ],
    "Lào Cai": [
        ("xã", "Bát Xát", ("Huyện", "Bát Xát"), ["Quang Kim"], False),
        ("xã", "Y Tý", None, [], True),
        ("xã", "Trịnh Tường", None, [], True),
        ("phường", "Sa Pa", ("Thị xã", "Sa Pa"), ["Tả Phìn"], False),
        ("xã", "Bản Hồ", None, [], True),
        ("xã", "Bảo Thắng", ("Huyện", "Bảo Thắng"), ["Phong Niên"], False),
        ("xã", "Xuân Quang", None, [], True),
        ("phường", "Yên Bái", ("Thành phố", "Yên Bái"), ["Minh Bảo", "Tuy Lộc"], False),
        ("xã", "Văn Chấn", ("Huyện", "Văn Chấn"), ["Sơn Thịnh"], False),
        ("xã", "Cát Thịnh", None, [], True),
    ],
    "Thái Nguyên": [
        ("phường", "Phan Đình Phùng", ("Thành phố", "Thái Nguyên"), ["Quyết Thắng"], False),
        ("xã", "Tân Cương", None, ["Phúc Xuân"], True),
        ("xã", "Đại Từ", ("Huyện", "Đại Từ"), ["Hoàng Nông"], False),
        ("xã", "La Bằng", None, [], True),
        ("xã", "Phú Xuyên", None, [], True),
        ("phường", "Đức Xuân", ("Thành phố", "Bắc Kạn"), ["Dương Quang", "Nông Thượng"], False),
        ("xã", "Ba Bể", ("Huyện", "Ba Bể"), ["Khang Ninh"], False),
        ("xã", "Nam Mẫu", None, [], True),
        ("xã", "Cao Thượng", None, [], True),
    ],
}
# Provinces merged on 1/7/2025 into the one named, with their bodies that have a counterpart.
MERGED_PROVINCES = {"Bắc Kạn": "Thái Nguyên", "Yên Bái": "Lào Cai"}
COUNTERPARTS = ("Tỉnh ủy {p}", "Ban Dân vận Tỉnh ủy {p}", "UBND tỉnh {p}", "Ủy ban MTTQ tỉnh {p}")
MASS_ORGANISATIONS = ("Hội Liên hiệp Phụ nữ tỉnh {p}", "Hội Nông dân tỉnh {p}", "Tỉnh đoàn {p}",
                      "Liên đoàn Lao động tỉnh {p}", "Hội Cựu chiến binh tỉnh {p}")
_COMMITTEE = {"Huyện": "Huyện ủy", "Thành phố": "Thành ủy", "Thị xã": "Thị ủy"}


def party_committee(word: str, name: str) -> str:
    return f"Đảng ủy {word} {name}"


def district_bodies(word: str, name: str) -> list[str]:
    """The former district's node and its committee, people's committee and front."""
    return [f"{word} {name}", f"{_COMMITTEE[word]} {name}", f"UBND {word.lower()} {name}",
            f"Ủy ban MTTQ {word.lower()} {name}"]


def commune_bodies(word: str, name: str) -> list[str]:
    """A new commune at a former district's seat: its node and the same three bodies."""
    return [f"{word.capitalize()} {name}", party_committee(word, name), f"UBND {word} {name}",
            f"Ủy ban MTTQ {word} {name}"]


def build_communes(demo, add) -> None:
    """Create the communes of 2025 (dated 1/7/2025) and record who succeeds whom, so that
    the stories' work given after the reform goes to the successor (Demo.assign)."""
    for province, communes in COMMUNES_2025.items():
        top = demo.bodies[f"Tỉnh {province}"]
        for word, name, district, absorbed, continuing in communes:
            committee = party_committee(word, name)
            if district is not None:
                node_name, *rest = commune_bodies(word, name)
                node = add(node_name, "dia_phuong", "xa", top)
                for body_name, kind in zip(rest, ("cap_uy", "ubnd", "mttq"), strict=True):
                    add(body_name, kind, "xa", node)
                for old, new in zip(district_bodies(*district), commune_bodies(word, name),
                                    strict=True):
                    demo.succeed(old, new, REFORM)
            elif not continuing:
                add(committee, "cap_uy", "xa", top)
            for old in absorbed:
                demo.succeed(f"Đảng ủy xã {old}", committee, REFORM)
    for old, new in MERGED_PROVINCES.items():
        for pattern in COUNTERPARTS:
            demo.succeed(pattern.format(p=old), pattern.format(p=new), REFORM)


def reorganise_2025(demo) -> None:
    """Apply the reform through the admin's operations, each on its day."""
    admin = demo.users["admin@demo.vn"]
    march, july = demo.moment(MERGED_BANS, 1), demo.moment(REFORM, 1)
    update_body(demo.bodies["Ban Dân vận Trung ương"], {
        "name": ROOT_2025, "short_name": "BTGDVTW", "kind": "ban_dan_van",
        "level": "trung_uong"}, actor=admin, now=march)
    for province in ("Lạng Sơn", "Lào Cai", "Thái Nguyên"):
        update_body(demo.bodies[f"Ban Dân vận Tỉnh ủy {province}"], {
            "name": f"Ban Tuyên giáo và Dân vận Tỉnh ủy {province}", "short_name": "BTGDV TU",
            "kind": "ban_dan_van", "level": "tinh"}, actor=admin, now=march)
    for old, new in MERGED_PROVINCES.items():
        merge_body(demo.bodies[f"Tỉnh {old}"], demo.bodies[f"Tỉnh {new}"], actor=admin, now=july)
        for pattern in COUNTERPARTS:
            merge_body(demo.bodies[pattern.format(p=old)], demo.bodies[pattern.format(p=new)],
                       actor=admin, now=july)
    for province, communes in COMMUNES_2025.items():
        top = demo.bodies[f"Tỉnh {province}"]
        for word, name, district, absorbed, continuing in communes:
            committee = demo.bodies[party_committee(word, name)]
            if continuing:  # its district is gone: it answers to the province now
                move_body(committee, top, actor=admin, now=july)
            for old in absorbed:
                merge_body(demo.bodies[f"Đảng ủy xã {old}"], committee, actor=admin, now=july)
            if district is not None:
                olds, news = district_bodies(*district), commune_bodies(word, name)
                for old, new in [*zip(olds[1:], news[1:], strict=True), (olds[0], news[0])]:
                    merge_body(demo.bodies[old], demo.bodies[new], actor=admin, now=july)
        for pattern in MASS_ORGANISATIONS:
            move_body(demo.bodies[pattern.format(p=province)],
                      demo.bodies[f"Ủy ban MTTQ tỉnh {province}"], actor=admin, now=july)
