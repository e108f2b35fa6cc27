"""Cross-cutting helpers: time, text, permissions, errors, database types."""
