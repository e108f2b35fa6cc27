"""The body tree's order: parents first, siblings by name (their search keys) then id,
subtrees together. It is stored (Body.tree_key) and kept by every write of the tree; here
it is checked against the order computed from the parents and search keys (`_tree_order`,
what the admin tree used before the key: the same as sorting by the whole path of
(name, id)), on random trees with twin names, after each kind of change."""
import random
from collections import defaultdict
from operator import attrgetter
from types import SimpleNamespace

from sqlalchemy import select

from tests.conftest import NOW
from tracker.bodies.importer import SourceRow, import_bodies
from tracker.bodies.models import NAME_IN_KEY, Body, key_segment
from tracker.bodies.operations import (
    create_body,
    fill_tree_keys,
    merge_body,
    move_body,
    update_body,
)
from tracker.bodies.queries import bodies_in_tree_order, body_tree, tree_order
from tracker.extensions import db

# Twins (the same name under one parent), names that begin others ("Sở 1", "Sở 10"),
# words that begin others ("Xã A", "Xã A B"), diacritics that fold alike, a short name.
NAMES = [("Sở 1", ""), ("Sở 10", ""), ("Sở 2", ""), ("Xã A", ""), ("Xã A B", ""),
         ("Xã Ả", ""), ("Sở 1", "S1"), ("Đoàn", ""), ("Doan 2", "")]


def _tree_order(rows) -> list:
    """The order computed from rows with id, parent_id, path and search_key: siblings
    grouped under their parent (their nearest ancestor among the rows), sorted by search
    key then id, each followed by its subtree."""
    rows = list(rows)
    present = {row.id for row in rows}
    children: dict[int | None, list] = defaultdict(list)
    for row in rows:
        parent = row.parent_id
        if parent not in present:
            above = [int(i) for i in row.path[1:-1].split("/")[:-1]]
            parent = next((i for i in reversed(above) if i in present), None)
        children[parent].append(row)
    for siblings in children.values():
        siblings.sort(key=attrgetter("search_key", "id"))
    ordered, stack = [], children[None][::-1]
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    return ordered


def _random_rows(seed: int, size: int = 300) -> list:
    rng = random.Random(seed)
    rows = [SimpleNamespace(id=1, parent_id=None, path="/1/", search_key=" ban ")]
    for i in range(2, size + 1):
        parent = rng.choice(rows)
        name = rng.choice([" so 1 ", " so 10 ", " so 2 ", " xa a ", " xa a b "])
        rows.append(SimpleNamespace(id=i, parent_id=parent.id, path=f"{parent.path}{i}/",
                                    search_key=name))
    rng.shuffle(rows)
    return rows


def _by_whole_path(rows) -> list:
    keys = {row.id: row.search_key for row in rows}
    return sorted(rows, key=lambda row: [(keys.get(int(i), ""), int(i))
                                         for i in row.path[1:-1].split("/")])


def test_the_computed_order_is_that_of_the_whole_path_of_names():
    for seed in range(20):
        rows = _random_rows(seed)
        assert [r.id for r in _tree_order(rows)] == [r.id for r in _by_whole_path(rows)]


def test_keys_compare_as_the_whole_path_of_names():
    """The keys alone, sorted as Python compares text (code points: the bytes of UTF-8,
    as SQLite and PostgreSQL's ~<~ compare them), give the computed order."""
    for seed in range(20):
        rows = _random_rows(seed)
        by_id = {row.id: row for row in rows}
        keys = {row.id: "".join(key_segment(by_id[int(i)].search_key, int(i))
                                for i in row.path[1:-1].split("/")) for row in rows}
        assert sorted(keys, key=keys.get) == [r.id for r in _tree_order(rows)]


def test_a_name_is_kept_up_to_its_limit():
    long = " " + "x " * NAME_IN_KEY
    assert key_segment(long + "a ", 7) == key_segment(long + "b ", 7)
    assert key_segment(" so 1 ", 7) < key_segment(" so 1 a ", 3) < key_segment(" so 10 ", 2)
    assert key_segment(" so 1 ", 7) < key_segment(" so 1 ", 8)


# ---- the stored order, after every kind of change ---------------------------------------

def _stored(actor_body: Body, *, active_only: bool = False) -> list[int]:
    actor = SimpleNamespace(body=actor_body)
    return [b.id for b in db.session.scalars(
        bodies_in_tree_order(actor, active_only=active_only))]


def _computed(actor_body: Body) -> list[int]:
    rows = db.session.execute(select(Body.id, Body.parent_id, Body.path, Body.search_key)
                              .where(Body.path.startswith(actor_body.path))).all()
    return [r.id for r in _tree_order(rows)]


def _assert_same_order(rng: random.Random, root_id: int, what: str):
    db.session.expire_all()
    root = db.session.get(Body, root_id)
    everything = _stored(root)
    assert everything == _computed(root), what
    assert len(everything) == len(db.session.scalars(select(Body.id)).all())
    # A subtree's page reads the range of its keys: the same bodies as its paths.
    for node_id in rng.sample(everything, 5):
        node = db.session.get(Body, node_id)
        assert _stored(node) == _computed(node), what
    # Every key is the one computed again from the parents and search keys.
    keys = dict(db.session.execute(select(Body.id, Body.tree_key)).all())
    fill_tree_keys(db.session)
    db.session.expire_all()
    assert dict(db.session.execute(select(Body.id, Body.tree_key)).all()) == keys, what


def _data(rng: random.Random) -> dict:
    name, short = rng.choice(NAMES)
    return {"name": name, "short_name": short, "kind": "so_nganh", "level": "tinh"}


def _active(rng: random.Random, *, outside: Body | None = None) -> Body:
    bodies = db.session.scalars(select(Body).where(Body.active.is_(True))
                                .order_by(Body.id)).all()
    if outside is not None:
        bodies = [b for b in bodies if not b.path.startswith(outside.path)]
    return rng.choice(bodies)


def test_the_stored_order_follows_every_change(app):
    for seed in range(3):
        rng = random.Random(seed)
        db.session.execute(Body.__table__.delete())
        root = create_body({"name": "Ban Dân vận", "kind": "ban_dan_van",
                            "level": "trung_uong"}, parent=None, actor=None, now=NOW)
        for _ in range(60):  # create
            create_body(_data(rng), parent=_active(rng), actor=None, now=NOW)
        db.session.commit()
        _assert_same_order(rng, root.id, "created")
        for _ in range(15):  # rename (a new place among the siblings, with the subtree)
            body = _active(rng)
            update_body(body, _data(rng), actor=None, now=NOW)
        db.session.commit()
        _assert_same_order(rng, root.id, "renamed")
        # Move a subtree; merge (an inactive child of its successor, with its subtree).
        for change, times, label in ((move_body, 15, "moved"), (merge_body, 8, "merged")):
            for _ in range(times):
                body = db.session.get(Body, _active(rng).id)
                if body.parent_id is None:
                    continue
                change(body, _active(rng, outside=body), actor=None, now=NOW)
            db.session.commit()
            _assert_same_order(rng, root.id, label)
        parent = _active(rng)
        rows = []
        for number in range(2, 14):  # import: under the chosen body or an earlier row
            name, short = rng.choice(NAMES)
            above = [r for r in rows if rng.random() < 0.5]
            rows.append(SourceRow(number, {
                "name": f"{name} {number}", "short_name": short, "kind": "so_nganh",
                "level": "tinh", "parent": above[-1].values["name"] if above else ""}))
        import_bodies(rows, root=parent, actor=None, now=NOW)
        db.session.commit()
        _assert_same_order(rng, root.id, "imported")


def test_bodies_of_a_merged_body_stay_under_it_in_the_active_tree(app, make_body):
    root = make_body("Ban Dân vận Trung ương", kind="ban_dan_van", level="trung_uong")
    a = make_body("Tỉnh A", parent=root)
    z = make_body("Tỉnh Z", parent=root)
    m = make_body("Huyện M", parent=z, level="huyen")
    make_body("Xã 1", parent=m, level="xa")
    b = make_body("Huyện B", parent=a, level="huyen")
    merge_body(z, a, actor=None, now=NOW)  # Z, with M and Xã 1, becomes A's inactive child
    db.session.commit()
    names = [body.name for body in body_tree(SimpleNamespace(body=root))]
    # Under A: B, then where Z stands (inactive, left out) its own bodies.
    assert names == ["Ban Dân vận Trung ương", "Tỉnh A", "Huyện B", "Huyện M", "Xã 1"]
    assert b.id in _stored(root, active_only=True)


def test_the_order_term_reads_the_keys_byte_by_byte(app, make_body):
    """Siblings as their search keys compare in Python (code points): a name before the
    names it begins, a space before a digit, a digit before a letter."""
    root = make_body("Ban", kind="ban_dan_van", level="trung_uong")
    for name in ("AB", "A B", "A0", "A", "B", "A", "Ă 1"):
        make_body(name, parent=root)
    rows = db.session.execute(select(Body.search_key, Body.id).where(Body.parent_id == root.id)
                              .order_by(tree_order())).all()
    assert [tuple(r) for r in rows] == sorted(tuple(r) for r in rows)
    assert [r[0] for r in rows] == [" a ", " a ", " a 1 ", " a b ", " a0 ", " ab ", " b "]
