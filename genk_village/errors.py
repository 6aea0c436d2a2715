"""The base of every app's one error class: a translated message meant for the person who acted."""


class ServiceError(Exception):
    """A rule refused a write; `str(error)` is a sentence the user can read. `status` is for the API."""

    status = 400

    def __init__(self, message, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)
