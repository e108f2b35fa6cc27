"""Whom a body's mail of a role goes to (its active users of that role) is one rule:
auth.queries.active_members (SQL, used by planning, urging, event mails, contacts and the
secret links' page) and is_active_member (Python, the check before a mail goes out) say the
same for every user, and nothing else writes it."""
import ast
from pathlib import Path

from sqlalchemy import select

from tracker.auth.models import ROLES, User
from tracker.auth.queries import active_members, is_active_member
from tracker.extensions import db

TRACKER = Path(__file__).resolve().parents[2] / "tracker"


def test_sql_and_python_forms_agree_for_every_user(make_body, make_user):
    province = make_body()
    commune = make_body("Xã Bắc Hà", parent=province, level="xa")
    users = [make_user(role, body=body) for body in (province, commune) for role in ROLES]
    for user in users[::3]:
        user.active = False
    db.session.commit()
    for body in (province, commune):
        for role in ROLES:
            found = set(db.session.scalars(select(User.id).where(active_members(body.id, role))))
            assert found == {u.id for u in users if is_active_member(u, body.id, role)}
            assert found == {u.id for u in users if u.body_id == body.id and u.role == role
                             and u.active}
        assert set(db.session.scalars(select(User.id).where(
            active_members([province.id, commune.id], "officer")))) == {
            u.id for u in users if u.role == "officer" and u.active}
    assert not is_active_member(None, province.id, "officer")


def _restatements(path: Path) -> list[int]:
    """Lines of a condition whose parts name the user's body, role and `active` together
    (the rule written again), in SQL (`where(...)`, `and_(...)`) or Python (`or`/`and`)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        parts = node.args if isinstance(node, ast.Call) else \
            node.values if isinstance(node, ast.BoolOp) else []
        texts = [ast.unparse(part) for part in parts]
        # each in a part of its own: a whole query passed on (`execute(select(...))`) is
        # judged by its own `where`, not again by the call around it
        texts = [t for t in texts if not all(word in t for word in ("body_id", ".role",
                                                                      ".active"))]
        if any("body_id" in t for t in texts) and any(".role" in t for t in texts) \
                and any(".active" in t for t in texts):
            lines.append(node.lineno)
    return lines


def test_no_other_module_writes_the_rule():
    home = TRACKER / "auth" / "queries.py"
    wrong = {str(p.relative_to(TRACKER)): found for p in sorted(TRACKER.rglob("*.py"))
             if p != home and (found := _restatements(p))}
    assert wrong == {}
