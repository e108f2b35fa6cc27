"""The JSON API under /api/v1: personal tokens, request validation, problem details and the
OpenAPI document, all from one registry of routes (registry.py)."""
