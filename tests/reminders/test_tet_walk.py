"""Walk day by day over Tết 2027 (days off Thursday 04/02 to Wednesday 10/02) with
offsets 14, 7, 3 and 1 days, a Saturday deadline, a deadline inside Tết, a daily digest
user, an extension and a completion. The expected mails are predicted below from the
policy as the README states it, walking forward day by day, without the planner's
inverse rules (schedule.py).
"""
from datetime import date, timedelta

from tests.conftest import NOW
from tracker.extensions import db
from tracker.reminders import queries
from tracker.reminders.operations import update_policy
from tracker.reminders.passes import run_pass, simulated_now

START, END = date(2027, 1, 11), date(2027, 3, 5)
TET_2027 = {date(2027, 2, 4) + timedelta(days=i) for i in range(7)}  # 29 Tết .. mùng 5
OFFSETS = [14, 7, 3, 1]
EVERY, ESCALATE = 3, 7
NOI_VU, TU_PHAP = "canbo@sonoivu.vn", "canbo@sotuphap.vn"
COORDINATOR, LEADER = "chuyenvien@laocai.vn", "lanhdao@laocai.vn"


# ---- the prediction: the rules in plain words ------------------------------------------
def working(day):
    """Monday to Friday, except Tết."""
    return day.weekday() < 5 and day not in TET_2027


def on_or_before(day):
    """A reminder that falls on a day off goes out on the working day before."""
    while not working(day):
        day -= timedelta(days=1)
    return day


def days(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def predict(plan):
    """plan: title -> (body email, digest user?, deadline on each day, done on)."""
    mails, digests = [], {}
    for day in filter(working, days(START, END)):
        for title, (to, digest, deadline_on, done_on) in plan.items():
            if done_on is not None and day >= done_on:
                continue
            due = deadline_on(day)
            said = None
            # Before the deadline: for each offset (and the day itself), on that day or
            # the working day before it; one mail, the most urgent, when two coincide.
            for k in sorted(OFFSETS + [0]):
                if due >= day and on_or_before(due - timedelta(days=k)) == day:
                    left = (due - day).days
                    said = "[Đến hạn hôm nay]" if left == 0 else f"[Nhắc hạn] Còn {left} ngày"
                    break
            # Overdue: the 1st working day after the deadline, then every 3rd.
            if due < day:
                n = sum(working(d) for d in days(due + timedelta(days=1), day))
                if (n - 1) % EVERY == 0:
                    said = f"[Quá hạn {(day - due).days} ngày]"
                    mails.append((day, COORDINATOR,
                                  f"[Bản sao – quá hạn {(day - due).days} ngày]", title))
                # Leaders: once, on the first working day at least 7 days after it.
                if (day - due).days >= ESCALATE and not any(
                        working(d) for d in days(due + timedelta(days=ESCALATE), day)[:-1]):
                    mails.append((day, LEADER, "[Báo cáo lãnh đạo]", title))
            if said and digest:
                digests.setdefault(day, set())
            elif said:
                mails.append((day, to, said, title))
        # Weekly digest: first working day of each week, when something is overdue.
        first_of_week = not any(working(d) for d in days(
            day - timedelta(days=day.weekday()), day - timedelta(days=1)))
        if first_of_week and any(
                plan[t][2](day) < day and (plan[t][3] is None or day < plan[t][3])
                for t in plan):
            mails.append((day, LEADER, "[Tổng hợp tuần]", None))
    for day in digests:
        # A digest lists the body's open work that is overdue or whose first reminder
        # (14 days before, or the working day before that) has come.
        digests[day] = {t for t, (to, digest, deadline_on, done_on) in plan.items()
                        if digest and (done_on is None or day < done_on)
                        and on_or_before(deadline_on(day) - timedelta(days=max(OFFSETS)))
                        <= day}
        mails.append((day, TU_PHAP, "[Tổng hợp ngày]", None))
    return sorted(mails, key=str), digests


# ---- the walk ----------------------------------------------------------------------------
def label(message, titles):
    subject = message["Subject"]
    title = next((t for t in titles if t in subject), None)
    if title is None:
        return " ".join(subject.split(" ")[:3]) + "]", None  # "[Tổng hợp ngày]"
    said = subject.replace(title, "").rstrip(": ").strip()
    if said.startswith("[Bản sao"):
        said = said.split("]")[0] + "]"
    if said.startswith("[Báo cáo lãnh đạo]"):
        said = "[Báo cáo lãnh đạo]"
    return said, title


def test_tet_2027_day_by_day(app, smtp, world):
    update_policy({"before_days": "14,7,3,1", "overdue_every_working_days": EVERY,
                   "escalate_after_days": ESCALATE, "send_hour": 7, "send_minute": 30,
                   "digest_weekday": 0, "digest_hour": 7}, actor=None, now=NOW)
    # The package's Tết is the one predicted.
    assert {d for d in days(START, END) if not queries.work_calendar().is_working(d)
            and d.weekday() < 5} == {d for d in TET_2027 if d.weekday() < 5}
    world.other_officer.daily_digest = True
    saturday = world.assign(due_on=date(2027, 1, 30), title="Báo cáo quý IV")
    world.assign(due_on=date(2027, 2, 11), body=world.other_body, title="Kế hoạch năm 2027")
    in_tet = world.assign(due_on=date(2027, 2, 9), title="Chúc Tết các già làng")
    world.assign(due_on=date(2027, 2, 26), body=world.other_body, title="Sơ kết quý I")
    db.session.commit()
    extended_on, new_deadline = date(2027, 2, 15), date(2027, 3, 3)
    done_on = date(2027, 2, 17)

    events = {
        extended_on: lambda: world.extend(
            saturday, new_deadline, at=simulated_now(extended_on) - timedelta(hours=1)),
        done_on: lambda: world.finish(in_tet, at=simulated_now(done_on) - timedelta(hours=1)),
    }
    titles = ["Báo cáo quý IV", "Kế hoạch năm 2027", "Chúc Tết các già làng", "Sơ kết quý I"]
    seen, digest_items, notices = [], {}, set()
    for day in days(START, END):
        if day in events:
            events[day]()
            db.session.commit()
        smtp.clear()
        run_pass(now=simulated_now(day), today=day)
        db.session.commit()
        for message in smtp.messages:
            said, title = label(message, titles)
            seen.append((day, message["To"], said, title))
            text = message.get_body(("plain",)).get_content()
            if said == "[Tổng hợp ngày]":
                digest_items[day] = {t for t in titles if f"- {t} " in text}
            if "Lưu ý: từ 04/02/2027 đến 10/02/2027 là kỳ nghỉ Tết Nguyên Đán" in text:
                notices.add(day)

    plan = {
        "Báo cáo quý IV": (NOI_VU, False, lambda d: new_deadline if d >= extended_on
                           else date(2027, 1, 30), None),
        "Kế hoạch năm 2027": (TU_PHAP, True, lambda d: date(2027, 2, 11), None),
        "Chúc Tết các già làng": (NOI_VU, False, lambda d: date(2027, 2, 9), done_on),
        "Sơ kết quý I": (TU_PHAP, True, lambda d: date(2027, 2, 26), None),
    }
    expected, expected_digests = predict(plan)
    # And the mails on the two events, to the officer of Sở Nội vụ (the coordinator's mail
    # on the submission is not sent: the report was accepted before it went out).
    expected = sorted(expected + [
        (extended_on, NOI_VU, "[Đồng ý gia hạn đến 03/03/2027]", "Báo cáo quý IV"),
        (done_on, NOI_VU, "[Đã tiếp nhận báo cáo]", "Chúc Tết các già làng")], key=str)
    assert sorted(seen, key=str) == expected
    assert digest_items == expected_digests
    # Every mail of the day before Tết says that Tết follows; no other day's does.
    assert notices == {date(2027, 2, 3)}
    # Spot checks of the prediction itself, so that it cannot drift unnoticed.
    assert (date(2027, 1, 29), NOI_VU, "[Nhắc hạn] Còn 1 ngày", "Báo cáo quý IV") in seen
    assert (date(2027, 2, 3), NOI_VU, "[Nhắc hạn] Còn 6 ngày",
            "Chúc Tết các già làng") in seen
    assert date(2027, 2, 3) in expected_digests and \
        "Kế hoạch năm 2027" in digest_items[date(2027, 2, 3)]
    assert (date(2027, 2, 11), LEADER, "[Tổng hợp tuần]", None) in seen
