"""The coordinators' admin for families; importing the modules registers their model admins."""

from genk_village.admin_site import place

from ..models import (
    Child,
    ConsentRecord,
    DeprivationCheck,
    Family,
    Goal,
    Guardian,
    KindEnGezinAssessment,
    Offer,
)
from . import family, records

__all__ = ["family", "records"]

place("intake", Family, Child, Guardian, ConsentRecord, DeprivationCheck, KindEnGezinAssessment, Goal)
# What a family gives back is answered by supporters, on the offers board (its admin is the challenges').
place("community", Offer)
