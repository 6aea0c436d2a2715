"""A mobile number for text messages, proved with a code: texts go only to a verified number.

The number is validated and normalised with `phonenumbers` (Belgian numbers may be written without
+32); the code goes out through the SMS backend, is kept only as an HMAC, expires, and allows a few tries.
"""

import datetime
import secrets

import phonenumbers
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from genk_village.audit import audit

from .models import NotificationPreference, PhoneVerification
from .notifications import sms_backend
from .services import SupporterError

REGION = "BE"
CODE_LIFETIME = datetime.timedelta(minutes=15)
RESEND_AFTER = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 5
HMAC_SALT = "supporters.phone.code"


def normalise(number: str) -> str:
    """The number in E.164 (+32470123456); a SupporterError saying what is wrong otherwise."""
    try:
        parsed = phonenumbers.parse((number or "").strip(), REGION)
    except phonenumbers.NumberParseException:
        raise SupporterError(_("This is not a phone number.")) from None
    if not phonenumbers.is_valid_number(parsed):
        raise SupporterError(_("This phone number does not exist; check the digits."))
    if phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise SupporterError(_("Text messages need a mobile number."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _code_hash(verification: PhoneVerification, code: str) -> str:
    return salted_hmac(HMAC_SALT, f"{verification.user_id}:{verification.number}:{code}").hexdigest()


@transaction.atomic
def phone_code_send(*, user, number: str, actor, now: datetime.datetime | None = None) -> PhoneVerification:
    """Send a six-digit code to the number; a new number is unverified until its code is entered.
    At most one code a minute, so a mistyped form cannot flood someone's phone."""
    now = now or timezone.now()
    number = normalise(number)
    verification = PhoneVerification.objects.select_for_update().filter(user=user).first()
    if verification and verification.code_sent_at and now - verification.code_sent_at < RESEND_AFTER:
        raise SupporterError(_("A code was sent less than a minute ago; wait a moment before asking again."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    if verification is None:
        verification = PhoneVerification(user=user)
    if verification.number != number:
        verification.verified_at = None
    verification.number = number
    verification.code_hash = _code_hash(verification, code)
    verification.code_sent_at = now
    verification.attempts = 0
    verification.save()
    audit(actor=actor, action="supporters.phone.code_sent", target=verification, city_id=user.city_id)
    text = _("Your Genk Village code: %(code)s. It is valid for 15 minutes.") % {"code": code}
    transaction.on_commit(lambda: sms_backend().send(to=number, text=text))
    return verification


def phone_code_check(*, user, code: str, actor, now: datetime.datetime | None = None) -> PhoneVerification:
    """Verify the number with the code it received: right, in time, within five tries.

    A wrong code is counted in its own committed transaction before the refusal is raised, so that
    the refusal's rollback cannot give the try back."""
    now = now or timezone.now()
    with transaction.atomic():
        verification = PhoneVerification.objects.select_for_update().filter(user=user).first()
        if verification is None or not verification.code_hash:
            raise SupporterError(_("Ask for a code first."))
        if verification.attempts >= MAX_ATTEMPTS or now - verification.code_sent_at > CODE_LIFETIME:
            raise SupporterError(_("This code has expired; ask for a new one."))
        right = constant_time_compare(_code_hash(verification, (code or "").strip()), verification.code_hash)
        if right:
            verification.verified_at = now
            verification.code_hash = ""
            verification.save(update_fields=["verified_at", "code_hash", "updated_at"])
            audit(actor=actor, action="supporters.phone.verified", target=verification, city_id=user.city_id)
        else:
            PhoneVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
    if not right:
        raise SupporterError(_("This code is not right; check the text message."))
    return verification


@transaction.atomic
def phone_remove(*, user, actor) -> None:
    """Forget the number; text messages stop for every kind."""
    PhoneVerification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user, sms=True).update(sms=False)
    audit(actor=actor, action="supporters.phone.removed", target=user, city_id=user.city_id)
