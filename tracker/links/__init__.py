"""Secret links: a body without an account reports on one assignment from its reminder mail."""
