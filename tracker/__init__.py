"""Theo dõi nhiệm vụ dân vận: the application factory."""
from flask import Flask

from tracker.config import Config


def create_app(config: type[Config] | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config or Config)
    from tracker.core import security
    security.init_app(app)  # first: no app without a strong SECRET_KEY
    app.config["INSTANCE_DIR"].mkdir(parents=True, exist_ok=True)
    app.config["UPLOAD_DIR"].mkdir(parents=True, exist_ok=True)

    from tracker.core.web import IdConverter
    app.url_map.converters["int"] = IdConverter  # before any route is added
    _init_extensions(app)
    _register_blueprints(app)

    from tracker import history
    from tracker.core import web
    web.init_app(app)
    history.init_app(app)

    from tracker import cli
    cli.init_app(app)
    return app


def _texts_as_written(app: Flask) -> None:
    """The texts are written in Vietnamese: with no compiled catalogue for the instance's
    one language, a template's text is its own translation, and Flask-Babel's lookup
    (about 150 on a list page) is skipped. A catalogue (translations/<lang>/LC_MESSAGES/
    messages.mo) found at start-up keeps Flask-Babel's own callables."""
    from pathlib import Path
    locale = app.config["BABEL_DEFAULT_LOCALE"]
    catalogues = [Path(folder) / lang / "LC_MESSAGES"
                  for folder in app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
                  for lang in {locale, locale.split("_")[0]}]
    if any(folder.glob("*.mo") for folder in catalogues if folder.is_dir()):
        return
    app.config["TEXTS_AS_WRITTEN"] = True  # read by AsWritten for the Python side's texts
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: s, ngettext=lambda s, p, n: s if n == 1 else p,
        pgettext=lambda c, s: s, npgettext=lambda c, s, p, n: s if n == 1 else p,
        newstyle=True)


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from tracker.core.database import configure_sqlite, ping_idle_connections
    from tracker.extensions import babel, bootstrap, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    from tracker.core.texts import AsWritten
    babel.domain_instance = AsWritten(domain=app.extensions["babel"].default_domain)
    _texts_as_written(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
        ping_idle_connections(db.engine)

    from tracker import models  # noqa: F401  (every model registered before use)
    from tracker.auth import sessions
    login_manager.user_loader(sessions.load_user)
    sessions.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed messages go into the session, so the lazy text is made a str when flashed.
    login_manager.login_message = lazy_gettext("Vui lòng đăng nhập để tiếp tục.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "warning"

    @login_manager.unauthorized_handler
    def _unauthorized():
        """Pages send a visitor to the login page; the JSON API answers 401."""
        from flask import flash, redirect, request, url_for
        if request.path.startswith("/api/"):
            from tracker.api.problems import unauthenticated
            raise unauthenticated()
        flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))


def _register_blueprints(app: Flask) -> None:
    from tracker import api
    from tracker.admin.views import bp as admin_bp
    from tracker.assignments.views import bp as assignments_bp
    from tracker.auth.views import bp as auth_bp
    from tracker.chain.views import bp as chain_bp
    from tracker.directives.views import bp as directives_bp
    from tracker.feeds.views import bp as feeds_bp
    from tracker.figures.views import bp as figures_bp
    from tracker.links.manage import bp as link_manage_bp
    from tracker.links.views import bp as links_bp
    from tracker.main.views import bp as main_bp
    from tracker.reminders.views import bp as reminders_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.status.api import bp as stats_api_bp
    from tracker.status.views import bp as status_bp
    from tracker.tasks.views import bp as tasks_bp
    from tracker.tasks.views import from_directive as directive_tasks_bp

    for blueprint in (main_bp, auth_bp, directives_bp, tasks_bp, assignments_bp, admin_bp,
                      reminders_bp, status_bp, feeds_bp, chain_bp, figures_bp, reports_bp,
                      links_bp, link_manage_bp, directive_tasks_bp):
        app.register_blueprint(blueprint)
    api.init_app(app).register_blueprint(stats_api_bp)
