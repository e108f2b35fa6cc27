"""Follow-up tasks derived from a directive."""
