"""The figure form page: typed values survive a refusal (422, 409), saved values show."""
import pytest
from sqlalchemy import func, select

from tests.conftest import NOW, login, post
from tracker.extensions import db
from tracker.figures.models import FigureValue
from tracker.figures.operations import save_figures


@pytest.fixture
def officer_form(client, figure_task, make_user):
    task, template, [a], coord = figure_task(bodies=1)
    officer = make_user("officer", body=db.session.get(type(coord.body), a.body_id))
    login(client, officer)
    return a, officer


def _count():
    return db.session.scalar(select(func.count()).select_from(FigureValue))


def test_form_saves_vietnamese_numbers(client, officer_form):
    a, officer = officer_form
    page = client.get(f"/assignments/{a.id}/figure-form").get_data(as_text=True)
    assert "Số mô hình “Dân vận khéo”" in page and "Tập thể" in page
    response = post(client, f"/assignments/{a.id}/figure-form", {
        "version": str(a.version), "v-mo_hinh": "4.198", "v-mo_hinh-kinh_te/tap_the": "1.781",
        "v-mo_hinh-kinh_te/ca_nhan": "2.417", "v-tin_bai": "2.500"})
    assert response.status_code == 302
    page = client.get(f"/assignments/{a.id}/figure-form").get_data(as_text=True)
    assert 'value="4.198"' in page and 'value="2.417"' in page


def test_bad_form_keeps_what_was_typed(client, officer_form):
    a, officer = officer_form
    response = post(client, f"/assignments/{a.id}/figure-form", {
        "version": str(a.version), "v-mo_hinh": "12,5", "v-tin_bai": "2.500"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Số mô hình “Dân vận khéo”: cần một số nguyên" in page
    assert 'value="12,5"' in page and 'value="2.500"' in page
    assert _count() == 0


def test_stale_form_answers_409_and_keeps_what_was_typed(client, officer_form):
    a, officer = officer_form
    stale = a.version
    save_figures(a, {"mo_hinh": "7"}, version=stale, actor=officer, now=NOW)
    db.session.commit()
    response = post(client, f"/assignments/{a.id}/figure-form", {
        "version": str(stale), "v-mo_hinh": "9", "v-tin_bai": "31"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in page
    assert 'value="9"' in page and 'value="31"' in page
    assert db.session.scalar(select(FigureValue.value).where(
        FigureValue.indicator == "mo_hinh", FigureValue.cell == "")) == 7000


def test_assignment_and_task_pages_link_to_the_form(client, officer_form, figure_task):
    a, officer = officer_form
    page = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert f"/assignments/{a.id}/figure-form" in page
    assert "Số liệu khác (ngoài biểu mẫu)" in page


def test_a_filled_figure_form_is_not_an_empty_report(client, officer_form):
    from tracker.assignments.operations import submit_report
    a, officer = officer_form
    save_figures(a, {"mo_hinh": "7"}, version=a.version, actor=officer, now=NOW)
    submit_report(a, note="", version=a.version, actor=officer, now=NOW, confirm_empty=False)
    assert a.status == "submitted"
