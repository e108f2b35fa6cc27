"""Moving an open assignment to another body from its page."""
from sqlalchemy import select

from tests.conftest import login, post
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.history.models import HistoryEntry


def test_coordinator_moves_an_assignment_and_history_keeps_it(app, make_body, make_user,
                                                              make_directive, make_task,
                                                              make_assignment):
    province = make_body("Tỉnh Lào Cai")
    old = make_body("Sở Nội vụ", parent=province, kind="so_nganh")
    new = make_body("Sở Tư pháp", parent=province, kind="so_nganh")
    coordinator = make_user("coordinator", body=province)
    task = make_task(directive=make_directive(actor=coordinator), actor=coordinator)
    assignment = make_assignment(task=task, body=old)
    client = login(app.test_client(), coordinator)

    page = client.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Chuyển đơn vị thực hiện" in page and "Sở Tư pháp" in page

    refused = post(client, f"/assignments/{assignment.id}/reassign", {"t-body_id": str(new.id)})
    assert refused.status_code == 422
    assert "Lý do chuyển đơn vị: không được để trống." in refused.get_data(as_text=True)

    moved = post(client, f"/assignments/{assignment.id}/reassign",
                 {"t-body_id": str(new.id), "t-reason": "Sở Tư pháp phụ trách"})
    assert moved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).body_id == new.id
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "reassigned"))
    assert entry.changes["body_id"] == [old.id, new.id] and entry.note == "Sở Tư pháp phụ trách"
