"""Keyset pagination and capped counts, for lists that may hold a million rows.

A page is the rows after (or before) the row a cursor names, in an order that ends with a
unique column: the database walks an index from there and stops after one page, however
deep the page. An OFFSET would walk every row before it, and an exact count every row of
the list; instead the count stops at COUNT_CAP + 1 rows and the page says "hơn 10.000"
(a search by words, SEARCH_COUNT_CAP: "hơn 1.000").
"""
import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import Select, func, select, tuple_, union_all

from tracker.extensions import db

COUNT_CAP = 10_000
# A search by words is counted up to this many rows: a common word ("1", in the names of
# 1,479 bodies) matches rows everywhere, and counting 10,001 of them was the slowest part
# of the slowest list (8-11 ms of a 30-37 ms page at national scale). Who searches wants
# the first rows and to know that there are many, not how many beyond a thousand.
SEARCH_COUNT_CAP = 1_000


def count_cap() -> int:
    """The cap of counts: COUNT_CAP, unless the app's config says otherwise (tests)."""
    from flask import current_app
    return current_app.config.get("LIST_COUNT_CAP", COUNT_CAP)


def search_count_cap() -> int:
    """The cap of a search's count: SEARCH_COUNT_CAP (the config's, in tests), never above
    count_cap()."""
    from flask import current_app
    return min(count_cap(), current_app.config.get("SEARCH_COUNT_CAP", SEARCH_COUNT_CAP))


def capped(found: int, cap: int | None = None) -> tuple[int, bool]:
    """A count as the lists show it: (found, True) up to the cap, else (cap, False)."""
    cap = count_cap() if cap is None else cap
    return (found, True) if found <= cap else (cap, False)


class BadCursor(ValueError):
    """A cursor that this list did not make (edited by hand, or from another sort)."""


@dataclass(frozen=True)
class Order:
    """The sort of a list: SQL columns (the last one unique), one direction for all of them,
    so that a row value comparison `(a, b, id) > (:a, :b, :id)` follows an index on
    (a, b, id); and `key(row)`, the same values read from a loaded row."""

    columns: tuple
    key: Callable[[Any], tuple]
    descending: bool = False
    name: str = ""  # written into cursors: a cursor of another sort is refused

    def order_by(self, reverse: bool = False):
        down = self.descending != reverse
        return [c.desc() if down else c.asc() for c in self.columns]

    def after(self, values: tuple, reverse: bool = False):
        """SQL: the row lies after `values` in this order (before, when `reverse`)."""
        down = self.descending != reverse
        row, bound = tuple_(*self.columns), tuple_(*values)
        return row < bound if down else row > bound


def _plain(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, bool):
        return int(value)
    return value


def _typed(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, text), = value.items()
        if tag == "t":
            return datetime.fromisoformat(text)
        if tag == "d":
            return date.fromisoformat(text)
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    raise BadCursor(value)


def encode_cursor(order: Order, row) -> str:
    raw = json.dumps([order.name, [_plain(v) for v in order.key(row)]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(order: Order, cursor: str) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, values = json.loads(raw)
        values = tuple(_typed(v) for v in values)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise BadCursor(cursor) from error
    if name != order.name or len(values) != len(order.columns):
        raise BadCursor(cursor)
    return values


@dataclass
class KeysetPage:
    """One page of a list: its rows, cursors to the pages beside it (None at either end),
    and the count of the whole list up to COUNT_CAP (`total_exact` False above it)."""

    items: list
    per_page: int
    total: int
    total_exact: bool  # False: more than `total` rows (the cap)
    next_cursor: str | None = None
    prev_cursor: str | None = None
    first: bool = True  # the first page (no cursor given)


def fetch(stmt: Select) -> list:
    """The rows of `stmt`: its objects (each once) when it selects an entity first, else
    plain rows (a list's columns, no objects: cheaper to read and to show)."""
    if isinstance(stmt.column_descriptions[0]["type"], type):
        return list(db.session.scalars(stmt).unique())
    return list(db.session.execute(stmt))


def capped_count(stmt: Select, cap: int | None = None) -> tuple[int, bool]:
    """Rows of `stmt`, counted up to `cap`: (count, exact). Above the cap the database stops
    after cap + 1 rows and the answer is (cap, False). Ordering and eager loads are dropped:
    the count needs only the joins and conditions."""
    cap = count_cap() if cap is None else cap
    rows = stmt.order_by(None).with_only_columns(*_first_key(stmt)).limit(cap + 1).subquery()
    found = db.session.scalar(select(func.count()).select_from(rows))
    return capped(found, cap)


def _ids_after(stmt: Select, order: Order, values: tuple, reverse: bool, limit: int):
    """SQL: the key is one of the first `limit` rows of `stmt` after `values`, found as
    SQLite can seek them. SQLite (3.40) reads a row value comparison on expressions, such
    as (done rank, deadline, id) > (...), by scanning the index from its start: 60–90 ms
    deep in a million rows. The rows after are instead disjoint ranges, each an equality on
    a prefix of the columns and a bound on the next one, (a = :a, b = :b, id > :id),
    (a = :a, b > :b), (a > :a), which SQLite seeks; their first keys are read first."""
    key = _first_key(stmt)[0]
    down = order.descending != reverse
    ranges = []
    for n in range(len(order.columns)):
        column, value = order.columns[n], values[n]
        equal = [c == v for c, v in zip(order.columns[:n], values[:n], strict=True)]
        # Ordered by the columns after the prefix: SQLite sorts rather than see that an
        # order by a column held equal is still the index's.
        ranges.append(stmt.order_by(None).with_only_columns(key).where(
            *equal, column < value if down else column > value)
            .order_by(*order.order_by(reverse)[n:]).limit(limit).subquery())
    ids = db.session.scalars(union_all(*(select(r.c[0]) for r in ranges))).all()
    return key.in_(ids)


def _first_key(stmt: Select):
    """One cheap column of the select's first entity (its primary key)."""
    entity = stmt.column_descriptions[0]["entity"]
    return [entity.__mapper__.primary_key[0]] if entity is not None else [stmt.selected_columns[0]]


def keyset_page(stmt: Select, order: Order, per_page: int, *, after: str | None = None,
                before: str | None = None, count=None) -> KeysetPage:
    """The page of `stmt` after the cursor `after`, or before `before`, or the first one.
    One query for the rows (one more row than the page tells whether another page
    follows) and a capped count: `count()` if given (a cheaper form of the same count),
    else capped_count(stmt). Raises BadCursor for a cursor of another list."""
    reverse = before is not None
    cursor = before if reverse else after
    page_stmt = stmt.order_by(None).order_by(*order.order_by(reverse))
    if cursor:
        values = decode_cursor(order, cursor)
        if db.session.get_bind().dialect.name == "sqlite":
            page_stmt = page_stmt.where(_ids_after(stmt, order, values, reverse, per_page + 1))
        else:
            page_stmt = page_stmt.where(order.after(values, reverse))
    rows = fetch(page_stmt.limit(per_page + 1))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if reverse:
        rows.reverse()
    total, exact = count() if count else capped_count(stmt)
    page = KeysetPage(rows, per_page, total, exact, first=not cursor)
    if rows:
        # Forwards: a next page when one more row was found; a previous one when we came
        # from one. Backwards the other way round.
        has_next, has_prev = (True, more) if reverse else (more, bool(cursor))
        page.next_cursor = encode_cursor(order, rows[-1]) if has_next else None
        page.prev_cursor = encode_cursor(order, rows[0]) if has_prev else None
    # Past either end (the rows changed since): no cursors; the page links to the first.
    return page
