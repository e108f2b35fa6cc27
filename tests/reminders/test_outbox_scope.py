"""The admin's outbox (reminders/queries.outbox): below the root it is read as two sets
found through their indexes (mails to the subtree's accounts, mails to its bodies' contact
addresses); the rows, their order, the counts and the single mail are those of the rule
written as one condition on every mail, as it was before, on mixed data."""
import random
from datetime import date, datetime, timezone

from sqlalchemy import func, select, true
from sqlalchemy.orm import aliased

from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.core.permissions import scope_filter
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.models import OUTBOX_STATUSES, OutboxMail

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)


def _one_condition(actor, *, status: str = "", only_tree: bool = True):
    """The rule as one condition on every mail (the query before the two sets). The admin
    of the only tree sees every mail, a mail to an account that does not exist too."""
    if actor.body.parent_id is None and only_tree:
        stmt = select(OutboxMail).where(OutboxMail.status == status) if status else \
            select(OutboxMail)
        return stmt.order_by(OutboxMail.id.desc())
    assigned = aliased(Body)
    contacts = (select(Assignment.id).join(assigned, assigned.id == Assignment.body_id)
                .where(scope_filter(actor, assigned.path)))
    stmt = (select(OutboxMail).outerjoin(User, User.id == OutboxMail.recipient_id)
            .outerjoin(Body, Body.id == User.body_id)
            .where(scope_filter(actor, Body.path) | (
                OutboxMail.recipient_id.is_(None)
                & (true() if actor.body.parent_id is None
                   else OutboxMail.assignment_id.in_(contacts)))))
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    return stmt.order_by(OutboxMail.id.desc())


def test_the_same_mails_as_one_condition_on_every_mail(app, make_body, make_user, make_directive,
                                                       make_task, make_assignment):
    rng = random.Random(5)
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    lao_cai = make_body("Tỉnh Lào Cai", parent=root)
    bao_thang = make_body("Huyện Bảo Thắng", parent=lao_cai, level="huyen")
    lang_son = make_body("Tỉnh Lạng Sơn", parent=root)
    bodies = [root, lao_cai, bao_thang, make_body("Xã Phong Niên", parent=bao_thang,
                                                  level="xa"), lang_son]
    accounts = [make_user(rng.choice(["officer", "leader", "coordinator"]), body=body)
                for body in bodies for _ in range(2)]
    admins = [make_user("admin", body=body) for body in (root, lao_cai, bao_thang, lang_son)]
    centre = make_user("coordinator", body=root)
    tasks = [make_task(directive=make_directive(actor=centre), actor=centre) for _ in range(2)]
    assignments = [make_assignment(task=task, body=body, role="support",
                                   due_on=date(2026, 12, 31))
                   for body in bodies[1:] for task in tasks]
    for n in range(200):
        mail = OutboxMail(key=f"mail:{n}", kind="overdue", recipient_email=f"x{n}@example.vn",
                          planned_for=date(2026, 11, 23), status=rng.choice(
                              list(OUTBOX_STATUSES)), next_attempt_at=NOW, created_at=NOW)
        shape = rng.random()
        if shape < 0.6:  # to an account, about an assignment or not
            mail.recipient_id = rng.choice(accounts).id
            mail.assignment_id = rng.choice([None, rng.choice(assignments).id])
        elif shape < 0.9:  # to a body's contact address: no account
            mail.assignment_id = rng.choice(assignments).id
        elif shape < 0.95:  # a test mail to an outside address
            pass
        else:  # an account that does not exist (the outbox has no foreign keys)
            mail.recipient_id = 999_999
        db.session.add(mail)
    db.session.commit()
    for admin in admins:
        for status in ["", *OUTBOX_STATUSES]:
            expected = db.session.scalars(_one_condition(admin, status=status)).all()
            assert db.session.scalars(queries.outbox(admin, status=status)).all() == expected
        old = _one_condition(admin).order_by(None).subquery()
        assert queries.outbox_counts(admin) == {status: (n, True) for status, n in (
            db.session.execute(select(old.c.status, func.count()).group_by(old.c.status)))}
        seen = {m.id for m in db.session.scalars(_one_condition(admin))}
        assert 0 < len(seen) < 200 or admin.body_id == root.id
        for mail_id in rng.sample(range(1, 201), 40):
            mail = queries.get_mail(admin, mail_id)
            assert (mail.id if mail else None) == (mail_id if mail_id in seen else None)
    # Another tree: the central admin no longer sees every mail, only its tree's and those
    # to no account.
    make_body("Ban Dân vận (cây khác)", kind="ban_dan_van", level="trung_uong")
    db.session.commit()
    central = admins[0]
    for status in ["", *OUTBOX_STATUSES]:
        expected = db.session.scalars(_one_condition(central, status=status,
                                                     only_tree=False)).all()
        assert db.session.scalars(queries.outbox(central, status=status)).all() == expected
    old = _one_condition(central, only_tree=False).order_by(None).subquery()
    assert queries.outbox_counts(central) == {status: (n, True) for status, n in (
        db.session.execute(select(old.c.status, func.count()).group_by(old.c.status)))}
    assert len(db.session.scalars(queries.outbox(central)).all()) < 200


def test_the_counts_per_status_stop_at_the_cap(app, client, make_body, make_user,
                                               monkeypatch):
    """The outbox only grows: each status is counted up to the lists' cap, and the page
    says "hơn N" for a status past it, the exact number for the others."""
    from tests.conftest import login
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    admin, officer = make_user("admin", body=root), make_user("officer", body=root)
    for n, status in enumerate(["sent"] * 5 + ["failed"] * 2):
        db.session.add(OutboxMail(key=f"mail:{n}", kind="overdue", recipient_id=officer.id,
                                  recipient_email="x@example.vn", planned_for=date(2026, 11, 23),
                                  status=status, next_attempt_at=NOW, created_at=NOW))
    db.session.commit()
    monkeypatch.setitem(app.config, "LIST_COUNT_CAP", 3)
    assert queries.outbox_counts(admin) == {"sent": (3, False), "failed": (2, True)}
    login(client, admin)
    page = client.get("/admin/reminders/outbox").get_data(as_text=True)
    assert "hơn 3</span>" in page and ">2</span>" in page
    # The list's total is the counts': their sum (not exact past the cap), or one status's.
    assert "Tổng số: hơn 5" in page
    assert "Tổng số: 2<" in client.get("/admin/reminders/outbox?status=failed").get_data(
        as_text=True)
