"""The draft report (.docx) of a task or of a forwarding body's roll-up, laid out as the
Party's documents are (Hướng dẫn 36-HD/VPTW): header, 'BÁO CÁO' and the trích yếu, I. the
deployment, II. the results in words, III and IV as headed places to write with the
bodies' own notes to pick from, 'Nơi nhận' and the signature, then the annexes body ×
indicator. Built from `queries.ReportData`; nothing is counted here."""
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from flask_babel import gettext

from tracker.assignments.state import is_open
from tracker.core.text import format_number
from tracker.core.time import format_date
from tracker.reports import words
from tracker.reports.annex_rows import level_rows, level_title, shown_indicators
from tracker.reports.layout import (
    cell_text,
    clean,
    header_block,
    issuer_name,
    paragraph,
    place_of,
    repeat_header,
    setup,
    signature_block,
    to_fill,
    widths,
)
from tracker.reports.splice import SplicedDocument, marker

JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
NOTES_SHOWN = 60  # quotes offered to the writer; the rest are counted
LANDSCAPE_WIDTH_MM = 257


def _text(document, text, **kwargs):
    return paragraph(document, text, indent=True, align=JUSTIFY, **kwargs)


def _heading(document, text):
    return paragraph(document, text, bold=True, space_after=3)


def draft_report(report):
    """The report: a python-docx Document whose annex rows are added when it is saved."""
    document = Document()
    setup(document, size=14)
    task, body = report.task, report.reporting_body
    header_block(document, body, None, place_of(body))
    paragraph(document, "", space_after=0)
    paragraph(document, gettext("BÁO CÁO"), bold=True, size=15,
              align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, task.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    _text(document, gettext(
        "Thực hiện %(citation)s, %(body)s báo cáo kết quả như sau:",
        citation=task.directive.citation, body=issuer_name(body)))
    _deployment(document, report)
    _results(document, report)
    _limits(document, report)
    _heading(document, gettext("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"))
    to_fill(_text(document, ""), gettext("[Phương hướng, nhiệm vụ, giải pháp thời gian tới …]"))
    _heading(document, gettext("V. ĐỀ XUẤT, KIẾN NGHỊ"))
    to_fill(_text(document, ""), gettext("[Nếu có …]"))
    paragraph(document, "", space_after=0)
    signature_block(document, [gettext("- Thường trực cấp ủy (b/c),"),
                               gettext("- Cấp trên trực tiếp (b/c),"),
                               gettext("- Các đơn vị được giao nhiệm vụ,"),
                               gettext("- Lưu Văn phòng.")])
    pieces: dict[str, str] = {}
    if report.form is not None:
        _annexes(document, report, pieces)
    return SplicedDocument(document, pieces)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _deployment(document, report):
    _heading(document, gettext("I. TÌNH HÌNH TRIỂN KHAI, THỰC HIỆN"))
    own = report.own
    due = format_date(report.task.due_on)
    if report.assignment is None:
        _text(document, gettext("Nhiệm vụ được giao cho %(n)s cơ quan, đơn vị, hạn hoàn thành "
                                "%(due)s.", n=format_number(len(own.rows)), due=due))
    else:
        _text(document, gettext("%(body)s đã giao tiếp nhiệm vụ cho %(n)s cơ quan, đơn vị "
                                "cấp dưới.", body=issuer_name(report.reporting_body),
                                n=format_number(len(own.rows))))
    for level in report.levels:
        groups = report.groups(level)
        if not groups:
            continue
        done = sum(g.done for g in groups)
        sentence = words.completion(groups, report.task.kind)
        if level.depth == 0:
            _text(document, gettext("Đến nay, %(sentence)s (%(share)s).", sentence=sentence,
                                    share=words.share(done, len(level.rows))))
        else:
            _text(document, gettext("Ở cấp dưới (giao tiếp), %(sentence)s (%(share)s).",
                                    sentence=sentence,
                                    share=words.share(done, len(level.rows))))
    if len(report.levels) > 1:
        every = [r for level in report.levels for r in level.rows]
        done = sum(not is_open(r.status) for r in every)
        _text(document, gettext(
            "Tính chung các cấp: đã hoàn thành %(done)s/%(total)s lượt nhiệm vụ, đạt "
            "%(percent)s%%.", done=format_number(done), total=format_number(len(every)),
            percent=words.percent_text(done, len(every))))
    missing = [r.body.name for r in own.rows if r.bucket == "missing"]
    waiting = [r.body.name for r in own.rows if r.bucket == "submitted"]
    if missing:
        _text(document, gettext("Các cơ quan, đơn vị chưa báo cáo (%(n)s): %(names)s.",
                                n=format_number(len(missing)), names=", ".join(missing)))
    elif own.rows:
        _text(document, gettext("Tất cả các cơ quan, đơn vị được giao đã báo cáo."))
    if waiting:
        _text(document, gettext("Đã nộp, đang chờ tiếp nhận (%(n)s): %(names)s.",
                                n=format_number(len(waiting)), names=", ".join(waiting)))
    to_fill(_text(document, ""), gettext(
        "[Bổ sung: việc quán triệt, ban hành kế hoạch, hướng dẫn, tuyên truyền …]"))


def _results(document, report):
    _heading(document, gettext("II. KẾT QUẢ THỰC HIỆN"))
    roll = report.roll
    if report.form is None:
        _text(document, gettext("Nhiệm vụ không có biểu mẫu số liệu."))
    else:
        _text(document, gettext(
            "Tổng hợp số liệu từ báo cáo đã được tiếp nhận của %(n)s/%(of)s cơ quan, đơn vị "
            "(chi tiết từng cơ quan, đơn vị tại Phụ lục kèm theo):",
            n=format_number(len(roll.accepted)), of=format_number(len(roll.rows))))
        for indicator in roll.indicators:
            if indicator.type == "text":
                continue
            said = words.indicator_words(roll, indicator) or gettext("chưa có số liệu")
            _text(document, f"- {indicator.name}: {said}.")
    to_fill(_text(document, ""), gettext("[Kết quả nổi bật, cách làm hay, mô hình tiêu biểu …]"))


def _limits(document, report):
    _heading(document, gettext("III. HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN"))
    to_fill(_text(document, ""), gettext("[Hạn chế, khó khăn, nguyên nhân …]"))
    notes = report.notes()
    if not notes:
        return
    paragraph(document, gettext("Ý kiến của các cơ quan, đơn vị (để chọn lọc):"), italic=True,
              size=13, space_after=3)
    for note in notes[:NOTES_SHOWN]:
        paragraph(document, f"- {note.body.name} ({_lower_first(note.indicator)}): "
                            f"“{note.text}”", italic=True, size=13, space_after=3)
    if len(notes) > NOTES_SHOWN:
        paragraph(document, gettext("… và %(n)s ý kiến khác.",
                                    n=format_number(len(notes) - NOTES_SHOWN)),
                  italic=True, size=13)


# ---- annexes -----------------------------------------------------------------------------

def _annexes(document, report, pieces: dict):
    """One annex per level, in a landscape section: body × indicator with the totals."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    indicators = shown_indicators(report.form)
    for number, level in enumerate(report.levels, 1):
        if number > 1:
            document.add_page_break()
        paragraph(document, gettext("PHỤ LỤC %(n)s", n=number), bold=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        paragraph(document, level_title(level, report), bold=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        paragraph(document, gettext("(Kèm theo Báo cáo %(task)s)", task=report.task.title),
                  italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
        _annex_table(document, indicators, level_rows(level, indicators), pieces)


def _annex_table(document, indicators, rows, pieces: dict):
    headers = [gettext("STT"), gettext("Cơ quan, đơn vị"), gettext("Tình trạng")] + [
        f"{i.name} ({i.unit})" if i.unit else i.name for i in indicators]
    value_mm = max(14, (LANDSCAPE_WIDTH_MM - 12 - 60 - 26) // max(len(indicators), 1))
    sizes = [12, 60, 26] + [value_mm] * len(indicators)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, [header], bold=True, size=10)
    repeat_header(table)
    widths(table, sizes)
    # Thousands of rows: written as text into the saved file (splice.py) in place of a
    # marker row; python-docx's cell objects would take seconds and hundreds of MiB.
    key = marker(len(pieces) + 1)
    table._tbl.append(parse_xml(f'<w:tr {nsdecls("w")}><w:tc><w:p><w:r><w:t>{key}</w:t>'
                                f'</w:r></w:p></w:tc></w:tr>'))
    pieces[key] = "".join(_row_xml(row, len(sizes)) for row in rows)


def _cell_xml(text: str, style: str, span: str = "") -> str:
    """One cell: a paragraph in one of the annex styles (layout.ANNEX_STYLES); the widths
    are the table grid's."""
    return (f'<w:tc>{span}<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:t>{escape(clean(text))}</w:t></w:r></w:p></w:tc>')


def _row_xml(row, columns: int) -> str:
    if row.kind == "group":
        span = f'<w:tcPr><w:gridSpan w:val="{columns}"/></w:tcPr>'
        return f"<w:tr>{_cell_xml(row.name, 'AnnexTotalName', span)}</w:tr>"
    total = row.kind in ("subtotal", "total")
    number, name = ("AnnexTotalNumber", "AnnexTotalName") if total \
        else ("AnnexNumber", "AnnexName")
    cells = [_cell_xml(row.number, "AnnexCentre"), _cell_xml(row.name, name),
             _cell_xml(row.status, "AnnexName")]
    cells += [_cell_xml(text, number) for text in row.texts]
    return "<w:tr>" + "".join(cells) + "</w:tr>"
