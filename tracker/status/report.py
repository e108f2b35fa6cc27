"""The .docx report of a directive, in the usual layout of a Vietnamese report (header
block, numbered sections, table of results per body, signature block) for a coordinator
to complete and sign. Built from what the queries return; nothing is counted here."""
from collections import Counter
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import gettext

from tracker.assignments.state import STATES, is_open
from tracker.core.text import format_number
from tracker.core.time import format_date
from tracker.status.exports import ILLEGAL_CHARACTERS_RE
from tracker.status.queries import COLUMNS, StatusRow

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
# Text width of A4 with the margins of a Vietnamese administrative document (Nghị định
# 30/2020/NĐ-CP: left 30 mm, right 15 mm).
WIDTH_MM = 165
RESULT_COLUMNS_MM = (12, 34, 14, 23, 22, 23, 37)
CELL_STYLE, CELL_STYLE_ID = "Table Text", "TableText"


_num = format_number


def _clean(text) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(text))


def _paragraph(container, text="", *, bold=False, italic=False, size=None, align=None,
               indent=False, space_after=6, underline=False):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _to_fill(paragraph, text: str):
    """A placeholder the coordinator replaces: highlighted so it is not missed."""
    run = paragraph.add_run(text)
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _cell_text(cell, lines, *, bold=False, italic=False, size=None, align=None,
               underline_last=False):
    """Lines in a table cell, one paragraph each (the first reuses the cell's paragraph),
    in the cell style (centred, no space after). Only what differs from the style is
    written on a run: a large table stays quick to build."""
    for index, line in enumerate(lines):
        first = cell.paragraphs[0]
        fresh = len(cell.paragraphs) == 1 and not first.runs
        paragraph = first if index == 0 and fresh else cell.add_paragraph()
        # By id: assigning `paragraph.style` looks the style up by name, every time.
        paragraph._p.style = CELL_STYLE_ID
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run(_clean(line))
        if bold if not isinstance(bold, (list, tuple)) else bold[index]:
            run.bold = True
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
        if underline_last and index == len(lines) - 1:
            run.underline = True


def _setup(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.1
    cell = document.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = style
    cell.font.size = Pt(11)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _widths(table, widths_mm):
    """Column widths in the grid (LibreOffice reads these) and in each cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def party_header(body) -> tuple[list[str], str]:
    """The top-left lines and the number's symbol as the Party writes them (Hướng dẫn
    36-HD/VPTW) for the body a report comes from: the central Ban, a province (or its Ban),
    or, for any other body, its own name."""
    ban = gettext("BAN TUYÊN GIÁO VÀ DÂN VẬN")
    if body.level == "trung_uong":
        return [gettext("BAN CHẤP HÀNH TRUNG ƯƠNG"), ban], "BTGDVTW"
    place, city = place_of(body), body.name.startswith(("Thành phố ", "Tp. "))
    for committee in ("Tỉnh ủy ", "Thành ủy "):  # a provincial Ban names its committee
        if body.kind == "ban_dan_van" and committee in body.name:
            place = body.name.split(committee, 1)[1]
            city = committee == "Thành ủy "
    if body.level == "tinh" and place != "……":
        if city:
            return [gettext("ĐẢNG BỘ THÀNH PHỐ %(p)s", p=place.upper()),
                    gettext("THÀNH ỦY %(p)s", p=place.upper()), ban], "BTGDVThU"
        return [gettext("ĐẢNG BỘ TỈNH %(p)s", p=place.upper()),
                gettext("TỈNH ỦY %(p)s", p=place.upper()), ban], "BTGDVTU"
    return [body.name.upper()], body.short_name or ""


def _header_block(document, reporting_body, today: date, place: str):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (72, WIDTH_MM - 72))
    left, right = table.rows[0].cells
    names, symbol = party_header(reporting_body)
    _cell_text(left, names + ["*"], bold=[False] * (len(names) - 1) + [True, False], size=13)
    _cell_text(left, [gettext("Số:        -BC/%(symbol)s", symbol=symbol) if symbol
                      else gettext("Số:        -BC")], size=13)
    _cell_text(right, [gettext("ĐẢNG CỘNG SẢN VIỆT NAM")], bold=True, size=13,
               underline_last=True)
    _cell_text(right, ["", gettext("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s", place=place,
                                   d=f"{today.day:02d}", m=f"{today.month:02d}",
                                   y=today.year)], italic=True, size=14,
               align=WD_ALIGN_PARAGRAPH.RIGHT)


def _results_table(document, tasks, results, figures):
    headers = [gettext("STT"), gettext("Cơ quan, đơn vị"), gettext("Vai trò"),
               gettext("Hạn"), gettext("Tình trạng"), gettext("Ngày hoàn thành"),
               gettext("Số liệu báo cáo")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, [header], bold=True)
    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of each page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
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
                _cell_text(cell, lines,
                           align=WD_ALIGN_PARAGRAPH.LEFT if column in (1, 6) else None)
    _widths(table, RESULT_COLUMNS_MM)
    for row, text in headings:
        merged = row.cells[0].merge(row.cells[-1])
        _cell_text(merged, [text], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    return table


def directive_report(directive, *, reporting_body, place: str, tasks, bodies, per_task,
                     results, figures, today: date, filter_text: str = ""):
    """The report as a python-docx Document. `tasks, bodies, per_task` come from
    `queries.directive_matrix`, `results, figures` from `queries.directive_results`;
    `filter_text` is said under the opening sentence when the figures are filtered."""
    document = Document()
    _setup(document)
    _header_block(document, reporting_body, today, place)

    _paragraph(document, gettext("BÁO CÁO"), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=0)
    _paragraph(document, gettext("Kết quả thực hiện %(citation)s", citation=directive.citation),
               bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, directive.title, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=0)
    _paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)

    total = StatusRow(None, counts=sum((per_task[t.id] for t in tasks), Counter()))
    body_count = len(bodies)
    _paragraph(document, gettext(
        "Thực hiện %(citation)s, %(body)s báo cáo kết quả thực hiện tính đến ngày %(day)s "
        "như sau:", citation=directive.citation, body=reporting_body.name,
        day=format_date(today)), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if filter_text:
        _paragraph(document, filter_text, italic=True, size=12, indent=True)

    _paragraph(document, gettext("I. TÌNH HÌNH TRIỂN KHAI"), bold=True)
    _paragraph(document, gettext(
        "Văn bản được cụ thể hóa thành %(tasks)s nhiệm vụ, giao cho %(bodies)s cơ quan, đơn vị "
        "thực hiện (tổng số %(assigned)s lượt giao nhiệm vụ), cụ thể:", tasks=len(tasks),
        bodies=body_count, assigned=_num(total.assigned)), indent=True,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for number, task in enumerate(tasks, 1):
        row = StatusRow(None, counts=per_task[task.id])
        _paragraph(document, gettext(
            "%(n)s. %(title)s (%(kind)s, hạn %(due)s): giao %(assigned)s đơn vị, đã hoàn "
            "thành %(done)s.", n=number, title=task.title, kind=task.kind_label,
            due=format_date(task.due_on), assigned=row.assigned, done=row.done), indent=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _to_fill(_paragraph(document, indent=True), gettext(
        "[Bổ sung: việc quán triệt, ban hành kế hoạch, hướng dẫn, tuyên truyền …]"))

    _paragraph(document, gettext("II. KẾT QUẢ THỰC HIỆN"), bold=True)
    _paragraph(document, gettext("1. Tổng hợp chung"), bold=True, italic=True)
    counts = total.counts
    _paragraph(document, gettext(
        "Tính đến ngày %(day)s, đã hoàn thành %(done)s/%(assigned)s lượt nhiệm vụ "
        "(%(percent)s%%), trong đó: đúng hạn %(on_time)s, quá hạn mới hoàn thành %(late)s; "
        "đang thực hiện trong hạn %(in_progress)s; chưa thực hiện %(not_started)s; quá hạn "
        "chưa hoàn thành %(overdue)s.", day=format_date(today), done=_num(total.done),
        assigned=_num(total.assigned), percent=_num(total.percent),
        on_time=_num(counts["done_on_time"]), late=_num(counts["done_late"]),
        in_progress=_num(counts["in_progress"]), not_started=_num(counts["not_started"]),
        overdue=_num(counts["overdue"])), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, gettext("2. Kết quả của từng cơ quan, đơn vị"), bold=True,
               italic=True)
    _results_table(document, tasks, results, figures)
    _paragraph(document, gettext(
        "Tổng cộng: %(assigned)s lượt nhiệm vụ; %(states)s.", assigned=_num(total.assigned),
        states="; ".join(f"{str(STATES[c]).lower()} {_num(counts[c])}" for c in COLUMNS)),
        italic=True, size=12)

    _paragraph(document, gettext("III. ĐÁNH GIÁ CHUNG"), bold=True)
    _paragraph(document, gettext("1. Ưu điểm"), bold=True, italic=True)
    _to_fill(_paragraph(document, indent=True), gettext("[Nêu những kết quả nổi bật …]"))
    _paragraph(document, gettext("2. Tồn tại, hạn chế"), bold=True, italic=True)
    late_bodies = sorted({a.body.name for a, state in results if state == "overdue"})
    if late_bodies:
        _paragraph(document, gettext(
            "- Còn %(n)s lượt nhiệm vụ quá hạn chưa hoàn thành, tại: %(bodies)s.",
            n=_num(counts["overdue"]), bodies=", ".join(late_bodies)), indent=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if counts["done_late"]:
        _paragraph(document, gettext("- %(n)s lượt nhiệm vụ hoàn thành sau thời hạn.",
                                     n=_num(counts["done_late"])), indent=True)
    _to_fill(_paragraph(document, indent=True), gettext("[Tồn tại, hạn chế khác …]"))
    _paragraph(document, gettext("3. Nguyên nhân"), bold=True, italic=True)
    _to_fill(_paragraph(document, indent=True), gettext("[Nguyên nhân khách quan, chủ quan …]"))

    _paragraph(document, gettext("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), bold=True)
    open_count = counts["overdue"] + counts["in_progress"] + counts["not_started"]
    if counts["overdue"]:
        _paragraph(document, gettext(
            "- Tiếp tục đôn đốc các cơ quan, đơn vị hoàn thành %(n)s lượt nhiệm vụ còn lại, "
            "ưu tiên %(overdue)s lượt đã quá hạn.", n=_num(open_count),
            overdue=_num(counts["overdue"])), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    elif open_count:
        _paragraph(document, gettext(
            "- Tiếp tục đôn đốc các cơ quan, đơn vị hoàn thành đúng hạn %(n)s lượt nhiệm vụ "
            "còn lại.", n=_num(open_count)), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _to_fill(_paragraph(document, indent=True), gettext("[Nhiệm vụ, giải pháp thời gian tới …]"))
    _paragraph(document, gettext("V. ĐỀ XUẤT, KIẾN NGHỊ"), bold=True)
    _to_fill(_paragraph(document, indent=True), gettext("[Nếu có …]"))

    _signature_block(document)
    return document


def _signature_block(document):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (80, WIDTH_MM - 80))
    left, right = table.rows[0].cells
    _cell_text(left, [gettext("Nơi nhận:")], bold=True, italic=True, size=12,
               align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(left, [gettext("- Thường trực cấp ủy (b/c),"),
                      gettext("- Các cơ quan, đơn vị được giao nhiệm vụ,"),
                      gettext("- Lưu Văn phòng.")], size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(right, [gettext("T/M BAN TUYÊN GIÁO VÀ DÂN VẬN"), gettext("TRƯỞNG BAN")],
               bold=True, size=14)
    _cell_text(right, [gettext("(Ký, ghi rõ họ tên)")], italic=True, size=13)
    _cell_text(right, ["", "", "", ""], size=13)
    _cell_text(right, [gettext("[Họ và tên]")], bold=True, size=14)


def place_of(body) -> str:
    """The place name a report is dated from: 'Tỉnh Lào Cai' -> 'Lào Cai'."""
    for prefix in ("Tỉnh ", "Thành phố ", "Tp. "):
        if body.name.startswith(prefix):
            return body.name[len(prefix):]
    return "Hà Nội" if body.level == "trung_uong" else "……"
