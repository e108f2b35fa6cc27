"""The demo dataset: loaded through the operations, it holds what the README promises."""
from datetime import date, datetime, timezone

from sqlalchemy import func, select

from tests.conftest import NOW
from tracker.assignments.models import Assignment, Dialogue, ExtensionRequest, Figure
from tracker.assignments.queries import assignment_list
from tracker.assignments.state import STATES, state_expression, state_of
from tracker.auth.models import User
from tracker.auth.operations import authenticate
from tracker.bodies.models import Body
from tracker.bodies.queries import bodies_in_scope
from tracker.chain.queries import completion_by_kind, completion_sentence
from tracker.core.time import vn_today
from tracker.demo.bodies import DEMO_ACCOUNTS, DEMO_PASSWORD
from tracker.demo.loader import load_demo
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks.models import TASK_KINDS, Task

REFORM_INSTANT = datetime(2025, 6, 30, 17, 0, tzinfo=timezone.utc)  # 1/7/2025 in Vietnam

# The directives table of the brief: number, issue date.
TABLE = {
    "290-QĐ/TW": date(2010, 2, 25), "1536-QĐ/TU": date(2010, 8, 23),
    "21-QC/TU": date(2019, 5, 15), "320-QĐ/TU": date(2016, 6, 13),
    "02/HD-UBND": date(2017, 5, 15), "04-HD/TU": date(2017, 5, 19),
    "01-ĐA/BDVTU-UBND": date(2019, 4, 24), "80-KH/BDVTU-BCSĐ": date(2020, 2, 17),
    "16-CT/TTg": date(2016, 5, 16), "18-CT/TU": date(2016, 9, 15),
    "33-CT/TU": date(2017, 10, 30), "120-KL/TW": date(2016, 1, 7),
    "18-KH/TU": date(2016, 3, 4), "52-CT/TW": date(2016, 1, 9),
    "61-KL/TW": date(2009, 12, 3), "40-CT/TU": date(2014, 3, 28),
    "09-CT/TU": date(2011, 4, 19), "17-CT/TU": date(2016, 7, 15),
    "33/CT-TTg": date(2021, 11, 26),
}
PARENTS = {"1536-QĐ/TU": "290-QĐ/TW", "18-KH/TU": "120-KL/TW", "21-QC/TU": "290-QĐ/TW",
           "18-CT/TU": "16-CT/TTg"}


def _body(name):
    return db.session.scalar(select(Body).where(Body.name == name))


def _in_subtree(body):
    return (select(Assignment).join(Body, Body.id == Assignment.body_id)
            .where(Body.path.startswith(body.path, autoescape=True)))


def test_demo_dataset(app):
    summary = load_demo(now=NOW)
    db.session.commit()
    today = vn_today(NOW)
    assert "Đã nạp dữ liệu mẫu" in summary and DEMO_PASSWORD in summary

    # Accounts: each exists where the README says, and signs in with the demo password.
    for account in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == account.email))
        assert user is not None, account.email
        assert (user.role, user.body.name) == (account.role, account.body)
        assert authenticate(account.email, DEMO_PASSWORD, remote_addr="127.0.0.1",
                            now=NOW) is not None, account.email
    assert {a.role for a in DEMO_ACCOUNTS} == {"admin", "coordinator", "officer", "leader"}

    # Every derived state, every stored status, every kind of extension decision.
    assignments = list(db.session.scalars(select(Assignment)))
    assert len(assignments) >= 150
    state = state_expression(today)
    counts = dict(db.session.execute(select(state, func.count()).group_by(state)).all())
    assert set(STATES) <= set(counts), counts
    assert all(counts[code] >= 5 for code in STATES), counts
    for assignment in assignments:  # Python and SQL agree on each state
        assert counts[state_of(assignment, today)] > 0
    statuses = set(db.session.scalars(select(Assignment.status).distinct()))
    assert {"not_started", "in_progress", "submitted", "returned", "done"} <= statuses
    decisions = set(db.session.scalars(select(ExtensionRequest.status).distinct()))
    assert decisions == {"pending", "granted", "refused"}
    assert db.session.scalar(select(func.count()).where(Assignment.extended_due_on.is_not(None),
                                                        Assignment.status == "done")) > 0
    overdue_days = [(today - a.effective_due_on).days for a in assignments
                    if state_of(a, today) == "overdue"]
    assert min(overdue_days) <= 7 and max(overdue_days) > 120
    assert {"lead", "support"} == set(db.session.scalars(select(Assignment.role).distinct()))

    # Every task kind has assignments.
    kinds = set(db.session.scalars(select(Task.kind).join(Assignment,
                                                          Assignment.task_id == Task.id)))
    assert kinds == set(TASK_KINDS)

    # The directives of the brief, with their dates and parent links.
    directives = {d.number: d for d in db.session.scalars(select(Directive))}
    assert {n: d.issued_on for n, d in directives.items() if n in TABLE} == TABLE
    for child, parent in PARENTS.items():
        assert directives[child].parent_id == directives[parent].id
    root = _body("Ban Tuyên giáo và Dân vận Trung ương")
    assert directives["290-QĐ/TW"].owner_body_id == root.id
    assert directives["1536-QĐ/TU"].owner_body_id == _body("Tỉnh Lạng Sơn").id

    # The Bans merged on 1/3/2025: renamed, the old name in the history.
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry).where(
        HistoryEntry.entity == "body", HistoryEntry.entity_id == root.id,
        HistoryEntry.action == "renamed")) == 1
    for province in ("Lạng Sơn", "Lào Cai", "Thái Nguyên"):
        assert _body(f"Ban Tuyên giáo và Dân vận Tỉnh ủy {province}").active
        # The mass organisations are under the Ủy ban MTTQ.
        mttq = _body(f"Ủy ban MTTQ tỉnh {province}")
        assert _body(f"Hội Nông dân tỉnh {province}").parent_id == mttq.id
    # Yên Bái merged into Lào Cai like Bắc Kạn into Thái Nguyên; its coordinator moved.
    yen_bai, lao_cai = _body("Tỉnh Yên Bái"), _body("Tỉnh Lào Cai")
    assert not yen_bai.active and yen_bai.merged_into_id == lao_cai.id
    assert db.session.scalar(select(User.body_id).where(
        User.email == "chuyenvien.yenbai@demo.vn")) == lao_cai.id
    # No district level since 1/7/2025: every district body is merged into the commune
    # that succeeded it, with its old assignments, which that commune's officer now sees.
    assert db.session.scalar(select(func.count()).where(Body.level == "huyen",
                                                        Body.active.is_(True))) == 0
    old, new = _body("Huyện ủy Cao Lộc"), _body("Đảng ủy xã Cao Lộc")
    assert old.merged_into_id == new.id and old.path.startswith(new.path)
    officer = db.session.scalar(select(User).where(User.email == "donvi.caoloc@demo.vn"))
    assert officer.body_id == new.id
    kept = [a for a in db.session.scalars(select(Assignment).where(
        Assignment.body_id == old.id)) if a.created_at.year < 2025]
    seen = {a.id for a in db.session.execute(assignment_list(officer, today))}
    assert kept and {a.id for a in kept} <= seen
    # Work given after the reform went to the successors, never to a merged body.
    late = db.session.scalar(select(func.count()).select_from(Assignment).join(
        Body, Body.id == Assignment.body_id).where(Body.level == "huyen",
                                                   Assignment.created_at >= REFORM_INSTANT))
    assert late == 0

    # The chain: one central task given to the provinces, forwarded by each to all its
    # communes and wards, departments and front, in every state, accepted by the province.
    chain_task = db.session.scalar(select(Task).where(
        Task.id.in_(select(Task.root_task_id).where(Task.root_task_id.is_not(None)))))
    subs = list(db.session.scalars(select(Task).where(Task.root_task_id == chain_task.id)))
    owners = {s.owner_body_id: s for s in subs}
    assert set(owners) == {_body(f"Tỉnh {p}").id for p in ("Lạng Sơn", "Lào Cai",
                                                           "Thái Nguyên")}
    in_chain = list(db.session.scalars(select(Assignment).where(
        Assignment.task_id.in_([chain_task.id, *[s.id for s in subs]]))))
    assert {state_of(a, today) for a in in_chain} == set(STATES)
    lang_son = owners[_body("Tỉnh Lạng Sơn").id]
    central = db.session.scalar(select(User).where(User.email == "trunguong@demo.vn"))
    groups = completion_by_kind(central, lang_son, today)
    assert completion_sentence(groups, "done", lang_son.kind).startswith(
        "8/8 xã, ")
    communes = {b.id for b in db.session.scalars(select(Body).where(
        Body.kind == "cap_uy", Body.level == "xa", Body.active.is_(True),
        Body.path.startswith(_body("Tỉnh Lạng Sơn").path)))}
    assert communes == {a.body_id for a in in_chain if a.task_id == lang_son.id} & communes
    assert len(communes) == 8

    # Bắc Kạn merged into Thái Nguyên on 1/7/2025 and kept its work and its history.
    bac_kan, thai_nguyen = _body("Tỉnh Bắc Kạn"), _body("Tỉnh Thái Nguyên")
    assert not bac_kan.active and bac_kan.merged_into_id == thai_nguyen.id
    assert bac_kan.path.startswith(thai_nguyen.path)
    kept = list(db.session.scalars(_in_subtree(bac_kan)))
    assert kept and all(a.created_at.year < 2025 or a.created_at.month < 7 for a in kept)
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry).where(
        HistoryEntry.entity == "body", HistoryEntry.entity_id == bac_kan.id,
        HistoryEntry.action == "merged")) == 1
    assert _body("Ban Dân vận Tỉnh ủy Bắc Kạn").merged_into_id == _body(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên").id
    assert _body("Ban Dân vận Tỉnh ủy Bắc Kạn").path.startswith(thai_nguyen.path)
    moved = db.session.scalar(select(User).where(User.email == "chuyenvien.backan@demo.vn"))
    assert moved.body_id == thai_nguyen.id
    for province in ("Tỉnh Lạng Sơn", "Tỉnh Lào Cai", "Tỉnh Thái Nguyên"):
        assert _body(province).parent_id == root.id
        assert len(list(db.session.scalars(_in_subtree(_body(province))))) >= 20

    # Each demo officer sees a list with work in several states.
    for account in DEMO_ACCOUNTS:
        if account.role != "officer":
            continue
        user = db.session.scalar(select(User).where(User.email == account.email))
        seen = {state_of(a, today) for a in
                db.session.execute(assignment_list(user, today, mine=True))}
        assert len(seen) >= 4, (account.email, seen)

    # Figures and dialogues from the articles.
    figures = {(f.name, f.value) for f in db.session.scalars(select(Figure))}
    assert {("Mô hình “Dân vận khéo”", 4198), ("Mô hình tập thể", 1781),
            ("Mô hình cá nhân", 2417), ("Số cuộc đối thoại", 176),
            ("Số lượt người tham gia", 10948)} <= figures
    # Lào Cai's article as written (seed 003): its levels make 186 dialogues, not its 176
    # (free figures keep what a report says; a figure form would refuse the mismatch).
    assert {("Số cuộc đối thoại cấp tỉnh", 1), ("Số người tham gia cấp tỉnh", 120),
            ("Số cuộc đối thoại cấp huyện", 16), ("Số người tham gia cấp huyện", 1770),
            ("Số cuộc đối thoại cấp xã", 169), ("Số người tham gia cấp xã", 9058)} <= figures
    levels = set(db.session.scalars(select(Dialogue.level).distinct()))
    assert levels == {"tinh", "huyen", "xa"}

    # Search ignores the old tone placement: "Hoà Bình" is found as "Hòa Bình" or "hoa binh".
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.vn"))
    for query in ("xã Hòa Bình", "xa hoa binh"):
        found = [b.name for b in db.session.scalars(bodies_in_scope(admin, query=query))]
        assert found == ["Đảng ủy xã Hoà Bình"], (query, found)

    # Everything was done through the operations: each assignment has its history, and
    # nothing is dated after now.
    assigned = db.session.scalar(select(func.count(func.distinct(HistoryEntry.entity_id))).where(
        HistoryEntry.entity == "assignment", HistoryEntry.action == "assigned"))
    assert assigned == len(assignments)
    assert db.session.scalar(select(func.max(HistoryEntry.at))) <= NOW
