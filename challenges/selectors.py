"""Reads about challenges and points that span models."""

from django.db.models import Sum

from supporters.models import Supporter

from .models import PointsEntry


def points_balance(supporter: Supporter) -> int:
    """A balance is the sum of the append-only ledger; it is never stored, so it cannot drift."""
    return PointsEntry.objects.filter(supporter=supporter).aggregate(total=Sum("points"))["total"] or 0


def points_entries(supporter: Supporter):
    return PointsEntry.objects.filter(supporter=supporter).order_by("-created_at", "-id")
