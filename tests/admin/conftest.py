"""A small body tree: two sibling provinces under the centre, two districts in Lào Cai."""
from types import SimpleNamespace

import pytest


@pytest.fixture
def tree(make_body):
    centre = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    lao_cai = make_body("Tỉnh Lào Cai", parent=centre)
    bao_thang = make_body("Huyện Bảo Thắng", parent=lao_cai, level="huyen")
    bao_yen = make_body("Huyện Bảo Yên", parent=lao_cai, level="huyen")
    lang_son = make_body("Tỉnh Lạng Sơn", parent=centre)
    return SimpleNamespace(centre=centre, lao_cai=lao_cai, bao_thang=bao_thang,
                           bao_yen=bao_yen, lang_son=lang_son)


@pytest.fixture
def admin(make_user, tree):
    return make_user("admin", body=tree.lao_cai, email="quantri@laocai.vn",
                     full_name="Quản trị Lào Cai")
