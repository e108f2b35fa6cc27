"""Benchmarks: scripts that print figures. Never run by the test suite."""
