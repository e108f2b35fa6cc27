"""Admin pages: what they show, and bad input answered with 422 and nothing written."""
import io
import re

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, counted_queries, login, post
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.bodies.operations import create_body
from tracker.extensions import db
from tracker.history.models import HistoryEntry


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def text_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def signed_in(client, admin):
    return login(client, admin)


# ---- the body tree ---------------------------------------------------------------------

def test_the_tree_is_indented_and_searchable_without_accents(signed_in, tree):
    page = text_of(signed_in.get("/admin/bodies"))
    assert "Tỉnh Lạng Sơn" not in page  # another province
    assert 'class="tree-indent-1"' in page and "Huyện Bảo Thắng" in page

    page = text_of(signed_in.get("/admin/bodies?q=bao+thang"))
    assert "Huyện Bảo Thắng" in page and "Huyện Bảo Yên" not in page
    assert "Thuộc: Tỉnh Lào Cai" in page  # a filtered list says where each body sits

    page = text_of(signed_in.get("/admin/bodies?level=tinh&kind=nonsense"))
    assert "Tỉnh Lào Cai" in page and "Huyện Bảo Yên" not in page

    page = text_of(signed_in.get("/admin/bodies?q=khong+co"))
    assert "Không có đơn vị nào khớp với điều kiện tìm kiếm." in page


def test_a_large_tree_is_paginated(signed_in, tree, admin, app):
    for n in range(app.config["PAGE_SIZE"] + 5):
        create_body({"name": f"Xã số {n:02d}", "kind": "dia_phuong", "level": "xa"},
                    parent=tree.bao_yen, actor=admin, now=NOW)
    db.session.commit()
    first, second = (text_of(signed_in.get(f"/admin/bodies?page={n}")) for n in (1, 2))
    assert "Tổng số: 33" in first and 'aria-current="page">1<' in first
    assert "Xã số 29" in second and "Xã số 00" not in second


def test_the_body_page_shows_children_users_and_history(signed_in, tree, make_user):
    make_user("officer", body=tree.lao_cai, full_name="Lý Thị Mai")
    response = post(signed_in, f"/admin/bodies/{tree.lao_cai.id}/edit",
                    {"name": "Tỉnh Lào Cai (mới)", "short_name": "LC", "kind": "dia_phuong",
                     "level": "tinh"})
    assert response.status_code == 302

    page = text_of(signed_in.get(f"/admin/bodies/{tree.lao_cai.id}"))
    assert "Huyện Bảo Thắng" in page and "Huyện Bảo Yên" in page  # children
    assert "Lý Thị Mai" in page  # its users
    assert "Đổi tên" in page and "Tỉnh Lào Cai</span> → Tỉnh Lào Cai (mới)" in page
    assert "Quản trị Lào Cai" in page  # who renamed it


def test_body_form_errors_answer_422_and_write_nothing(signed_in, tree):
    before = count(Body)
    url = f"/admin/bodies/new?parent_id={tree.lao_cai.id}"
    cases = [({"name": "", "kind": "dia_phuong", "level": "huyen"},
              "Tên đơn vị: không được để trống."),
             ({"name": "Huyện Mới", "kind": "lang", "level": "huyen"},
              "Loại đơn vị: không hợp lệ."),
             ({"name": "huyen bao yen", "kind": "dia_phuong", "level": "huyen"},
              "Tên đơn vị: “Huyện Bảo Yên” đã có trong cùng đơn vị cấp trên.")]
    for data, message in cases:
        response = post(signed_in, url, data)
        assert response.status_code == 422
        assert message in text_of(response)
    assert count(Body) == before

    response = post(signed_in, url, {"name": "Huyện Bắc Hà", "kind": "dia_phuong",
                                     "level": "huyen"})
    assert response.status_code == 302
    body = db.session.scalar(select(Body).where(Body.name == "Huyện Bắc Hà"))
    assert body.parent_id == tree.lao_cai.id
    assert response.headers["Location"].endswith(f"/admin/bodies/{body.id}")


def test_merge_page_asks_for_confirmation_and_offers_only_valid_successors(signed_in, tree,
                                                                           make_body):
    commune = make_body("Xã Phong Niên", parent=tree.bao_thang, level="xa")
    page = text_of(signed_in.get(f"/admin/bodies/{tree.bao_thang.id}/merge"))
    assert 'data-confirm="Sáp nhập “Huyện Bảo Thắng” vào đơn vị đã chọn?' in page
    assert f'value="{tree.bao_yen.id}"' in page
    for excluded in (tree.bao_thang, commune, tree.lang_son):
        assert f'value="{excluded.id}"' not in page


def test_merge_refuses_a_successor_outside_scope_then_merges(signed_in, tree, make_user):
    officer = make_user("officer", body=tree.bao_thang)
    url = f"/admin/bodies/{tree.bao_thang.id}/merge"
    before = count(HistoryEntry)
    response = post(signed_in, url, {"into_id": str(tree.lang_son.id)})
    assert response.status_code == 422
    assert "Đơn vị tiếp nhận: không hợp lệ." in text_of(response)
    assert count(HistoryEntry) == before

    response = post(signed_in, url, {"into_id": str(tree.bao_yen.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Body, tree.bao_thang.id).active is False
    assert db.session.get(User, officer.id).body_id == tree.bao_yen.id
    page = text_of(signed_in.get(f"/admin/bodies/{tree.bao_thang.id}"))
    assert "Đã sáp nhập" in page
    assert f"Sáp nhập vào: {tree.bao_yen.name}" in " ".join(page.split())  # a name, not an id
    assert f"Sáp nhập vào: {tree.bao_yen.id}" not in " ".join(page.split())


# ---- import ----------------------------------------------------------------------------

def upload(signed_in, content: bytes, filename: str):
    return post(signed_in, "/admin/bodies/import",
                {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


@pytest.mark.parametrize("content, filename, message", [
    (b"%PDF-1.4", "ds.pdf", "Tệp danh sách: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    (b"PK\x03\x04garbage", "ds.xlsx", "Tệp danh sách: không đọc được tệp Excel (.xlsx)"),
    (None, None, "Tệp danh sách: chưa chọn tệp .xlsx hoặc .csv."),
])
def test_an_unusable_file_answers_422(signed_in, tree, content, filename, message):
    before = count(Body)
    if content is None:
        response = post(signed_in, "/admin/bodies/import", {})
    else:
        response = upload(signed_in, content, filename)
    assert response.status_code == 422
    assert message in text_of(response)
    assert count(Body) == before


def test_a_file_with_wrong_rows_is_reported_row_by_row_and_nothing_written(signed_in, tree):
    before = count(Body)
    content = ("\ufeffTên đơn vị;Loại;Cấp;Đơn vị cấp trên\n"
               "Huyện Bắc Hà;dia_phuong;huyen;\n"
               "Xã Bản Phố;Làng;xa;Huyện Bắc Hà\n"
               "Xã Tả Củ Tỷ;dia_phuong;xa;Huyện Si Ma Cai\n").encode()
    response = upload(signed_in, content, "ds.csv")
    page = text_of(response)
    assert response.status_code == 422
    assert "Tệp danh sách: 2 dòng có lỗi nên chưa nhập đơn vị nào." in page
    assert "<td>3</td><td>Loại</td><td>Loại: “Làng” không có trong danh mục" in page
    assert "<td>4</td><td>Đơn vị cấp trên</td>" in page
    assert count(Body) == before


def test_a_good_file_is_imported(signed_in, tree):
    content = ("Tên đơn vị,Loại,Cấp,Đơn vị cấp trên\n"
               "Huyện Bắc Hà,Địa phương,Huyện,\n"
               "Xã Bản Phố,dia_phuong,xa,huyen bac ha\n").encode()
    response = upload(signed_in, content, "ds.csv")
    assert response.status_code == 302
    assert "Đã nhập 2 đơn vị." in text_of(signed_in.get(response.headers["Location"]))


def test_the_template_downloads(signed_in, tree):
    response = signed_in.get("/admin/bodies/import/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert response.data.startswith(b"PK")


# ---- users -----------------------------------------------------------------------------

def user_form(body, **extra):
    return {"email": "can.bo@laocai.vn", "full_name": "Hoàng Văn Tú", "position": "Chuyên viên",
            "role": "officer", "body_id": str(body.id), "active": "y",
            "password": "mot-mat-khau-dai", **extra}


def test_the_user_list_searches_without_accents_and_sorts(signed_in, tree, make_user):
    make_user("officer", body=tree.bao_thang, full_name="Nguyễn Văn Đức")
    make_user("leader", body=tree.lao_cai, full_name="Trần Thị Hoà")
    make_user("officer", body=tree.lang_son, full_name="Nguyễn Văn Đông")

    page = text_of(signed_in.get("/admin/users?q=nguyen+van"))
    assert "Nguyễn Văn Đức" in page and "Nguyễn Văn Đông" not in page
    assert "Trần Thị Hoà" not in page
    page = text_of(signed_in.get("/admin/users?role=leader"))
    assert "Trần Thị Hoà" in page and "Nguyễn Văn Đức" not in page
    page = text_of(signed_in.get("/admin/users?sort=-name"))
    assert page.index("Trần Thị Hoà") < page.index("Nguyễn Văn Đức")
    assert "sort=name" in page and "▼" in page  # the link now sorts the other way
    page = text_of(signed_in.get("/admin/users?q=zzz"))
    assert "Không có tài khoản nào khớp với điều kiện tìm kiếm." in page


def test_user_form_errors_answer_422_and_write_nothing(signed_in, tree, admin):
    before = count(User)
    cases = [(user_form(tree.lao_cai, email=admin.email.upper()),
              f"Email: {admin.email} đã có tài khoản."),
             (user_form(tree.lao_cai, password=""), "Mật khẩu: không được để trống."),
             (user_form(tree.lang_son), "Đơn vị: không hợp lệ."),  # outside the scope
             (user_form(tree.lao_cai, body_id="abc"), "Đơn vị: không hợp lệ."),
             (user_form(tree.lao_cai, role="superuser"), "Vai trò: không hợp lệ.")]
    for data, message in cases:
        response = post(signed_in, "/admin/users/new", data)
        assert response.status_code == 422, message
        assert message in text_of(response)
    assert count(User) == before

    response = post(signed_in, "/admin/users/new", user_form(tree.bao_thang))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "can.bo@laocai.vn"))
    assert (user.body_id, user.position, user.active) == (tree.bao_thang.id, "Chuyên viên", True)


def test_an_admin_cannot_deactivate_or_demote_themselves_through_the_form(signed_in, tree,
                                                                        admin):
    url = f"/admin/users/{admin.id}/edit"
    mine = user_form(tree.lao_cai, email=admin.email, full_name=admin.full_name, role="admin",
                     password="")
    response = post(signed_in, url, {k: v for k, v in mine.items() if k != "active"})
    assert response.status_code == 422
    assert "Đang hoạt động: bạn không thể tự khóa tài khoản của mình." in text_of(response)
    response = post(signed_in, url, {**mine, "role": "leader"})
    assert response.status_code == 422
    assert "Vai trò: bạn không thể tự bỏ quyền quản trị của mình." in text_of(response)
    db.session.expire_all()
    assert (db.session.get(User, admin.id).active, db.session.get(User, admin.id).role) == (
        True, "admin")

    response = post(signed_in, url, {**mine, "position": "Phó Chánh Văn phòng"})
    assert response.status_code == 302


def test_editing_another_user(signed_in, tree, make_user):
    user = make_user("officer", body=tree.bao_thang, email="doan@laocai.vn")
    page = text_of(signed_in.get(f"/admin/users/{user.id}/edit"))
    assert f'<option selected value="{tree.bao_thang.id}">' in page
    response = post(signed_in, f"/admin/users/{user.id}/edit",
                    user_form(tree.bao_yen, email=user.email, role="leader", password=""))
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(User, user.id)
    assert (edited.role, edited.body_id, edited.active) == ("leader", tree.bao_yen.id, True)


# ---- no lazy loads: a page's queries do not grow with its rows -------------------------

@pytest.mark.parametrize("url", ["/admin/bodies", "/admin/bodies/{lao_cai}", "/admin/users",
                                 "/admin/users/{user}/edit"])
def test_page_queries_do_not_grow_with_rows(signed_in, tree, admin, make_user, url):
    user = make_user("officer", body=tree.bao_thang)
    target = url.format(lao_cai=tree.lao_cai.id, user=user.id)

    def queries() -> int:
        with counted_queries() as statements:
            assert signed_in.get(target).status_code == 200
        return len(statements)

    few = queries()
    for n in range(6):
        body = create_body({"name": f"Sở số {n}", "kind": "so_nganh", "level": "tinh"},
                           parent=tree.lao_cai, actor=admin, now=NOW)
        make_user("officer", body=body)
    assert queries() == few


def test_a_new_user_starts_as_an_officer(signed_in, tree):
    """Issue 13 point 8: most new accounts are the bodies' officers, not coordinators."""
    html = signed_in.get("/admin/users/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option selected value="officer">|<option value="officer" selected',
                     select), select
