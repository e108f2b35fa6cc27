"""Reads of API tokens (a user's own, and the token a request presents) and the plain row
the API answers an assignment with."""
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager, load_only

from tracker.api.models import ApiToken
from tracker.assignments.models import Assignment
from tracker.assignments.queries import visible_row_by_id
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.core.keys import digest
from tracker.core.permissions import scope_params
from tracker.directives.models import Directive
from tracker.extensions import db
from tracker.tasks.models import Task


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, active first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())))


def own_token(user, token_id: int) -> ApiToken | None:
    """One of the user's own tokens (another user's answers None, and the view 404)."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret, with its user and body, if the user is active."""
    return db.session.scalar(_token_by_hash(), {"token_hash": digest(secret)})


# What an API call reads of the token, of its user and of the user's body.
_TOKEN_READ = (ApiToken.user_id, ApiToken.read_only, ApiToken.last_used_at, ApiToken.revoked_at)
_USER_READ = (User.email, User.full_name, User.role, User.body_id, User.active)
_BODY_READ = (Body.parent_id, Body.path, Body.name, Body.short_name, Body.kind, Body.level,
              Body.active)


@cache
def _token_by_hash():
    """Built once: every API call runs it (building it cost about as much as running it).
    Only the columns an API call reads of the token, its user (who acts, with what role,
    where) and the user's body (the scope): each column read costs every call its share of
    the driver's and the ORM's work, and the user's mail settings, password hash and dates
    or the body's search and tree keys are not read by the API's calls (an attribute left
    out is read when first used, by one statement)."""
    return (select(ApiToken).join(ApiToken.user)
            .options(load_only(*_TOKEN_READ), contains_eager(ApiToken.user)
                     .load_only(*_USER_READ).joinedload(User.body).load_only(*_BODY_READ))
            .where(ApiToken.token_hash == bindparam("token_hash"),
                   ApiToken.revoked_at.is_(None), User.active.is_(True)))


def assignment_row(user, assignment_id: int):
    """One assignment the user may see, as the plain row its answer shows (schemas.
    assignment_answer), or None: one statement, no objects."""
    return db.session.execute(_assignment_row(), {**scope_params(user),
                                                  "assignment_id": assignment_id}).first()


@cache
def _assignment_row():
    return visible_row_by_id([
        Assignment.id, Assignment.task_id, Task.title.label("task_title"),
        Task.kind.label("task_kind"), Task.directive_id,
        Directive.number.label("directive_number"), Assignment.body_id,
        Body.name.label("body_name"), Assignment.role, Assignment.due_on,
        Assignment.extended_due_on, Assignment.status, Assignment.progress,
        Assignment.submitted_on, Assignment.completed_on, Assignment.last_activity_at,
        Assignment.version])
