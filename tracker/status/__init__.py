"""Status and oversight: completion per province, body and directive; overdue review."""
