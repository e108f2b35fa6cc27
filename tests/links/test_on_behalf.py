"""Nhập thay: the forwarding body's coordinator enters a commune's figures and files and
submits for it, through the same operations, on the page and through the API; every entry
says for whom and by whom."""
import io

from sqlalchemy import select

from tests.api.conftest import bearer
from tests.chain.conftest import load_assignment
from tests.conftest import NOW, login, post
from tracker.api.operations import create_token
from tracker.assignments.models import Attachment
from tracker.extensions import db
from tracker.history.models import HistoryEntry

PDF = b"%PDF-1.4\n" + b"x" * 100


def _entries(assignment_id, *actions):
    return list(db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.entity == "assignment", HistoryEntry.entity_id == assignment_id,
        HistoryEntry.action.in_(actions)).order_by(HistoryEntry.id)))


def test_the_page_says_it_is_nhap_thay_and_offers_files_and_submission(client, link_world):
    login(client, link_world.users.coord_a)
    page = client.get(f"/assignments/{link_world.mine.id}").get_data(as_text=True)
    assert "Nhập thay cho Xã Bản Vược." in page
    assert f'action="/assignments/{link_world.mine.id}/files"' in page
    assert f'action="/assignments/{link_world.mine.id}/submit"' in page
    assert "Nhập thay biểu mẫu số liệu" in page
    assert f'action="/assignments/{link_world.mine.id}/progress"' not in page  # not asked
    form = client.get(f"/assignments/{link_world.mine.id}/figure-form").get_data(as_text=True)
    assert "Nhập thay cho Xã Bản Vược" in form


def test_figures_files_and_submission_are_recorded_as_nhap_thay(client, link_world):
    w, coordinator = link_world, link_world.users.coord_a
    login(client, coordinator)
    base = f"/assignments/{w.mine.id}"
    assert post(client, f"{base}/figure-form", {
        "version": str(load_assignment(w.mine.id).version),
        "v-mo_hinh-kinh_te/tap_the": "1.781", "v-mo_hinh-kinh_te/ca_nhan": "2.417"}
    ).status_code == 302
    for name in ("nham.pdf", "dung.pdf"):
        assert post(client, f"{base}/files", {"f-file": (io.BytesIO(PDF), name)}
                    ).status_code == 302
    wrong = db.session.scalar(select(Attachment).where(Attachment.original_name == "nham.pdf"))
    assert post(client, f"{base}/files/{wrong.id}/remove").status_code == 302
    assert post(client, f"{base}/submit", {"s-note": "Nhập thay theo báo cáo giấy của xã",
                                           "s-version": str(load_assignment(w.mine.id).version)}
                ).status_code == 302
    assert load_assignment(w.mine.id).status == "submitted"
    entries = _entries(w.mine.id, "figures", "attachment", "attachment_removed", "submitted")
    assert [e.action for e in entries] == ["figures", "attachment", "attachment",
                                           "attachment_removed", "submitted"]
    for entry in entries:
        assert entry.actor_id == coordinator.id
        assert entry.changes["on_behalf_of"] == "Xã Bản Vược"
        assert entry.changes["on_behalf_of_id"] == w.ban_vuoc.id
    # The history on the page names both.
    page = client.get(base).get_data(as_text=True)
    history = page[page.index('id="history-title"'):]
    assert "Nhập thay cho:" in history and "Xã Bản Vược" in history
    assert coordinator.full_name in history


def test_the_bodys_own_officer_writes_as_itself(client, link_world):
    w = link_world
    login(client, w.users.officer_x2)
    assert post(client, f"/assignments/{w.x2.id}/files",
                {"f-file": (io.BytesIO(PDF), "bc.pdf")}).status_code == 302
    [entry] = _entries(w.x2.id, "attachment")
    assert entry.actor_id == w.users.officer_x2.id and "on_behalf_of" not in entry.changes


def test_the_api_submits_and_saves_figures_as_nhap_thay(client, link_world):
    w = link_world
    _token, secret = create_token(w.users.coord_a, {"name": "iOffice", "read_only": False},
                                  now=NOW)
    db.session.commit()
    url = f"/api/v1/assignments/{w.mine.id}"
    form = client.get(f"{url}/figures", headers=bearer(secret)).get_json()
    assert form["editable"]
    saved = client.put(f"{url}/figures", headers=bearer(secret), json={
        "version": form["version"], "values": {"mo_hinh": "5"}})
    assert saved.status_code == 200, saved.get_json()
    submitted = client.post(f"{url}/submit", headers=bearer(secret), json={
        "version": saved.get_json()["version"], "note": "Nộp thay"})
    assert submitted.status_code == 200, submitted.get_json()
    entries = _entries(w.mine.id, "figures", "submitted")
    assert [e.changes["on_behalf_of"] for e in entries] == ["Xã Bản Vược"] * 2
    # The centre sees the chain but does not write for a commune of Lào Cai.
    _t, central = create_token(w.users.central, {"name": "TW", "read_only": False}, now=NOW)
    db.session.commit()
    assert client.put(f"{url}/figures", headers=bearer(central), json={
        "version": 99, "values": {"mo_hinh": "6"}}).status_code == 403
