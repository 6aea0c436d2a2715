"""The coaches' one error class: every refusal of a coaches service is a CoachError."""

from genk_village.errors import ServiceError


class CoachError(ServiceError):
    pass
