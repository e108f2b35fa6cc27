"""Admin tests."""
