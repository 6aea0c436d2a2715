"""The coach's notifications page: the supporters' page (`supporters.views.notifications_page`) in the
coach's frame, for the reminders a coach receives."""

from genk_village.permissions import role_required
from supporters.forms import COACH_KINDS
from supporters.views import notifications_page


@role_required("coach")
def notifications(request):
    """My reminders in the app, and how I want to get them (or stop them)."""
    return notifications_page(
        request, kinds=COACH_KINDS, template="coaches/notifications.html", here="coaches:notifications"
    )
