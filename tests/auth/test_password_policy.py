"""Weak passwords are refused, with the reason in Vietnamese: too short, among the most
common passwords shipped with the app, or built from the user's name or email."""
import pytest

from tests.conftest import PASSWORD, login, post
from tracker.auth.password_policy import common_passwords, password_error
from tracker.core.errors import ValidationError
from tracker.extensions import db


def test_the_shipped_list_holds_at_least_ten_thousand_common_passwords():
    passwords = common_passwords()
    assert len(passwords) >= 10_000
    assert {"12345678", "password", "123456789", "iloveyou", "qwertyuiop"} <= passwords


@pytest.mark.parametrize("password", ["12345678", "password", "Password", "qwertyuiop",
                                      "1q2w3e4r5t", "iloveyou"])
def test_common_passwords_are_refused(password):
    message = password_error(password, email="an@example.vn", full_name="Nguyễn Văn An")
    assert message == ("Mật khẩu: quá phổ biến, nằm trong danh sách mật khẩu hay bị dò đoán "
                       "nhất. Vui lòng chọn mật khẩu khác.")


@pytest.mark.parametrize("password", [
    "nguyenvanan", "NguyenVanAn2026", "nguyen.van.an", "Nguyễn Văn An!", "annguyenvan",
    "hoang.thu.ha@langson.gov.vn", "hoangthuha", "hoangthuha1990",
])
def test_passwords_built_from_the_name_or_email_are_refused(password):
    email = "hoang.thu.ha@langson.gov.vn" if "ha" in password.lower() else "nvan@x.vn"
    name = "Hoàng Thu Hà" if "ha" in password.lower() else "Nguyễn Văn An"
    assert password_error(password, email=email, full_name=name) == (
        "Mật khẩu: không được dựa trên họ tên hoặc email của người dùng.")


@pytest.mark.parametrize("password", [PASSWORD, "demo123456", "Mua xuan tren cao nguyen",
                                      "tra-da-via-he-7"])
def test_other_passwords_are_accepted(password):
    assert password_error(password, email="hoang.thu.ha@langson.gov.vn",
                          full_name="Hoàng Thu Hà") is None


def test_an_admin_cannot_create_an_account_with_a_common_password(make_user):
    with pytest.raises(ValidationError) as refused:
        make_user("officer", password="password")
    assert "quá phổ biến" in refused.value.errors["password"]
    db.session.rollback()


def test_a_user_cannot_change_to_a_password_built_from_their_name(client, make_user):
    user = make_user("officer", full_name="Lò Văn Páo", email="lo.van.pao@example.vn")
    login(client, user)
    response = post(client, "/profile", {"current_password": PASSWORD,
                                         "new_password": "LoVanPao1985"})
    assert response.status_code == 422
    assert ("Mật khẩu mới: không được dựa trên họ tên hoặc email của người dùng."
            in response.get_data(as_text=True))
