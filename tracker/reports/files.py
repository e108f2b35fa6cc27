"""The draft report as a file to download (the page and the API send the same)."""
from flask import send_file

from tracker.reports.annex import annex_workbook
from tracker.reports.document import draft_report
from tracker.reports.layout import DOCX_MIMETYPE
from tracker.status.exports import XLSX_MIMETYPE, filename, to_bytes


def download(report, fmt: str):
    """The report as the file asked for, named after the task and the day."""
    if fmt == "xlsx":
        content, mimetype = annex_workbook(report), XLSX_MIMETYPE
        stem = f"phu luc so lieu {report.task.title}"
    else:
        content, mimetype = draft_report(report), DOCX_MIMETYPE
        stem = f"du thao bao cao {report.task.title}"
    return send_file(to_bytes(content), mimetype=mimetype, as_attachment=True,
                     download_name=filename(stem, report.today, fmt))
