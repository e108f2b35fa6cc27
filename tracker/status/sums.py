"""Sums of the status histogram over ranges of deadlines.

The total comes from StatusTotal (a row per node and bucket), whole years from
StatusYearCount (a row per node, bucket and year), the days at the edges of a range from
StatusCount (a row per node, bucket and deadline). "Before today" is a range like any other,
so the figures still change at midnight without any write, and a national page reads a few
rows per province instead of one per deadline.
"""
from collections import defaultdict
from datetime import date
from functools import lru_cache

from sqlalchemy import Date, Integer, and_, bindparam, case, func, literal, or_, select, union_all

from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.status.models import BUCKETS, StatusCount, StatusTotal, StatusYearCount

# A range of deadlines [start, end); None leaves that side open.
Range = tuple[date | None, date | None]
OPEN = ("open_not_started", "open_started")
TOTALS, YEARS, DAYS = (StatusTotal.__table__.c, StatusYearCount.__table__.c,
                       StatusCount.__table__.c)


def intersect(a: Range, b: Range) -> Range:
    """Two ranges of deadlines [start, end) (None: open on that side) as one."""
    starts = [d for d in (a[0], b[0]) if d is not None]
    ends = [d for d in (a[1], b[1]) if d is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def split(start: date | None, end: date | None):
    """[start, end) as whole years (first, last) (None: open on that side; no year at all:
    None) and ranges of days (lo, hi, sign) to add (+1) or take away (-1). A part of a year
    is read day by day, or as the whole year minus the rest of it when that is shorter:
    "before 22 November" reads the 40 days left of the year, not the 325 gone."""
    if start is not None and end is not None and start >= end:
        return None, []
    first = None if start is None else (start.year if (start.month, start.day) == (1, 1)
                                        else start.year + 1)
    last = None if end is None else end.year - 1
    pieces = []  # parts of one year each, outside the whole years
    if first is not None and last is not None and first > last:
        lo, hi = start, end
        while lo < hi:
            cut = min(hi, date(lo.year + 1, 1, 1))
            pieces.append((lo, cut))
            lo = cut
    else:
        if start is not None and start < date(first, 1, 1):
            pieces.append((start, date(first, 1, 1)))
        if end is not None and date(last + 1, 1, 1) < end:
            pieces.append((date(last + 1, 1, 1), end))
    days, years = [], set()
    for lo, hi in pieces:
        year_start, year_end = date(lo.year, 1, 1), date(lo.year + 1, 1, 1)
        if (lo - year_start) + (year_end - hi) < hi - lo:
            years.add(lo.year)
            days += [(a, b, -1) for a, b in ((year_start, lo), (hi, year_end)) if a < b]
        else:
            days.append((lo, hi, 1))
    if first is None or last is None or first <= last:
        low = first if first is None else min([first, *years])
        high = last if last is None else max([last, *years])
        return (low, high), days
    if years:
        return (min(years), max(years)), days
    return None, days


def terms(start: date | None, end: date | None):
    """[start, end) as the total (1 or 0), whole years ((first, last), sign) or None, and
    days [(lo, hi, sign)]. A range open towards the past is the total minus what comes
    after it: "before today" reads the years and days still to come, not every year gone."""
    if start is None:
        if end is None:
            return 1, None, []
        years, days = split(end, None)
        return 1, (None if years is None else (years, -1)), [(lo, hi, -s) for lo, hi, s in days]
    years, days = split(start, end)
    return 0, (None if years is None else (years, 1)), days


def sums(node: Body, ranges: dict[str, tuple[Range, tuple[str, ...]]], *,
         children: bool = False) -> dict:
    """{(node_id, bucket): {range name: n}} for `node` (and each of its children, with
    `children`) over named ranges of deadlines, each counting some buckets. One statement
    whatever the data size, built once for each shape of ranges and then only executed."""
    shape, params, spans, year_spans = [], {"node": node.id}, [], []
    for i, (bounds, buckets) in enumerate(ranges.values()):
        total, years, days = terms(*bounds)
        if years is not None:
            (first, last), sign = years
            params |= {f"first{i}": first, f"last{i}": last}
            year_spans.append((first, last))
            years = (first is not None, last is not None, sign)
        for j, (lo, hi, _) in enumerate(days):
            params |= {f"lo{i}_{j}": lo, f"hi{i}_{j}": hi}
            spans.append((lo, hi))
        shape.append((tuple(buckets), total, years, tuple(sign for *_, sign in days)))
    if spans:
        params |= {"lo": min(lo for lo, _ in spans), "hi": max(hi for _, hi in spans)}
    # The envelope of the years read: open on a side if any range is.
    firsts, lasts = [f for f, _ in year_spans], [la for _, la in year_spans]
    first = None if not firsts or None in firsts else min(firsts)
    last = None if not lasts or None in lasts else max(lasts)
    params |= {"first": first, "last": last}
    statement = _statement(tuple(shape), children, first is not None, last is not None)
    result: dict = defaultdict(lambda: dict.fromkeys(ranges, 0))
    if statement is None:
        return result
    names = list(ranges)
    for node_id, bucket, *values in db.session.execute(statement, params):
        cell = result[(node_id, bucket)]
        for name, value in zip(names, values, strict=True):
            cell[name] += int(value or 0)
    return result


@lru_cache(maxsize=256)
def _statement(shape, children: bool, has_first: bool, has_last: bool):
    """The SELECT ... UNION ALL SELECT ... for one shape of ranges, with bound parameters."""
    def nodes(c):
        if not children:
            return c.node_id == bindparam("node")
        return c.node_id.in_(select(Body.id).where(
            or_(Body.id == bindparam("node"), Body.parent_id == bindparam("node"))))

    def of(c, buckets):
        return [] if set(buckets) == set(BUCKETS) else [c.bucket.in_(buckets)]

    def summed(c, within, sign=1):
        n = c.n if sign > 0 else -c.n
        return func.sum(case((and_(*within), n), else_=0)) if within else func.sum(n)

    overall, yearly, daily = [], [], []
    for i, (buckets, total, years, signs) in enumerate(shape):
        overall.append(summed(TOTALS, of(TOTALS, buckets)) if total else literal(0))
        if years is None:
            yearly.append(literal(0))
        else:
            from_year, to_year, sign = years
            yearly.append(summed(YEARS, [
                *of(YEARS, buckets),
                *([YEARS.year >= bindparam(f"first{i}", type_=Integer)] if from_year else []),
                *([YEARS.year <= bindparam(f"last{i}", type_=Integer)] if to_year else [])],
                sign))
        whens = []
        for sign in (1, -1):
            found = [and_(DAYS.deadline >= bindparam(f"lo{i}_{j}", type_=Date),
                          DAYS.deadline < bindparam(f"hi{i}_{j}", type_=Date))
                     for j, s in enumerate(signs) if s == sign]
            if found:
                whens.append((and_(*of(DAYS, buckets), or_(*found)),
                              DAYS.n if sign > 0 else -DAYS.n))
        daily.append(func.sum(case(*whens, else_=0)) if whens else literal(0))
    parts = []
    if any(total for _, total, _, _ in shape):
        parts.append(select(TOTALS.node_id, TOTALS.bucket, *overall).where(nodes(TOTALS))
                     .group_by(TOTALS.node_id, TOTALS.bucket))
    # Years and days bucket by bucket, within the envelope of the ranges: the primary keys
    # (node, bucket, year or deadline) are then searched by range, not read for every year
    # or deadline of a node.
    for bucket in sorted({b for buckets, _, years, _ in shape if years for b in buckets}):
        parts.append(select(YEARS.node_id, YEARS.bucket, *yearly)
                     .where(nodes(YEARS), YEARS.bucket == bucket,
                            *([YEARS.year >= bindparam("first", type_=Integer)]
                              if has_first else []),
                            *([YEARS.year <= bindparam("last", type_=Integer)]
                              if has_last else []))
                     .group_by(YEARS.node_id, YEARS.bucket))
    if any(signs for *_, signs in shape):
        for bucket in sorted({b for buckets, _, _, signs in shape if signs for b in buckets}):
            parts.append(select(DAYS.node_id, DAYS.bucket, *daily)
                         .where(nodes(DAYS), DAYS.bucket == bucket,
                                DAYS.deadline >= bindparam("lo", type_=Date),
                                DAYS.deadline < bindparam("hi", type_=Date))
                         .group_by(DAYS.node_id, DAYS.bucket))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union_all(*parts)
