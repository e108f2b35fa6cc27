"""A page of ids ordered in Python (the body tree in admin): the same numbers and page
links as a Flask-SQLAlchemy page, only the page's rows loaded, a page past the end shows
the last one."""
from tracker.core.web import paginate_ids


def test_a_page_of_ids(app):
    loaded = []

    def load(ids):
        loaded.append(ids)
        return [f"row {i}" for i in ids]

    ids = list(range(100, 147))  # 47 rows, 10 a page
    with app.test_request_context("/?page=3"):
        page = paginate_ids(ids, load, per_page=10)
    assert (page.page, page.pages, page.total) == (3, 5, 47)
    assert page.items == [f"row {i}" for i in range(120, 130)] and loaded == [ids[20:30]]
    assert list(page.iter_pages()) == [1, 2, 3, 4, 5]
    with app.test_request_context("/?page=99"):
        last = paginate_ids(ids, load, per_page=10)
    assert last.page == 5 and last.items == [f"row {i}" for i in range(140, 147)]
    with app.test_request_context("/"):
        empty = paginate_ids([], load, per_page=10)
    assert (empty.page, empty.pages, empty.items, list(empty.iter_pages())) == (1, 0, [], [])
