"""The limits of what a coach posts, in one place: the coach's form and the API's input check the same."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.screening import no_bidi_controls

TITLE_MAX_LENGTH = 120  # the model's column, and what fits on a card of the board
DESCRIPTION_MAX_LENGTH = 2000
# Further ahead nobody can promise help, and a far date would keep a challenge on the board for years.
NEEDED_BY_HORIZON = datetime.timedelta(days=365)

TITLE_VALIDATORS = [no_bidi_controls]


def validate_needed_by(day: datetime.date) -> None:
    """Today or later, and within a year from today."""
    today = timezone.localdate()
    if day < today:
        raise ValidationError(_("Choose today or a later date."), code="past")
    if day > today + NEEDED_BY_HORIZON:
        raise ValidationError(_("Choose a date within a year from today."), code="too_far")
