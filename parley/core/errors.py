"""Domain errors. Views and the API turn them into clear messages and status codes."""


class ParleyError(Exception):
    """A rule of the domain refused the request; the message is safe to show the user."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ParleyError):
    status = 404


class Forbidden(ParleyError):
    status = 403


class ValidationFailed(ParleyError):
    status = 422


class Conflict(ParleyError):
    """The same request is already in progress (e.g. an Idempotency-Key being used)."""

    status = 409


class RateLimited(ParleyError):
    status = 429
