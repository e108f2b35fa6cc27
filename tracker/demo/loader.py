"""`load_demo`: build the whole demo dataset through the operations, without committing."""
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.state import STATES, state_expression
from tracker.bodies.models import Body
from tracker.demo.bodies import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    build_bodies,
    create_accounts,
    reorganise,
)
from tracker.demo.central import central
from tracker.demo.chain import PLANS, chain
from tracker.demo.common import Demo
from tracker.demo.directives import register_directives
from tracker.demo.figures import figures
from tracker.demo.langson import lang_son
from tracker.demo.laocai import lao_cai
from tracker.demo.reform import MERGED_PROVINCES, REFORM
from tracker.demo.thainguyen import bac_kan, thai_nguyen
from tracker.demo.yenbai import yen_bai
from tracker.extensions import db

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "load_demo"]

EARLIEST = date(2025, 12, 1)  # the fixed part of the story runs to October 2025


def load_demo(*, now: datetime) -> str:
    """Build the demo as it stands at `now` (UTC-aware) and return a Vietnamese summary.

    The story runs from 2019 to today: each action is dated in the past through the `now`
    argument of its operation, and this year's deadlines are set relative to `now`, so that
    every state (overdue, done on time or late, in progress, not started) exists whenever
    the demo is loaded (from 1/12/2025 on). Deterministic: the same `now` gives the same
    rows. The caller commits.
    """
    demo = Demo(now)
    if demo.today < EARLIEST:
        raise ValueError(f"Dữ liệu mẫu có sự kiện đến tháng 10/2025; chỉ nạp được từ ngày "
                         f"{EARLIEST:%d/%m/%Y} trở đi.")
    build_bodies(demo)
    create_accounts(demo)
    register_directives(demo)
    central(demo)
    lang_son(demo)
    lao_cai(demo)
    bac_kan(demo)
    yen_bai(demo)
    thai_nguyen(demo)
    reorganise(demo)  # merged bodies take no new work, their history stays
    chain(demo)  # in the bodies of 2026: central task → provinces → communes
    figures(demo)  # after the chain is built: its figure form (nothing without a chain)
    db.session.flush()
    return summary(demo)


def summary(demo: Demo) -> str:
    state = state_expression(demo.today)  # one object: PostgreSQL matches the GROUP BY
    states = dict(db.session.execute(
        select(state, func.count()).select_from(Assignment).group_by(state)).all())
    statuses = dict(db.session.execute(
        select(Assignment.status, func.count()).group_by(Assignment.status)).all())
    extensions = dict(db.session.execute(
        select(ExtensionRequest.status, func.count()).group_by(ExtensionRequest.status)).all())
    lines = [
        f"Đã nạp dữ liệu mẫu (tính đến ngày {demo.today:%d/%m/%Y}):",
        f"- {len(demo.bodies)} đơn vị, {len(demo.users)} tài khoản, {len(demo.directives)} "
        f"văn bản, {len(demo.tasks)} nhiệm vụ, {demo.assignment_count} phân công.",
    ]
    def in_subtree(name):
        return db.session.scalar(
            select(func.count()).select_from(Assignment).join(Body, Body.id == Assignment.body_id)
            .where(Body.path.startswith(demo.bodies[name].path, autoescape=True)))
    for name, note in (("Tỉnh Lạng Sơn", ""), ("Tỉnh Lào Cai", " (gồm cả Yên Bái cũ)"),
                       ("Tỉnh Thái Nguyên", " (gồm cả Bắc Kạn cũ)")):
        lines.append(f"- {name}{note}: {in_subtree(name)} phân công.")
    for old, new in MERGED_PROVINCES.items():
        lines.append(f"- Trong đó các đơn vị của Tỉnh {old} (sáp nhập vào Tỉnh {new} ngày "
                     f"{REFORM:%d/%m/%Y}, vẫn giữ lịch sử): {in_subtree(f'Tỉnh {old}')} phân "
                     f"công.")
    chain_tasks = sum(1 for t in demo.tasks if t.parent_assignment_id is not None)
    lines.append(f"- Chuỗi giao nhiệm vụ: 1 nhiệm vụ Trung ương giao {len(PLANS)} tỉnh, "
                 f"{chain_tasks} nhiệm vụ giao tiếp cho các xã, phường, sở, ngành.")
    lines.append("- Theo tình trạng: " + ", ".join(
        f"{str(label).lower()} {states.get(code, 0)}" for code, label in STATES.items()) + ".")
    lines.append(f"- Chờ tiếp nhận báo cáo {statuses.get('submitted', 0)}, bị trả lại "
                 f"{statuses.get('returned', 0)}; đề nghị gia hạn: chờ xử lý "
                 f"{extensions.get('pending', 0)}, đã gia hạn {extensions.get('granted', 0)}, "
                 f"từ chối {extensions.get('refused', 0)}.")
    lines.append(f"Tài khoản (mật khẩu chung: {DEMO_PASSWORD}):")
    lines += [f"- {a.email} — {a.description}" for a in DEMO_ACCOUNTS]
    return "\n".join(lines)
