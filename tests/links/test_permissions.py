"""Who may use the routes of this feature, for every role of the chain world: nhập thay
(the forwarding body's coordinators write for a commune of its subtree), sending and
revoking a body's link, and the link's own pages (the link is the only key: no account
opens them). Outside the scope 404, visible but not theirs 403, allowed 200/302/303,
anonymous to /login; refusals write nothing."""
import io

import pytest
from sqlalchemy import func, select

from tests.chain.conftest import load_assignment
from tests.conftest import NOW, csrf_token, login
from tests.links.conftest import new_link
from tracker.assignments.files import add_attachment
from tracker.extensions import db
from tracker.history.models import HistoryEntry

ROLES = ["coord_a", "central", "leader_a", "coord_x1", "officer_x2", "coord_b", "anon"]
LOGIN = "login"
PDF = b"%PDF-1.4\n" + b"x" * 100


def expect(default, **roles):
    answers = {role: default for role in ROLES}
    answers["anon"] = LOGIN
    answers.update(roles)
    return answers


# On the assignment of Xã Bản Vược (no account), forwarded by Lào Cai: only Lào Cai's
# coordinators write for it; the centre and Lào Cai's leader see it; the other communes
# and the other province do not.
FOR_THE_BODY = expect(403, coord_a=302, coord_x1=404, officer_x2=404, coord_b=404)
# The link's pages answer the link, never an account: 404 without the secret, signed in
# or not.
LINK_ONLY = {role: 404 for role in ROLES}


def _file(w):
    return {"f-file": (io.BytesIO(PDF), "bao-cao.pdf")}


def _version(w):
    return str(load_assignment(w.mine.id).version)


CASES = [
    ("assignments.upload", lambda w: f"/assignments/{w.mine.id}/files", FOR_THE_BODY, _file),
    ("assignments.remove_file",
     lambda w: f"/assignments/{w.mine.id}/files/{w.attachment_id}/remove", FOR_THE_BODY,
     lambda w: {}),
    ("assignments.replace_file",
     lambda w: f"/assignments/{w.mine.id}/files/{w.attachment_id}/replace", FOR_THE_BODY,
     _file),
    ("assignments.submit", lambda w: f"/assignments/{w.mine.id}/submit", FOR_THE_BODY,
     lambda w: {"s-note": "Nộp thay", "s-version": _version(w), "s-confirm_empty": "1"}),
    ("figures.form", lambda w: f"/assignments/{w.mine.id}/figure-form", FOR_THE_BODY,
     lambda w: {"version": _version(w), "v-mo_hinh": "4"}),
    ("link_manage.send", lambda w: f"/assignments/{w.mine.id}/links/send", FOR_THE_BODY,
     lambda w: {}),
    ("link_manage.revoke", lambda w: f"/assignments/{w.mine.id}/links/{w.link.id}/revoke",
     FOR_THE_BODY, lambda w: {}),
    ("links.page", lambda w: f"/link/{w.link.public_id}", LINK_ONLY, None),
    ("links.figures", lambda w: f"/link/{w.link.public_id}/figures", LINK_ONLY,
     lambda w: {"v-mo_hinh": "4"}),
    ("links.upload", lambda w: f"/link/{w.link.public_id}/file", LINK_ONLY,
     lambda w: {"file": (io.BytesIO(PDF), "bao-cao.pdf")}),
    ("links.submit", lambda w: f"/link/{w.link.public_id}/submit", LINK_ONLY, lambda w: {}),
]


@pytest.fixture
def world(link_world, smtp):
    w = link_world
    attachment = add_attachment(load_assignment(w.mine.id), _upload(), allowed={"pdf"},
                                max_bytes=10**6, actor=w.users.coord_a, now=NOW)
    db.session.commit()
    w.attachment_id = attachment.id
    w.link, _secret, _path = new_link(w.mine)
    return w


def _upload():
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(PDF), filename="truoc.pdf")


def test_every_route_has_a_permission_case(app):
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in ("links", "link_manage")}
    listed = {endpoint for endpoint, *_ in CASES}
    assert routes - listed == {"links.enter"}  # the secret's own tests (test_tokens.py)
    assert listed >= routes - {"links.enter"}


def _history_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def _user(w, role):
    users = w.users
    return {"coord_a": users.coord_a, "central": users.central, "leader_a": users.leader_a,
            "coord_x1": users.coord_x1, "officer_x2": users.officer_x2,
            "coord_b": users.coord_b}[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_permission(client, world, case, role):
    endpoint, url, expected, data = case
    if role != "anon":
        login(client, _user(world, role))
    expected = expected[role]
    before = _history_count()
    if data is None:
        response = client.get(url(world))
    else:
        payload = data(world)
        payload["csrf_token"] = csrf_token(client, "/login" if role == "anon" else "/profile")
        response = client.post(url(world), data=payload)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:1500]
    if response.status_code in (302, 303) and expected != LOGIN:
        assert _history_count() > before
    else:
        assert _history_count() == before
