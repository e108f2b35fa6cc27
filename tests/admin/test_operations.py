"""Operations and queries behind the admin pages: rename, merge, users."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.auth.models import User
from tracker.auth.operations import MIN_PASSWORD, create_user, update_user
from tracker.auth.passwords import verify_password
from tracker.auth.queries import users_in_scope
from tracker.bodies.models import Body
from tracker.bodies.operations import create_body, merge_body, update_body
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.history.queries import history_of

LATER = NOW + timedelta(days=1)


def body_data(name, kind="dia_phuong", level="huyen", short_name=""):
    return {"name": name, "kind": kind, "level": level, "short_name": short_name}


def user_data(body, **extra):
    return {"email": "can.bo@laocai.vn", "full_name": "Nguyễn Thị Hoa", "position": "",
            "role": "officer", "body": body, "password": "mot-mat-khau-dai", **extra}


# ---- bodies ----------------------------------------------------------------------------

def test_rename_keeps_the_old_name_in_history(tree, admin):
    update_body(tree.bao_thang, body_data("Huyện Bảo Thắng mới", short_name="BT"),
                actor=admin, now=LATER, unique_name=True)
    db.session.commit()

    assert tree.bao_thang.name == "Huyện Bảo Thắng mới"
    assert tree.bao_thang.search_key == " huyen bao thang moi bt "
    latest = history_of("body", tree.bao_thang.id)[0]
    assert (latest.action, latest.actor_id, latest.at) == ("renamed", admin.id, LATER)
    assert latest.changes["name"] == ["Huyện Bảo Thắng", "Huyện Bảo Thắng mới"]
    assert latest.changes["short_name"] == ["", "BT"]


def test_a_sibling_name_is_refused_ignoring_accents_and_case(tree, admin):
    with pytest.raises(ValidationError) as caught:
        create_body(body_data("huyen bao yen"), parent=tree.lao_cai, actor=admin, now=NOW,
                    unique_name=True)
    assert caught.value.errors == {"name": "Tên đơn vị: “Huyện Bảo Yên” đã có trong cùng đơn vị "
                                           "cấp trên."}
    with pytest.raises(ValidationError):
        update_body(tree.bao_thang, body_data("Huyện Bảo Yên"), actor=admin, now=NOW,
                    unique_name=True)
    # The same name elsewhere in the tree is fine, and so is re-typing one's own name.
    create_body(body_data("Huyện Bảo Yên"), parent=tree.lang_son, actor=admin, now=NOW,
                unique_name=True)
    update_body(tree.bao_yen, body_data("HUYỆN BẢO YÊN"), actor=admin, now=NOW,
                unique_name=True)


def test_merge_moves_users_and_keeps_the_merged_body_as_inactive_child(tree, admin, make_user,
                                                                       make_body):
    commune = make_body("Xã Phong Niên", parent=tree.bao_thang, level="xa")
    officer = make_user("officer", body=tree.bao_thang)
    commune_officer = make_user("officer", body=commune)

    merge_body(tree.bao_thang, tree.bao_yen, actor=admin, now=LATER)
    db.session.commit()
    db.session.expire_all()

    merged = db.session.get(Body, tree.bao_thang.id)
    assert (merged.active, merged.merged_into_id, merged.parent_id) == (False, tree.bao_yen.id,
                                                                       tree.bao_yen.id)
    assert merged.path == f"{tree.bao_yen.path}{merged.id}/"
    # Its subtree moved with it; only the merged body's own accounts changed body.
    assert db.session.get(Body, commune.id).path.startswith(merged.path)
    assert db.session.get(User, officer.id).body_id == tree.bao_yen.id
    assert db.session.get(User, commune_officer.id).body_id == commune.id

    actions = [(h.action, h.changes) for h in history_of("body", merged.id)]
    assert ("merged", {"merged_into_id": tree.bao_yen.id, "merged_into": "Huyện Bảo Yên",
                       "users_moved": 1}) in actions
    assert "moved" in [action for action, _ in actions]
    [received] = history_of("body", tree.bao_yen.id)[:1]
    assert received.action == "received_merge"
    assert received.changes["merged_body_name"] == "Huyện Bảo Thắng"


@pytest.mark.parametrize("case", ["itself", "below", "inactive_successor", "already_merged"])
def test_merge_refusals_name_the_successor_field(tree, admin, make_body, case):
    commune = make_body("Xã Phong Niên", parent=tree.bao_thang, level="xa")
    body, into = tree.bao_thang, {"itself": tree.bao_thang, "below": commune}.get(case)
    if case == "inactive_successor":
        merge_body(commune, tree.bao_yen, actor=admin, now=NOW)
        into = commune
    if case == "already_merged":
        merge_body(commune, tree.bao_yen, actor=admin, now=NOW)
        body, into = commune, tree.bao_thang
    with pytest.raises(ValidationError) as caught:
        merge_body(body, into, actor=admin, now=NOW)
    assert caught.value.errors["into_id"].startswith("Đơn vị tiếp nhận: ")


def test_no_new_body_under_a_merged_one(tree, admin):
    merge_body(tree.bao_thang, tree.bao_yen, actor=admin, now=NOW)
    with pytest.raises(ValidationError) as caught:
        create_body(body_data("Xã Mới", level="xa"), parent=tree.bao_thang, actor=admin,
                    now=NOW)
    assert caught.value.errors["parent_id"].startswith("Đơn vị cấp trên: “Huyện Bảo Thắng”")


# ---- users -----------------------------------------------------------------------------

def test_create_user_records_history_and_refuses_a_taken_email(tree, admin):
    user = create_user(user_data(tree.bao_thang), actor=admin, now=NOW)
    db.session.commit()
    assert (user.body_id, user.active, user.role) == (tree.bao_thang.id, True, "officer")
    assert history_of("user", user.id)[0].actor_id == admin.id

    with pytest.raises(ValidationError) as caught:
        create_user(user_data(tree.bao_yen, email=" CAN.BO@laocai.vn "), actor=admin, now=NOW)
    assert caught.value.errors == {"email": "Email: can.bo@laocai.vn đã có tài khoản."}


def test_create_user_reports_every_problem_at_once(tree, admin):
    with pytest.raises(ValidationError) as caught:
        create_user(user_data(tree.lang_son, email="khong-phai-email", full_name=" ",
                              role="boss", password="ngan"), actor=admin, now=NOW)
    assert caught.value.errors == {
        "email": "Email: cần một địa chỉ email hợp lệ.",
        "full_name": "Họ và tên: không được để trống.",
        "role": "Vai trò: không hợp lệ.",
        "body_id": "Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.",  # another province
        "password": f"Mật khẩu: cần ít nhất {MIN_PASSWORD} ký tự.",
    }


def test_update_user_changes_fields_keeps_password_unless_given(tree, admin, make_user):
    user = make_user("officer", body=tree.bao_thang, email="a@laocai.vn")
    old_hash = user.password_hash
    update_user(user, user_data(tree.bao_yen, email="a@laocai.vn", role="leader",
                                active=False, password=""), actor=admin, now=LATER)
    db.session.commit()
    assert (user.role, user.body_id, user.active, user.body.name) == (
        "leader", tree.bao_yen.id, False, "Huyện Bảo Yên")
    assert user.password_hash == old_hash
    changes = history_of("user", user.id)[0].changes
    assert changes["role"] == ["officer", "leader"] and changes["active"] == [True, False]

    update_user(user, user_data(tree.bao_yen, email="a@laocai.vn", role="leader",
                                password="mat-khau-moi-123"), actor=admin, now=LATER)
    assert verify_password(user.password_hash, "mat-khau-moi-123")
    with pytest.raises(ValidationError) as caught:
        update_user(user, user_data(tree.bao_yen, email=admin.email), actor=admin, now=LATER)
    assert caught.value.errors == {"email": "Email: quantri@laocai.vn đã có tài khoản."}


def test_an_admin_cannot_lock_out_or_demote_themselves(tree, admin):
    with pytest.raises(ValidationError) as caught:
        update_user(admin, user_data(tree.lao_cai, email=admin.email, role="leader",
                                     active=False, full_name=admin.full_name),
                    actor=admin, now=NOW)
    assert caught.value.errors == {
        "active": "Đang hoạt động: bạn không thể tự khóa tài khoản của mình.",
        "role": "Vai trò: bạn không thể tự bỏ quyền quản trị của mình."}
    db.session.rollback()
    assert db.session.get(User, admin.id).role == "admin"


def test_an_admin_may_deactivate_another_admin(tree, admin, make_user):
    other = make_user("admin", body=tree.bao_thang)
    update_user(other, user_data(tree.bao_thang, email=other.email, role="admin",
                                 active=False), actor=admin, now=NOW)
    assert other.active is False


def test_users_in_scope_search_without_accents_filter_and_sort(tree, admin, make_user):
    make_user("officer", body=tree.bao_thang, full_name="Nguyễn Văn Đức", email="duc@lc.vn")
    make_user("leader", body=tree.bao_yen, full_name="Trần Thị Hoà", email="hoa@lc.vn")
    make_user("officer", body=tree.lang_son, full_name="Nguyễn Văn Đông", email="dong@ls.vn")
    db.session.execute(select(User).where(User.email == "hoa@lc.vn")).scalar_one() \
        .last_login_at = NOW

    def emails(**kwargs):
        return [u.email for u in db.session.scalars(users_in_scope(admin, **kwargs))]

    assert emails() == ["duc@lc.vn", "quantri@laocai.vn", "hoa@lc.vn"]  # by name, in scope
    assert emails(query="nguyen van duc") == ["duc@lc.vn"]
    assert emails(query="HÒA") == ["hoa@lc.vn"]  # new tone placement finds the old one
    assert emails(query="LC.VN", role="officer") == ["duc@lc.vn"]
    assert emails(query="dong") == []  # Lạng Sơn lies outside the scope
    assert emails(sort="last_login", descending=True)[0] == "hoa@lc.vn"
    assert emails(sort="last_login")[0] == "hoa@lc.vn"  # never-logged-in users go last
    assert emails(sort="body") == ["duc@lc.vn", "hoa@lc.vn", "quantri@laocai.vn"]
