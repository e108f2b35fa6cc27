"""Assignments: one task given to one body, with its progress, reports and figures."""
