"""What the assignment page and the API offer: one answer from permission and state, and
the operation refuses what the page does not offer."""
import pytest

from tests.conftest import NOW
from tracker.assignments.can import can
from tracker.assignments.models import STATUSES
from tracker.assignments.operations import accept_report, return_report, submit_report
from tracker.assignments.queries import get_assignment
from tracker.core import permissions
from tracker.core.errors import ConflictError, PermissionDenied
from tracker.core.permissions import home_endpoint, user_can
from tracker.extensions import db
from tracker.links.operations import send_link_again

ROLES = ["coord_a", "leader_a", "officer_x", "officer_y", "coord_b", "admin"]


@pytest.fixture
def world(two_provinces, make_task, make_assignment):
    cast = two_provinces
    task = make_task(actor=cast.users["coord_a"])
    return cast, make_assignment(task=task, body=cast.x)


@pytest.mark.parametrize("role", ROLES)
def test_the_booleans_follow_permission_and_state(world, role):
    cast, made = world
    user = cast.users[role]

    def page_load():  # as the page and the API load it: task and owner with it
        db.session.expire_all()
        return get_assignment(cast.users["coord_a"], made.id)
    assignment = page_load()
    officer, coordinator = role == "officer_x", role == "coord_a"
    open_ = can(user, assignment)
    assert (open_.report, open_.ask_extension, open_.unit) == (officer,) * 3
    assert (open_.extend, open_.reassign, open_.decide_extension) == (coordinator,) * 3
    assert open_.review is False
    assert open_.urge == (role in ("coord_a", "leader_a"))

    submit_report(assignment, note="", version=None, actor=cast.users["officer_x"], now=NOW)
    db.session.commit()
    assignment = page_load()
    waiting = can(user, assignment)
    assert waiting.report is False  # waits for the Ban: the unit changes nothing
    assert waiting.review == coordinator

    if coordinator:
        accept_report(assignment, note="", actor=user, now=NOW)
        db.session.commit()
        done = can(user, page_load())
        assert not (done.review or done.extend or done.reassign or done.urge)


@pytest.mark.parametrize("role", ["leader_a", "officer_x", "coord_b", "admin"])
@pytest.mark.parametrize("operation", [accept_report, return_report])
def test_the_operation_checks_who_reviews(world, role, operation):
    cast, assignment = world
    submit_report(assignment, note="", version=None, actor=cast.users["officer_x"], now=NOW)
    db.session.commit()
    argument = {"note": ""} if operation is accept_report else {"reason": "Thiếu số liệu"}
    with pytest.raises(PermissionDenied) as refused:
        operation(assignment, **argument, actor=cast.users[role], now=NOW)
    assert refused.value.status == 403
    db.session.rollback()


def test_menus_and_landing_pages_by_role(two_provinces):
    users = two_provinces.users
    assert [home_endpoint(users[r]) for r in ("officer_x", "leader_a", "coord_a", "admin")] \
        == ["assignments.index", "status.index", "directives.index", "admin.bodies"]
    officer, coordinator, admin = (user_can(users[r]) for r in ("officer_x", "coord_a", "admin"))
    assert officer.unit_officer and not officer.follow_directives
    assert coordinator.register_directives and coordinator.review_reports
    assert admin.administer and not admin.review_reports
    assert user_can(None) == user_can(object())


@pytest.mark.parametrize("status", sorted(STATUSES))
@pytest.mark.parametrize("role", ["coord_a", "officer_x", "leader_a"])
def test_the_page_offers_a_new_secret_link_when_the_operation_sends_it(world, status, role):
    """The page's "Gửi đường dẫn" button (can.send_link) and send_link_again agree, for every
    status: the template no longer lists the statuses itself."""
    cast, made = world
    made.status, cast.x.contact_email = status, "vanphong@example.vn"
    if status in ("submitted", "done"):
        made.submitted_on = made.due_on
    if status == "done":
        made.completed_on = made.due_on
    db.session.commit()
    db.session.expire_all()
    assignment = get_assignment(cast.users["coord_a"], made.id)  # as the page loads it
    user = cast.users[role]
    offered = can(user, assignment).send_link
    assert offered == (role == "coord_a" and status in ("not_started", "in_progress",
                                                         "returned"))
    if permissions.can_manage_links(user, assignment):
        try:
            send_link_again(assignment, assignment.body, actor=user, now=NOW)
            sent = True
        except ConflictError:
            sent = False
        assert sent == offered
    db.session.rollback()
