"""The layout every .docx report shares: A4 with the margins of an administrative document,
Times New Roman, the Party's header block (Hướng dẫn 36-HD/VPTW), paragraphs, table cells
and the signature block. No query here: texts in, document parts out."""
from datetime import date

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import gettext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
# Text width of A4 with the margins of a Vietnamese administrative document (Nghị định
# 30/2020/NĐ-CP: left 30 mm, right 15 mm).
WIDTH_MM = 165
CELL_STYLE, CELL_STYLE_ID = "Table Text", "TableText"


def clean(text) -> str:
    """Text without the control characters a .docx (XML) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(text))


def paragraph(container, text="", *, bold=False, italic=False, size=None, align=None,
              indent=False, space_after=6, underline=False):
    found = container.add_paragraph()
    if text:
        run = found.add_run(clean(text))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        found.alignment = align
    if indent:
        found.paragraph_format.first_line_indent = Mm(10)
    found.paragraph_format.space_after = Pt(space_after)
    return found


def to_fill(container, text: str):
    """A placeholder the writer replaces: highlighted so it is not missed."""
    run = container.add_run(text)
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def cell_text(cell, lines, *, bold=False, italic=False, size=None, align=None,
              underline_last=False):
    """Lines in a table cell, one paragraph each (the first reuses the cell's paragraph),
    in the cell style (centred, no space after). Only what differs from the style is
    written on a run: a large table stays quick to build."""
    for index, line in enumerate(lines):
        first = cell.paragraphs[0]
        fresh = len(cell.paragraphs) == 1 and not first.runs
        found = first if index == 0 and fresh else cell.add_paragraph()
        # By id: assigning `paragraph.style` looks the style up by name, every time.
        found._p.style = CELL_STYLE_ID
        if align is not None:
            found.alignment = align
        run = found.add_run(clean(line))
        if bold if not isinstance(bold, (list, tuple)) else bold[index]:
            run.bold = True
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
        if underline_last and index == len(lines) - 1:
            run.underline = True


def setup(document, *, size: int = 14):
    """A4 portrait, the administrative margins, Times New Roman in every script."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(size)
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
    # The annexes' cells (thousands): a style each, so that a cell is one short element.
    for name, align, bold in ANNEX_STYLES.values():
        annex = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        annex.base_style = cell
        annex.font.size = Pt(10)
        annex.font.bold = bold
        annex.paragraph_format.alignment = align


# Style id: (name, alignment, bold) of the annex cells: number, name, total number, total name.
ANNEX_STYLES = {
    "AnnexNumber": ("Annex Number", WD_ALIGN_PARAGRAPH.RIGHT, False),
    "AnnexName": ("Annex Name", WD_ALIGN_PARAGRAPH.LEFT, False),
    "AnnexCentre": ("Annex Centre", WD_ALIGN_PARAGRAPH.CENTER, False),
    "AnnexTotalNumber": ("Annex Total Number", WD_ALIGN_PARAGRAPH.RIGHT, True),
    "AnnexTotalName": ("Annex Total Name", WD_ALIGN_PARAGRAPH.LEFT, True),
}


def widths(table, widths_mm):
    """Column widths in the grid (LibreOffice reads these) and in each cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def repeat_header(table) -> None:
    """The table's first row again at the top of each page."""
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)


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


def issuer_name(body) -> str:
    """The body that signs, in a sentence: 'Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn' for a
    province (the report comes from its Ban), the body's own name otherwise."""
    names, _symbol = party_header(body)
    if body.kind == "ban_dan_van" or len(names) < 3:
        return body.name
    if body.level == "trung_uong":
        return gettext("Ban Tuyên giáo và Dân vận Trung ương")
    committee = names[1].split(" ", 2)  # ['TỈNH', 'ỦY', 'LẠNG SƠN'] / ['THÀNH', 'ỦY', ...]
    return gettext("Ban Tuyên giáo và Dân vận %(committee)s %(place)s",
                   committee=" ".join(committee[:2]).capitalize(), place=place_of(body))


def place_of(body) -> str:
    """The place name a report is dated from: 'Tỉnh Lào Cai' -> 'Lào Cai'."""
    for prefix in ("Tỉnh ", "Thành phố ", "Tp. "):
        if body.name.startswith(prefix):
            return body.name[len(prefix):]
    return "Hà Nội" if body.level == "trung_uong" else "……"


def place_and_date(place: str, day: date | None) -> str:
    """'Lào Cai, ngày 07 tháng 12 năm 2026', or with dots for the day it will be signed."""
    if day is None:
        return gettext("%(place)s, ngày .. tháng .. năm ....", place=place)
    return gettext("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s", place=place,
                   d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)


def header_block(document, reporting_body, day: date | None, place: str):
    """Top left the committee and the issuing body with 'Số: -BC/…' (number left blank),
    top right 'ĐẢNG CỘNG SẢN VIỆT NAM' and the place and date."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, (84, WIDTH_MM - 84))
    left, right = table.rows[0].cells
    names, symbol = party_header(reporting_body)
    cell_text(left, names + ["*"], bold=[False] * (len(names) - 1) + [True, False], size=13)
    cell_text(left, [gettext("Số:        -BC/%(symbol)s", symbol=symbol) if symbol
                     else gettext("Số:        -BC")], size=13)
    cell_text(right, [gettext("ĐẢNG CỘNG SẢN VIỆT NAM")], bold=True, size=13,
              underline_last=True)
    cell_text(right, ["", place_and_date(place, day)], italic=True, size=14,
              align=WD_ALIGN_PARAGRAPH.RIGHT)


def signature_block(document, recipients: list[str] | None = None):
    """'Nơi nhận' on the left, the signature of the Ban on the right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, (70, WIDTH_MM - 70))
    left, right = table.rows[0].cells
    cell_text(left, [gettext("Nơi nhận:")], bold=True, italic=True, size=12,
              align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_text(left, recipients or [gettext("- Thường trực cấp ủy (b/c),"),
                                   gettext("- Các cơ quan, đơn vị được giao nhiệm vụ,"),
                                   gettext("- Lưu Văn phòng.")],
              size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_text(right, [gettext("T/M BAN TUYÊN GIÁO VÀ DÂN VẬN"), gettext("TRƯỞNG BAN")],
              bold=True, size=13)
    cell_text(right, [gettext("(Ký, ghi rõ họ tên)")], italic=True, size=13)
    cell_text(right, ["", "", "", ""], size=13)
    cell_text(right, [gettext("[Họ và tên]")], bold=True, size=14)
