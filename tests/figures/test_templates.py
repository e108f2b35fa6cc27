"""Templates: the library, versions once bodies reported, indicators with values kept;
dialogue indicators fed by the recorded dialogues."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import NOW
from tracker.assignments.operations import record_dialogue
from tracker.core.errors import CONFLICT_MESSAGE, EditConflict, ValidationError
from tracker.extensions import db
from tracker.figures.indicators import check_definition
from tracker.figures.library import LIBRARY
from tracker.figures.models import FigureValue, IndicatorTemplateVersion
from tracker.figures.operations import save_figures
from tracker.figures.templates import update_template


@pytest.mark.parametrize("key", LIBRARY)
def test_library_templates_are_valid(key):
    assert check_definition(LIBRARY[key]["indicators"]) == LIBRARY[key]["indicators"]


def _definition(template):
    return db.session.scalar(select(IndicatorTemplateVersion.indicators).where(
        IndicatorTemplateVersion.template_id == template.id,
        IndicatorTemplateVersion.number == template.current_number))


def test_edit_before_any_value_changes_the_version_in_place(figure_task):
    task, template, _, coord = figure_task(bodies=1)
    indicators = _definition(template)[:-1]  # drop the text indicator
    update_template(template, {"name": template.name, "indicators": indicators},
                    version=template.version, actor=coord, now=NOW)
    assert template.current_number == 1
    assert len(_definition(template)) == len(LIBRARY["dan_van_kheo"]["indicators"]) - 1


def test_edit_after_values_makes_a_new_version_and_old_entries_keep_theirs(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    save_figures(a, {"mo_hinh": "10"}, version=a.version, actor=coord, now=NOW)
    first = db.session.scalar(select(FigureValue.template_version_id))
    indicators = _definition(template) + [
        {"code": "hoi_thi", "name": "Hội thi “Dân vận khéo”", "unit": "cuộc"}]
    update_template(template, {"name": template.name, "indicators": indicators},
                    version=template.version, actor=coord, now=NOW)
    db.session.commit()
    assert template.current_number == 2
    assert db.session.scalar(select(FigureValue.template_version_id)) == first
    save_figures(a, {"mo_hinh": "10", "hoi_thi": "2"}, version=a.version, actor=coord,
                 now=NOW)
    versions = set(db.session.scalars(select(FigureValue.template_version_id)))
    assert versions == {db.session.scalar(select(IndicatorTemplateVersion.id).where(
        IndicatorTemplateVersion.number == 2))}


def test_removing_an_indicator_with_values_is_refused(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    save_figures(a, {"mo_hinh": "10", "tin_bai": "3"}, version=a.version, actor=coord,
                 now=NOW)
    db.session.commit()
    indicators = [i for i in _definition(template) if i["code"] != "tin_bai"]
    with pytest.raises(ValidationError, match="tin_bai"):
        update_template(template, {"name": template.name, "indicators": indicators},
                        version=template.version, actor=coord, now=NOW)
    db.session.rollback()
    assert template.current_number == 1


def _dialogue(a, actor, level, people, raised=3, settled=2):
    record_dialogue(a, {"held_on": date(2021, 5, 1), "level": level, "host": "Bí thư",
                        "place": "Hội trường", "participants": people,
                        "opinions_raised": raised, "opinions_settled": settled},
                    actor=actor, now=NOW)


def test_recorded_dialogues_feed_the_dialogue_indicators(figure_task, make_user):
    task, template, [a], coord = figure_task("doi_thoai", bodies=1)
    officer = make_user("officer", body=db.session.get(type(coord.body), a.body_id))
    _dialogue(a, officer, "xa", 60)
    _dialogue(a, officer, "xa", 40)
    _dialogue(a, officer, "tinh", 120)
    db.session.commit()
    values = {(v.indicator, v.cell): v.value for v in db.session.scalars(select(FigureValue))}
    assert values[("so_cuoc", "")] == 3000 and values[("so_cuoc", "xa")] == 2000
    assert values[("so_nguoi", "")] == 220_000 and values[("so_nguoi", "tinh")] == 120_000
    # Typing another number is refused, naming the indicator; the same number is fine.
    with pytest.raises(ValidationError) as error:
        save_figures(a, {"so_cuoc": "5", "so_nguoi": "220"}, version=a.version,
                     actor=officer, now=NOW)
    db.session.rollback()
    assert "Số cuộc đối thoại: lấy từ các cuộc đối thoại đã ghi nhận (3)" in \
        error.value.errors["so_cuoc"]
    save_figures(a, {"so_cuoc": "3", "da_to_chuc": "Có"}, version=a.version, actor=officer,
                 now=NOW)
    assert db.session.scalar(select(FigureValue.source).where(
        FigureValue.indicator == "so_cuoc", FigureValue.cell == "")) == "dialogues"


def test_editor_rows_keep_codes_of_options_that_keep_their_name():
    from tracker.figures.editor import definition, rows_of
    previous = LIBRARY["dan_van_kheo"]["indicators"]
    rows = rows_of(previous)
    rows[0]["breakdowns"] = rows[0]["breakdowns"].replace("Kinh tế", "Kinh tế; Môi trường")
    rows[0]["name"] = "Mô hình “Dân vận khéo” (đổi tên)"
    result = check_definition(definition(rows, previous))
    fields = result[0]["breakdowns"][0]["options"]
    assert [o["code"] for o in fields] == ["kinh_te", "moi_truong", "van_hoa_xa_hoi",
                                           "quoc_phong_an_ninh", "xay_dung_htct"]
    assert result[0]["code"] == "mo_hinh"
    assert result[1:] == previous[1:]


def test_template_page_saves_a_new_indicator(client, figure_task):
    from tests.conftest import login, post
    task, template, [a], coord = figure_task(bodies=1)
    login(client, coord)
    page = client.get(f"/figure-templates/{template.id}").get_data(as_text=True)
    assert "Lĩnh vực: Kinh tế; Văn hóa – xã hội" in page
    from tracker.figures.editor import rows_of
    form = {"name": template.name, "description": "", "version": str(template.version)}
    rows = rows_of(_definition(template)) + [{"code": "", "name": "Hội thi", "unit": "cuộc",
                                               "type": "integer", "required": False,
                                               "source": "", "breakdowns": ""}]
    for n, row in enumerate(rows):
        form.update({f"i-{n}-{k}": ("1" if v else "") if k == "required" else v
                     for k, v in row.items()})
    response = post(client, f"/figure-templates/{template.id}", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert [i["code"] for i in _definition(template)][-1] == "hoi_thi"


def test_a_stale_form_or_template_is_the_one_edit_conflict(figure_task):
    """The figure form and the template editor answer a stale version with the conflict
    every other edit answers (core/errors.py), not a wording of their own."""
    task, template, [a], coord = figure_task(bodies=1)
    with pytest.raises(EditConflict) as refused:
        save_figures(a, {"mo_hinh": "1"}, version=a.version - 1, actor=coord, now=NOW)
    assert refused.value.status == 409
    assert refused.value.errors == {"version": str(CONFLICT_MESSAGE)}
    with pytest.raises(EditConflict) as refused:
        update_template(template, {"name": template.name, "indicators": _definition(template)},
                        version=template.version - 1, actor=coord, now=NOW)
    assert refused.value.errors == {"version": str(CONFLICT_MESSAGE)}
