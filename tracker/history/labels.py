"""Vietnamese words for history actions and changed fields."""
from flask_babel import lazy_gettext as _l

ACTIONS = {
    "created": _l("Tạo mới"), "updated": _l("Cập nhật"), "renamed": _l("Đổi tên"),
    "moved": _l("Chuyển đơn vị cấp trên"),
    "merged": _l("Sáp nhập"), "received_merge": _l("Tiếp nhận đơn vị sáp nhập"),
    "password_changed": _l("Đổi mật khẩu"),
    "assigned": _l("Giao nhiệm vụ"), "progress": _l("Cập nhật tiến độ"),
    "figure": _l("Cập nhật số liệu"),
    "figures": _l("Cập nhật biểu mẫu số liệu"),
    "figures_adopted": _l("Lấy số liệu tổng hợp của cấp dưới"),
    "figures_from_dialogues": _l("Số liệu đối thoại theo các cuộc đã ghi nhận"),
    "figure_template": _l("Gắn biểu mẫu số liệu"),
    "dialogue": _l("Ghi nhận cuộc đối thoại"), "attachment": _l("Đính kèm tệp"),
    "attachment_removed": _l("Gỡ tệp đính kèm (tệp vẫn được lưu)"),
    "attachment_replaced": _l("Thay tệp đính kèm (tệp cũ vẫn được lưu)"),
    "submitted": _l("Nộp báo cáo"), "accepted": _l("Tiếp nhận, hoàn thành"),
    "returned": _l("Trả lại báo cáo"),
    "extension_requested": _l("Đề nghị gia hạn"), "extension_granted": _l("Đồng ý gia hạn"),
    "extension_refused": _l("Từ chối gia hạn"), "deadline_extended": _l("Gia hạn"),
    "urged": _l("Đôn đốc"), "reassigned": _l("Chuyển đơn vị thực hiện"),
    "forwarded": _l("Giao tiếp cho cấp dưới"),
    "retried": _l("Gửi lại thư"),
    "test_mail": _l("Gửi thư thử"), "mail_preferences": _l("Đổi lựa chọn nhận thư"),
    "deleted": _l("Xóa"),
    "api_token_created": _l("Tạo mã truy cập API"),
    "api_token_revoked": _l("Thu hồi mã truy cập API"),
    "calendar_feed_created": _l("Tạo địa chỉ lịch"),
    "calendar_feed_revoked": _l("Thu hồi địa chỉ lịch"),
}
FIELDS = {
    "number": _l("Số, ký hiệu"), "kind": _l("Loại"), "issuer": _l("Cơ quan ban hành"),
    "issued_on": _l("Ngày ban hành"), "title": _l("Tên/Trích yếu"), "summary": _l("Tóm tắt"),
    "parent_id": _l("Văn bản/đơn vị cấp trên"), "description": _l("Nội dung"), "due_on": _l("Hạn"),
    "due": _l("Hạn"), "review_years": _l("Số năm"), "progress": _l("Tiến độ (%)"),
    "status": _l("Trạng thái"),
    "role": _l("Vai trò"), "body_id": _l("Mã đơn vị"), "body": _l("Đơn vị"), "name": _l("Tên"),
    "short_name": _l("Tên viết tắt"),
    "level": _l("Cấp"), "email": _l("Email"), "full_name": _l("Họ và tên"),
    "position": _l("Chức vụ"),
    "active": _l("Đang hoạt động"), "submitted_on": _l("Ngày nộp"),
    "completed_on": _l("Ngày hoàn thành"),
    "requested_due_on": _l("Hạn đề nghị"), "file": _l("Tệp"), "replaced_by": _l("Thay bằng"),
    "size": _l("Dung lượng (byte)"),
    "held_on": _l("Ngày"), "host": _l("Chủ trì"), "place": _l("Địa điểm"),
    "participants": _l("Số người"),
    "opinions_raised": _l("Ý kiến, kiến nghị"), "opinions_settled": _l("Đã giải quyết"),
    "directive_id": _l("Văn bản"), "merged_into": _l("Sáp nhập vào"),
    "parent": _l("Đơn vị cấp trên"),
    "users_moved": _l("Số tài khoản chuyển"), "read_only": _l("Chỉ đọc"),
    "bodies": _l("Số đơn vị được giao"),
    "template_version": _l("Phiên bản biểu mẫu"), "template": _l("Biểu mẫu số liệu"),
    "merged_body_name": _l("Đơn vị sáp nhập"), "merged_body_id": _l("Mã đơn vị sáp nhập"),
}
# Ids are kept in the entries for programs; people read the names recorded beside them.
HIDDEN = {"request_id", "attachment_id", "sha256", "directive_id", "token_id", "feed_id",
          "sub_task_id", "parent_assignment_id", "source_assignments",
          "body_id", "parent_id", "merged_into_id", "merged_body_id"}


def _value_labels() -> dict[str, dict[str, str]]:
    from tracker.assignments.models import DIALOGUE_LEVELS, ROLES, STATUSES
    from tracker.auth.models import ROLES as USER_ROLES
    from tracker.bodies.models import BODY_KINDS, BODY_LEVELS
    from tracker.directives.models import DIRECTIVE_KINDS
    from tracker.tasks.models import TASK_KINDS
    return {"status": STATUSES, "role": {**ROLES, **USER_ROLES},
            "kind": {**BODY_KINDS, **DIRECTIVE_KINDS, **TASK_KINDS},
            "level": {**BODY_LEVELS, **DIALOGUE_LEVELS}}


def value_label(value, field: str):
    """A stored code shown as its Vietnamese word ("in_progress" → "Đang thực hiện")."""
    if isinstance(value, str):
        return _value_labels().get(field, {}).get(value, value)
    return value
