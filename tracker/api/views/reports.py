"""The draft report of a task (.docx) and its figures annex (?format=xlsx), and the same for
a forwarded assignment's roll-up: the files the pages download (tracker/reports)."""
from flask_login import current_user

from tracker.api.fields import Str
from tracker.api.framework import Query
from tracker.api.views import bp
from tracker.api.views.common import assignment_or_404, task_or_404
from tracker.core.time import vn_today
from tracker.reports.files import download
from tracker.reports.layout import DOCX_MIMETYPE
from tracker.reports.queries import assignment_report, task_report
from tracker.status.exports import XLSX_MIMETYPE

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


@bp.get("/tasks/<int:task_id>/report", tags=[TAG])
@bp.query(ReportQuery)
@bp.doc(responses=FILE_ANSWER)
def task_report_file(args, task_id: int):
    """Dự thảo báo cáo của một nhiệm vụ

    The draft report (.docx) of a task as the Party's documents are laid out, built from
    the assignees' reports and figures in the user's scope; `format=xlsx`: the figures
    annex. A task without a figure template gives the completion sentences only."""
    return download(task_report(current_user, task_or_404(task_id), vn_today()),
                    args.get("format") or "docx")


@bp.get("/assignments/<int:assignment_id>/report", tags=[TAG])
@bp.query(ReportQuery)
@bp.doc(responses=FILE_ANSWER)
def assignment_report_file(args, assignment_id: int):
    """Dự thảo báo cáo tổng hợp của cấp dưới

    The draft report of the bodies this assignment was forwarded to (its body reports
    up); `format=xlsx`: the figures annex."""
    return download(assignment_report(current_user, assignment_or_404(assignment_id), vn_today()),
                    args.get("format") or "docx")
