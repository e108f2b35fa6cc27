"""Fixtures of the figure tests: a task carrying a library template, assigned to bodies."""
import pytest

from tests.chain.conftest import chain_world  # noqa: F401  (the chain tests' world)
from tests.conftest import NOW
from tracker.extensions import db


@pytest.fixture
def figure_task(make_body, make_user, make_task):
    """make(template="dan_van_kheo", bodies=3) -> (task, template, [assignments], coord)."""
    from tracker.figures.templates import attach_template, copy_library_template
    from tracker.tasks.operations import assign_bodies

    def make(key="dan_van_kheo", bodies=3, *, province=None, kind="so_nganh", level="tinh",
             coordinator=None):
        province = province or make_body("Tỉnh Lạng Sơn")
        coordinator = coordinator or make_user("coordinator", body=province)
        task = make_task(actor=coordinator, kind="bao_cao_dinh_ky",
                         title="Báo cáo kết quả phong trào")
        template = copy_library_template(key, actor=coordinator, now=NOW)
        attach_template(task, template, actor=coordinator, now=NOW)
        units = [make_body(f"Đơn vị {i}", parent=province, kind=kind, level=level)
                 for i in range(bodies)] if isinstance(bodies, int) else bodies
        assignments = assign_bodies(task, units, lead=None, due_on=None, actor=coordinator,
                                    now=NOW)
        db.session.commit()
        return task, template, assignments, coordinator
    return make
