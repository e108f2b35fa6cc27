"""Who reaches the admin pages: an admin within their subtree, nobody else (404)."""
import io
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import pytest
from sqlalchemy import func, select

from tests.conftest import login, post
from tracker.extensions import db
from tracker.history.models import HistoryEntry

IMPORT_CSV = "Tên đơn vị;Loại;Cấp\nXã Mới;dia_phuong;xa\n".encode()


@dataclass(frozen=True)
class Route:
    method: str
    endpoint: str
    url: Callable
    data: Callable | None = None
    # Names an object in Lào Cai, so an admin of Lạng Sơn must get 404 as well.
    targeted: bool = True

    def __str__(self):
        return f"{self.method} {self.endpoint}"


def _body_form(w):
    return {"name": "Huyện Bảo Thắng", "short_name": "", "kind": "dia_phuong",
            "level": "huyen"}


def _user_form(w):
    return {"email": "can.bo@laocai.vn", "full_name": "Cán bộ", "position": "",
            "role": "officer", "body_id": str(w.bao_thang.id), "active": "y",
            "password": "mot-mat-khau-dai"}


ROUTES = [
    Route("GET", "admin.bodies", lambda w: "/admin/bodies", targeted=False),
    Route("GET", "admin.body", lambda w: f"/admin/bodies/{w.bao_thang.id}"),
    Route("GET", "admin.body_new", lambda w: f"/admin/bodies/new?parent_id={w.bao_thang.id}"),
    Route("POST", "admin.body_new", lambda w: f"/admin/bodies/new?parent_id={w.bao_thang.id}",
          lambda w: {"name": "Xã Phong Niên", "kind": "dia_phuong", "level": "xa"}),
    Route("GET", "admin.body_edit", lambda w: f"/admin/bodies/{w.bao_thang.id}/edit"),
    Route("POST", "admin.body_edit", lambda w: f"/admin/bodies/{w.bao_thang.id}/edit",
          _body_form),
    Route("GET", "admin.body_merge", lambda w: f"/admin/bodies/{w.bao_thang.id}/merge"),
    Route("POST", "admin.body_merge", lambda w: f"/admin/bodies/{w.bao_thang.id}/merge",
          lambda w: {"into_id": str(w.bao_yen.id)}),
    Route("GET", "admin.body_import", lambda w: "/admin/bodies/import", targeted=False),
    Route("POST", "admin.body_import", lambda w: "/admin/bodies/import",
          lambda w: {"file": (io.BytesIO(IMPORT_CSV), "ds.csv")}, targeted=False),
    Route("GET", "admin.body_import_template", lambda w: "/admin/bodies/import/template.xlsx",
          targeted=False),
    Route("GET", "admin.users", lambda w: "/admin/users", targeted=False),
    Route("GET", "admin.user_new", lambda w: "/admin/users/new", targeted=False),
    Route("POST", "admin.user_new", lambda w: "/admin/users/new", _user_form, targeted=False),
    Route("GET", "admin.user_edit", lambda w: f"/admin/users/{w.officer.id}/edit"),
    Route("POST", "admin.user_edit", lambda w: f"/admin/users/{w.officer.id}/edit",
          lambda w: {**_user_form(w), "email": w.officer.email, "role": "leader"}),
    Route("GET", "admin.lockouts", lambda w: "/admin/lockouts", targeted=False),
]

# (who, routes they try, the status every one of them must answer)
VISITORS = [("admin", "all", None), ("coordinator", "all", 404), ("officer", "all", 404),
            ("leader", "all", 404), ("sibling_admin", "targeted", 404)]
CASES = [pytest.param(who, route, status, id=f"{who}-{route}")
         for who, which, status in VISITORS for route in ROUTES
         if which == "all" or route.targeted]


@pytest.fixture
def world(tree, admin, make_user):
    return SimpleNamespace(**vars(tree), admin=admin,
                           officer=make_user("officer", body=tree.bao_thang,
                                             email="doan@laocai.vn"))


def visitor(world, make_user, who: str):
    """The user `who` names: Lào Cai's admin or officer, another role there, or Lạng Sơn's
    admin (only the accounts a case needs are made: hashing passwords is slow on purpose)."""
    if who in ("admin", "officer"):
        return getattr(world, who)
    if who == "sibling_admin":
        return make_user("admin", body=world.lang_son)
    return make_user(who, body=world.lao_cai)


def history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def send(client, route: Route, world, **kwargs):
    url = route.url(world)
    if route.method == "GET":
        return client.get(url)
    return post(client, url, route.data(world), **kwargs)


def test_every_admin_route_is_covered(app):
    served = {(method, rule.endpoint) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("admin.") for method in rule.methods
              if method in ("GET", "POST")}
    assert served == {(r.method, r.endpoint) for r in ROUTES}


@pytest.mark.parametrize("who, route, status", CASES)
def test_only_an_admin_within_scope_gets_through(client, world, make_user, who, route, status):
    login(client, visitor(world, make_user, who))
    before = history_count()
    response = send(client, route, world)
    if status is None:  # the in-scope admin
        expected = 200 if route.method == "GET" else 302
        assert response.status_code == expected, response.get_data(as_text=True)[:2000]
    else:
        assert response.status_code == status
        assert "Không tìm thấy" in response.get_data(as_text=True)
        assert history_count() == before  # nothing was written


@pytest.mark.parametrize("route", [r for r in ROUTES if r.targeted], ids=str)
def test_signed_out_visitors_are_sent_to_login(client, world, route):
    url = route.url(world)
    response = client.get(url) if route.method == "GET" else client.post(url, data={})
    if route.method == "POST":
        assert response.status_code == 400  # the CSRF check comes first
    else:
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.method == "POST"], ids=str)
def test_a_post_without_csrf_token_is_refused(client, world, route):
    login(client, world.admin)
    before = history_count()
    response = client.post(route.url(world), data=route.data(world))
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert history_count() == before
