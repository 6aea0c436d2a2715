"""Reads for the supporters' pages: who I am as a supporter, and the groups I belong to."""

from .models import Supporter


def supporter_for_user(user) -> Supporter | None:
    return Supporter.objects.visible_to(user).filter(user=user).select_related("city").first()


def groups_of(supporter: Supporter) -> list[Supporter]:
    """The groups I belong to, or my own group when I am one."""
    if supporter.kind == Supporter.Kind.GROUP:
        return [supporter]
    return list(Supporter.objects.filter(memberships__member=supporter).order_by("display_name"))
