"""The coach home's "Contact moments" section, one inclusion tag so that the home view stays as it is."""

from django import template
from django.utils import timezone

from ..models import HealthCheckIn
from ..support import MISSED, behind, health_of, match_moments, next_moment

register = template.Library()


@register.inclusion_tag("coaches/_support.html")
def support_section(match):
    """The next contact moment of the match (met already, or due), the last one if it was missed, the
    count of missed moments, and the coach's next health check-in."""
    today = timezone.localdate()
    moments = match_moments(match, today=today)
    health = health_of(match, today=today)
    return {
        "next": next_moment(moments, today),
        "behind": behind(moments, today),
        "missed": sum(1 for moment in moments if moment.status(today) == MISSED),
        "check_in_due_on": health.due_on.get(HealthCheckIn.Respondent.COACH),
        "check_in_missing": HealthCheckIn.Respondent.COACH in health.missing,
        "today": today,
    }
