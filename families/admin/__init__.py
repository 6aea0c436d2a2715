"""The coordinators' admin for families; importing the modules registers their model admins."""

from . import family, records

__all__ = ["family", "records"]
