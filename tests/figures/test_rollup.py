"""Roll-up: recounted on random bodies and figures against sums done here; the article
sentences reproduced from figures entered as the bodies would; statements constant."""
import random
from datetime import date

import pytest

from tests.conftest import NOW, counted_queries, login
from tracker.assignments.operations import accept_report, record_dialogue, submit_report
from tracker.core.errors import ValidationError
from tracker.extensions import db
from tracker.figures.indicators import format_number
from tracker.figures.operations import save_figures
from tracker.figures.queries import form_of_task
from tracker.figures.rollup import rollup_of_task

LEVELS, KINDS = ["tinh", "huyen", "xa"], ["so_nganh", "cap_uy", "mttq", "dia_phuong"]


def _finish(a, actor, status):
    """Bring an assignment to `status` through the real workflow."""
    if status in ("submitted", "done"):
        submit_report(a, note="", version=None, actor=actor, now=NOW)
    if status == "done":
        accept_report(a, note="", actor=actor, now=NOW)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_rollup_recount_on_random_bodies_and_figures(seed, make_body, figure_task):
    rng = random.Random(seed)
    province = make_body("Tỉnh Lào Cai")
    bodies = [make_body(f"Đơn vị {i}", parent=province, kind=rng.choice(KINDS),
                        level=rng.choice(LEVELS)) for i in range(rng.randint(3, 25))]
    task, template, assignments, coord = figure_task(bodies=bodies, province=province)
    indicators = form_of_task(task.id).indicators
    expected = {"accepted": {}, "submitted": {}}
    by_level, by_kind = {}, {}
    for a in assignments:
        body = db.session.get(type(province), a.body_id)
        status = rng.choice(["not_started", "in_progress", "submitted", "done", "done"])
        values, cells = {}, {}
        if status != "not_started":
            for indicator in indicators:
                if indicator.type == "text" or (not indicator.required and rng.random() < .3):
                    continue
                if indicator.breakdowns and rng.random() < .7:
                    split = {key: rng.randint(0, 500) for key, _ in indicator.cells()}
                    values[indicator.code] = {"cells": {k: format_number(v * 1000)
                                                        for k, v in split.items()}}
                    cells.update({(indicator.code, k): v * 1000 for k, v in split.items()})
                    cells[(indicator.code, "")] = sum(split.values()) * 1000
                else:
                    n = rng.randint(0, 5000)
                    values[indicator.code] = format_number(n * 1000)  # "1.234"
                    cells[(indicator.code, "")] = n * 1000
            save_figures(a, values, version=a.version, actor=coord, now=NOW)
            _finish(a, coord, status)
        bucket = {"done": "accepted", "submitted": "submitted"}.get(status)
        for key, value in cells.items():
            if bucket:
                expected[bucket][key] = expected[bucket].get(key, 0) + value
            if bucket == "accepted":
                by_level.setdefault(body.level, {}).setdefault(key, 0)
                by_level[body.level][key] += value
                by_kind.setdefault(body.kind, {}).setdefault(key, 0)
                by_kind[body.kind][key] += value
    db.session.commit()
    roll = rollup_of_task(coord, task)
    assert roll.accepted_sums == expected["accepted"]
    assert roll.submitted_sums == expected["submitted"]
    assert roll.by_level == by_level and roll.by_kind == by_kind
    assert len(roll.rows) == len(assignments)
    assert {r.assignment.id for r in roll.missing} == {
        a.id for a in assignments if a.status not in ("submitted", "done")}


def test_lang_son_2020_dan_van_kheo_sentence(make_body, figure_task):
    """"4.198 mô hình Dân vận khéo: 1.781 tập thể, 2.417 cá nhân" (Lạng Sơn 2020), from
    eleven districts' and the departments' forms."""
    matrix = {"kinh_te": (700, 797), "van_hoa_xa_hoi": (500, 722),
              "quoc_phong_an_ninh": (250, 368), "xay_dung_htct": (331, 530)}
    province = make_body("Tỉnh Lạng Sơn")
    bodies = [make_body(f"Huyện ủy {i}", parent=province, kind="cap_uy", level="huyen")
              for i in range(11)] + [make_body(f"Sở {i}", parent=province, kind="so_nganh")
                                     for i in range(4)]
    task, template, assignments, coord = figure_task(bodies=bodies, province=province)
    rng = random.Random(2020)
    shares = {(field, holder): _split(rng, n, len(bodies)) for field, pair in matrix.items()
              for holder, n in zip(("tap_the", "ca_nhan"), pair, strict=True)}
    for i, a in enumerate(assignments):
        cells = {f"{f}/{h}": format_number(parts[i] * 1000)
                 for (f, h), parts in shares.items()}
        save_figures(a, {"mo_hinh": {"cells": cells}}, version=a.version, actor=coord, now=NOW)
        _finish(a, coord, "done")
    db.session.commit()
    roll = rollup_of_task(coord, task)
    mo_hinh = roll.form.indicator("mo_hinh")
    sentence = (f"{format_number(roll.aggregate(mo_hinh))} mô hình Dân vận khéo: "
                f"{format_number(roll.margin(mo_hinh, 1, 'tap_the'))} tập thể, "
                f"{format_number(roll.margin(mo_hinh, 1, 'ca_nhan'))} cá nhân")
    assert sentence == "4.198 mô hình Dân vận khéo: 1.781 tập thể, 2.417 cá nhân"
    fields = [format_number(roll.margin(mo_hinh, 0, f)) for f in matrix]
    assert fields == ["1.497", "1.222", "618", "861"]


def _split(rng, total, parts, least=0):
    """`total` in `parts` random parts of at least `least` each."""
    spare = total - least * parts
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    return [least + b - a for a, b in zip([0] + cuts, cuts + [spare], strict=True)]


def test_lao_cai_2021_dialogue_sentence(make_body, make_user, figure_task):
    """Lào Cai, 6 tháng đầu năm 2021 (seed 003): "176 cuộc tiếp xúc, đối thoại trực tiếp với
    10.948 người tham gia, trong đó: Cấp tỉnh 01 cuộc/120 người; cấp huyện 16 cuộc/1.770
    người; cấp xã, phường, thị trấn 169 cuộc/9.058 người". Every part is reproduced from
    dialogues recorded by the bodies that held them, and so are the 10.948 people (120 +
    1.770 + 9.058). The article's own total of dialogues does not add up: its parts make 1 +
    16 + 169 = 186, ten more than its 176, so the roll-up of the parts says 186; a form typed
    as the article reads (176 with those parts) is refused, naming the difference; the
    article's 176 alone, without the parts, is what a province can report as written."""
    province = make_body("Tỉnh Lào Cai")
    rng = random.Random(2021)
    plan = [("Tỉnh ủy Lào Cai", "cap_uy", "tinh", "tinh", 1, 120)]
    for word, level, count, people, bodies in (("Huyện ủy", "huyen", 16, 1770, 8),
                                               ("Đảng ủy xã", "xa", 169, 9058, 20)):
        plan += [(f"{word} {i}", "cap_uy", level, level, n, p) for i, (n, p) in enumerate(zip(
            _split(rng, count, bodies, 1), _split(rng, people, bodies, 20), strict=True))]
    bodies = [make_body(name, parent=province, kind=kind, level=level)
              for name, kind, level, *_ in plan]
    task, template, assignments, coord = figure_task("doi_thoai", bodies=bodies,
                                                     province=province)
    for a, (name, _, _, dialogue_level, count, people) in zip(assignments, plan, strict=True):
        officer = make_user("officer", body=db.session.get(type(province), a.body_id))
        for n in _split(rng, people, count, 1):
            record_dialogue(a, {"held_on": date(2021, 5, 15), "level": dialogue_level,
                                "host": "Bí thư", "place": name, "participants": n,
                                "opinions_raised": 2, "opinions_settled": 1},
                            actor=officer, now=NOW)
        save_figures(a, {"da_to_chuc": "Có"}, version=a.version, actor=officer, now=NOW)
        _finish(a, coord, "done")
    db.session.commit()
    roll = rollup_of_task(coord, task)
    so_cuoc, so_nguoi = roll.form.indicator("so_cuoc"), roll.form.indicator("so_nguoi")

    def pair(level):
        return (f"{format_number(roll.aggregate(so_cuoc, level))}/"
                f"{format_number(roll.aggregate(so_nguoi, level))}")
    sentence = (f"{format_number(roll.aggregate(so_cuoc))} cuộc đối thoại, "
                f"{format_number(roll.aggregate(so_nguoi))} lượt người — cấp tỉnh "
                f"{pair('tinh')}, cấp huyện {pair('huyen')}, cấp xã {pair('xa')}")
    parts = "cấp tỉnh 1/120, cấp huyện 16/1.770, cấp xã 169/9.058"  # the article's own
    assert sentence == f"186 cuộc đối thoại, 10.948 lượt người — {parts}"
    assert 1 + 16 + 169 == 176 + 10 and 120 + 1770 + 9058 == 10948
    # The province adopting these sums and typing the article's 176 is told why not.
    other, _, [report], _ = figure_task("doi_thoai", bodies=1, coordinator=coord,
                                        province=province)
    with pytest.raises(ValidationError) as error:
        save_figures(report, {"so_cuoc": {"value": "176", "cells": {
            "tinh": "1", "huyen": "16", "xa": "169"}}}, version=report.version, actor=coord,
            now=NOW)
    assert "lệch 10" in error.value.errors["so_cuoc"]
    # The article's totals as written, without the parts that contradict them.
    save_figures(report, {"so_cuoc": "176", "so_nguoi": "10.948"}, version=report.version,
                 actor=coord, now=NOW)
    _finish(report, coord, "done")
    db.session.commit()
    written = rollup_of_task(coord, other)
    assert (format_number(written.aggregate(written.form.indicator("so_cuoc"))),
            format_number(written.aggregate(written.form.indicator("so_nguoi")))) \
        == ("176", "10.948")


def test_rollup_page_statements_do_not_grow_with_bodies(app, make_body, figure_task):
    counts = []
    for n in (3, 30):
        province = make_body(f"Tỉnh {n}")
        task, template, assignments, coord = figure_task(bodies=n, province=province)
        for a in assignments:
            save_figures(a, {"mo_hinh": {"cells": {"kinh_te/tap_the": "3"}}, "tin_bai": "1"},
                         version=a.version, actor=coord, now=NOW)
            _finish(a, coord, "done")
        db.session.commit()
        client = login(app.test_client(), coord)
        with counted_queries() as statements:
            response = client.get(f"/tasks/{task.id}/rollup")
        assert response.status_code == 200
        assert f"{n * 3}" in response.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_free_figures_never_enter_the_rollup(make_body, figure_task):
    from tracker.assignments.operations import set_figure
    task, template, [a, b], coord = figure_task(bodies=2)
    save_figures(a, {"mo_hinh": "5"}, version=a.version, actor=coord, now=NOW)
    # A free figure named like the indicator, on both assignments.
    set_figure(a, {"name": "Số mô hình “Dân vận khéo”", "unit": "mô hình", "value": 900},
               actor=coord, now=NOW)
    set_figure(b, {"name": "mo_hinh", "unit": "", "value": 77}, actor=coord, now=NOW)
    for x in (a, b):
        _finish(x, coord, "done")
    db.session.commit()
    roll = rollup_of_task(coord, task)
    assert roll.accepted_sums == {("mo_hinh", ""): 5000}
