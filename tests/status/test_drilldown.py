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


def test_a_subtrees_count_is_the_histograms_and_the_rows_agree(client, two_provinces, make_user,
                                                              make_directive, make_task,
                                                              make_assignment):
    """The subtree's count comes from the status histogram (no count of the assignments)
    and equals the rows listed, whatever deadline filter; a filter the histogram cannot
    answer (the directive) counts the rows."""
    from datetime import date

    from tests.conftest import counted_queries
    c = two_provinces
    directive = make_directive(actor=c.users["coord_a"], number="33-CT/TU")
    for n, due in enumerate([date(2025, 3, 1), date(2025, 9, 1), date(2026, 2, 1),
                             date(2027, 5, 1)]):
        task = make_task(directive=directive, actor=c.users["coord_a"], title=f"Việc {n}",
                         due_on=due)
        make_assignment(task=task, body=c.x, due_on=due)
        if n % 2:
            make_assignment(task=task, body=c.y, due_on=due, role="support")
    leader = make_user("leader", body=c.root)
    db.session.commit()
    login(client, leader)
    base = f"/status/bodies/{c.a.id}/assignments?subtree=1"
    for query, listed in (("", 6), ("&year=2025", 3), ("&year=2025&half=2", 2),
                          ("&start=01/01/2026&end=31/12/2027", 3),
                          (f"&directive_id={directive.id}", 6)):
        with counted_queries() as statements:
            page = client.get(base + query).get_data(as_text=True)
        assert f"Tổng số: {listed}<" in page, query
        assert len(re.findall(r"Việc \d", page)) == listed, query
        counts = [s for s in statements if "count(" in s.lower() and "assignments" in s]
        assert bool(counts) == ("directive_id" in query), query
