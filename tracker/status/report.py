"""The .docx report of a directive, in the usual layout of a Vietnamese report (header
block, numbered sections, table of results per body, signature block) for a coordinator
to complete and sign. Built from what the queries return; nothing is counted here."""
from collections import Counter
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from flask_babel import gettext

from tracker.assignments.state import STATES, is_open
from tracker.core.text import format_number
from tracker.core.time import format_date
from tracker.reports.layout import (
    cell_text,
    header_block,
    paragraph,
    repeat_header,
    setup,
    signature_block,
    to_fill,
    widths,
)
from tracker.status.queries import COLUMNS, StatusRow

RESULT_COLUMNS_MM = (12, 34, 14, 23, 22, 23, 37)
_num = format_number


def _results_table(document, tasks, results, figures):
    headers = [gettext("STT"), gettext("Cơ quan, đơn vị"), gettext("Vai trò"),
               gettext("Hạn"), gettext("Tình trạng"), gettext("Ngày hoàn thành"),
               gettext("Số liệu báo cáo")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, [header], bold=True)
    repeat_header(table)
    by_task: dict[int, list] = {}
    for assignment, state in results:
        by_task.setdefault(assignment.task_id, []).append((assignment, state))
    headings = []  # (row, text): merged across the table once the widths are set
    for number, task in enumerate(tasks, 1):
        headings.append((table.add_row(), gettext(
            "Nhiệm vụ %(n)s: %(title)s (hạn %(due)s)", n=number, title=task.title,
            due=format_date(task.due_on))))
        for index, (assignment, state) in enumerate(by_task.get(task.id, []), 1):
            reported = [f"{f.name}: {_num(f.value)} {f.unit}".strip()
                        for f in figures.get(assignment.id, [])]
            values = [[str(index)], [assignment.body.name], [str(assignment.role_label)],
                      [format_date(assignment.effective_due_on)], [str(STATES[state])],
                      [format_date(assignment.completed_on) if not is_open(assignment.status)
                       else ""], reported or [""]]
            cells = table.add_row().cells
            for column, (cell, lines) in enumerate(zip(cells, values, strict=True)):
                cell_text(cell, lines,
                           align=WD_ALIGN_PARAGRAPH.LEFT if column in (1, 6) else None)
    widths(table, RESULT_COLUMNS_MM)
    for row, text in headings:
        merged = row.cells[0].merge(row.cells[-1])
        cell_text(merged, [text], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    return table


def directive_report(directive, *, reporting_body, place: str, tasks, bodies, per_task,
                     results, figures, today: date, filter_text: str = ""):
    """The report as a python-docx Document. `tasks, bodies, per_task` come from
    `queries.directive_matrix`, `results, figures` from `queries.directive_results`;
    `filter_text` is said under the opening sentence when the figures are filtered."""
    document = Document()
    setup(document)
    header_block(document, reporting_body, today, place)

    paragraph(document, gettext("BÁO CÁO"), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=0)
    paragraph(document, gettext("Kết quả thực hiện %(citation)s", citation=directive.citation),
               bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, directive.title, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=0)
    paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    total = StatusRow(None, counts=sum((per_task[t.id] for t in tasks), Counter()))
    body_count = len(bodies)
    paragraph(document, gettext(
        "Thực hiện %(citation)s, %(body)s báo cáo kết quả thực hiện tính đến ngày %(day)s "
        "như sau:", citation=directive.citation, body=reporting_body.name,
        day=format_date(today)), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if filter_text:
        paragraph(document, filter_text, italic=True, size=12, indent=True)

    paragraph(document, gettext("I. TÌNH HÌNH TRIỂN KHAI"), bold=True)
    paragraph(document, gettext(
        "Văn bản được cụ thể hóa thành %(tasks)s nhiệm vụ, giao cho %(bodies)s cơ quan, đơn vị "
        "thực hiện (tổng số %(assigned)s lượt giao nhiệm vụ), cụ thể:", tasks=len(tasks),
        bodies=body_count, assigned=_num(total.assigned)), indent=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for number, task in enumerate(tasks, 1):
        row = StatusRow(None, counts=per_task[task.id])
        paragraph(document, gettext(
            "%(n)s. %(title)s (%(kind)s, hạn %(due)s): giao %(assigned)s đơn vị, đã hoàn "
            "thành %(done)s.", n=number, title=task.title, kind=task.kind_label,
            due=format_date(task.due_on), assigned=row.assigned, done=row.done), indent=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    to_fill(paragraph(document, indent=True), gettext(
        "[Bổ sung: việc quán triệt, ban hành kế hoạch, hướng dẫn, tuyên truyền …]"))

    paragraph(document, gettext("II. KẾT QUẢ THỰC HIỆN"), bold=True)
    paragraph(document, gettext("1. Tổng hợp chung"), bold=True, italic=True)
    counts = total.counts
    paragraph(document, gettext(
        "Tính đến ngày %(day)s, đã hoàn thành %(done)s/%(assigned)s lượt nhiệm vụ "
        "(%(percent)s%%), trong đó: đúng hạn %(on_time)s, quá hạn mới hoàn thành %(late)s; "
        "đang thực hiện trong hạn %(in_progress)s; chưa thực hiện %(not_started)s; quá hạn "
        "chưa hoàn thành %(overdue)s.", day=format_date(today), done=_num(total.done),
        assigned=_num(total.assigned), percent=_num(total.percent),
        on_time=_num(counts["done_on_time"]), late=_num(counts["done_late"]),
        in_progress=_num(counts["in_progress"]), not_started=_num(counts["not_started"]),
        overdue=_num(counts["overdue"])), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, gettext("2. Kết quả của từng cơ quan, đơn vị"), bold=True,
               italic=True)
    _results_table(document, tasks, results, figures)
    paragraph(document, gettext(
        "Tổng cộng: %(assigned)s lượt nhiệm vụ; %(states)s.", assigned=_num(total.assigned),
        states="; ".join(f"{str(STATES[c]).lower()} {_num(counts[c])}" for c in COLUMNS)),
        italic=True, size=12)

    paragraph(document, gettext("III. ĐÁNH GIÁ CHUNG"), bold=True)
    paragraph(document, gettext("1. Ưu điểm"), bold=True, italic=True)
    to_fill(paragraph(document, indent=True), gettext("[Nêu những kết quả nổi bật …]"))
    paragraph(document, gettext("2. Tồn tại, hạn chế"), bold=True, italic=True)
    late_bodies = sorted({a.body.name for a, state in results if state == "overdue"})
    if late_bodies:
        paragraph(document, gettext(
            "- Còn %(n)s lượt nhiệm vụ quá hạn chưa hoàn thành, tại: %(bodies)s.",
            n=_num(counts["overdue"]), bodies=", ".join(late_bodies)), indent=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if counts["done_late"]:
        paragraph(document, gettext("- %(n)s lượt nhiệm vụ hoàn thành sau thời hạn.",
                                     n=_num(counts["done_late"])), indent=True)
    to_fill(paragraph(document, indent=True), gettext("[Tồn tại, hạn chế khác …]"))
    paragraph(document, gettext("3. Nguyên nhân"), bold=True, italic=True)
    to_fill(paragraph(document, indent=True), gettext("[Nguyên nhân khách quan, chủ quan …]"))

    paragraph(document, gettext("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), bold=True)
    open_count = counts["overdue"] + counts["in_progress"] + counts["not_started"]
    if counts["overdue"]:
        paragraph(document, gettext(
            "- Tiếp tục đôn đốc các cơ quan, đơn vị hoàn thành %(n)s lượt nhiệm vụ còn lại, "
            "ưu tiên %(overdue)s lượt đã quá hạn.", n=_num(open_count),
            overdue=_num(counts["overdue"])), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    elif open_count:
        paragraph(document, gettext(
            "- Tiếp tục đôn đốc các cơ quan, đơn vị hoàn thành đúng hạn %(n)s lượt nhiệm vụ "
            "còn lại.", n=_num(open_count)), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    to_fill(paragraph(document, indent=True), gettext("[Nhiệm vụ, giải pháp thời gian tới …]"))
    paragraph(document, gettext("V. ĐỀ XUẤT, KIẾN NGHỊ"), bold=True)
    to_fill(paragraph(document, indent=True), gettext("[Nếu có …]"))

    signature_block(document)
    return document
