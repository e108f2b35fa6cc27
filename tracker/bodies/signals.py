"""Signals of the body tree, so that other features (the status histogram) follow a move
without the tree knowing them."""
from blinker import Namespace

_signals = Namespace()

# Sent by `move_body` before the subtree's paths are rewritten, inside the same
# transaction: sender = the body; keyword arguments session, old_parent_path,
# new_parent_path. A receiver that raises refuses the move (nothing written).
body_moved = _signals.signal("body-moved")
