"""Signals of the chain, so that other features (the figure templates) react to a forward
without the forward operation knowing them."""
from blinker import Namespace

_signals = Namespace()

# Sent by `forward_assignment` after the sub-task and its assignments are flushed, inside the
# same transaction: sender = the parent assignment; keyword arguments sub_task, assignments
# (the new ones), actor, now. A receiver that raises refuses the forward (nothing written).
assignment_forwarded = _signals.signal("assignment-forwarded")
