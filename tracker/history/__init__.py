"""The append-only history of every change a user makes."""
