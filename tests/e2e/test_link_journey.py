"""A commune without an account reports through the secret link of its reminder mail, in
Chromium, on the demo data: the mail is read from the SMTP server of the e2e fixtures, the
link opens a page with nothing of the app but the assignment, the figures (a breakdown that
does not add up is refused first), one file and submit; then the link answers 410, and the
province's coordinator sees the report submitted, through the link, in the history."""
import re
from datetime import timedelta

import pytest

from tests.e2e.conftest import expect

pytestmark = pytest.mark.e2e

PROVINCE = "chuyenvien.laocai@demo.vn"
CONTACT = "vanphong.xa.khongtaikhoan@demo.vn"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/link/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def commune(live_server):
    """A commune of Lào Cai's forwarded task that has no account and has not started: it is
    given a contact address, and its reminder goes out (planned for the first day before
    the deadline that has one, as the scheduler would)."""
    from sqlalchemy import exists, select

    from tracker.assignments.models import Assignment
    from tracker.auth.models import User
    from tracker.bodies.models import Body
    from tracker.core.time import vn_today
    from tracker.reminders.delivery import deliver_outbox
    from tracker.reminders.passes import simulated_now
    from tracker.reminders.planning import plan_reminders
    from tracker.tasks.models import Task

    def make(session):
        coordinator = session.scalar(select(User).where(User.email == PROVINCE))
        assignment, body = session.execute(
            select(Assignment, Body).join(Body, Body.id == Assignment.body_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.owner_body_id == coordinator.body_id,
                   Task.parent_assignment_id.is_not(None), Body.level == "xa",
                   Assignment.status == "not_started",
                   ~exists().where(User.body_id == Body.id))
            .order_by(Assignment.id)).first()
        body.contact_email = CONTACT
        session.commit()
        day = vn_today()
        while not live_server.smtp.by_recipient(CONTACT):
            day += timedelta(days=1)
            assert day <= assignment.effective_due_on, "no reminder before the deadline"
            plan_reminders(day, now=simulated_now(day), record=False)
            session.commit()
            deliver_outbox(now=simulated_now(day))
        return {"id": assignment.id, "body": body.name, "task": assignment.task_id}
    return live_server.query(make)


def test_a_commune_without_an_account_reports_through_its_link(open_session, live_server,
                                                                commune):
    # 1. The mail: the commune's name, and a link to its one assignment.
    [mail] = live_server.smtp.by_recipient(CONTACT)
    text = mail.get_body(("plain",)).get_content()
    assert commune["body"] in text and "không cần tài khoản" in text
    [url] = set(LINK.findall(text))

    # 2. The link opens the assignment alone: no menu, no way into the app.
    s = open_session(name="link-commune")
    page = s.page
    page.goto(url)
    assert "/link/" in page.url and url.rsplit("/", 1)[1] not in page.url  # secret dropped
    expect(page.get_by_text(f"Báo cáo của {commune['body']}")).to_be_visible()
    assert page.locator("nav").count() == 0
    assert page.locator("a[href^='/assignments'], a[href^='/tasks']").count() == 0
    assert s.axe_violations() == []
    s.shot("page", full_page=True)

    # 3. Figures: the page's checks and messages (cells that do not add up), then saved.
    page.locator("#v-da_to_chuc").select_option("co")
    page.locator("#v-hoi_nghi").fill("2")
    page.locator("#v-luot_nguoi").fill("1.250")
    page.locator("#v-khen_thuong").fill("5")
    page.locator("#v-khen_thuong-tap_the").fill("1")
    page.locator("#v-khen_thuong-ca_nhan").fill("2")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_role("alert").filter(has_text="khác tổng 5 (lệch 2)")).to_be_visible()
    s.errors[:] = [e for e in s.errors if "status of 422" not in e]  # refused on purpose
    page.locator("#v-khen_thuong-ca_nhan").fill("4")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu biểu mẫu số liệu.")).to_be_visible()

    # 4. One file, then submit (the browser asks first).
    page.locator("#file").set_input_files(files=[{
        "name": "bao-cao-so-ket.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% bao cao so ket cua xa\n" + b"0" * 2048}])
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("status").filter(has_text="Đã đính kèm tệp.")).to_be_visible()
    expect(page.get_by_text("bao-cao-so-ket.pdf")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_role("heading", name="Đã nộp báo cáo")).to_be_visible()
    s.shot("submitted")

    # 5. Used up: the same link now answers 410 and says whom to call.
    response = page.goto(url)
    assert response.status == 410
    expect(page.get_by_text("Báo cáo đã được nộp qua đường dẫn này.")).to_be_visible()
    expect(page.get_by_text(PROVINCE)).to_be_visible()
    s.errors[:] = [e for e in s.errors if "status of 410" not in e]  # answered on purpose

    # 6. The province sees the report submitted, through the link, with its file.
    p = open_session(name="link-province").login(PROVINCE)
    p.goto(f"/assignments/{commune['id']}")
    expect(p.page.get_by_text("Đã nộp, chờ tiếp nhận").first).to_be_visible()
    expect(p.page.get_by_role("link", name="bao-cao-so-ket.pdf")).to_be_visible()
    expect(p.page.get_by_text("Đơn vị, qua đường dẫn bí mật").first).to_be_visible()
    p.shot("province")

    # 7. The draft report of the province's task names the commune among those reporting.
    p.goto(f"/tasks/{commune['task']}")
    with p.page.expect_download() as caught:
        p.page.get_by_role("link", name="Dự thảo báo cáo (.docx)").click()
    download = caught.value
    assert download.suggested_filename.endswith(".docx")
    from docx import Document
    document = Document(download.path())
    words = "\n".join([paragraph.text for paragraph in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "BÁO CÁO" in words and "TỈNH ỦY LÀO CAI" in words
    assert commune["body"] in words
