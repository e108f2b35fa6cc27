"""The draft report of a task (.docx) and its figures annex (?format=xlsx), and the same for
a forwarded assignment's roll-up: the files the pages download (tracker/reports)."""
from flask_login import current_user

from tracker.api.fields import Str
from tracker.api.framework import Query
from tracker.api.views import bp
from tracker.api.views.common import found
from tracker.assignments.queries import get_assignment
from tracker.core.time import vn_today
from tracker.reports.layout import DOCX_MIMETYPE
from tracker.reports.queries import assignment_report, task_report
from tracker.reports.views import download
from tracker.status.exports import XLSX_MIMETYPE
from tracker.tasks.queries import get_task

TAG = "Dự thảo báo cáo"
FILES = {"docx": "dự thảo báo cáo (.docx)", "xlsx": "phụ lục số liệu (.xlsx)"}
BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_ANSWER = {200: {
    "description": "Tệp tải về: .docx (mặc định) hoặc .xlsx với `format=xlsx`.",
    "content": {DOCX_MIMETYPE: BINARY, XLSX_MIMETYPE: BINARY},
    "headers": {"Content-Disposition": {"schema": {"type": "string"},
                                        "description": "attachment; filename=…"}}}}


class ReportQuery(Query):
    format = Str("Định dạng", enum=FILES,
                 description="docx: dự thảo báo cáo (mặc định); xlsx: phụ lục số liệu.")


@bp.endpoint("/tasks/<int:task_id>/report", summary="Dự thảo báo cáo của một nhiệm vụ",
             tag=TAG, query=ReportQuery, response=None, responses=FILE_ANSWER)
def task_report_file(args, task_id: int):
    """The draft report (.docx) of a task as the Party's documents are laid out, built
    from the assignees' reports and figures in the user's scope; `format=xlsx`: the
    figures annex. A task without a figure template gives the completion sentences only."""
    task = found(get_task(current_user, task_id), "Nhiệm vụ")
    return download(task_report(current_user, task, vn_today()), args.get("format") or "docx")


@bp.endpoint("/assignments/<int:assignment_id>/report", summary="Dự thảo báo cáo tổng hợp "
             "của cấp dưới", tag=TAG, query=ReportQuery, response=None, responses=FILE_ANSWER)
def assignment_report_file(args, assignment_id: int):
    """The draft report of the bodies this assignment was forwarded to (its body reports
    up); `format=xlsx`: the figures annex."""
    assignment = found(get_assignment(current_user, assignment_id), "Phân công")
    return download(assignment_report(current_user, assignment, vn_today()),
                    args.get("format") or "docx")
