"""A leader's weekly digest of the demo data, read in Chromium on a 390-pixel phone: one
column, nothing wider than the screen (issue 13 point 15)."""
import pytest

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def weekly_digest_html(live_server) -> str:
    """Compose (without sending or saving) the weekly digest of the leader whose scope
    holds the most overdue work in the demo data."""
    from tracker.core.time import utcnow, vn_today
    from tracker.reminders import queries
    from tracker.reminders.mails import compose
    from tracker.reminders.models import OutboxMail

    def html(session):
        now = utcnow()
        leaders = queries.leaders_with_overdue(vn_today(now))
        assert leaders, "the demo data has overdue work under a leader"
        user_id, email, path = max(leaders, key=lambda row: queries.overdue_count(
            row[2], vn_today(now)))
        row = OutboxMail(key="weekly_digest:-:phone", kind="weekly_digest",
                         recipient_id=user_id, recipient_email=email, note="")
        with live_server.app.test_request_context():
            message = compose(row, None, now=now)
        return message.get_body(("html",)).get_content()
    return live_server.query(html)


def test_the_weekly_digest_fits_a_phone(browser, live_server):
    html = weekly_digest_html(live_server)
    # A phone: without the viewport tag, Chromium lays the page out 980 pixels wide.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_content(html)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the digest is {width} px wide on a 390 px phone"
        # One column: every assignment's title starts at the left margin, full width.
        titles = page.locator("a[href*='/assignments/']")
        assert titles.count() > 3
        lefts = {round(titles.nth(i).bounding_box()["x"]) for i in range(titles.count())}
        assert max(lefts) < 30, lefts
    finally:
        context.close()
