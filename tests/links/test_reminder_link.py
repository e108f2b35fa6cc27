"""A body with a contact address gets its reminders at that address, each carrying a new
secret link to its one assignment, read here from a real SMTP server (aiosmtpd)."""
import re
from datetime import date

from sqlalchemy import func, select

from tests.chain.conftest import load_assignment
from tests.conftest import login, post
from tracker.extensions import db
from tracker.links.models import AssignmentLink
from tracker.reminders.models import OutboxMail
from tracker.reminders.passes import run_pass, simulated_now

CONTACT = "vanphong@banvuoc.laocai.vn"
LINK = re.compile(r"http://localhost(/link/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+)")


def _remind(day: date):
    planned, delivered = run_pass(now=simulated_now(day), today=day)
    db.session.commit()
    return planned, delivered


def _link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [path] = set(LINK.findall(text))
    assert f'href="http://localhost{path}"' in html
    return path


def test_the_reminder_carries_a_working_link(client, smtp, link_world):
    planned, delivered = _remind(date(2026, 12, 11))  # 7 days before Friday 18/12
    assert delivered["sent"] == planned["before"]
    [message] = smtp.by_recipient(CONTACT)
    assert message["Subject"].startswith("[Nhắc hạn] Còn 7 ngày: Sơ kết kế hoạch (cấp xã)")
    text = message.get_body(("plain",)).get_content()
    assert "không cần tài khoản, dùng được đến hết ngày 01/01/2027" in text
    assert link_world.users.coord_a.email in text  # whom to contact
    assert "/profile" not in text  # no account, no profile to turn mails off in
    path = _link_in(message)
    entry = client.get(path)
    assert entry.status_code == 303
    page = client.get(entry.headers["Location"])
    assert page.status_code == 200
    assert "Sơ kết kế hoạch (cấp xã)" in page.get_data(as_text=True)
    # Only the body's own link: the commune with an officer gets the usual mail.
    [officer_mail] = smtp.by_recipient(link_world.users.officer_x2.email)
    assert "/link/" not in officer_mail.get_body(("plain",)).get_content()
    # The secret went out in the mail only: the outbox keeps neither it nor the text.
    secret = path.rsplit("/", 1)[1]
    assert not any(secret in repr(tuple(row)) for row in db.session.execute(
        select(OutboxMail.__table__)))


def test_the_next_reminder_replaces_the_link(client, smtp, link_world):
    _remind(date(2026, 12, 11))
    first = _link_in(smtp.by_recipient(CONTACT)[0])
    smtp.clear()
    _remind(date(2026, 12, 15))  # 3 days before
    second = _link_in(smtp.by_recipient(CONTACT)[0])
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 303


def test_a_mail_that_does_not_go_out_leaves_the_old_link_working(client, smtp, link_world):
    _remind(date(2026, 12, 11))
    first = _link_in(smtp.by_recipient(CONTACT)[0])
    smtp.answer = "451 4.3.0 Thử lại sau"
    _remind(date(2026, 12, 15))
    assert db.session.scalar(select(func.count()).select_from(AssignmentLink).where(
        AssignmentLink.assignment_id == link_world.mine.id)) == 1
    assert client.get(first).status_code == 303


def test_no_link_mail_once_the_report_is_submitted(smtp, link_world):
    from tracker.assignments.operations import submit_report
    submit_report(load_assignment(link_world.mine.id), note="", version=None,
                  actor=link_world.users.coord_a, now=simulated_now(date(2026, 12, 10)))
    db.session.commit()
    _remind(date(2026, 12, 11))
    assert smtp.by_recipient(CONTACT) == []
    assert db.session.scalar(select(AssignmentLink).where(
        AssignmentLink.assignment_id == link_world.mine.id)) is None
    assert smtp.by_recipient("ubnd@cocsan.laocai.vn")  # the other commune still has to


def test_a_coordinator_sends_a_new_link_and_revokes_it(client, smtp, link_world):
    _remind(date(2026, 12, 11))
    old = _link_in(smtp.by_recipient(CONTACT)[0])
    smtp.clear()
    login(client, link_world.users.coord_a)
    page = client.get(f"/assignments/{link_world.mine.id}").get_data(as_text=True)
    assert "Đường dẫn bí mật của đơn vị" in page and "Gửi lại đường dẫn" in page
    sent = post(client, f"/assignments/{link_world.mine.id}/links/send", follow_redirects=True)
    assert "Đã gửi thư." in sent.get_data(as_text=True)
    [message] = smtp.by_recipient(CONTACT)
    assert message["Subject"] == "[Đường dẫn báo cáo] Sơ kết kế hoạch (cấp xã)"
    new = _link_in(message)
    anonymous = client.application.test_client()
    assert anonymous.get(old).status_code == 410
    assert anonymous.get(new).status_code == 303
    live = db.session.scalar(select(AssignmentLink).where(
        AssignmentLink.assignment_id == link_world.mine.id, AssignmentLink.ended_at.is_(None)))
    revoked = post(client, f"/assignments/{link_world.mine.id}/links/{live.id}/revoke",
                   follow_redirects=True)
    assert f"Đã thu hồi đường dẫn {live.public_id}." in revoked.get_data(as_text=True)
    gone = client.application.test_client().get(new)
    assert gone.status_code == 410 and "Đường dẫn đã bị thu hồi." in gone.get_data(as_text=True)


def test_the_provinces_admin_sees_its_communes_contact_mails(client, smtp, link_world,
                                                            make_user):
    _remind(date(2026, 12, 11))
    login(client, make_user("admin", body=link_world.w.a))
    outbox = client.get("/admin/reminders/outbox").get_data(as_text=True)
    assert CONTACT in outbox and "ubnd@cocsan.laocai.vn" in outbox
    login(other := client.application.test_client(), make_user("admin", body=link_world.w.b))
    assert CONTACT not in other.get("/admin/reminders/outbox").get_data(as_text=True)
