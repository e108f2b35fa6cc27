"""The JSON API under /api/v1 on flask-smorest: personal tokens, request parsing, problem
details and the OpenAPI document, each field declared once in a marshmallow schema."""


def init_app(app):
    """Set the API up on `app`; returns the flask-smorest extension, on which features
    register their own API blueprints (see tracker/status/api.py)."""
    from tracker.api import auth, pages
    from tracker.api.framework import Api
    from tracker.api.problems import ApiProblem, problem
    from tracker.api.views import bp, docs
    from tracker.core.web import answer_errors_under
    from tracker.extensions import csrf, login_manager

    api = Api()
    api.init_app(app)
    api.register_blueprint(bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(pages.bp)  # /profile/tokens: the user's tokens
    csrf.exempt(bp)  # see auth.py: writes need a token
    login_manager.request_loader(auth.user_of_token)
    app.before_request(auth.authenticate)
    app.register_error_handler(ApiProblem, ApiProblem.response)
    answer_errors_under(app, "/api/", problem)
    return api
