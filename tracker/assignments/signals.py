"""Signals of the report workflow, so that other features (the event mails) react to a
submission or a decision without the assignment operations knowing them."""
from blinker import Namespace

_signals = Namespace()

# Sent by submit_report, accept_report, return_report and decide_extension after the change
# and its history entry are flushed, inside the same transaction: sender = the assignment;
# keyword arguments kind ("submitted", "accepted", "returned", "extension_granted",
# "extension_refused"), entry (the history entry), note (the report note, the reason or
# the comment), request (the extension request, or None), actor, now. A receiver that
# raises refuses the change (nothing written).
report_event = _signals.signal("report-event")
