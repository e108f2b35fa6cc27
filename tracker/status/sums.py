"""Sums of the status histogram over ranges of deadlines.

Whole years come from StatusYearCount (a row per node, bucket and year), the days left at the
edges of a range from StatusCount (a row per node, bucket and deadline). "Before today" is a
range like any other, so the figures still change at midnight without any write, and a
national page reads a few rows per province and year instead of one per deadline.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import and_, case, func, or_, select, true

from tracker.extensions import db
from tracker.status.models import StatusCount, StatusYearCount

# A range of deadlines [start, end); None leaves that side open.
Range = tuple[date | None, date | None]
OPEN = ("open_not_started", "open_started")


def split(start: date | None, end: date | None):
    """The whole years inside [start, end) as (first, last) (None: open; no whole year:
    None), and the ranges of days left at its edges."""
    if start is not None and end is not None and start >= end:
        return None, []
    first = None if start is None else (start.year if (start.month, start.day) == (1, 1)
                                        else start.year + 1)
    last = None if end is None else end.year - 1
    if first is not None and last is not None and first > last:
        return None, [(start, end)]
    edges = []
    if start is not None and start < date(first, 1, 1):
        edges.append((start, date(first, 1, 1)))
    if end is not None and date(last + 1, 1, 1) < end:
        edges.append((date(last + 1, 1, 1), end))
    return (first, last), edges


def sums(node_ids, ranges: dict[str, tuple[Range, tuple[str, ...]]]) -> dict:
    """{(node_id, bucket): {range name: n}} for named ranges, each counting some buckets.
    At most two queries (whole years, edge days), whatever the data size."""
    node_ids = list(node_ids)
    result: dict = defaultdict(lambda: dict.fromkeys(ranges, 0))
    yearly, daily, edges = {}, {}, []
    for name, (bounds, buckets) in ranges.items():
        years, found = split(*bounds)
        if years is not None:
            first, last = years
            yearly[name] = and_(StatusYearCount.bucket.in_(buckets),
                                *([StatusYearCount.year >= first] if first is not None else []),
                                *([StatusYearCount.year <= last] if last is not None else []))
        if found:
            daily[name] = and_(StatusCount.bucket.in_(buckets),
                               or_(*(and_(StatusCount.deadline >= lo, StatusCount.deadline < hi)
                                     for lo, hi in found)))
            edges.extend((lo, hi, buckets) for lo, hi in found)
    if yearly:
        _collect(result, StatusYearCount, yearly, node_ids, true())
    if daily:
        # Within the envelope of the edges, so that the primary key (node, bucket,
        # deadline) is searched by range instead of read for every deadline of each node.
        envelope = and_(StatusCount.bucket.in_(sorted({b for *_, bs in edges for b in bs})),
                        StatusCount.deadline >= min(lo for lo, _, _ in edges),
                        StatusCount.deadline < max(hi for _, hi, _ in edges))
        _collect(result, StatusCount, daily, node_ids, envelope)
    return result


def _collect(result, model, conditions: dict, node_ids, envelope) -> None:
    names = list(conditions)
    stmt = (select(model.node_id, model.bucket,
                   *(func.sum(case((conditions[name], model.n), else_=0)) for name in names))
            .where(model.node_id.in_(node_ids), envelope)
            .group_by(model.node_id, model.bucket))
    for node_id, bucket, *values in db.session.execute(stmt):
        cell = result[(node_id, bucket)]
        for name, value in zip(names, values, strict=True):
            cell[name] += int(value or 0)
