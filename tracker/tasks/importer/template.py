"""The downloadable sheet: the headings and two rows taken from the real directives."""
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tracker.core.text import format_number
from tracker.tasks.importer.checking import KIND_LABELS
from tracker.tasks.importer.reading import COLUMNS, MAX_ROWS

MAX_ROWS_TEXT = format_number(MAX_ROWS)
HEADINGS = [COLUMNS[f] for f in ("stt", "title", "kind", "directive", "lead", "support",
                                 "due_on", "description")]
EXAMPLES = [
    [1, "Tổng kết 10 năm thực hiện Chỉ thị số 33-CT/TU, ngày 30/10/2017 của Tỉnh ủy Lào Cai "
        "về phòng, chống tảo hôn và hôn nhân cận huyết thống",
     "Tổng kết", "33-CT/TU", "Ban Dân vận Tỉnh ủy Lào Cai",
     "Hội Liên hiệp Phụ nữ tỉnh Lào Cai; Sở Y tế tỉnh Lào Cai; Sở Tư pháp tỉnh Lào Cai",
     date(2027, 10, 30),
     "Các cơ quan, đơn vị gửi báo cáo tổng kết về Ban Dân vận Tỉnh ủy trước ngày 15/10/2027."],
    [2, "Kiểm tra việc thực hiện công tác dân vận trong cơ quan hành chính nhà nước năm 2027",
     "Kiểm tra, giám sát", "18-CT/TU", "UBND tỉnh Lào Cai",
     "Sở Nội vụ tỉnh Lào Cai\nỦy ban MTTQ tỉnh Lào Cai", date(2027, 12, 15),
     "Theo Chỉ thị số 18-CT/TU ngày 15/9/2016 của Tỉnh ủy Lào Cai."],
]
GUIDE = [
    "Dòng tiêu đề có thể nằm dưới tên biểu (trong 10 dòng đầu); tên cột viết có dấu hay không "
    "dấu đều được, ô tiêu đề có thể gộp.",
    "Bắt buộc: Tên nhiệm vụ, Số văn bản, Đơn vị chủ trì, Hạn hoàn thành.",
    "Số văn bản: số, ký hiệu của một văn bản đã đăng ký mà bạn được xem (vd. 33-CT/TU).",
    "Đơn vị: ghi tên hoặc tên viết tắt của đơn vị trong phạm vi của bạn; nhiều đơn vị phối hợp "
    "cách nhau bằng dấu chấm phẩy, dấu phẩy hoặc xuống dòng.",
    "Hạn hoàn thành: ô kiểu ngày của Excel hoặc chữ dd/mm/yyyy.",
    "Sơ kết, tổng kết: số năm lấy từ tên nhiệm vụ (“Sơ kết 03 năm ...”) hoặc cột “Số năm”.",
    f"Tối đa {MAX_ROWS_TEXT} dòng mỗi lần nhập; mọi dòng được kiểm tra trước, chỉ khi không "
    "còn lỗi nào thì toàn bộ mới được nhập.",
]


def template_workbook() -> bytes:
    """An .xlsx with a title, the headings, two example rows and a sheet of guidance."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(["DANH MỤC NHIỆM VỤ THEO DÕI"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for example in EXAMPLES:
        sheet.append(example)
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(EXAMPLES)):
        row[6].number_format = "dd/mm/yyyy"
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (6, 48, 18, 14, 30, 40, 15, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cách ghi"])
    for line in GUIDE:
        guide.append([line])
    guide.append([])
    guide.append(["Loại nhiệm vụ (để trống là “Khác”)"])
    for label in KIND_LABELS.values():
        guide.append([label])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
