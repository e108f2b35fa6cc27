"""Walk the calendar day by day over two months and check the exact sequence of mails:
weekends, a holiday deadline, an extension, a reassignment, completion, digests."""
from datetime import date, timedelta

from tests.conftest import NOW
from tracker.assignments import operations as work
from tracker.extensions import db
from tracker.reminders.operations import add_holiday
from tracker.reminders.passes import run_pass, simulated_now

PREFIXES = [("[Nhắc hạn]", "before"), ("[Đến hạn hôm nay]", "due_today"),
            ("[Quá hạn", "overdue"), ("[Bản sao", "overdue_copy"),
            ("[Báo cáo lãnh đạo]", "escalation"), ("[Tổng hợp ngày", "daily_digest"),
            ("[Tổng hợp tuần", "weekly_digest"), ("[Đồng ý gia hạn", "extension_granted"),
            ("[Đã tiếp nhận báo cáo]", "accepted"), ("[Báo cáo chờ tiếp nhận]", "submitted")]


def kind_of(subject: str) -> str:
    return next(kind for prefix, kind in PREFIXES if subject.startswith(prefix))


def finish(assignment, world, day):
    at = simulated_now(day) - timedelta(hours=1)
    work.submit_report(assignment, note="Đã hoàn thành", version=None, actor=world.officer
                       if assignment.body_id == world.body.id else world.other_officer, now=at)
    work.accept_report(assignment, note="", actor=world.coordinator, now=at)


def test_two_months_of_reminders(app, smtp, world):
    add_holiday(date(2027, 1, 1), "Tết Dương lịch", actor=None, now=NOW)
    world.other_officer.daily_digest = True
    a1 = world.assign(due_on=date(2027, 1, 1), title="Tổng kết năm 2026")        # holiday
    a2 = world.assign(due_on=date(2026, 12, 16), body=world.other_body,
                      title="Báo cáo 6 tháng cuối năm 2026")
    a3 = world.assign(due_on=date(2026, 12, 4), title="Sơ kết 03 năm Chỉ thị 33-CT/TU")
    db.session.commit()

    events = {
        date(2026, 12, 14): lambda: (
            work.decide_extension(work.request_extension(
                a2, {"requested_due_on": date(2026, 12, 23), "reason": "Chờ số liệu cấp xã"},
                actor=world.other_officer, now=simulated_now(date(2026, 12, 14))),
                a2, grant=True, note="", actor=world.coordinator,
                now=simulated_now(date(2026, 12, 14))),
            work.reassign(a3, world.other_body, reason="Sở Tư pháp phụ trách",
                          actor=world.coordinator, now=simulated_now(date(2026, 12, 14)))),
        date(2026, 12, 21): lambda: finish(a3, world, date(2026, 12, 21)),
        date(2026, 12, 22): lambda: finish(a2, world, date(2026, 12, 22)),
        date(2027, 1, 13): lambda: finish(a1, world, date(2027, 1, 13)),
    }
    seen = []
    day = date(2026, 12, 1)
    while day <= date(2027, 1, 31):
        if day in events:
            events[day]()
            db.session.commit()
        smtp.clear()
        run_pass(now=simulated_now(day), today=day)
        db.session.commit()
        seen += sorted((day.strftime("%d/%m"), kind_of(m["Subject"]), m["To"])
                       for m in smtp.messages)
        day += timedelta(days=1)

    noi_vu, tu_phap = "canbo@sonoivu.vn", "canbo@sotuphap.vn"
    coordinator, leader = "chuyenvien@laocai.vn", "lanhdao@laocai.vn"
    assert seen == [
        ("01/12", "before", noi_vu),            # a3: 3 days before 04/12
        ("03/12", "before", noi_vu),            # a3: 1 day before
        ("04/12", "due_today", noi_vu),         # a3
        ("07/12", "overdue", noi_vu),           # a3: 1st working day after the deadline
        ("07/12", "overdue_copy", coordinator),
        ("07/12", "weekly_digest", leader),
        ("09/12", "daily_digest", tu_phap),     # a2: 7 days before 16/12
        ("10/12", "overdue", noi_vu),           # a3: every 3 working days
        ("10/12", "overdue_copy", coordinator),
        ("11/12", "daily_digest", tu_phap),     # a2: 3 days before = Sunday -> Friday
        ("11/12", "escalation", leader),        # a3: 7 days overdue
        ("14/12", "extension_granted", tu_phap),  # a2: the mail on the decision
        ("14/12", "weekly_digest", leader),
        ("15/12", "daily_digest", tu_phap),     # a3 reassigned to Sở Tư pháp, overdue
        ("15/12", "overdue_copy", coordinator),
        ("16/12", "daily_digest", tu_phap),     # a2 extended to 23/12: 7 days before
        ("18/12", "daily_digest", tu_phap),     # a2 3 days before (Sunday); a3 overdue
        ("18/12", "overdue_copy", coordinator),
        ("21/12", "accepted", tu_phap),         # a3 done (the coordinator's mail on the
                                                # submission is not sent: accepted first)
        ("22/12", "accepted", tu_phap),         # a2 done
        ("25/12", "before", noi_vu),            # a1: 7 days before the 01/01 holiday
        ("29/12", "before", noi_vu),            # a1: 3 days before
        ("31/12", "before", noi_vu),            # a1: due on a holiday: the on-the-day
                                                # reminder comes the working day before,
                                                # saying "1 day left"
        ("04/01", "overdue", noi_vu),
        ("04/01", "overdue_copy", coordinator),
        ("04/01", "weekly_digest", leader),
        ("07/01", "overdue", noi_vu),
        ("07/01", "overdue_copy", coordinator),
        ("08/01", "escalation", leader),
        ("11/01", "weekly_digest", leader),
        ("12/01", "overdue", noi_vu),
        ("12/01", "overdue_copy", coordinator),
        ("13/01", "accepted", noi_vu),          # a1 done
    ]
