"""Status pages: completion per province and body with drill-down, per directive, the
overdue review, dialogue figures; each also as JSON under /api/v1/stats."""
import tempfile
from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, g, render_template, request, send_file
from flask_babel import gettext
from flask_login import current_user, login_required

from tracker.assignments.can import may_urge_row
from tracker.assignments.models import DIALOGUE_LEVELS
from tracker.assignments.queries import listed_columns
from tracker.assignments.state import days_overdue, overdue_days, state_of
from tracker.bodies.queries import ancestor_names, bodies_by_ids, get_body
from tracker.core.keyset import capped
from tracker.core.time import vn_today
from tracker.core.web import paginate, sort_param
from tracker.directives.queries import get_directive
from tracker.extensions import db
from tracker.reports.layout import DOCX_MIMETYPE, place_of
from tracker.status import exports, overdue, queries
from tracker.status.charts import status_bar
from tracker.status.filters import FILTERS, parse_filters
from tracker.status.report import directive_report

bp = Blueprint("status", __name__, url_prefix="/status")
bp.add_app_template_global(status_bar)
bp.add_app_template_global(FILTERS, "STATUS_FILTERS")  # the filter form draws these

DIALOGUE_FIGURES = ("dialogues", "participants", "opinions_raised", "opinions_settled")


def _by_count(column: str):
    return lambda row: row.counts[column]


SORTS = {"name": lambda r: r.body.name, "assigned": lambda r: r.assigned,
         "percent": lambda r: r.percent, **{c: _by_count(c) for c in queries.COLUMNS}}


@bp.before_request
@login_required
def _signed_in():
    pass


def _node(body_id: int | None):
    """The body whose children are the rows: the user's own body unless drilled down."""
    if body_id is None:
        return current_user.body
    body = get_body(current_user, body_id)
    if body is None:
        abort(404)
    return body


def _table(body_id: int | None):
    node, filters, today = _node(body_id), parse_filters(request.args), vn_today()
    rows, total = queries.status_rows(node, filters, today)
    sort, descending = sort_param(SORTS, "name")
    rows.sort(key=lambda r: (r.direct, SORTS[sort](r)), reverse=descending)
    return node, filters, today, rows, total, sort, descending


def _filter_choices(node, filters):
    return {"directives": queries.directive_choices(node, _chosen_directive(filters))}


def _chosen_directive(filters):
    """The directive the page is filtered by, if the user may read it (loaded once)."""
    if not filters.directive_id:
        return None
    if "status_directive" not in g:
        g.status_directive = get_directive(current_user, filters.directive_id)
    return g.status_directive


def _filter_text(filters, **extra) -> str:
    """The filters in words (top of an export, printed page), naming the directive."""
    found = _chosen_directive(filters)
    return exports.describe_filters(filters, directive=found.number if found else None,
                                    **extra)


def _streamed(stmt, today):
    """The plain rows of an export's query with their days overdue, fetched a batch at a
    time (yield_per: a server-side cursor on PostgreSQL), for a generator that writes
    each to the workbook and lets it go."""
    # On the session's connection, not through the session: the ORM's handling of each row
    # cost a fifth of an export's time for rows that are plain columns.
    found = db.session.connection().execute(
        stmt.execution_options(yield_per=current_app.config["EXPORT_BATCH"]))
    return ((row, overdue_days(row.status, row.due, today)) for row in found)


def _download(document, stem: str, today, extension: str = "xlsx"):
    """The file as an attachment. A workbook is written into a temporary file (its rows
    as they are read), which is sent in blocks and deleted once sent: the worker's memory
    does not grow with the rows."""
    name = exports.filename(stem, today, extension)
    if extension == "docx":
        return send_file(exports.to_bytes(document), mimetype=DOCX_MIMETYPE,
                         as_attachment=True, download_name=name)
    out = tempfile.TemporaryFile()
    try:
        exports.save(document, out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return Response(_blocks(out), mimetype=exports.XLSX_MIMETYPE, headers={
        "Content-Length": str(size), "Content-Disposition": f'attachment; filename="{name}"'})


def _blocks(file, size: int = 256 * 1024):
    """The file's content a block at a time, the file closed (and so deleted) at the end
    or when the client goes away."""
    with file:
        while block := file.read(size):
            yield block


@bp.get("/")
@bp.get("/bodies/<int:body_id>")
def index(body_id: int | None = None):
    """Completion of the bodies below the user's body (or a drilled-down body)."""
    node, filters, today, rows, total, sort, descending = _table(body_id)
    ancestors = _breadcrumbs(node)
    return render_template("status/index.html", node=node, filters=filters, rows=rows,
                           total=total, sort=sort, descending=descending, today=today,
                           ancestors=ancestors, filter_text=_filter_text(filters),
                           **_filter_choices(node, filters))


@bp.get("/export.xlsx")
@bp.get("/bodies/<int:body_id>/export.xlsx")
def index_xlsx(body_id: int | None = None):
    """The status table as .xlsx, with the same filters, sort and scope as the page."""
    node, filters, today, rows, total, _sort, _desc = _table(body_id)
    workbook = exports.status_workbook(node, rows, total, filter_text=_filter_text(filters),
                                       today=today)
    return _download(workbook, f"tinh-hinh {node.name}", today)


def _breadcrumbs(node):
    """The bodies from the user's own down to the parent of `node` (all in scope)."""
    above_scope = set(current_user.body.ancestor_ids)
    return bodies_by_ids(current_user, [i for i in node.ancestor_ids if i not in above_scope])


@bp.get("/bodies/<int:body_id>/assignments")
def body_assignments(body_id: int):
    """The assignments given to one body, with the same filters."""
    body = _node(body_id)
    filters, today, subtree = parse_filters(request.args), vn_today(), _subtree()
    # A subtree's count is the histogram's, as its row of the status table shows it.
    known = queries.subtree_count(body, filters, today) if subtree else None
    page = paginate(queries.assignments_of_body(current_user, body, filters, today,
                                                subtree=subtree, columns=listed_columns()),
                    count=None if known is None else lambda: capped(known))
    rows = [(a, state_of(a, today), days_overdue(a, today)) for a in page.items]
    return render_template("status/body_assignments.html", body=body, page=page, rows=rows,
                           filters=filters, today=today, filter_text=_filter_text(filters),
                           subtree=subtree)


def _subtree() -> bool:
    """?subtree=1: a body's row of the status table drills down to its whole subtree."""
    return request.args.get("subtree") == "1"


@bp.get("/bodies/<int:body_id>/assignments/export.xlsx")
def body_assignments_xlsx(body_id: int):
    """Every assignment given to one body (not one page), as .xlsx."""
    body = _node(body_id)
    filters, today, subtree = parse_filters(request.args), vn_today(), _subtree()
    rows = _streamed(queries.assignments_of_body(current_user, body, filters, today,
                                                 subtree=subtree,
                                                 columns=queries.export_columns(today)), today)
    workbook = exports.body_assignments_workbook(body, rows, filter_text=_filter_text(filters),
                                                 today=today, subtree=subtree)
    return _download(workbook, f"phan cong {body.name}", today)


def _directive_matrix(directive_id: int):
    """A directive in scope (or 404), the filters of its pages, today and its body × task
    matrix (tasks, bodies, cells, per_task). The directive is the page's own, not a filter
    (a `directive_id` in the query string is left out, as on the page's form)."""
    found = get_directive(current_user, directive_id)
    if found is None:
        abort(404)
    filters, today = replace(parse_filters(request.args), directive_id=None), vn_today()
    return found, filters, today, queries.directive_matrix(current_user, found, today, filters)


@bp.get("/directives/<int:directive_id>")
def directive(directive_id: int):
    """Each task of a directive across bodies, and the body × task matrix."""
    found, filters, today, (tasks, bodies, cells, per_task) = _directive_matrix(directive_id)
    return render_template("status/directive.html", directive=found, tasks=tasks,
                           bodies=bodies, cells=cells, per_task=per_task, filters=filters,
                           today=today, filter_text=_filter_text(filters))


@bp.get("/directives/<int:directive_id>/export.xlsx")
def directive_xlsx(directive_id: int):
    """The tasks of a directive and the body × task matrix, as two sheets of an .xlsx."""
    found, filters, today, (tasks, bodies, cells, per_task) = _directive_matrix(directive_id)
    workbook = exports.directive_workbook(found, tasks, bodies, cells, per_task,
                                          filter_text=_filter_text(filters), today=today)
    return _download(workbook, f"tinh hinh {found.number}", today)


@bp.get("/directives/<int:directive_id>/report.docx")
def directive_report_docx(directive_id: int):
    """The report on a directive (.docx) for a coordinator to complete and sign."""
    found, filters, today, (tasks, bodies, _, per_task) = _directive_matrix(directive_id)
    results, figures = queries.directive_results(current_user, found, today, filters)
    # The body that reports: the owner when it is in the user's scope, else the user's own
    # (a province reporting on a central directive).
    reporting = found.owner_body if current_user.body.contains(found.owner_body) \
        else current_user.body
    document = directive_report(found, reporting_body=reporting, place=place_of(reporting),
                                tasks=tasks, bodies=bodies, per_task=per_task,
                                results=results, figures=figures, today=today,
                                filter_text=_filter_text(filters) if filters.args() else "")
    return _download(document, f"bao cao {found.number}", today, "docx")


def _age() -> str:
    """The aging bucket asked for (?age=31_90), or '' for every overdue assignment."""
    age = request.args.get("age", "")
    return age if age in overdue.AGES else ""


def _overdue_page():
    """The filters, today, the aging bucket asked for, the aging buckets, one page of the
    overdue list and its rows grouped by body."""
    filters, today, age = parse_filters(request.args), vn_today(), _age()
    ages, total = overdue.overdue_figures(current_user.body, today, filters, age)
    page = paginate(overdue.overdue_rows(current_user, today, filters, age=age), total=total)
    groups = overdue.overdue_groups(current_user.body, page.items, today, filters, age)
    return filters, today, age, ages, page, groups


@bp.get("/overdue", endpoint="overdue")
def overdue_review():
    """Every overdue assignment in scope, by body, most overdue first, with aging buckets."""
    filters, today, age, ages, page, groups = _overdue_page()
    # The bodies above each group's body, below the user's own (one query).
    names = ancestor_names(current_user, [g.body for g in groups])
    names.pop(current_user.body.id, None)
    above = {g.body.id: [names[i] for i in g.body.ancestor_ids if i in names] for g in groups}
    return render_template("status/overdue.html", page=page, groups=groups, above=above,
                           age=age, ages=ages, filters=filters, today=today,
                           filter_text=_filter_text(filters, age=age),
                           may_urge=lambda row: may_urge_row(current_user, row),
                           **_filter_choices(current_user.body, filters))


@bp.get("/overdue/export.xlsx")
def overdue_xlsx():
    """Every overdue assignment in scope (all rows, not one page, in the page's order),
    with the age filter."""
    filters, today, age = parse_filters(request.args), vn_today(), _age()
    # How many, for the top of the sheet, as the page knows it (before any row is read).
    _ages, total = overdue.overdue_figures(current_user.body, today, filters, age)
    rows = _streamed(overdue.overdue_list(current_user, today, filters, age=age,
                                          columns=queries.export_columns(today)), today)
    workbook = exports.overdue_workbook(rows, total=total,
                                        filter_text=_filter_text(filters, age=age),
                                        today=today)
    return _download(workbook, "viec qua han", today)


@bp.get("/dialogues")
@bp.get("/bodies/<int:body_id>/dialogues")
def dialogues(body_id: int | None = None):
    """Dialogues held, participants, opinions raised and settled, per body and level."""
    node, filters, figures, children = _dialogues(body_id)
    return render_template("status/dialogues.html", node=node, figures=figures,
                           by_level=queries.dialogue_levels(figures, DIALOGUE_LEVELS),
                           children=children, levels=DIALOGUE_LEVELS, filters=filters,
                           today=vn_today(), filter_text=_dialogue_filter_text(filters),
                           **_filter_choices(node, filters))


def _dialogues(body_id: int | None):
    """The body whose children are the rows, the filters, the dialogue figures and the
    children by id."""
    node, filters = _node(body_id), parse_filters(request.args)
    return (node, filters, queries.dialogue_figures(node, filters),
            {c.id: c for c in queries.children_of(node)})


def _dialogue_filter_text(filters) -> str:
    return _filter_text(filters, period=gettext("Ngày đối thoại"))


@bp.get("/dialogues/export.xlsx")
@bp.get("/bodies/<int:body_id>/dialogues/export.xlsx")
def dialogues_xlsx(body_id: int | None = None):
    """Dialogue figures per body and level, as .xlsx."""
    node, filters, figures, children = _dialogues(body_id)
    today = vn_today()
    workbook = exports.dialogues_workbook(node, figures, children, DIALOGUE_LEVELS,
                                          filter_text=_dialogue_filter_text(filters),
                                          today=today)
    return _download(workbook, f"doi thoai {node.name}", today)
