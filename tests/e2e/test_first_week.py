"""Issue 13 in Chromium: what a new user hit in the first week (the phone status table,
typed work kept across an expired session, confirmation of an empty report, an upload too
large answered on the form)."""
import pytest

from tests.e2e.conftest import PHONE, expect

pytestmark = pytest.mark.e2e

LEADER = "lanhdao.langson@demo.vn"
OFFICER = "donvi.sonoivu.langson@demo.vn"
SO_NOI_VU = "Sở Nội vụ tỉnh Lạng Sơn"


def test_the_leaders_status_table_fits_a_phone(open_session):
    """390 px: 'Quá hạn' and '% hoàn thành' are on screen, nothing scrolls sideways (the
    table used to scroll inside its box, with both columns off-screen)."""
    s = open_session(viewport=PHONE, user=LEADER)
    page = s.page
    s.goto("/status/")
    table = page.locator("table.status-table")
    expect(table).to_be_visible()
    for name in ("Quá hạn", "% hoàn thành"):
        header = table.get_by_role("columnheader", name=name, exact=True)
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    assert s.horizontal_overflow() == 0
    assert table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth") == 0
    s.shot("phone-status")
