"""Errors raised by operations, mapped to 4xx answers by the views."""


class DomainError(Exception):
    """A rule was broken; `errors` maps a field name to a Vietnamese message naming it."""

    status = 422

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        super().__init__("; ".join(errors.values()))

    @property
    def message(self) -> str:
        return " ".join(self.errors.values())


class ValidationError(DomainError):
    status = 422


class ConflictError(DomainError):
    """Someone else saved first (version mismatch) or the object changed state."""

    status = 409


class PermissionDenied(DomainError):
    status = 403
