"""Vietnamese words for history actions and changed fields."""
ACTIONS = {
    "created": "Tạo mới", "updated": "Cập nhật", "renamed": "Đổi tên",
    "moved": "Chuyển đơn vị cấp trên",
    "merged": "Sáp nhập", "received_merge": "Tiếp nhận đơn vị sáp nhập",
    "password_changed": "Đổi mật khẩu",
    "assigned": "Giao nhiệm vụ", "progress": "Cập nhật tiến độ", "figure": "Cập nhật số liệu",
    "dialogue": "Ghi nhận cuộc đối thoại", "attachment": "Đính kèm tệp",
    "submitted": "Nộp báo cáo", "accepted": "Tiếp nhận, hoàn thành", "returned": "Trả lại báo cáo",
    "extension_requested": "Đề nghị gia hạn", "extension_granted": "Đồng ý gia hạn",
    "extension_refused": "Từ chối gia hạn", "deadline_extended": "Gia hạn",
    "urged": "Đôn đốc", "reassigned": "Chuyển đơn vị thực hiện", "retried": "Gửi lại thư",
    "test_mail": "Gửi thư thử", "deleted": "Xóa",
}
FIELDS = {
    "number": "Số, ký hiệu", "kind": "Loại", "issuer": "Cơ quan ban hành",
    "issued_on": "Ngày ban hành", "title": "Tên/Trích yếu", "summary": "Tóm tắt",
    "parent_id": "Văn bản/đơn vị cấp trên", "description": "Nội dung", "due_on": "Hạn",
    "due": "Hạn", "review_years": "Số năm", "progress": "Tiến độ (%)", "status": "Trạng thái",
    "role": "Vai trò", "body_id": "Mã đơn vị", "body": "Đơn vị", "name": "Tên",
    "short_name": "Tên viết tắt",
    "level": "Cấp", "email": "Email", "full_name": "Họ và tên", "position": "Chức vụ",
    "active": "Đang hoạt động", "submitted_on": "Ngày nộp", "completed_on": "Ngày hoàn thành",
    "requested_due_on": "Hạn đề nghị", "file": "Tệp", "size": "Dung lượng (byte)",
    "held_on": "Ngày", "host": "Chủ trì", "place": "Địa điểm", "participants": "Số người",
    "opinions_raised": "Ý kiến, kiến nghị", "opinions_settled": "Đã giải quyết",
    "directive_id": "Văn bản", "merged_into_id": "Sáp nhập vào",
    "users_moved": "Số tài khoản chuyển",
    "merged_body_name": "Đơn vị sáp nhập", "merged_body_id": "Mã đơn vị sáp nhập",
}
HIDDEN = {"request_id", "attachment_id", "sha256", "directive_id"}


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
