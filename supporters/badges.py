"""The badges a supporter can earn: code → (name, description), translated when shown.

Their rules read the ledger (challenges.selectors.badges_due). A Badge row keeps the name it was
created with for exports; pages show the translation of its code, so a badge reads in the reader's
language whatever language was active when it was first awarded."""

from django.utils.translation import gettext_lazy as _

BADGES = {
    "first-help": (_("First help"), _("Your first challenge is done.")),
    "five-helps": (_("Five helps"), _("Five challenges done.")),
    "fast-helper": (_("Fast helper"), _("A challenge claimed within a day and done.")),
    "group-ten": (_("Team of ten"), _("Your group has done ten challenges together.")),
}
