"""The status figures (tracker/status/views.py, under /api/v1/stats) in the OpenAPI
document: their routes and numbers stay where they are; this says what they take and give."""
from tracker.api.registry import Operation, document
from tracker.api.schemas import date_, identifier, integer, string
from tracker.api.serializers import (
    BODY_REF,
    BOOL,
    DATE,
    DATETIME,
    INT,
    STR,
    component,
    nullable,
    shape,
)
from tracker.assignments.models import DIALOGUE_LEVELS
from tracker.assignments.state import STATES
from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
from tracker.status.overdue import AGES
from tracker.status.queries import COLUMNS
from tracker.tasks.models import TASK_KINDS

TAG = "Tình hình thực hiện"
ERRORS = (400, 401, 404, 422)

FILTERS = {
    "year": integer("Năm", minimum=1990, maximum=2100),
    "half": integer("Nửa năm", minimum=1, maximum=2, description="1 hoặc 2, cùng với year."),
    "start": date_("Hạn từ ngày"),
    "end": date_("Hạn đến ngày"),
    "directive_id": identifier("Văn bản"),
    "task_kind": string("Loại nhiệm vụ", enum=TASK_KINDS),
    "body_kind": string("Loại đơn vị", enum=BODY_KINDS),
    "body_level": string("Cấp đơn vị", enum=BODY_LEVELS),
}

ROW = component("StatusRow", shape({
    "body_id": nullable(INT), "body": nullable(STR), "direct": BOOL,
    "assigned": INT, **{column: INT for column in COLUMNS}, "done": INT,
    "percent_done": {"type": "number"}}))
TABLE = component("StatusTable", shape({
    "node": BODY_REF, "today": DATE,
    "filters": {"type": "object", "additionalProperties": True,
                "description": "Các bộ lọc đã áp dụng (ngày dạng dd/mm/yyyy)."},
    "rows": {"type": "array", "items": ROW}, "total": ROW}))
OVERDUE = component("StatusOverdue", shape({
    "today": DATE, "page": INT, "pages": INT, "total": INT,
    "ages": shape({age: INT for age in AGES}),
    "groups": {"type": "array", "description": "Các đơn vị có phân công trên trang này, theo "
                                              "thứ tự của items: số việc quá hạn của đơn vị "
                                              "(mọi trang) và số dòng trên trang.",
               "items": shape({"body_id": INT, "body": STR, "overdue": INT, "on_page": INT})},
    "items": {"type": "array", "items": shape({
        "assignment_id": INT, "body_id": INT, "body": STR, "task": STR, "directive": STR,
        "role": {"type": "string", "enum": ["lead", "support"]}, "deadline": DATE,
        "days_overdue": INT, "last_activity_at": DATETIME})}}))
MATRIX = component("StatusDirective", shape({
    "directive": shape({"id": INT, "number": STR}),
    "tasks": {"type": "array", "items": shape({
        "id": INT, "title": STR, "deadline": DATE,
        "counts": {"type": "object", "additionalProperties": INT}})},
    "bodies": {"type": "array", "items": shape({
        "id": INT, "name": STR,
        "states": {"type": "object", "description": "{id nhiệm vụ: tình trạng}",
                   "additionalProperties": {"type": "string", "enum": list(STATES)}}})}}))
DIALOGUES = component("StatusDialogues", shape({
    "node": BODY_REF,
    "rows": {"type": "array", "items": shape({
        "body_id": nullable(INT), "body": STR,
        "levels": {"type": "object", "description": f"Theo cấp: {', '.join(DIALOGUE_LEVELS)}",
                   "additionalProperties": shape({
                       "dialogues": INT, "participants": INT, "opinions_raised": INT,
                       "opinions_settled": INT})}})}}))

TABLE_SORTS = ["name", "assigned", "percent", *COLUMNS]

document(Operation(
    endpoint="stats_api.stats_table", method="GET", tag=TAG, errors=ERRORS, empty_values=True,
    summary="Tình hình thực hiện theo đơn vị",
    description="Một dòng cho mỗi đơn vị trực thuộc (của đơn vị bạn, hoặc của body_id), "
                "cùng dòng tổng, với các bộ lọc như trang Tình hình.",
    query={**FILTERS, "sort": string(
        "Sắp xếp", enum=[k for key in TABLE_SORTS for k in (key, f"-{key}")],
        description="Thêm “-” phía trước để giảm dần; mặc định theo tên.")},
    response=TABLE))
document(Operation(
    endpoint="stats_api.stats_overdue", method="GET", tag=TAG, errors=ERRORS, empty_values=True,
    summary="Các phân công quá hạn",
    description="Theo từng đơn vị (thứ tự cây đơn vị), trong mỗi đơn vị quá hạn lâu nhất "
                "trước; theo trang, với số lượng theo nhóm tuổi quá hạn.",
    query={**FILTERS, "age": string("Nhóm quá hạn", enum=AGES,
                                    description="Số ngày quá hạn: ≤ 30, 31–90, 91–120, > 120; "
                                                "bỏ trống: mọi nhóm."),
           "page": integer("Trang", minimum=1, maximum=100_000)},
    response=OVERDUE))
document(Operation(
    endpoint="stats_api.stats_directive", method="GET", tag=TAG, errors=ERRORS, empty_values=True,
    summary="Tình hình theo văn bản", description="Mỗi nhiệm vụ của văn bản và tình trạng "
                                                  "của từng đơn vị (ma trận đơn vị × nhiệm vụ).",
    query={name: schema for name, schema in FILTERS.items() if name != "directive_id"},
    response=MATRIX))
document(Operation(
    endpoint="stats_api.stats_dialogues", method="GET", tag=TAG, errors=ERRORS, empty_values=True,
    summary="Số liệu đối thoại", description="Số cuộc đối thoại, người tham dự, ý kiến "
                                             "nêu và đã giải quyết, theo đơn vị và cấp; "
                                             "bộ lọc thời gian theo ngày đối thoại.",
    query={**FILTERS, "body_id": identifier("Đơn vị", description="Mã đơn vị trong phạm vi "
                                                                  "(mặc định: đơn vị của bạn).")},
    response=DIALOGUES))
