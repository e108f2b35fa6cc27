"""Groups of bodies by kind and level, as the provincial reports count them: "8/8 huyện,
16/18 sở, ngành", "34/34 tỉnh", "2.980/3.321 xã". Levels are data, so the group of a body
is decided from its kind and level, never from its name."""
from flask_babel import lazy_gettext as _l

# Territorial bodies (the locality itself, its party committee, its people's committee)
# count by level; the others by kind, whatever their level.
TERRITORIAL = ("dia_phuong", "cap_uy", "ubnd", "hdnd")
GROUPS = {
    "trung_uong": _l("cơ quan trung ương"),
    "tinh": _l("tỉnh"),
    "huyen": _l("huyện"),
    "xa": _l("xã"),  # xã, phường, đặc khu: the reports say "xã"
    "so_nganh": _l("sở, ngành"),
    "mttq": _l("MTTQ, đoàn thể"),
    "ban_dan_van": _l("ban đảng"),
    "vu_trang": _l("lực lượng vũ trang"),
    "tu_phap": _l("cơ quan tư pháp"),
    "khac": _l("đơn vị khác"),
}
_BY_KIND = {"so_nganh": "so_nganh", "mttq": "mttq", "doan_the": "mttq",
            "ban_dan_van": "ban_dan_van", "cong_an": "vu_trang", "quan_su": "vu_trang",
            "bien_phong": "vu_trang", "toa_an": "tu_phap", "vien_kiem_sat": "tu_phap"}
_ORDER = {key: n for n, key in enumerate(GROUPS)}


def group_of(kind: str, level: str) -> str:
    """The group key of a body ("xa", "so_nganh", ...)."""
    if kind in TERRITORIAL:
        return level if level in GROUPS else "khac"
    return _BY_KIND.get(kind, "khac")


def group_order(key: str) -> int:
    return _ORDER.get(key, len(_ORDER))


def group_label(key: str) -> str:
    return str(GROUPS.get(key, key))
