"""Issue 13 point 7: a province's "phân công" link lists the assignments of its subtree,
as its row of the status table counts them (it said "Không có phân công nào")."""
import io
import re

import openpyxl

from tests.conftest import login
from tracker.extensions import db


def test_a_provinces_assignments_are_those_of_its_subtree(client, two_provinces, make_user,
                                                          make_directive, make_task,
                                                          make_assignment):
    c = two_provinces
    directive = make_directive(actor=c.users["coord_a"], number="33-CT/TU")
    task = make_task(directive=directive, actor=c.users["coord_a"],
                     title="Sơ kết 03 năm Chỉ thị 33")
    make_assignment(task=task, body=c.x)
    make_assignment(task=task, body=c.y, role="support")
    leader = make_user("leader", body=c.root)
    db.session.commit()
    login(client, leader)

    status = client.get("/status/").get_data(as_text=True)
    row = re.search(r'<a href="/status/bodies/%d[^"]*">Tỉnh Lào Cai</a>(.*?)</th>' % c.a.id,
                    status, re.S).group(1)
    link = re.search(r'href="([^"]+)">phân công<', row).group(1).replace("&amp;", "&")
    page = client.get(link).get_data(as_text=True)
    assert "Không có phân công nào" not in page
    assert page.count("Sơ kết 03 năm Chỉ thị 33") == 2
    assert "Sở Nội vụ" in page and "Sở Y tế" in page
    assert "Phân công của Tỉnh Lào Cai và các đơn vị trực thuộc" in page

    export = re.search(r'href="([^"]+export\.xlsx[^"]*)"', page).group(1).replace("&amp;", "&")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(export).data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert values.count("Sơ kết 03 năm Chỉ thị 33") == 2
    assert "Sở Nội vụ" in values and "Sở Y tế" in values

    # Given to the province itself (none here): the direct list stays what it was.
    direct = client.get(f"/status/bodies/{c.a.id}/assignments").get_data(as_text=True)
    assert "Không có phân công nào" in direct
