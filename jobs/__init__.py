"""The scheduler process and its registry of periodic jobs."""
