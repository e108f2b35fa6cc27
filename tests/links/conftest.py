"""The world of the link tests: the central Ban gives a task with a figure template to
Lào Cai, whose coordinator forwards it to two communes without an account (each with a
contact address) and to one with an officer."""
import re
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from tests.chain.conftest import chain_world, load_assignment  # noqa: F401
from tests.conftest import NOW, shared_data
from tests.reminders.conftest import smtp  # noqa: F401  (a real SMTP server)
from tracker.assignments.models import Assignment
from tracker.chain.operations import forward_assignment
from tracker.extensions import db
from tracker.figures.templates import attach_template, copy_library_template
from tracker.links.operations import issue_link

SUB_DEADLINE = date(2026, 12, 18)  # a Friday


@shared_data
def link_world(chain_world, make_body, make_user):  # noqa: F811
    w = chain_world
    ban_vuoc = make_body("Xã Bản Vược", parent=w.a, kind="dia_phuong", level="xa")
    ban_vuoc.contact_email = "vanphong@banvuoc.laocai.vn"
    coc_san = make_body("Xã Cốc San", parent=w.a, kind="dia_phuong", level="xa")
    coc_san.contact_email = "ubnd@cocsan.laocai.vn"
    template = copy_library_template("dan_van_kheo", actor=w.users.central, now=NOW)
    attach_template(w.task, template, actor=w.users.central, now=NOW)
    db.session.commit()
    parent = load_assignment(w.assignment_a.id)
    sub_task = forward_assignment(
        parent, {"title": "Sơ kết kế hoạch (cấp xã)", "description": "Báo cáo số mô hình.",
                 "bodies": [ban_vuoc, coc_san, w.x2], "due_on": SUB_DEADLINE, "lead": None},
        actor=w.users.coord_a, now=NOW)
    db.session.commit()
    by_body = {a.body_id: a for a in db.session.scalars(
        select(Assignment).where(Assignment.task_id == sub_task.id))}
    return SimpleNamespace(w=w, users=w.users, ban_vuoc=ban_vuoc, coc_san=coc_san,
                           sub_task=sub_task, mine=by_body[ban_vuoc.id],
                           other=by_body[coc_san.id], x2=by_body[w.x2.id])


def new_link(assignment, to="vanphong@banvuoc.laocai.vn", now=NOW):
    """Issue a link as the reminder delivery does; returns (link, secret, entry path)."""
    from tracker.links.models import entry_url
    link, secret = issue_link(load_assignment(assignment.id), sent_to=to, actor=None, now=now)
    db.session.commit()
    return link, secret, entry_url(link, secret)


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def open_link(client, path):
    """Open the mail's URL as a browser does; returns the page's CSRF token."""
    response = client.get(path)
    assert response.status_code == 303, response.status_code
    page = client.get(response.headers["Location"])
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    return _CSRF.search(page.get_data(as_text=True)).group(1)

