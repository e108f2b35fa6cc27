"""The page where a user manages their personal API tokens (/profile/tokens): list, create
(the secret is shown in that answer only), revoke."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.api.forms import ApiTokenForm
from tracker.api.operations import create_token, revoke_token
from tracker.api.queries import own_token, tokens_of
from tracker.core.time import utcnow
from tracker.core.web import handle_form
from tracker.extensions import db

bp = Blueprint("api_tokens", __name__, url_prefix="/profile/tokens")


@bp.before_request
@login_required
def _signed_in():
    pass


def _page(form=None, new_token=None, status=200):
    response = make_response(render_template(
        "api/tokens.html", form=form or ApiTokenForm(), tokens=tokens_of(current_user),
        new_token=new_token), status)
    if new_token:  # a secret shown once is never kept by a cache
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def tokens():
    """The user's tokens and the form that makes a new one."""
    return _page()


@bp.post("")
def create():
    """Create a personal API token; its secret is shown in this answer only."""
    form = ApiTokenForm()
    response, status = handle_form(form, lambda: create_token(
        current_user, {"name": form.name.data, "read_only": form.read_only.data},
        now=utcnow()), lambda created: _page(new_token=created[1]))
    return response or _page(form, status=status)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    """Revoke one of the user's tokens: it answers 401 from now on."""
    token = own_token(current_user, token_id)
    if token is None:
        abort(404)
    revoke_token(token, actor=current_user, now=utcnow())
    db.session.commit()
    flash(gettext("Đã thu hồi mã truy cập “%(name)s”.", name=token.name), "success")
    return redirect(url_for("api_tokens.tokens"))
