"""The figure form: reading Vietnamese numbers, the rules, the version check, history."""
import pytest
from sqlalchemy import func, select

from tests.conftest import NOW
from tracker.core.errors import ConflictError, ValidationError
from tracker.extensions import db
from tracker.figures.indicators import Indicator, parse_value
from tracker.figures.models import FigureValue
from tracker.figures.operations import save_figures
from tracker.history.models import HistoryEntry

WHOLE = Indicator("n", "Số mô hình")
DECIMAL = Indicator("d", "Diện tích", type="decimal")
PERCENT = Indicator("p", "Tỷ lệ", type="percent")


@pytest.mark.parametrize("raw, indicator, expected", [
    ("1.234", WHOLE, 1_234_000), ("4.198", WHOLE, 4_198_000), ("12", WHOLE, 12_000),
    ("1,5", DECIMAL, 1_500), ("1.234,5", DECIMAL, 1_234_500), ("1 234", WHOLE, 1_234_000),
    (17, WHOLE, 17_000), (2.25, DECIMAL, 2_250), ("100", PERCENT, 100_000),
    ("", WHOLE, None),
])
def test_vietnamese_numbers(raw, indicator, expected):
    assert parse_value(indicator, raw, "x")[0] == expected


@pytest.mark.parametrize("raw, indicator, words", [
    ("12,5", WHOLE, "Số mô hình: cần một số nguyên"), ("-3", WHOLE, "không được là số âm"),
    ("101", PERCENT, "Tỷ lệ: tỷ lệ phải từ 0 đến 100"), ("abc", WHOLE, "không phải là một số"),
    ("1,2345", DECIMAL, "tối đa 3 chữ số thập phân"),
])
def test_bad_numbers_are_named(raw, indicator, words):
    with pytest.raises(ValueError, match=words):
        parse_value(indicator, raw, indicator.name)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_save_with_breakdowns_and_history(figure_task):
    task, template, [a, *_], coord = figure_task(bodies=1)
    officer = None
    cells = {"kinh_te/tap_the": "500", "kinh_te/ca_nhan": "997",
             "van_hoa_xa_hoi/tap_the": "1.000", "xay_dung_htct/ca_nhan": 861}
    changes = save_figures(a, {"mo_hinh": {"value": "3.358", "cells": cells},
                               "tin_bai": "2.500", "danh_gia": "Tốt"},
                           version=a.version, actor=coord, now=NOW)
    db.session.commit()
    values = {(v.indicator, v.cell): v.value for v in db.session.scalars(select(FigureValue))}
    assert values[("mo_hinh", "")] == 3_358_000
    assert values[("mo_hinh", "kinh_te/ca_nhan")] == 997_000
    # an empty cell of a filled breakdown is a zero
    assert values[("mo_hinh", "quoc_phong_an_ninh/tap_the")] == 0
    assert values[("tin_bai", "")] == 2_500_000
    assert "Số mô hình “Dân vận khéo” (Kinh tế – Cá nhân)" in changes
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.action == "figures"))
    assert entry.changes["Tin, bài, phóng sự tuyên truyền"] == [None, "2.500"]
    assert officer is None


def test_cells_alone_give_the_total(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    save_figures(a, {"mo_hinh": {"cells": {"kinh_te/tap_the": "1.781",
                                           "kinh_te/ca_nhan": "2.417"}}},
                 version=a.version, actor=coord, now=NOW)
    total = db.session.scalar(select(FigureValue.value).where(
        FigureValue.indicator == "mo_hinh", FigureValue.cell == ""))
    assert total == 4_198_000


def test_breakdown_that_does_not_add_up_names_indicator_and_difference(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    with pytest.raises(ValidationError) as error:
        save_figures(a, {"mo_hinh": {"value": "4.198", "cells": {
            "kinh_te/tap_the": "1.781", "kinh_te/ca_nhan": "2.317"}}, "tin_bai": "5"},
            version=a.version, actor=coord, now=NOW)
    db.session.rollback()
    assert error.value.errors["mo_hinh"] == (
        "Số mô hình “Dân vận khéo”: các ô phân tổ cộng lại 4.098, khác tổng 4.198 (lệch 100).")
    assert _count(FigureValue) == 0


@pytest.mark.parametrize("values, field, words", [
    ({"mo_hinh": "12,5"}, "mo_hinh", "cần một số nguyên"),
    ({"mo_hinh": "3", "khong_co": "1"}, "khong_co", "không có trong biểu mẫu"),
    ({"mo_hinh": {"value": "3", "cells": {"vu_tru/tap_the": "3"}}}, "mo_hinh.vu_tru/tap_the",
     "không có ô phân tổ"),
    ({"tin_bai": "4"}, "mo_hinh", "bắt buộc"),
    ({"mo_hinh": "-1"}, "mo_hinh", "không được là số âm"),
])
def test_bad_input_writes_nothing(figure_task, values, field, words):
    task, template, [a], coord = figure_task(bodies=1)
    with pytest.raises(ValidationError) as error:
        save_figures(a, values, version=a.version, actor=coord, now=NOW)
    db.session.rollback()
    assert words in error.value.errors[field]
    assert _count(FigureValue) == 0


def test_stale_form_is_refused(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    stale = a.version
    save_figures(a, {"mo_hinh": "3"}, version=stale, actor=coord, now=NOW)
    db.session.commit()
    with pytest.raises(ConflictError):
        save_figures(a, {"mo_hinh": "4"}, version=stale, actor=coord, now=NOW)
    db.session.rollback()
    assert db.session.scalar(select(FigureValue.value).where(
        FigureValue.cell == "", FigureValue.indicator == "mo_hinh")) == 3000


@pytest.mark.parametrize("raw", [float("inf"), float("nan"), 10**30, [1, 2], {"a": 1}, True,
                                 "1" * 60, "1..2", "--3"])
def test_odd_json_values_are_refused_cleanly(raw):
    with pytest.raises(ValueError, match="Số mô hình"):
        parse_value(WHOLE, raw, "Số mô hình")


def test_cells_that_are_not_a_mapping_are_refused(figure_task):
    task, template, [a], coord = figure_task(bodies=1)
    with pytest.raises(ValidationError) as error:
        save_figures(a, {"mo_hinh": {"value": 3, "cells": "kinh_te"}}, version=a.version,
                     actor=coord, now=NOW)
    assert "các ô phân tổ" in error.value.errors["mo_hinh"]
