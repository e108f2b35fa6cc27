"""Registering and editing directives: validation, duplicates, history, search."""
import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, post
from tracker.core.errors import ConflictError, ValidationError
from tracker.directives.models import Directive
from tracker.directives.operations import create_directive, update_directive
from tracker.directives.queries import directive_list, get_directive
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.history.queries import history_of


def data(**overrides):
    values = {"number": "33-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
              "issued_on": date(2017, 10, 30),
              "title": "Tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tảo "
                       "hôn và hôn nhân cận huyết thống", "parent": None}
    values.update(overrides)
    return values


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def coordinator(make_body, make_user):
    return make_user("coordinator", body=make_body("Tỉnh Lào Cai"))


# ---- register --------------------------------------------------------------------------

def test_register_records_who_and_when(coordinator):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    assert directive.owner_body_id == coordinator.body_id
    assert directive.citation == ("Chỉ thị số 33-CT/TU, ngày 30/10/2017 của Tỉnh ủy Lào Cai")
    [entry] = history_of("directive", directive.id)
    assert (entry.action, entry.actor_id, entry.at) == ("created", coordinator.id, NOW)


def test_text_is_stored_in_nfc(coordinator):
    directive = create_directive(
        data(title=unicodedata.normalize("NFD", "Phòng, chống  tảo hôn ")), actor=coordinator,
        now=NOW)
    assert directive.title == "Phòng, chống tảo hôn"
    assert unicodedata.is_normalized("NFC", directive.title)


@pytest.mark.parametrize("number, issuer", [
    ("33-CT/TU", "Tỉnh ủy Lào Cai"),
    ("33-ct/tu", "Tỉnh ủy Lào Cai"),
    (" 33-CT/TU ", "tỉnh ủy lào cai"),
    ("33 - CT/TU", "Tinh uy Lao Cai"),
])
def test_the_same_number_from_the_same_issuer_is_refused(coordinator, number, issuer):
    create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        create_directive(data(number=number, issuer=issuer), actor=coordinator, now=NOW)
    assert "Số, ký hiệu" in error.value.errors["number"]
    assert "33-CT/TU" in error.value.message or number.strip() in error.value.message


def test_d_bar_in_a_number_is_folded(coordinator):
    create_directive(data(number="290-QĐ/TW", issuer="Bộ Chính trị"), actor=coordinator,
                     now=NOW)
    with pytest.raises(ValidationError, match="Số, ký hiệu"):
        create_directive(data(number="290-qd/tw", issuer="Bộ Chính trị"), actor=coordinator,
                         now=NOW)


def test_the_same_number_is_allowed_from_another_issuer_or_province(coordinator, make_body,
                                                                    make_user):
    create_directive(data(), actor=coordinator, now=NOW)
    create_directive(data(issuer="UBND tỉnh Lào Cai"), actor=coordinator, now=NOW)
    other = make_user("coordinator", body=make_body("Tỉnh Lạng Sơn"))
    create_directive(data(), actor=other, now=NOW)  # the same central text, registered twice
    db.session.commit()
    assert count(Directive) == 3


def test_a_text_registered_above_or_below_is_a_duplicate(make_body, make_user):
    """A province sees the central 290-QĐ/TW and implements it: registering it again (here
    by one of its districts) would split its tasks over two copies; and a province may not
    register again what one of its districts registered."""
    central = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    province = make_body("Tỉnh Lào Cai", parent=central)
    district = make_body("Huyện Bảo Thắng", parent=province, level="huyen")
    by = {body.id: make_user("coordinator", body=body) for body in (central, province,
                                                                      district)}
    text = data(number="290-QĐ/TW", issuer="Bộ Chính trị", issued_on=date(2025, 2, 25))
    create_directive(text, actor=by[central.id], now=NOW)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        create_directive(text, actor=by[district.id], now=NOW)
    assert error.value.errors["number"] == (
        "Số, ký hiệu: văn bản số 290-QĐ/TW của Bộ Chính trị đã được Ban Dân vận Trung ương "
        "đăng ký; hãy dùng văn bản đó.")
    db.session.rollback()
    create_directive(data(number="12-KH/HU", issuer="Huyện ủy Bảo Thắng"),
                     actor=by[district.id], now=NOW)
    db.session.commit()
    with pytest.raises(ValidationError, match="đã được Huyện Bảo Thắng đăng ký"):
        create_directive(data(number="12-kh/hu", issuer="Huyện ủy Bảo Thắng"),
                         actor=by[province.id], now=NOW)
    db.session.rollback()
    assert count(Directive) == 2


def test_the_issue_date_cannot_move_past_derived_deadlines(coordinator, make_task,
                                                          make_assignment):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    task = make_task(directive=directive, actor=coordinator, title="Sơ kết 03 năm",
                     due_on=date(2020, 10, 30))
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        update_directive(directive, data(issued_on=date(2030, 1, 1)), version=1,
                         actor=coordinator, now=NOW)
    assert error.value.errors["issued_on"] == (
        "Ngày ban hành: sau hạn 30/10/2020 của nhiệm vụ “Sơ kết 03 năm” đã giao từ văn bản "
        "này; hãy sửa hạn nhiệm vụ trước.")
    db.session.rollback()
    assert directive.issued_on == date(2017, 10, 30) and directive.version == 1
    make_assignment(task=task, due_on=date(2018, 6, 30))
    db.session.commit()
    with pytest.raises(ValidationError, match="30/06/2018 của một phân công"):
        update_directive(directive, data(issued_on=date(2019, 1, 1)), version=1,
                         actor=coordinator, now=NOW)
    db.session.rollback()
    update_directive(directive, data(issued_on=date(2017, 11, 2)), version=1,
                     actor=coordinator, now=NOW)  # still before every deadline
    db.session.commit()
    assert directive.issued_on == date(2017, 11, 2)


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Trích yếu: không được để trống."),
    ("title", "   ", "Trích yếu: không được để trống."),
    ("title", "x" * 501, "Trích yếu: không quá 500 ký tự."),
    ("number", "", "Số, ký hiệu: không được để trống."),
    ("number", "1" * 61, "Số, ký hiệu: không quá 60 ký tự."),
    ("issuer", "", "Cơ quan ban hành: không được để trống."),
    ("issued_on", None, "Ngày ban hành: không được để trống."),
    ("kind", "cong_van", "Loại văn bản: không hợp lệ."),
])
def test_bad_fields_are_refused_naming_the_field(coordinator, field, value, message):
    with pytest.raises(ValidationError) as error:
        create_directive(data(**{field: value}), actor=coordinator, now=NOW)
    assert error.value.errors[field] == message


def test_a_directive_cannot_implement_a_later_one(coordinator):
    later = create_directive(data(number="01-KH/TU", issued_on=date(2020, 1, 1)),
                             actor=coordinator, now=NOW)
    with pytest.raises(ValidationError, match="Thực hiện văn bản"):
        create_directive(data(parent=later), actor=coordinator, now=NOW)


# ---- edit ------------------------------------------------------------------------------

def test_edit_keeps_the_old_values_in_history(coordinator):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    update_directive(directive, data(issued_on=date(2017, 10, 31)), version=directive.version,
                     actor=coordinator, now=NOW)
    db.session.commit()
    latest = history_of("directive", directive.id)[0]
    assert latest.action == "updated"
    assert latest.changes == {"issued_on": ["2017-10-30", "2017-10-31"]}
    assert directive.version == 2


def test_edit_with_a_stale_version_is_a_conflict(coordinator):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    update_directive(directive, data(title="Sửa lần một"), version=1, actor=coordinator,
                     now=NOW)
    db.session.commit()
    with pytest.raises(ConflictError):
        update_directive(directive, data(title="Sửa lần hai"), version=1, actor=coordinator,
                         now=NOW)
    assert directive.title == "Sửa lần một"


def test_edit_cannot_take_another_directives_number(coordinator):
    create_directive(data(), actor=coordinator, now=NOW)
    other = create_directive(data(number="18-CT/TU"), actor=coordinator, now=NOW)
    db.session.commit()
    with pytest.raises(ValidationError, match="Số, ký hiệu"):
        update_directive(other, data(number="33-ct/tu"), version=other.version,
                         actor=coordinator, now=NOW)


# ---- web -------------------------------------------------------------------------------

FORM = {"number": "15-ĐA/TU", "kind": "de_an", "issuer": "Tỉnh ủy Lạng Sơn",
        "issued_on": "15/15/2022", "title": "Đề án về công tác dân vận", "parent_id": "0"}


def test_an_impossible_date_is_refused_and_nothing_is_written(client, coordinator):
    login(client, coordinator)
    history_before = count(HistoryEntry)
    response = post(client, "/directives/new", FORM)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ngày ban hành" in page and "tháng 15 không tồn tại" in page
    assert "15-ĐA/TU" in page  # what was typed is kept
    assert count(Directive) == 0
    assert count(HistoryEntry) == history_before


@pytest.mark.parametrize("title, message", [
    ("", "Trích yếu: không được để trống."),
    ("x" * 501, "Trích yếu: không quá 500 ký tự."),
])
def test_a_bad_title_is_refused_on_the_form(client, coordinator, title, message):
    login(client, coordinator)
    response = post(client, "/directives/new", {**FORM, "issued_on": "15/05/2022",
                                                "title": title})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Directive) == 0


def test_a_duplicate_is_refused_on_the_form(client, coordinator):
    create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    login(client, coordinator)
    response = post(client, "/directives/new", {**FORM, "number": "33-ct/tu",
                                                "issuer": "Tỉnh ủy Lào Cai",
                                                "issued_on": "30/10/2017"})
    assert response.status_code == 422
    assert "Số, ký hiệu" in response.get_data(as_text=True)
    assert count(Directive) == 1


def test_a_stale_edit_on_the_form_answers_409(client, coordinator):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    update_directive(directive, data(title="Đã sửa"), version=1, actor=coordinator, now=NOW)
    db.session.commit()
    login(client, coordinator)
    response = post(client, f"/directives/{directive.id}/edit", {
        "number": "33-CT/TU", "kind": "chi_thi", "issuer": "Tỉnh ủy Lào Cai",
        "issued_on": "30/10/2017", "title": "Sửa từ trang cũ", "parent_id": "0",
        "version": "1"})
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Directive, directive.id).title == "Đã sửa"


# ---- search ----------------------------------------------------------------------------

def _numbers(actor, query):
    return [d.number for d in db.session.scalars(directive_list(actor, query=query))]


def test_search_without_diacritics(coordinator):
    create_directive(data(), actor=coordinator, now=NOW)
    create_directive(data(number="17-CT/TU", title="Công tác người cao tuổi"),
                     actor=coordinator, now=NOW)
    assert _numbers(coordinator, "tao hon") == ["33-CT/TU"]
    assert _numbers(coordinator, "TẢO HÔN") == ["33-CT/TU"]
    assert _numbers(coordinator, "nguoi cao tuoi") == ["17-CT/TU"]
    assert _numbers(coordinator, "33-ct") == ["33-CT/TU"]


def test_wildcards_in_a_query_are_no_wildcards(coordinator):
    create_directive(data(number="80-KH/BDVTU-BCSĐ", title="Phấn đấu 100% xã đạt chuẩn"),
                     actor=coordinator, now=NOW)
    create_directive(data(number="16-CT/TTg", title="Đổi mới công tác dân vận"),
                     actor=coordinator, now=NOW)
    # Punctuation separates words (as in 18-CT/TU); "%" or "_" alone finds nothing.
    assert _numbers(coordinator, "100%") == ["80-KH/BDVTU-BCSĐ"]
    assert _numbers(coordinator, "1%0") == [] and _numbers(coordinator, "1_0") == []
    assert _numbers(coordinator, "%") == _numbers(coordinator, "_") == []


def test_search_page_without_diacritics(client, coordinator):
    create_directive(data(), actor=coordinator, now=NOW)
    create_directive(data(number="17-CT/TU", title="Công tác người cao tuổi"),
                     actor=coordinator, now=NOW)
    db.session.commit()
    login(client, coordinator)
    page = client.get("/directives/?q=tao+hon").get_data(as_text=True)
    assert "33-CT/TU" in page and "17-CT/TU" not in page


def test_a_province_does_not_see_another_provinces_directives(coordinator, make_body,
                                                              make_user):
    directive = create_directive(data(), actor=coordinator, now=NOW)
    db.session.commit()
    other = make_user("coordinator", body=make_body("Tỉnh Lạng Sơn"))
    assert get_directive(other, directive.id) is None
    assert _numbers(other, "") == []


def test_who_reads_a_directive_with_one_tree_and_with_two(
        client, two_provinces, make_user, make_body, make_directive):
    """The root of the only tree reads every directive without a condition; a province its
    own subtree's and those issued above it, not a sibling's; once a second tree exists,
    the root no longer reads that tree's."""
    c = two_provinces
    leader = make_user("leader", body=c.root)
    central = make_directive(actor=make_user("coordinator", body=c.root), number="1-QĐ/TW")
    of_a = make_directive(actor=make_user("coordinator", body=c.x), number="2-KH/SNV")
    of_b = make_directive(actor=c.users["coord_b"], number="3-CT/TU")
    seen = lambda actor: {d.id for d in db.session.scalars(directive_list(actor))}  # noqa: E731
    assert seen(leader) == {central.id, of_a.id, of_b.id}
    assert seen(c.users["coord_a"]) == {central.id, of_a.id}
    other = make_body("Tỉnh ngoài cây")  # a second root
    theirs = make_directive(actor=make_user("coordinator", body=other), number="4-CT/TU")
    assert seen(leader) == {central.id, of_a.id, of_b.id}
    login(client, leader)
    assert client.get(f"/directives/{theirs.id}").status_code == 404
    assert "4-CT/TU" not in client.get("/directives/").get_data(as_text=True)
