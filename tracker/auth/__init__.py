"""Users, login, roles."""
