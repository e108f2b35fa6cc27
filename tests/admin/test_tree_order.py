"""The body tree's order (bodies/queries._tree_order): parents first, siblings by name then
id, subtrees together; the same as sorting by the whole path of (name, id), which it
replaced because that was too slow for the country's tree."""
import random
from types import SimpleNamespace

from tracker.bodies.queries import _tree_order


def _tree(seed: int, size: int = 300) -> list:
    rng = random.Random(seed)
    rows = [SimpleNamespace(id=1, parent_id=None, path="/1/", search_key=" ban ")]
    for i in range(2, size + 1):
        parent = rng.choice(rows)
        name = rng.choice([" so 1 ", " so 10 ", " so 2 ", " xa a ", " xa a b "])  # twins too
        rows.append(SimpleNamespace(id=i, parent_id=parent.id, path=f"{parent.path}{i}/",
                                    search_key=name))
    rng.shuffle(rows)
    return rows


def _by_whole_path(rows) -> list:
    keys = {row.id: row.search_key for row in rows}
    return sorted(rows, key=lambda row: [(keys.get(int(i), ""), int(i))
                                         for i in row.path[1:-1].split("/")])


def test_the_order_is_that_of_the_whole_path_of_names():
    for seed in range(20):
        rows = _tree(seed)
        assert [r.id for r in _tree_order(rows)] == [r.id for r in _by_whole_path(rows)]


def test_a_body_whose_parent_is_left_out_goes_under_its_nearest_ancestor():
    rows = _tree(7)
    subtree_root = next(r for r in rows if r.path.count("/") == 3)  # a child of the root
    kept = [r for r in rows if r.path.startswith(subtree_root.path) and r.id != subtree_root.id
            or r.id == 1]
    ordered = [r.id for r in _tree_order(kept)]
    assert ordered[0] == 1 and sorted(ordered) == sorted(r.id for r in kept)
    # Every body still comes after each of its ancestors that is in the list.
    position = {i: n for n, i in enumerate(ordered)}
    for row in kept:
        for ancestor in row.path[1:-1].split("/")[:-1]:
            if int(ancestor) in position:
                assert position[int(ancestor)] < position[row.id]
